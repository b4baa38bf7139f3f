import { strict as assert } from "node:assert";
import { checkGuards, DEFAULT_GUARDS } from "../../packages/pulumi-ramp-roster/src/program/guards.js";
import {
  describePlan,
  liveRampOf,
  managedUsersOutput,
  planRun,
  type LivePerson,
  type RecordedUser,
} from "../../packages/pulumi-ramp-roster/src/program/plan.js";
import type { ApiRole, Roster, RosterUser } from "../../packages/pulumi-ramp-roster/src/roster/model.js";

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

/** A live Ramp user; the id is derived from the email, as `recorded` derives it. */
function person(email: string, extra: Partial<LivePerson> = {}): LivePerson {
  return {
    id: `id:${email.toLowerCase()}`,
    email,
    status: "USER_ACTIVE",
    role: "BUSINESS_USER",
    departmentId: null,
    locationId: null,
    employeeId: null,
    ...extra,
  };
}

/** State records with their Ramp ids, as the last checkpoint holds them. */
const recorded = (records: RecordedUser[]): RecordedUser[] => records.map((r) => ({ userId: `id:${r.email.toLowerCase()}`, ...r }));

/** Live Ramp as the records say it is (an active record is an active user), plus `others`. */
function liveAsRecorded(records: RecordedUser[], others: LivePerson[] = []) {
  return liveRampOf([...records.map((r) => person(r.email, { status: r.active ? "USER_ACTIVE" : "USER_INACTIVE", ...(r.role ? { role: r.role } : {}) })), ...others]);
}

/** The plan against a state of `records` and a live Ramp that matches it. */
function planFrom(r: Roster, records: RecordedUser[] = [], others: LivePerson[] = []) {
  return planRun(r, recorded(records), liveAsRecorded(records, others));
}

