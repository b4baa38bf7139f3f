import { strict as assert } from "node:assert";
import { checkGuards, DEFAULT_GUARDS } from "../../provider/src/program/guards.js";
import {
  describePlan,
  managedUsersOutput,
  parseManagedUsersOutput,
  planRun,
  type ManagedUserRecord,
} from "../../provider/src/program/plan.js";
import type { ApiRole, Roster, RosterUser } from "../../provider/src/roster/model.js";

const at = { file: "roster.yaml", line: 1, column: 1 };

function user(email: string, extra: Partial<RosterUser> = {}): RosterUser {
  return {
    email,
    key: email.toLowerCase(),
    firstName: "A",
    lastName: "B",
    role: "BUSINESS_USER" as ApiRole,
    active: true,
    protect: false,
    retainOnDelete: false,
    source: at,
    ...extra,
  };
}

function roster(users: RosterUser[]): Roster {
  return { files: ["roster.yaml"], departments: [], locations: [], users };
}

const admin = (email: string, extra: Partial<RosterUser> = {}) => user(email, { role: "BUSINESS_ADMIN", ...extra });

describe("planRun", () => {
  it("on a first run adds everyone and deactivates no one", () => {
    const plan = planRun(roster([admin("boss@x.com"), user("a@x.com")]), undefined);
    assert.deepEqual(plan.additions, ["a@x.com", "boss@x.com"]);
    assert.deepEqual(plan.deactivations, []);
    assert.deepEqual(plan.activeAdmins, ["boss@x.com"]);
  });

  it("counts removed users and users marked inactive as deactivations, but not retained or already inactive ones", () => {
    const previous: ManagedUserRecord[] = [
      { email: "boss@x.com", active: true },
      { email: "gone@x.com", active: true },
      { email: "kept-in-ramp@x.com", active: true, retainOnDelete: true },
      { email: "was-inactive@x.com", active: false },
      { email: "leaving@x.com", active: true },
      { email: "back@x.com", active: false },
    ];
    const plan = planRun(
      roster([admin("Boss@x.com"), user("leaving@x.com", { active: false }), user("back@x.com"), user("new@x.com")]),
      previous,
    );
    assert.deepEqual(plan.deactivations, [
      { email: "gone@x.com", reason: "removed from the roster" },
      { email: "leaving@x.com", reason: "marked active: false" },
    ]);
    assert.deepEqual(plan.released, ["kept-in-ramp@x.com"]);
    assert.deepEqual(plan.reactivations, ["back@x.com"]);
    assert.deepEqual(plan.additions, ["new@x.com"]);
  });

  it("records each user for the next run as one line, and reads the record back", () => {
    const r = roster([user("Zed@x.com", { active: false }), admin("amy@x.com", { retainOnDelete: true })]);
    const output = managedUsersOutput(r);
    assert.deepEqual(output, { "amy@x.com": "active, retainOnDelete", "zed@x.com": "inactive" });
    assert.deepEqual(Object.keys(output), ["amy@x.com", "zed@x.com"]);
    assert.deepEqual(parseManagedUsersOutput(output), [
      { email: "amy@x.com", active: true, retainOnDelete: true },
      { email: "zed@x.com", active: false },
    ]);
  });

  it("refuses to guess from a previous record of another shape", () => {
    assert.equal(parseManagedUsersOutput([{ email: "a@x.com", active: true }]), undefined);
    assert.equal(parseManagedUsersOutput({ "a@x.com": "maybe" }), undefined);
    assert.equal(parseManagedUsersOutput({ "a@x.com": 1 }), undefined);
  });

  it("describes the plan in one line", () => {
    const plan = planRun(roster([admin("boss@x.com"), user("a@x.com")]), [{ email: "gone@x.com", active: true }]);
    assert.equal(describePlan(plan), "roster plan: 2 new, 1 to deactivate, 0 to reactivate, 1 active admins");
  });

  describe("an email change (formerEmails)", () => {
    it("is a replacement: the old account counts as a deactivation, and the new email is no addition", () => {
      const plan = planRun(roster([admin("boss@x.com"), user("New@x.com", { formerEmails: ["old@x.com"] })]), [
        { email: "boss@x.com", active: true },
        { email: "Old@x.com", active: true },
      ]);
      assert.deepEqual(plan.emailChanges, [{ from: "old@x.com", to: "new@x.com" }]);
      assert.deepEqual(plan.deactivations, [{ email: "old@x.com", reason: "email changed to new@x.com" }]);
      assert.deepEqual(plan.additions, []);
      assert.equal(describePlan(plan), "roster plan: 0 new, 1 replaced (new email), 1 to deactivate, 0 to reactivate, 1 active admins");
    });

    it("deactivates no one for an inactive record, and releases a retained one", () => {
      const plan = planRun(
        roster([user("a.new@x.com", { formerEmails: ["a@x.com"] }), user("b.new@x.com", { formerEmails: ["b@x.com"], active: false })]),
        [
          { email: "a@x.com", active: false },
          { email: "b@x.com", active: true, retainOnDelete: true },
        ],
      );
      assert.deepEqual(plan.emailChanges, [
        { from: "a@x.com", to: "a.new@x.com" },
        { from: "b@x.com", to: "b.new@x.com" },
      ]);
      assert.deepEqual(plan.deactivations, []);
      assert.deepEqual(plan.released, ["b@x.com"]);
      assert.deepEqual(plan.additions, []);
    });

    it("is only what the stack managed: an unknown former email is an addition, a known new email keeps its own record", () => {
      const plan = planRun(
        roster([
          user("fresh@x.com", { formerEmails: ["never-managed@x.com"] }),
          user("both@x.com", { formerEmails: ["both-old@x.com"] }),
          // as the engine resolves aliases: the first former email it knows carries over, another is removed
          user("multi@x.com", { formerEmails: ["m1@x.com", "m2@x.com"] }),
        ]),
        [
          { email: "both@x.com", active: true },
          { email: "both-old@x.com", active: true },
          { email: "m2@x.com", active: true },
          { email: "m1@x.com", active: true },
        ],
      );
      assert.deepEqual(plan.additions, ["fresh@x.com"]);
      assert.deepEqual(plan.emailChanges, [{ from: "m1@x.com", to: "multi@x.com" }]);
      assert.deepEqual(plan.deactivations, [
        { email: "both-old@x.com", reason: "removed from the roster" },
        { email: "m1@x.com", reason: "email changed to multi@x.com" },
        { email: "m2@x.com", reason: "removed from the roster" },
      ]);
    });
  });
});

