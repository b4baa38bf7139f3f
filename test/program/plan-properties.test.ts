// Property test of the run plan against a model of what the engine and the provider really do: random rosters,
// random states (as failed, killed or hand-edited runs leave them) and random live Ramps. After each, the guard's
// count must hold every deactivation the run would make, and name no one the run keeps. A seeded generator keeps
// every failure reproducible (the seed is in the message).
import { strict as assert } from "node:assert";
import { joinerDay, liveRampOf, planRun, wantsAccess, type LivePerson, type RecordedUser } from "../../packages/pulumi-ramp-roster/src/program/plan.js";
import { isActiveStatus, mayReactivate } from "../../packages/pulumi-ramp-roster/src/resources/user-model.js";
import type { ApiRole, Roster, RosterUser } from "../../packages/pulumi-ramp-roster/src/roster/model.js";

/** mulberry32: a small seeded generator, so a failing case can be replayed from its seed. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

const NAMES = ["ann", "bob", "cat", "dan", "eve", "fay", "gus", "hal", "ivy", "jon"];
const STATUSES = ["USER_ACTIVE", "INVITE_PENDING", "USER_INACTIVE", "USER_SUSPENDED", "INVITE_EXPIRED"];
const at = { file: "roster.yaml", line: 1, column: 1 };

interface Scenario {
  roster: Roster;
  recorded: RecordedUser[];
  people: LivePerson[];
}

function scenario(seed: number): Scenario {
  const g = generator(seed);
  const people: LivePerson[] = [];
  const recorded: RecordedUser[] = [];
  const users: RosterUser[] = [];
  for (const name of NAMES) {
    const email = `${name}@x.com`;
    const id = `id-${name}`;
    // Ramp: the person may exist, with any status, and may have had their email changed by hand.
    if (g.chance(0.8)) {
      const renamed = g.chance(0.15);
      people.push({ id, email: renamed ? `${name}.new@x.com` : email, status: g.pick(STATUSES), role: "BUSINESS_USER", departmentId: null, locationId: null, employeeId: null });
    }
    // The state: managed before (perhaps adopted by a failed run), perhaps without an account.
    if (g.chance(0.6)) {
      recorded.push({ email, userId: g.chance(0.9) ? id : null, active: g.chance(0.7), retainOnDelete: g.chance(0.1) });
    }
    // The roster: kept, removed, moved to a new email (formerEmails), or marked inactive.
    if (g.chance(0.75)) {
      const moved = g.chance(0.15);
      users.push({
        email: moved ? `${name}.new@x.com` : email,
        key: moved ? `${name}.new@x.com` : email,
        ...(moved ? { formerEmails: [email] } : {}),
        firstName: "A",
        lastName: "B",
        role: "BUSINESS_USER" as ApiRole,
        active: g.chance(0.75),
        protect: false,
        retainOnDelete: false,
        source: at,
      });
    }
  }
  return { roster: { files: ["roster.yaml"], departments: [], locations: [], users }, recorded, people };
}

/**
 * What the run really deactivates, worked out the way the engine and the provider act, step by step: the engine
 * carries a record over to a roster entry by name or by alias (formerEmails), deletes what is left, updates the rest
 * and creates what is new; the provider deactivates whoever Ramp has behind a resource when that person is active.
 */