describe("planRun", () => {
  it("on a first run adds everyone and deactivates no one; an admin invited by the run does not count yet", () => {
    const plan = planFrom(roster([admin("boss@x.com"), user("a@x.com")]));
    assert.deepEqual(plan.additions, ["a@x.com", "boss@x.com"]);
    assert.deepEqual(plan.invitations, ["a@x.com", "boss@x.com"]);
    assert.deepEqual(plan.deactivations, []);
    assert.deepEqual(plan.activeAdmins, []);
    assert.deepEqual(plan.uncountedAdmins, [{ email: "boss@x.com", why: "not in Ramp yet (invited by this run)" }]);
  });

  it("counts removed users and users marked inactive as deactivations, but not retained or already inactive ones", () => {
    const previous: RecordedUser[] = [
      { email: "boss@x.com", active: true },
      { email: "gone@x.com", active: true },
      { email: "kept-in-ramp@x.com", active: true, retainOnDelete: true },
      { email: "was-inactive@x.com", active: false },
      { email: "leaving@x.com", active: true },
      { email: "back@x.com", active: false, rosterActive: false },
    ];
    const plan = planFrom(
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

  it("records each user as one line, for people and for a destroy's confirmation", () => {
    const r = roster([user("Zed@x.com", { active: false }), admin("amy@x.com", { retainOnDelete: true })]);
    const output = managedUsersOutput(r);
    assert.deepEqual(output, { "amy@x.com": "active, retainOnDelete", "zed@x.com": "inactive" });
    assert.deepEqual(Object.keys(output), ["amy@x.com", "zed@x.com"]);
  });

  it("describes the plan in one line", () => {
    const plan = planFrom(roster([admin("boss@x.com"), user("a@x.com")]), [{ email: "gone@x.com", active: true }], [
      person("boss@x.com", { role: "BUSINESS_ADMIN" }),
    ]);
    assert.equal(describePlan(plan), "roster plan: 2 new (1 to invite, 1 to adopt from Ramp), 1 to deactivate, 0 to reactivate, 1 active admins");
  });

  describe("an email change (formerEmails)", () => {
    it("is a replacement: the old account counts as a deactivation, and the new email is no addition", () => {
      const plan = planFrom(roster([admin("boss@x.com"), user("New@x.com", { formerEmails: ["old@x.com"] })]), [
        { email: "boss@x.com", active: true },
        { email: "Old@x.com", active: true },
      ]);
      assert.deepEqual(plan.emailChanges, [{ from: "old@x.com", to: "new@x.com", kept: false }]);
      assert.deepEqual(plan.deactivations, [{ email: "old@x.com", reason: "email changed to new@x.com" }]);
      assert.deepEqual(plan.additions, []);
      assert.equal(describePlan(plan), "roster plan: 0 new, 1 replaced (new email), 1 to deactivate, 0 to reactivate, 1 active admins");
    });

    it("deactivates no one for an inactive record, and releases a retained one", () => {
      const plan = planFrom(
        roster([user("a.new@x.com", { formerEmails: ["a@x.com"] }), user("b.new@x.com", { formerEmails: ["b@x.com"], active: false })]),
        [
          { email: "a@x.com", active: false },
          { email: "b@x.com", active: true, retainOnDelete: true },
        ],
      );
      assert.deepEqual(plan.emailChanges, [
        { from: "a@x.com", to: "a.new@x.com", kept: false },
        { from: "b@x.com", to: "b.new@x.com", kept: false },
      ]);
      assert.deepEqual(plan.deactivations, []);
      assert.deepEqual(plan.released, ["b@x.com"]);
      assert.deepEqual(plan.additions, []);
    });

    it("is only what the stack managed: an unknown former email is an addition, a known new email keeps its own record", () => {
      const plan = planFrom(
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
      assert.deepEqual(plan.emailChanges, [{ from: "m1@x.com", to: "multi@x.com", kept: false }]);
      assert.deepEqual(plan.deactivations, [
        { email: "both-old@x.com", reason: "removed from the roster" },
        { email: "m1@x.com", reason: "email changed to multi@x.com" },
        { email: "m2@x.com", reason: "removed from the roster" },
      ]);
    });
  });
});

describe("checkGuards", () => {
  const previous = (n: number): RecordedUser[] => [
    { email: "boss@x.com", active: true, role: "BUSINESS_ADMIN" },
    ...Array.from({ length: n }, (_, i) => ({ email: `u${i}@x.com`, active: true })),
  ];

  it("passes a run within the deactivation limit", () => {
    const plan = planFrom(roster([admin("boss@x.com")]), previous(3));
    assert.deepEqual(checkGuards(plan, DEFAULT_GUARDS).violations, []);
  });

  it("refuses more deactivations than ramp:maxDeactivations, naming every user and the override", () => {
    const plan = planFrom(roster([admin("boss@x.com")]), previous(4));
    const { violations } = checkGuards(plan, DEFAULT_GUARDS);
    assert.equal(violations.length, 1);
    const message = violations[0]!;
    assert.match(message, /would deactivate 4 users, more than ramp:maxDeactivations \(3\)/);
    for (let i = 0; i < 4; i++) assert.match(message, new RegExp(`u${i}@x\\.com \\(removed from the roster\\)`));
    assert.match(message, /RAMP_CONFIRM_DEACTIVATIONS=u0@x\.com,u1@x\.com,u2@x\.com,u3@x\.com pulumi up/);
  });

  it("lets exactly the confirmed set through, and only that set", () => {
    const plan = planFrom(roster([admin("boss@x.com")]), previous(4));
    const confirmed = ["U3@x.com", "u2@x.com", "u1@x.com", "u0@x.com"];
    assert.deepEqual(checkGuards(plan, { ...DEFAULT_GUARDS, confirmDeactivations: confirmed }).violations, []);
    const other = ["u0@x.com", "u1@x.com", "u2@x.com", "someone@x.com"];
    assert.equal(checkGuards(plan, { ...DEFAULT_GUARDS, confirmDeactivations: other }).violations.length, 1);
  });

  it("raising ramp:maxDeactivations allows the run", () => {
    const plan = planFrom(roster([admin("boss@x.com")]), previous(4));
    assert.deepEqual(checkGuards(plan, { ...DEFAULT_GUARDS, maxDeactivations: 4 }).violations, []);
  });

  it("refuses a roster that leaves fewer than ramp:minAdmins active admins", () => {
    const plan = planFrom(roster([admin("boss@x.com", { active: false }), user("a@x.com")]), previous(0));
    const { violations } = checkGuards(plan, DEFAULT_GUARDS);
    assert.equal(violations.length, 1);
    assert.match(violations[0]!, /leave 0 admins \(BUSINESS_ADMIN\) who can sign in to Ramp, fewer than ramp:minAdmins \(1\); remaining: none/);
    assert.match(violations[0]!, /RAMP_CONFIRM_ADMINS=none pulumi up/);
  });

  it("lets a confirmed admin set through, and lowering ramp:minAdmins allows it too", () => {
    const plan = planFrom(roster([admin("boss@x.com"), admin("second@x.com", { active: false })]), [], [
      person("boss@x.com", { role: "BUSINESS_ADMIN" }),
      person("second@x.com", { role: "BUSINESS_ADMIN" }),
    ]);
    const settings = { ...DEFAULT_GUARDS, minAdmins: 2 };
    assert.equal(checkGuards(plan, settings).violations.length, 1);
    assert.deepEqual(checkGuards(plan, { ...settings, confirmAdmins: ["boss@x.com"] }).violations, []);
    assert.equal(checkGuards(plan, { ...settings, confirmAdmins: ["second@x.com"] }).violations.length, 1);
    assert.deepEqual(checkGuards(plan, { ...settings, minAdmins: 1 }).violations, []);
  });

  it("counts a company-wide email domain change against ramp:maxDeactivations, and lets the confirmed old emails through", () => {
    const emails = ["ann", "bob", "cat", "dan"];
    const plan = planFrom(
      roster([admin("boss@x.com"), ...emails.map((name) => user(`${name}@new.com`, { formerEmails: [`${name}@old.com`] }))]),
      [{ email: "boss@x.com", active: true }, ...emails.map((name) => ({ email: `${name}@old.com`, active: true }))],
    );
    const { violations } = checkGuards(plan, DEFAULT_GUARDS);
    assert.equal(violations.length, 1);
    const message = violations[0]!;
    assert.match(message, /would deactivate 4 users, more than ramp:maxDeactivations \(3\)/);
    for (const name of emails) assert.match(message, new RegExp(`  - ${name}@old\\.com \\(email changed to ${name}@new\\.com\\)`));
    assert.match(message, /the old account is deactivated, because Ramp does not have the new email/);
    assert.match(message, /RAMP_CONFIRM_DEACTIVATIONS=ann@old\.com,bob@old\.com,cat@old\.com,dan@old\.com pulumi up/);
    const confirmed = emails.map((name) => `${name}@old.com`);
    assert.deepEqual(checkGuards(plan, { ...DEFAULT_GUARDS, confirmDeactivations: confirmed }).violations, []);
  });

  it("says nothing of email changes when none is deactivated", () => {
    const plan = planFrom(roster([admin("boss@x.com")]), previous(4));
    assert.doesNotMatch(checkGuards(plan, DEFAULT_GUARDS).violations[0]!, /email change/);
  });

  it("reports both guards at once, and notes a stale confirmation", () => {
    const plan = planFrom(roster([user("a@x.com")]), previous(4));
    assert.equal(checkGuards(plan, DEFAULT_GUARDS).violations.length, 2);
    const quiet = planFrom(roster([admin("boss@x.com")]), previous(0));
    const outcome = checkGuards(quiet, { ...DEFAULT_GUARDS, confirmDeactivations: ["x@x.com"] });
    assert.deepEqual(outcome.violations, []);
    assert.match(outcome.notices[0]!, /does not match/);
  });
});

describe("planRun counts what a run will really deactivate (issue 7)", () => {
  it("counts people a failed run adopted, once the roster no longer lists them (the failed-run revert)", () => {
    // The failed run's checkpoint holds the adopted users; no previous run's outputs ever listed them.
    const records: RecordedUser[] = [{ email: "boss@x.com", active: true }, ...["a", "b", "c", "d"].map((n) => ({ email: `${n}@x.com`, active: true }))];
    const plan = planFrom(roster([admin("boss@x.com")]), records);
    assert.deepEqual(plan.deactivations.map((d) => d.email), ["a@x.com", "b@x.com", "c@x.com", "d@x.com"]);
    assert.equal(checkGuards(plan, DEFAULT_GUARDS).violations.length, 1);
  });

  it("counts existing active Ramp users added to the roster with active: false; not those already inactive", () => {
    const people = [person("a@x.com"), person("b@x.com"), person("c@x.com"), person("d@x.com"), person("e@x.com", { status: "USER_INACTIVE" })];
    const plan = planFrom(
      roster([admin("boss@x.com"), ...["a", "b", "c", "d", "e"].map((n) => user(`${n}@x.com`, { active: false }))]),
      [],
      people,
    );
    assert.deepEqual(plan.deactivations, ["a", "b", "c", "d"].map((n) => ({ email: `${n}@x.com`, reason: "added with active: false, active in Ramp" })));
    assert.match(checkGuards(plan, DEFAULT_GUARDS).violations[0]!, /would deactivate 4 users/);
  });

  it("counts a user reactivated by hand since the last run when the roster removes them", () => {
    const plan = planRun(roster([admin("boss@x.com")]), recorded([{ email: "boss@x.com", active: true }, { email: "back@x.com", active: false }]), liveRampOf([person("boss@x.com"), person("back@x.com")]));
    assert.deepEqual(plan.deactivations, [{ email: "back@x.com", reason: "removed from the roster" }]);
  });

  it("counts nobody for a user recorded without an account who is still not in Ramp, and counts them once invited by hand", () => {
    const records: RecordedUser[] = [{ email: "tom@x.com", active: false, userId: null }];
    assert.deepEqual(planRun(roster([]), records, liveRampOf([])).deactivations, []);
    assert.deepEqual(planRun(roster([]), records, liveRampOf([person("tom@x.com")])).deactivations, [{ email: "tom@x.com", reason: "removed from the roster" }]);
  });

  it("an email already changed in Ramp is kept: no replacement, no deactivation", () => {
    const records = recorded([{ email: "old@x.com", active: true }]);
    const live = liveRampOf([person("old@x.com", { email: "New@x.com" })]); // same id, email changed in Ramp
    const plan = planRun(roster([user("new@x.com", { formerEmails: ["old@x.com"] })]), records, live);
    assert.deepEqual(plan.emailChanges, [{ from: "old@x.com", to: "new@x.com", kept: true }]);
    assert.deepEqual(plan.deactivations, []);
    assert.deepEqual(plan.additions, []);
    assert.equal(describePlan(plan), "roster plan: 0 new, 1 email(s) already changed in Ramp, 0 to deactivate, 0 to reactivate, 0 active admins");
  });

  it("reports an email changed in Ramp alone as drift, deactivating no one", () => {
    const records = recorded([{ email: "jane@old.com", active: true }]);
    const plan = planRun(roster([user("jane@old.com")]), records, liveRampOf([person("jane@old.com", { email: "jane@new.com" })]));
    assert.deepEqual(plan.emailDrift, [{ email: "jane@old.com", rampEmail: "jane@new.com" }]);
    assert.deepEqual(plan.deactivations, []);
  });

  it("fails closed when Ramp cannot be read: whoever may be deactivated is counted, and the message says why", () => {
    const records = recorded([{ email: "a@x.com", active: false }, { email: "b@x.com", active: false }]);
    const plan = planRun(roster([user("c@x.com", { active: false }), user("d@x.com", { active: false })]), records, undefined, "no credentials");
    assert.deepEqual(plan.deactivations.map((d) => d.email), ["a@x.com", "b@x.com", "c@x.com", "d@x.com"]);
    const { violations } = checkGuards(plan, DEFAULT_GUARDS);
    assert.match(violations[0]!, /Ramp could not be read \(no credentials\), so everyone this run might deactivate is counted/);
  });

  it("blocks deactivating or changing the role of a protected user, at the roster line", () => {
    const source = { file: "roster.yaml", line: 7, column: 5 };
    const records: RecordedUser[] = [{ email: "a@x.com", active: true, protect: true }, { email: "b@x.com", active: true, protect: true }];
    const plan = planFrom(roster([user("a@x.com", { active: false, source }), user("b@x.com", { role: "BUSINESS_ADMIN", source })]), records);
    assert.deepEqual(plan.blocked.map((b) => b.email), ["a@x.com", "b@x.com"]);
    const message = checkGuards(plan, DEFAULT_GUARDS).violations.join("\n");
    assert.match(message, /roster\.yaml:7:5: error: a@x\.com is protected \(protect: true\) and cannot be deactivated: remove protect in an earlier, separate change first/);
    assert.match(message, /roster\.yaml:7:5: error: b@x\.com is protected \(protect: true\): their role stays BUSINESS_USER/);
    // protect removed in the same change still blocks: the state remembers it
    const unprotected = planFrom(roster([user("a@x.com", { active: false })]), records.slice(0, 1));
    assert.equal(unprotected.blocked.length, 1);
    // and set in the same change blocks too
    const newlyProtected = planFrom(roster([user("a@x.com", { active: false, protect: true })]), [{ email: "a@x.com", active: true }]);
    assert.equal(newlyProtected.blocked.length, 1);
  });

  it("blocks '~' on a field Ramp's API cannot clear when Ramp has a value, and a role the roster cannot express", () => {
    const records: RecordedUser[] = [{ email: "a@x.com", active: true }, { email: "b@x.com", active: true }];
    const live = liveRampOf([person("a@x.com", { departmentId: "dep-1" }), person("b@x.com", { role: "UNBUNDLED_CARDHOLDER" })]);
    const plan = planRun(roster([user("a@x.com", { department: null }), user("b@x.com")]), recorded(records), live);
    const message = checkGuards(plan, DEFAULT_GUARDS).violations.join("\n");
    assert.match(message, /a@x\.com 'department: ~' cannot be done: Ramp's API cannot remove a user's department/);
    assert.match(message, /b@x\.com has the role UNBUNDLED_CARDHOLDER in Ramp, which a roster cannot express/);
    // absent is "not managed": nothing to block
    assert.deepEqual(planRun(roster([user("a@x.com"), user("b@x.com", { role: "BUSINESS_USER" })]), recorded(records), liveRampOf([person("a@x.com", { departmentId: "dep-1" }), person("b@x.com")])).blocked, []);
  });

  it("reports roster users whose Ramp status needs a person, by name", () => {
    const records: RecordedUser[] = [{ email: "s@x.com", active: true }, { email: "x@x.com", active: true }];
    const live = liveRampOf([person("s@x.com", { status: "USER_SUSPENDED" }), person("x@x.com", { status: "INVITE_EXPIRED" })]);
    const plan = planRun(roster([user("s@x.com"), user("x@x.com")]), recorded(records), live);
    assert.deepEqual(plan.attention.map((a) => [a.email, a.status]), [["s@x.com", "USER_SUSPENDED"], ["x@x.com", "INVITE_EXPIRED"]]);
    assert.deepEqual(plan.reactivations, []);
  });
});

describe("planRun: access is granted only by a reviewed roster line (issue 16)", () => {
  const today = "2026-12-06";
  const ctx = (confirmReactivations: string[] = []) => ({ today, confirmReactivations });

  it("holds a user an admin deactivated in Ramp, names them, and reactivates only with a confirmation naming them", () => {
    const records: RecordedUser[] = recorded([{ email: "fired@x.com", active: true, rosterActive: true }, { email: "boss@x.com", active: true }]);
    const live = liveRampOf([person("fired@x.com", { status: "USER_INACTIVE" }), person("boss@x.com", { role: "BUSINESS_ADMIN" })]);
    const r = roster([admin("boss@x.com"), user("fired@x.com")]);
    const plan = planRun(r, records, live, undefined, ctx());
    assert.deepEqual(plan.reactivations, []);
    assert.equal(plan.held.length, 1);
    assert.equal(plan.held[0]!.email, "fired@x.com");
    assert.match(plan.held[0]!.why, /deactivated in Ramp, not by the roster/);
    assert.deepEqual(
      plan.attention.map((a) => a.email),
      ["fired@x.com"],
      "needsAttention lists them",
    );
    assert.match(describePlan(plan), /1 held inactive/);
    assert.deepEqual(checkGuards(plan, DEFAULT_GUARDS).violations, [], "the rest of the run goes ahead");

    const confirmed = planRun(r, records, live, undefined, ctx(["fired@x.com"]));
    assert.deepEqual(confirmed.reactivations, ["fired@x.com"]);
    assert.deepEqual(confirmed.confirmedReactivations, ["fired@x.com"]);
    assert.deepEqual(confirmed.held, []);
    assert.match(checkGuards(confirmed, { ...DEFAULT_GUARDS, confirmReactivations: ["fired@x.com"] }).notices.join("\n"), /confirmed: reactivation of people whose access was removed outside the roster by ramp:confirmReactivations: fired@x\.com/);
  });

  it("reactivates without a confirmation only whom the roster itself removed; a state without the record holds them", () => {
    const live = liveRampOf([person("back@x.com", { status: "USER_INACTIVE" })]);
    const r = roster([user("back@x.com")]);
    assert.deepEqual(planRun(r, recorded([{ email: "back@x.com", active: false, rosterActive: false }]), live, undefined, ctx()).reactivations, ["back@x.com"]);
    assert.deepEqual(planRun(r, recorded([{ email: "back@x.com", active: false }]), live, undefined, ctx()).held.map((h) => h.email), ["back@x.com"]);
  });

  it("a deactivateOn that has passed keeps the user inactive, and deactivates them if Ramp has not", () => {
    const r = roster([user("contractor@x.com", { deactivateOn: "2026-12-01" }), user("today@x.com", { deactivateOn: today })]);
    const done = liveRampOf([person("contractor@x.com", { status: "USER_INACTIVE" }), person("today@x.com")]);
    const records = recorded([{ email: "contractor@x.com", active: true, rosterActive: true }, { email: "today@x.com", active: true, rosterActive: true }]);
    const plan = planRun(r, records, done, undefined, ctx());
    assert.deepEqual(plan.reactivations, []);
    assert.deepEqual(plan.held, [], "not a reactivation the run waits to make: the roster's date ended it");
    const notYet = planRun(r, records, liveRampOf([person("contractor@x.com"), person("today@x.com")]), undefined, ctx());
    assert.deepEqual(notYet.deactivations, [{ email: "contractor@x.com", reason: "deactivateOn 2026-12-01 has passed" }]);
  });

  it("tells invite, adopt and reactivate apart for new users, with what adoption changes in roster terms", () => {
    const live = liveRampOf(
      [
        person("handmade-admin@x.com", { role: "BUSINESS_ADMIN", firstName: "A", lastName: "B", managerId: null, departmentId: "d1" }),
        person("cardholder@x.com", { firstName: "A", lastName: "B", managerId: null }),
        person("former@x.com", { status: "USER_INACTIVE", firstName: "A", lastName: "B" }),
        person("same@x.com", { firstName: "A", lastName: "B", managerId: null, departmentId: "d1" }),
      ],
      [{ id: "d1", name: "Sales" }],
    );
    const r = roster([
      user("handmade-admin@x.com", { department: "Engineering" }),
      admin("cardholder@x.com"),
      user("former@x.com"),
      user("same@x.com", { department: "sales" }),
      user("new@x.com"),
    ]);
    const plan = planRun(r, [], live, undefined, ctx());
    assert.deepEqual(plan.invitations, ["new@x.com"]);
    const adoption = (email: string) => plan.adoptions.find((a) => a.email === email);
    assert.deepEqual(adoption("handmade-admin@x.com")?.changes, [
      { field: "role", from: "Admin", to: "Cardholder" },
      { field: "department", from: "Sales", to: "Engineering" },
    ]);
    assert.deepEqual(adoption("cardholder@x.com")?.changes, [{ field: "role", from: "Cardholder", to: "Admin" }]);
    assert.deepEqual(adoption("same@x.com")?.changes, [], "a department named in another case is the same one");
    assert.equal(adoption("former@x.com")?.status, "USER_INACTIVE");
    assert.deepEqual(plan.held.map((h) => h.email), ["former@x.com"], "a re-used email does not bring the old account back");
    assert.match(plan.held[0]!.why, /inactive Ramp account already has this email/);
    assert.deepEqual(planRun(r, [], live, undefined, ctx(["former@x.com"])).reactivations, ["former@x.com"]);
  });

  it("remembers whom the roster removed: added back, the same account is reactivated as the roster's own grant", () => {
    const live = liveRampOf([person("gus@x.com", { status: "USER_INACTIVE", id: "id-gus" }), person("other@x.com", { status: "USER_INACTIVE", id: "id-other" })]);
    const removal = planRun(roster([user("boss@x.com")]), recorded([{ email: "gus@x.com", active: true, rosterActive: true }]).map((r) => ({ ...r, userId: "id-gus" })), live, undefined, ctx());
    assert.deepEqual(removal.removedFromRoster, { "gus@x.com": "id-gus" });
    const back = planRun(roster([user("gus@x.com"), user("other@x.com")]), [], live, undefined, { ...ctx(), removedFromRoster: removal.removedFromRoster });
    assert.deepEqual(back.reactivations, ["gus@x.com"]);
    assert.deepEqual(back.addedBack, ["gus@x.com"]);
    assert.deepEqual(back.confirmedReactivations, []);
    assert.deepEqual(back.held.map((h) => h.email), ["other@x.com"], "an account the roster never removed still needs a confirmation");
    assert.equal(back.adoptions.find((a) => a.email === "gus@x.com")?.removedFromRoster, true);
    assert.deepEqual(back.removedFromRoster, {}, "forgotten once the roster lists them again");
    // Another account under the email (a new hire re-using it) is not the one the roster removed.
    const reused = planRun(roster([user("gus@x.com")]), [], liveRampOf([person("gus@x.com", { status: "USER_INACTIVE", id: "id-new" })]), undefined, {
      ...ctx(),
      removedFromRoster: { "gus@x.com": "id-gus" },
    });
    assert.deepEqual(reused.held.map((h) => h.email), ["gus@x.com"]);
  });

  it("counts towards minAdmins only admins who can sign in, and names the others", () => {
    const live = liveRampOf([
      person("active@x.com", { role: "BUSINESS_ADMIN" }),
      person("pending@x.com", { role: "BUSINESS_ADMIN", status: "INVITE_PENDING" }),
      person("expired@x.com", { role: "BUSINESS_ADMIN", status: "INVITE_EXPIRED" }),
      person("suspended@x.com", { role: "BUSINESS_ADMIN", status: "USER_SUSPENDED" }),
      person("promoted@x.com"),
    ]);
    const emails = ["active@x.com", "pending@x.com", "expired@x.com", "suspended@x.com", "promoted@x.com"];
    const records = recorded(emails.map((email) => ({ email, active: true, rosterActive: true })));
    // The last working admin is demoted while the other roster admins cannot sign in: refused.
    const demoted = planRun(roster([user("active@x.com"), ...emails.slice(1, 4).map((e) => admin(e)), user("promoted@x.com")]), records, live, undefined, ctx());
    assert.deepEqual(demoted.activeAdmins, []);
    assert.deepEqual(
      demoted.uncountedAdmins.map((a) => `${a.email}: ${a.why}`),
      ["expired@x.com: INVITE_EXPIRED in Ramp", "pending@x.com: INVITE_PENDING in Ramp", "suspended@x.com: USER_SUSPENDED in Ramp"],
    );
    const [violation] = checkGuards(demoted, DEFAULT_GUARDS).violations;
    assert.match(violation!, /Not counted, because they cannot sign in to Ramp: expired@x\.com \(INVITE_EXPIRED in Ramp\)/);
    // Promoting an active cardholder in the same change counts.
    const promoted = planRun(roster([user("active@x.com"), admin("promoted@x.com")]), records, live, undefined, ctx());
    assert.deepEqual(promoted.activeAdmins, ["promoted@x.com"]);
    assert.deepEqual(checkGuards(promoted, DEFAULT_GUARDS).violations, []);
    // A first run that only invites admins takes admin access from nobody: nothing to refuse.
    const firstRun = planRun(roster([admin("new.admin@x.com")]), [], liveRampOf([]), undefined, ctx());
    assert.deepEqual([firstRun.activeAdmins, firstRun.adminsLosingAccess], [[], []]);
    assert.deepEqual(checkGuards(firstRun, DEFAULT_GUARDS).violations, []);
  });

  it("counts the old account of an email change whose delete a stopped run may have left pending", () => {
    const live = liveRampOf([person("old@x.com"), person("new@x.com", { id: "id:new" })]);
    const records = recorded([{ email: "new@x.com", active: true, rosterActive: true }]).map((r) => ({ ...r, userId: "id:new" }));
    const plan = planRun(roster([user("new@x.com", { formerEmails: ["old@x.com"] })]), records, live, undefined, ctx());
    assert.deepEqual(plan.deactivations, [
      { email: "old@x.com", reason: "a delete left over from an interrupted email change to new@x.com may deactivate the old account" },
    ]);
  });

  it("names pending invites that neither the roster nor the stack manages (a stopped run, then reverted)", () => {
    const live = liveRampOf([person("orphan@x.com", { status: "INVITE_PENDING" }), person("kept@x.com", { status: "INVITE_PENDING" })]);
    const plan = planRun(roster([user("kept@x.com")]), recorded([{ email: "kept@x.com", active: true }]), live, undefined, ctx());
    assert.deepEqual(plan.unmanagedInvites, [{ email: "orphan@x.com", userId: "id:orphan@x.com" }]);
  });
});
