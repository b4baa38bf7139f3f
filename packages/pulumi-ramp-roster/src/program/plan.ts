// What a run will do to people, worked out before any resource is registered, so the guards can stop a bad merge
// at `pulumi preview`. Pure: the roster, the stack's recorded users (its last checkpoint) and live Ramp in, a plan
// out. Deactivations are counted from what will really happen: who the state holds (including what a failed run
// adopted), who the roster keeps, and who is active in Ramp now.
import { ADMIN_ROLE, ASSIGNABLE_ROLES, emailKey, STATUSES_NEEDING_ATTENTION } from "../ramp-facts.js";
import { isActiveStatus, UNCLEARABLE_FIELDS, cannotClearReason } from "../resources/user-model.js";
import type { Roster, RosterUser, SourcePosition } from "../roster/index.js";

/** A RampUser resource as the stack's last checkpoint records it. */
export interface RecordedUser {
  /** The roster email (lower-cased) its resource is named after (`user:<email>`). */
  email: string;
  /** Ramp's user id; null (or absent) while the user had no Ramp account. */
  userId?: string | null;
  /** As recorded: true unless deactivated (or never invited). */
  active: boolean;
  role?: string;
  protect?: boolean;
  retainOnDelete?: boolean;
}

/** A person in live Ramp, as the plan needs them. */
export interface LivePerson {
  id: string;
  email: string;
  status: string;
  role: string;
  departmentId: string | null;
  locationId: string | null;
  employeeId: string | null;
}

/** Live Ramp's users, by id and by email (lower-cased). */
export interface LiveRamp {
  byId: ReadonlyMap<string, LivePerson>;
  byEmail: ReadonlyMap<string, LivePerson>;
}

export function liveRampOf(people: readonly LivePerson[]): LiveRamp {
  return {
    byId: new Map(people.map((p) => [p.id, p])),
    byEmail: new Map(people.map((p) => [emailKey(p.email), p])),
  };
}

/** Why a run deactivates a user; an email change names the new email (`email changed to new@x.com`). */
export type DeactivationReason =
  | "removed from the roster"
  | "marked active: false"
  | "added with active: false, active in Ramp"
  | `email changed to ${string}`;

export interface Deactivation {
  email: string;
  reason: DeactivationReason;
}

/** A user the stack managed under `from` whose roster entry is now `to` (listing `from` in `formerEmails`). */
export interface EmailChange {
  from: string;
  to: string;
  /** Ramp already has the new email for this very user (changed in Ramp first): an update, nobody replaced. */
  kept: boolean;
}

/** A change the roster asks for that cannot or may not be made; it stops the run at preview. */
export interface BlockedChange {
  email: string;
  source: SourcePosition;
  message: string;
}

/** A roster user whose state in Ramp needs a person: reported, never "fixed" by inviting again. */
export interface NeedsAttention {
  email: string;
  status: string;
  why: string;
}

/** A roster user whose email Ramp has as another one (changed in Ramp): drift the API cannot undo. */
export interface EmailDrift {
  email: string;
  rampEmail: string;
}

export interface RunPlan {
  /** Users the run will deactivate in Ramp. */
  deactivations: Deactivation[];
  /** Users whose email changed in the roster (formerEmails). */
  emailChanges: EmailChange[];
  /** Users removed from the roster with retainOnDelete: dropped from the stack, left as they are in Ramp. */
  released: string[];
  /** Users the run will reactivate (active again, or back in the roster after removal). */
  reactivations: string[];
  /** Users new to the stack, other than an email change: invited, or adopted if Ramp already has them. */
  additions: string[];
  /** Admins (BUSINESS_ADMIN) that are active in the roster after the run. */
  activeAdmins: string[];
  blocked: BlockedChange[];
  attention: NeedsAttention[];
  emailDrift: EmailDrift[];
  /**
   * Set when live Ramp could not be read: the plan then counts as a deactivation everything that may be one (a user
   * it cannot see is assumed active), so the guard errs towards refusing.
   */
  liveUnknown?: string;
}