function modelDeactivations({ roster, recorded, people }: Scenario): Set<string> {
  const byId = new Map(people.map((p) => [p.id, p]));
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const state = new Map(recorded.map((r) => [r.email, r]));
  const personOf = (r: RecordedUser) => (r.userId ? byId.get(r.userId) : byEmail.get(r.email));
  const active = (p: LivePerson | undefined) => p !== undefined && isActiveStatus(p.status);
  const out = new Set<string>();
  const carried = new Set<string>();
  for (const user of roster.users) {
    let record = state.get(user.key);
    if (!record) {
      const former = user.formerEmails?.find((e) => state.has(e));
      if (former) {
        record = state.get(former)!;
        carried.add(former);
        const person = personOf(record);
        if (person?.email !== user.key) {
          // replace: the new email is created (adopting whoever Ramp has under it), then the old account deleted
          if (!record.retainOnDelete && active(person)) out.add(former);
          if (!user.active && active(byEmail.get(user.key))) out.add(user.key);
          continue;
        }
      }
    }
    const person = record ? personOf(record) : byEmail.get(user.key);
    if (!user.active && active(person)) out.add(user.key);
  }
  for (const record of recorded) {
    const kept = roster.users.some((u) => u.key === record.email) || carried.has(record.email);
    if (!kept && !record.retainOnDelete && active(personOf(record))) out.add(record.email);
  }
  return out;
}

describe("planRun against a model of the engine and the provider (property test, 500 random runs)", () => {
  for (const [from, to] of [
    [1, 250],
    [251, 500],
  ] as const) {
    it(`counts every deactivation the run makes, and no one it keeps (seeds ${from}–${to})`, () => {
      for (let seed = from; seed <= to; seed++) {
        const s = scenario(seed);
        const plan = planRun(s.roster, s.recorded, liveRampOf(s.people));
        const counted = new Set(plan.deactivations.map((d) => d.email));
        const real = modelDeactivations(s);
        assert.deepEqual([...counted].sort(), [...real].sort(), `seed ${seed}: the guard's count differs from what the run does`);
        // fail closed: with Ramp unreadable, the count covers at least what the run does
        const blind = new Set(planRun(s.roster, s.recorded, undefined, "unreadable").deactivations.map((d) => d.email));
        for (const email of real) assert.ok(blind.has(email), `seed ${seed}: ${email} is deactivated but not counted when Ramp is unreadable`);
        // nobody the roster keeps active is ever counted
        for (const user of s.roster.users.filter((u) => u.active)) {
          assert.ok(!counted.has(user.key), `seed ${seed}: ${user.key} stays active in the roster but is counted`);
        }
      }
    });
  }
});

// ---- Issue 16: access is granted only by a reviewed roster line. Runs follow one another on one company; between
// them the roster is edited, Ramp deactivates people on their dates, admins deactivate and demote people by hand,
// confirmations come and go, and a run may be killed between a replacement's create and its delete. The run itself
// is modelled as the engine carries it out with the provider's own rules (mayReactivate; a delete deactivates only
// the account its record holds, and not one another resource of the run holds). After every run, nobody became
// active unless the plan showed it as an invitation (or an invitation scheduled for a joiner's first day) or a
// reactivation, nobody the plan held was reactivated, and
// nobody the roster keeps was deactivated by a leftover delete.

interface World {
  people: Map<string, LivePerson>;
  records: Map<string, RecordedUser>;
  /** Records of replaced users whose delete a killed run left pending (not in the state the plan reads). */
  pendingDeletes: RecordedUser[];
  roster: RosterUser[];
  today: string;
  confirmations: string[];
  /** The last run's stack output removedFromRoster, carried forward. */
  removedFromRoster: Record<string, string>;
  nextId: number;
}

const day = (n: number) => `2027-01-${String(n).padStart(2, "0")}`;

function rosterUser(email: string, extra: Partial<RosterUser> = {}): RosterUser {
  return { email, key: email, firstName: "A", lastName: "B", role: "BUSINESS_USER" as ApiRole, active: true, protect: false, retainOnDelete: false, source: at, ...extra };
}

