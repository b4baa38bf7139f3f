// Property test of the run plan against a model of what the engine and the provider really do: random rosters,
// random states (as failed, killed or hand-edited runs leave them) and random live Ramps. After each, the guard's
// count must hold every deactivation the run would make, and name no one the run keeps. A seeded generator keeps
// every failure reproducible (the seed is in the message).
import { strict as assert } from "node:assert";
import { liveRampOf, planRun, type LivePerson, type RecordedUser } from "../../packages/pulumi-ramp-roster/src/program/plan.js";
import { isActiveStatus } from "../../packages/pulumi-ramp-roster/src/resources/user-model.js";
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