const ASSIGNABLE: ReadonlySet<string> = new Set(ASSIGNABLE_ROLES);

/**
 * Former email → the new email of the user that carries over the record kept under it. As the engine resolves
 * aliases: only for a user whose own email the stack does not know yet, and only the first former email (in roster
 * order) the stack knows; any other one the stack knows is deleted like a user removed from the roster.
 */
function carriedOver(roster: Roster, before: ReadonlyMap<string, RecordedUser>): Map<string, string> {
  const carried = new Map<string, string>();
  for (const user of roster.users) {
    if (before.has(user.key)) continue;
    const former = user.formerEmails?.find((email) => before.has(email));
    if (former !== undefined) carried.set(former, user.key);
  }
  return carried;
}

const FIELD_OF: Record<(typeof UNCLEARABLE_FIELDS)[number], keyof RosterUser & ("department" | "location" | "employeeId")> = {
  departmentId: "department",
  locationId: "location",
  employeeId: "employeeId",
};

export function planRun(roster: Roster, recorded: readonly RecordedUser[], live: LiveRamp | undefined, liveProblem?: string): RunPlan {
  const before = new Map(recorded.map((record) => [emailKey(record.email), record]));
  const after = new Map(roster.users.map((user) => [user.key, user]));
  const carried = carriedOver(roster, before);
  const plan: RunPlan = {
    deactivations: [],
    emailChanges: [],
    released: [],
    reactivations: [],
    additions: [],
    activeAdmins: [],
    blocked: [],
    attention: [],
    emailDrift: [],
    ...(live ? {} : { liveUnknown: liveProblem ?? "live Ramp was not read" }),
  };

  /** The live person behind a record: by id once they have one, else by email. */
  const personOf = (record: RecordedUser): LivePerson | undefined =>
    live ? (record.userId ? live.byId.get(record.userId) : live.byEmail.get(emailKey(record.email))) : undefined;
  /** Active in Ramp now; unknown counts as active (fail closed). A user gone from Ramp has nothing to deactivate. */
  const isActiveNow = (record: RecordedUser): boolean => {
    if (!live) return true;
    const person = personOf(record);
    return person !== undefined && isActiveStatus(person.status);
  };

  const examined = new Map<RosterUser, LivePerson | undefined>();
  for (const [email, record] of before) {
    const newEmail = carried.get(email);
    const wanted = newEmail !== undefined ? after.get(newEmail) : after.get(email);
    const person = personOf(record);
    const protectedNow = record.protect === true || wanted?.protect === true;
    if (!wanted) {
      if (record.retainOnDelete) plan.released.push(email);
      else if (isActiveNow(record)) plan.deactivations.push({ email, reason: "removed from the roster" });
      continue;
    }
    if (newEmail !== undefined) {
      const kept = person !== undefined && emailKey(person.email) === newEmail;
      plan.emailChanges.push({ from: email, to: newEmail, kept });
      if (!kept) {
        if (record.retainOnDelete) plan.released.push(email);
        else if (isActiveNow(record)) plan.deactivations.push({ email, reason: `email changed to ${newEmail}` });
        continue; // the replacement is a new user: examined below as an addition would be
      }
    }
    examined.set(wanted, person);
    const activeNow = isActiveNow(record);
    if (activeNow && !wanted.active) {
      plan.deactivations.push({ email: wanted.key, reason: "marked active: false" });
      if (protectedNow) block(wanted, "is protected (protect: true) and cannot be deactivated: remove protect in an earlier, separate change first");
    } else if (!activeNow && wanted.active && (!live || person !== undefined)) {
      plan.reactivations.push(wanted.key);
    }
    const liveRole = person?.role ?? record.role;
    if (protectedNow && liveRole !== undefined && liveRole !== wanted.role) {
      block(wanted, `is protected (protect: true): their role stays ${liveRole}; remove protect in an earlier, separate change before changing it to ${wanted.role}`);
    }
  }

  const replacements = new Set([...carried.entries()].filter(([from]) => !plan.emailChanges.find((c) => c.from === from)?.kept).map(([, to]) => to));
  for (const [email, user] of after) {
    const isNew = !before.has(email) && !examined.has(user);
    if (isNew) {
      if (!replacements.has(email)) plan.additions.push(email);
      const person = live?.byEmail.get(email);
      examined.set(user, person);
      // A new entry adopts whoever Ramp has under the email: `active: false` then deactivates them.
      if (!user.active && (!live || (person !== undefined && isActiveStatus(person.status)))) {
        plan.deactivations.push({ email, reason: "added with active: false, active in Ramp" });
        if (user.protect) block(user, "is protected (protect: true) and cannot be deactivated: remove protect in an earlier, separate change first");
      } else if (user.active && person !== undefined && !isActiveStatus(person.status)) {
        plan.reactivations.push(email);
      }
      if (user.protect && person !== undefined && person.role !== user.role) {
        block(user, `is protected (protect: true): their role stays ${person.role}; remove protect in an earlier, separate change before changing it to ${user.role}`);
      }
    }
    if (user.active && user.role === ADMIN_ROLE) plan.activeAdmins.push(email);
  }

  for (const [user, person] of examined) {
    if (!person) continue;
    if (person.role !== user.role && !ASSIGNABLE.has(person.role)) {
      block(user, `has the role ${person.role} in Ramp, which a roster cannot express or assign; change it in Ramp's admin UI first, or leave them out of the roster`);
    }
    for (const field of UNCLEARABLE_FIELDS) {
      if (user[FIELD_OF[field]] === null && person[field] !== null && person[field] !== "") {
        block(user, `'${FIELD_OF[field]}: ~' cannot be done: ${cannotClearReason(field)}`);
      }
    }
    const why = STATUSES_NEEDING_ATTENTION[person.status];
    if (why !== undefined && user.active) plan.attention.push({ email: user.key, status: person.status, why });
    if (emailKey(person.email) !== user.key) plan.emailDrift.push({ email: user.key, rampEmail: person.email });
  }

  for (const list of [plan.released, plan.reactivations, plan.additions, plan.activeAdmins]) list.sort();
  plan.deactivations.sort((a, b) => a.email.localeCompare(b.email));
  plan.emailChanges.sort((a, b) => a.from.localeCompare(b.from));
  plan.blocked.sort((a, b) => a.email.localeCompare(b.email));
  plan.attention.sort((a, b) => a.email.localeCompare(b.email));
  plan.emailDrift.sort((a, b) => a.email.localeCompare(b.email));
  return plan;

  function block(user: RosterUser, message: string): void {
    plan.blocked.push({ email: user.key, source: user.source, message: `${user.email} ${message}` });
  }
}