/** One run, as the engine and the provider carry it out; `killAfterCreates` stops it before any delete. */
function runOnce(world: World, killAfterCreates: boolean, seed: number) {
  const roster: Roster = { files: ["roster.yaml"], departments: [], locations: [], users: world.roster };
  const before = new Map([...world.people.values()].map((p) => [p.id, { ...p }]));
  const plan = planRun(roster, [...world.records.values()], liveRampOf([...world.people.values()]), undefined, {
    today: world.today,
    confirmReactivations: world.confirmations,
    removedFromRoster: world.removedFromRoster,
  });
  const byEmail = () => new Map([...world.people.values()].map((p) => [p.email, p]));
  const held = new Set<string>();
  const replacedRecords: RecordedUser[] = [];
  const kept = new Set<string>();
  for (const user of world.roster) {
    const wanted = {
      active: wantsAccess(user, world.today),
      confirmReactivation: plan.confirmedReactivations.includes(user.key) || plan.addedBack.includes(user.key),
    };
    let record = world.records.get(user.key);
    const former = record ? undefined : user.formerEmails?.find((e) => world.records.has(e));
    if (former) {
      kept.add(former);
      replacedRecords.push(world.records.get(former)!);
      world.records.delete(former);
    }
    if (record?.userId) {
      // update: the resource keeps its Ramp user
      held.add(record.userId);
      const person = world.people.get(record.userId);
      if (person) {
        if (wanted.active && !isActiveStatus(person.status) && mayReactivate(record, wanted)) person.status = "USER_ACTIVE";
        if (!wanted.active && isActiveStatus(person.status)) person.status = "USER_INACTIVE";
      }
      world.records.set(user.key, { ...record, active: person ? isActiveStatus(person.status) : false, rosterActive: user.active && wanted.active });
      continue;
    }
    // create: adopt whoever Ramp has under the email, or invite
    let person = byEmail().get(user.key);
    if (person) {
      held.add(person.id);
      if (wanted.active && !isActiveStatus(person.status) && mayReactivate({}, wanted)) person.status = "USER_ACTIVE";
      if (!wanted.active && isActiveStatus(person.status)) person.status = "USER_INACTIVE";
    } else if (wanted.active) {
      // A joiner whose first day is ahead is a draft with Ramp's scheduled invitation; anyone else is invited.
      const day = joinerDay(user, world.today);
      person = {
        id: `id-${world.nextId++}`,
        email: user.key,
        status: day ? "USER_DRAFT" : "INVITE_PENDING",
        role: "BUSINESS_USER",
        departmentId: null,
        locationId: null,
        employeeId: null,
        ...(day ? { scheduledInvitationDate: day } : {}),
      };
      world.people.set(person.id, person);
      held.add(person.id);
    }
    record = { email: user.key, userId: person?.id ?? null, active: person ? isActiveStatus(person.status) : false, rosterActive: wanted.active };
    world.records.set(user.key, record);
  }
  const removed = [...world.records.values()].filter((r) => !world.roster.some((u) => u.key === r.email) && !kept.has(r.email));
  world.removedFromRoster = plan.removedFromRoster; // the stack output, written as the run ends
  if (killAfterCreates) {
    world.pendingDeletes.push(...replacedRecords);
  } else {
    for (const record of [...world.pendingDeletes.splice(0), ...replacedRecords, ...removed]) {
      world.records.delete(record.email);
      if (!record.userId || held.has(record.userId) || record.retainOnDelete) continue;
      const person = world.people.get(record.userId);
      if (person && isActiveStatus(person.status)) person.status = "USER_INACTIVE";
    }
  }

  for (const person of world.people.values()) {
    const was = before.get(person.id);
    if (!isActiveStatus(person.status)) continue;
    if (!was) {
      const shown = plan.invitations.includes(person.email) || plan.scheduledInvitations.some((s) => s.email === person.email);
      assert.ok(shown, `seed ${seed}: ${person.email} was invited or scheduled, but the plan did not show it`);
    }
    else if (!isActiveStatus(was.status)) {
      assert.ok(plan.reactivations.includes(person.email), `seed ${seed}: ${person.email} became active again, but the plan did not show a reactivation`);
    }
  }
  for (const h of plan.held) {
    const person = byEmail().get(h.email);
    assert.ok(!person || !isActiveStatus(person.status), `seed ${seed}: ${h.email} was held by the plan but reactivated`);
  }
  for (const user of world.roster) {
    const person = byEmail().get(user.key);
    const was = person && before.get(person.id);
    if (person && was && isActiveStatus(was.status) && !isActiveStatus(person.status)) {
      // A draft (a joiner before their first day) has no access: withdrawing it is shown apart, not as a deactivation.
      const counted = was.status === "USER_DRAFT" ? plan.withdrawnJoiners.includes(user.key) : plan.deactivations.some((d) => d.email === user.key);
      assert.ok(counted, `seed ${seed}: ${user.key} was deactivated, but the plan did not show it`);
    }
  }
  return plan;
}

