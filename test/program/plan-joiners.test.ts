// Joiners (issue 20) in the run's plan: what a pull request's preview says about first days, and what the guard
// counts. A draft has no access: removing one is a withdrawal, never a deactivation the guard counts.
import { strict as assert } from "node:assert";
import { checkGuards, DEFAULT_GUARDS } from "../../packages/pulumi-ramp-roster/src/program/guards.js";
import { describePlan, liveRampOf, planRun, type LivePerson, type RecordedUser } from "../../packages/pulumi-ramp-roster/src/program/plan.js";
import type { ApiRole, Roster, RosterUser } from "../../packages/pulumi-ramp-roster/src/roster/model.js";

const TODAY = "2026-12-01";
const at = { file: "roster.yaml", line: 1, column: 1 };
const user = (email: string, extra: Partial<RosterUser> = {}): RosterUser => ({
  email, key: email, firstName: "A", lastName: "B", role: "BUSINESS_USER" as ApiRole, active: true, protect: false, retainOnDelete: false, source: at, ...extra,
});
const roster = (users: RosterUser[]): Roster => ({ files: ["roster.yaml"], departments: [], locations: [], users });
const person = (email: string, extra: Partial<LivePerson> = {}): LivePerson => ({
  id: `id:${email}`, email, status: "USER_ACTIVE", role: "BUSINESS_USER", departmentId: null, locationId: null, employeeId: null, ...extra,
});
const record = (email: string, extra: Partial<RecordedUser> = {}): RecordedUser => ({ email, userId: `id:${email}`, active: true, rosterActive: true, ...extra });
const plan = (users: RosterUser[], records: RecordedUser[], people: LivePerson[]) => planRun(roster(users), records, liveRampOf(people), undefined, { today: TODAY });

describe("plan: joiners (startOn)", () => {
  it("a new joiner with a day ahead is an invitation scheduled for that day; on or after the day, an invitation now", () => {
    const p = plan([user("ahead@x.com", { startOn: "2027-01-04" }), user("today@x.com", { startOn: TODAY }), user("past@x.com", { startOn: "2026-11-01" })], [], []);
    assert.deepEqual(p.scheduledInvitations, [{ email: "ahead@x.com", date: "2027-01-04" }]);
    assert.deepEqual(p.invitations, ["past@x.com", "today@x.com"]);
    assert.match(describePlan(p), /1 invitation\(s\) scheduled for a first day/);
  });

  it("a draft the roster keeps: a moved day is a reschedule, the same day nothing, no day ahead an invitation now", () => {
    const drafts = ["same", "moved", "unscheduled", "started"].map((n) => person(`${n}@x.com`, { status: "USER_DRAFT", scheduledInvitationDate: n === "unscheduled" ? null : "2027-01-04" }));
    const p = plan(
      [
        user("same@x.com", { startOn: "2027-01-04" }),
        user("moved@x.com", { startOn: "2027-01-11" }),
        user("unscheduled@x.com", { startOn: "2027-01-04" }),
        user("started@x.com"),
      ],
      drafts.map((d) => record(d.email)),
      drafts,
    );
    assert.deepEqual(p.scheduledInvitations, [
      { email: "moved@x.com", date: "2027-01-11", from: "2027-01-04" },
      { email: "unscheduled@x.com", date: "2027-01-04", from: null },
    ]);
    assert.deepEqual(p.invitations, ["started@x.com"]);
    assert.deepEqual([p.deactivations, p.reactivations, p.attention], [[], [], []]);
  });

  it("removing a draft, or marking it inactive, withdraws a joiner: no deactivation counted, the guard untouched", () => {
    const drafts = ["gone", "off"].map((n) => person(`${n}@x.com`, { status: "USER_DRAFT", scheduledInvitationDate: "2027-01-04" }));
    const p = plan([user("off@x.com", { active: false, startOn: "2027-01-04" })], drafts.map((d) => record(d.email)), drafts);
    assert.deepEqual(p.withdrawnJoiners, ["gone@x.com", "off@x.com"]);
    assert.deepEqual(p.deactivations, []);
    assert.deepEqual(checkGuards(p, { ...DEFAULT_GUARDS, maxDeactivations: 0 }).violations, []);
    // Ramp unreadable: no one is known to be a draft, so they count as deactivations (fail closed).
    const blind = planRun(roster([]), drafts.map((d) => record(d.email)), undefined, "down", { today: TODAY });
    assert.deepEqual(blind.deactivations.map((d) => d.email), ["gone@x.com", "off@x.com"]);
  });

  it("a draft found in Ramp under a new roster email is adopted as a draft, its invitation scheduled", () => {
    const p = plan([user("found@x.com", { startOn: "2027-01-04" })], [], [person("found@x.com", { status: "USER_DRAFT", scheduledInvitationDate: null })]);
    assert.deepEqual(p.adoptions.map((a) => [a.email, a.status]), [["found@x.com", "USER_DRAFT"]]);
    assert.deepEqual(p.scheduledInvitations, [{ email: "found@x.com", date: "2027-01-04", from: null }]);
    assert.deepEqual([p.invitations, p.reactivations, p.held], [[], [], []]);
  });

  it("needsAttention names a draft whose first day has passed without an invitation, not one whose day is ahead", () => {
    const people = [
      person("waiting@x.com", { status: "USER_DRAFT", scheduledInvitationDate: "2027-01-04" }),
      person("missed@x.com", { status: "USER_DRAFT", scheduledInvitationDate: null }),
    ];
    const p = plan([user("waiting@x.com", { startOn: "2027-01-04" }), user("missed@x.com", { startOn: "2026-11-20" })], people.map((d) => record(d.email)), people);
    assert.deepEqual(p.attention.map((a) => a.email), ["missed@x.com"]);
    assert.match(p.attention[0]!.why, /first day 2026-11-20 has passed without an invitation/);
    assert.deepEqual(p.invitations, ["missed@x.com"]);
  });

  it("a joiner held (Ramp refused drafts) stays held while the day is ahead, and is an invitation on the day", () => {
    const held = record("held@x.com", { userId: null, active: false, heldUntil: "2027-01-04" });
    const before = plan([user("held@x.com", { startOn: "2027-01-04" })], [held], []);
    assert.deepEqual([before.heldJoiners, before.invitations], [[{ email: "held@x.com", date: "2027-01-04" }], []]);
    assert.match(describePlan(before), /1 joiner\(s\) held until their first day/);
    const onTheDay = planRun(roster([user("held@x.com", { startOn: "2027-01-04" })]), [held], liveRampOf([]), undefined, { today: "2027-01-04" });
    assert.deepEqual([onTheDay.heldJoiners, onTheDay.invitations], [[], ["held@x.com"]]);
  });
});