/**
 * A stack output for people: email → "active" or "inactive", with ", retainOnDelete" when removing the user from the
 * roster leaves them in Ramp. One line per user in a preview; also the list to confirm for `pulumi destroy`.
 */
export type ManagedUsersOutput = Record<string, string>;

export function managedUsersOutput(roster: Roster): ManagedUsersOutput {
  const entries = [...roster.users]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((user) => [user.key, `${user.active ? "active" : "inactive"}${user.retainOnDelete ? ", retainOnDelete" : ""}`] as const);
  return Object.fromEntries(entries);
}

/** One line for the run's log: what it will do to people. */
export function describePlan(plan: RunPlan): string {
  const replaced = plan.emailChanges.filter((c) => !c.kept).length;
  const kept = plan.emailChanges.length - replaced;
  const parts = [
    `${plan.additions.length} new`,
    ...(replaced > 0 ? [`${replaced} replaced (new email)`] : []),
    ...(kept > 0 ? [`${kept} email(s) already changed in Ramp`] : []),
    `${plan.deactivations.length} to deactivate`,
    `${plan.reactivations.length} to reactivate`,
    ...(plan.released.length > 0 ? [`${plan.released.length} released (retainOnDelete)`] : []),
    `${plan.activeAdmins.length} active admins`,
  ];
  return `roster plan: ${parts.join(", ")}`;
}