/** What happens to the company between two runs. */
function betweenRuns(world: World, g: ReturnType<typeof generator>): void {
  world.today = day(Number(world.today.slice(-2)) + 1);
  for (const person of world.people.values()) {
    if (g.chance(0.08)) person.status = "USER_INACTIVE"; // an admin cuts someone off by hand
    if (g.chance(0.1) && person.status === "INVITE_PENDING") person.status = "USER_ACTIVE"; // an invite accepted
  }
  // Ramp sends a draft's scheduled invitation on the day: the grant the plan showed as a scheduled invitation.
  for (const person of world.people.values()) {
    if (person.status === "USER_DRAFT" && person.scheduledInvitationDate && person.scheduledInvitationDate <= world.today) {
      person.status = "INVITE_PENDING";
      person.scheduledInvitationDate = null;
    }
  }
  // Ramp deactivates people on their dates (and clears them).
  for (const user of world.roster) {
    const person = [...world.people.values()].find((p) => p.email === user.key);
    if (person && user.deactivateOn && user.deactivateOn <= world.today) person.status = "USER_INACTIVE";
  }
  // Former employees: inactive accounts no roster knows, whose email a new hire may get.
  if (g.chance(0.2)) {
    const id = `id-${world.nextId++}`;
    world.people.set(id, { id, email: `${g.pick(NAMES)}@x.com`, status: "USER_INACTIVE", role: "BUSINESS_USER", departmentId: null, locationId: null, employeeId: null });
  }
  const roster: RosterUser[] = [];
  for (const name of NAMES) {
    const current = world.roster.find((u) => u.key.startsWith(`${name}`));
    if (!current) {
      if (g.chance(0.3)) {
        const offset = (n: number) => day(Number(world.today.slice(-2)) + n);
        const dates = g.chance(0.3) ? { deactivateOn: offset(g.chance(0.5) ? -1 : 9) } : g.chance(0.3) ? { startOn: offset(g.chance(0.5) ? -1 : 2) } : {};
        roster.push(rosterUser(`${name}@x.com`, dates));
      }
      continue;
    }
    if (g.chance(0.1)) continue; // removed
    if (g.chance(0.1) && !current.key.includes(".new")) {
      roster.push(rosterUser(`${name}.new@x.com`, { formerEmails: [current.key] }));
      continue;
    }
    roster.push({ ...current, ...(g.chance(0.15) ? { active: !current.active } : {}) });
  }
  world.roster = roster;
  world.confirmations = g.chance(0.3) ? [...world.people.values()].filter((p) => !isActiveStatus(p.status)).map((p) => p.email).slice(0, 2) : [];
}

describe("runs after runs: access is granted only by a reviewed roster line (property test, issue 16)", () => {
  it("after every run of 300 random histories, nobody became active unless the plan showed a grant", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const g = generator(seed);
      const world: World = { people: new Map(), records: new Map(), pendingDeletes: [], roster: [], today: day(1), confirmations: [], removedFromRoster: {}, nextId: 1 };
      for (let run = 0; run < 8; run++) {
        betweenRuns(world, g);
        runOnce(world, g.chance(0.15), seed);
      }
    }
  });
});