describe("checkGuards", () => {
  const previous = (n: number): ManagedUserRecord[] => [
    { email: "boss@x.com", active: true },
    ...Array.from({ length: n }, (_, i) => ({ email: `u${i}@x.com`, active: true })),
  ];

  it("passes a run within the deactivation limit", () => {
    const plan = planRun(roster([admin("boss@x.com")]), previous(3));
    assert.deepEqual(checkGuards(plan, DEFAULT_GUARDS).violations, []);
  });

  it("refuses more deactivations than ramp:maxDeactivations, naming every user and the override", () => {
    const plan = planRun(roster([admin("boss@x.com")]), previous(4));
    const { violations } = checkGuards(plan, DEFAULT_GUARDS);
    assert.equal(violations.length, 1);
    const message = violations[0]!;
    assert.match(message, /would deactivate 4 users, more than ramp:maxDeactivations \(3\)/);
    for (let i = 0; i < 4; i++) assert.match(message, new RegExp(`u${i}@x\\.com \\(removed from the roster\\)`));
    assert.match(message, /RAMP_CONFIRM_DEACTIVATIONS=u0@x\.com,u1@x\.com,u2@x\.com,u3@x\.com pulumi up/);
  });

  it("lets exactly the confirmed set through, and only that set", () => {
    const plan = planRun(roster([admin("boss@x.com")]), previous(4));
    const confirmed = ["U3@x.com", "u2@x.com", "u1@x.com", "u0@x.com"];
    assert.deepEqual(checkGuards(plan, { ...DEFAULT_GUARDS, confirmDeactivations: confirmed }).violations, []);
    const other = ["u0@x.com", "u1@x.com", "u2@x.com", "someone@x.com"];
    assert.equal(checkGuards(plan, { ...DEFAULT_GUARDS, confirmDeactivations: other }).violations.length, 1);
  });

  it("raising ramp:maxDeactivations allows the run", () => {
    const plan = planRun(roster([admin("boss@x.com")]), previous(4));
    assert.deepEqual(checkGuards(plan, { ...DEFAULT_GUARDS, maxDeactivations: 4 }).violations, []);
  });

  it("refuses a roster that leaves fewer than ramp:minAdmins active admins", () => {
    const plan = planRun(roster([admin("boss@x.com", { active: false }), user("a@x.com")]), previous(0));
    const { violations } = checkGuards(plan, DEFAULT_GUARDS);
    assert.equal(violations.length, 1);
    assert.match(violations[0]!, /leave 0 active admins \(BUSINESS_ADMIN\) in the roster, fewer than ramp:minAdmins \(1\); remaining: none/);
    assert.match(violations[0]!, /RAMP_CONFIRM_ADMINS=none pulumi up/);
  });

  it("lets a confirmed admin set through, and lowering ramp:minAdmins allows it too", () => {
    const plan = planRun(roster([admin("boss@x.com"), admin("second@x.com", { active: false })]), undefined);
    const settings = { ...DEFAULT_GUARDS, minAdmins: 2 };
    assert.equal(checkGuards(plan, settings).violations.length, 1);
    assert.deepEqual(checkGuards(plan, { ...settings, confirmAdmins: ["boss@x.com"] }).violations, []);
    assert.equal(checkGuards(plan, { ...settings, confirmAdmins: ["second@x.com"] }).violations.length, 1);
    assert.deepEqual(checkGuards(plan, { ...settings, minAdmins: 1 }).violations, []);
  });

  it("counts a company-wide email domain change against ramp:maxDeactivations, and lets the confirmed old emails through", () => {
    const emails = ["ann", "bob", "cat", "dan"];
    const plan = planRun(
      roster([admin("boss@x.com"), ...emails.map((name) => user(`${name}@new.com`, { formerEmails: [`${name}@old.com`] }))]),
      [{ email: "boss@x.com", active: true }, ...emails.map((name) => ({ email: `${name}@old.com`, active: true }))],
    );
    const { violations } = checkGuards(plan, DEFAULT_GUARDS);
    assert.equal(violations.length, 1);
    const message = violations[0]!;
    assert.match(message, /would deactivate 4 users, more than ramp:maxDeactivations \(3\)/);
    for (const name of emails) assert.match(message, new RegExp(`  - ${name}@old\\.com \\(email changed to ${name}@new\\.com\\)`));
    assert.match(message, /the old account is deactivated unless Ramp already has the new email \(changed in Ramp first\)/);
    assert.match(message, /RAMP_CONFIRM_DEACTIVATIONS=ann@old\.com,bob@old\.com,cat@old\.com,dan@old\.com pulumi up/);
    const confirmed = emails.map((name) => `${name}@old.com`);
    assert.deepEqual(checkGuards(plan, { ...DEFAULT_GUARDS, confirmDeactivations: confirmed }).violations, []);
  });

  it("says nothing of email changes when none is deactivated", () => {
    const plan = planRun(roster([admin("boss@x.com")]), previous(4));
    assert.doesNotMatch(checkGuards(plan, DEFAULT_GUARDS).violations[0]!, /email change/);
  });

  it("reports both guards at once, and notes a stale confirmation", () => {
    const plan = planRun(roster([user("a@x.com")]), previous(4));
    assert.equal(checkGuards(plan, DEFAULT_GUARDS).violations.length, 2);
    const quiet = planRun(roster([admin("boss@x.com")]), previous(0));
    const outcome = checkGuards(quiet, { ...DEFAULT_GUARDS, confirmDeactivations: ["x@x.com"] });
    assert.deepEqual(outcome.violations, []);
    assert.match(outcome.notices[0]!, /does not match/);
  });
});
