// What a run will do to people, worked out before any resource is registered, so the guards can stop a bad merge
// at `pulumi preview`. Pure: the roster, the stack's recorded users (its last checkpoint) and live Ramp in, a plan
// out. Deactivations are counted from what will really happen: who the state holds (including what a failed run
// adopted), who the roster keeps, and who is active in Ramp now.
import { ACTIVE_STATUS, ADMIN_ROLE, ASSIGNABLE_ROLES, DRAFT_STATUS, emailKey, PENDING_INVITE_STATUS, STATUSES_NEEDING_ATTENTION } from "../ramp-facts.js";
import { isActiveStatus, isDraftStatus, mayReactivate, UNCLEARABLE_FIELDS, cannotClearReason, type RampAccountSeen } from "../resources/user-model.js";
import { todayUtc } from "../calendar-date.js";
import { deactivationHasPassed, type Roster, type RosterUser, type SourcePosition } from "../roster/index.js";
import { rosterDifferences } from "./drift.js";

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
  /**
   * The `active` the roster asked for when the stack last wrote the user (UserOutputs.rosterActive): false = the
   * roster took their access away. Absent in states written before it was recorded: then, like true, an inactive
   * user lost access outside the roster.
   */
  rosterActive?: boolean;
  /** A joiner held without a Ramp account until this day (Ramp refused draft users): see isHeldJoiner. */
  heldUntil?: string;
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
  firstName?: string;
  lastName?: string;
  managerId?: string | null;
  isManager?: boolean | null;
  scheduledDeactivationDate?: string | null;
  /** A draft's scheduled invitation day. */
  scheduledInvitationDate?: string | null;
}

/** Live Ramp's users, by id and by email (lower-cased), and the names of its departments and locations by id. */
export interface LiveRamp {
  byId: ReadonlyMap<string, LivePerson>;
  byEmail: ReadonlyMap<string, LivePerson>;
  departmentNames: ReadonlyMap<string, string>;
  locationNames: ReadonlyMap<string, string>;
}

export function liveRampOf(
  people: readonly LivePerson[],
  departments: readonly { id: string; name: string }[] = [],
  locations: readonly { id: string; name: string }[] = [],
): LiveRamp {
  return {
    byId: new Map(people.map((p) => [p.id, p])),
    byEmail: new Map(people.map((p) => [emailKey(p.email), p])),
    departmentNames: new Map(departments.map((d) => [d.id, d.name])),
    locationNames: new Map(locations.map((l) => [l.id, l.name])),
  };
}

/** What the plan needs besides the roster, the state and Ramp. */
export interface PlanContext {
  /** Today, `YYYY-MM-DD` (UTC): a `deactivateOn` before it has passed. Default: the clock's. */
  today?: string;
  /** Emails (lower-cased) whose reactivation this run may make although the roster did not remove them. */
  confirmReactivations?: readonly string[];
  /**
   * Whom earlier runs' rosters removed (email → Ramp user id), as the last run's stack output carried it forward: added
   * back, the same account is reactivated as the roster's own grant, without a confirmation.
   */
  removedFromRoster?: Readonly<Record<string, string>>;
}

/** A `deactivateOn` before today: Ramp has deactivated the person, or does so today at the latest. */
export function deactivationDatePassed(user: Pick<RosterUser, "deactivateOn">, today: string): boolean {
  return typeof user.deactivateOn === "string" && deactivationHasPassed(user.deactivateOn, today);
}

/** A joiner's first day while it is still ahead (after `today`): the program passes it, and the user is a draft until then. */
export function joinerDay(user: Pick<RosterUser, "startOn">, today: string): string | undefined {
  return typeof user.startOn === "string" && user.startOn > today ? user.startOn : undefined;
}

/** Whether the run wants the user to have access: active in the roster, with no end date that has passed. */
export function wantsAccess(user: RosterUser, today: string): boolean {
  return user.active && !deactivationDatePassed(user, today);
}

/** Why a run deactivates a user; an email change names the new email (`email changed to new@x.com`). */
export type DeactivationReason =
  | "removed from the roster"
  | "marked active: false"
  | "added with active: false, active in Ramp"
  | `deactivateOn ${string} has passed`
  | `email changed to ${string}`
  | `a delete left over from an interrupted email change to ${string} may deactivate the old account`;

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

/** A user new to the stack whom Ramp already has: the run takes over that account instead of inviting. */
export interface Adoption extends RampAccountSeen {
  email: string;
}

/**
 * A roster user who is inactive in Ramp although the roster did not take their access away: held inactive unless a
 * confirmation names them.
 */
export interface HeldReactivation {
  email: string;
  status: string;
  /** Why they are inactive, as far as the plan can tell. */
  why: string;
}

/** An admin the roster keeps who is not counted towards ramp:minAdmins, and why. */
export interface UncountedAdmin {
  email: string;
  why: string;
}

/** A joiner's invitation the run schedules for their first day (a new draft), or moves (`from`: the day Ramp had). */
export interface ScheduledInvitation {
  email: string;
  date: string;
  /** The day Ramp had scheduled (null: none), when the run moves or sets the schedule of an existing draft. */
  from?: string | null;
}

export interface RunPlan {
  /** Users the run will deactivate in Ramp. */
  deactivations: Deactivation[];
  /** Users whose email changed in the roster (formerEmails). */
  emailChanges: EmailChange[];
  /** Users removed from the roster with retainOnDelete: dropped from the stack, left as they are in Ramp. */
  released: string[];
  /**
   * Users the run will reactivate: the roster took their access away and now gives it back, or a confirmation names
   * them.
   */
  reactivations: string[];
  /** The reactivations only a confirmation (ramp:confirmReactivations) allows. */
  confirmedReactivations: string[];
  /** New roster users whose inactive account the roster itself removed in an earlier run: added back, reactivated. */
  addedBack: string[];
  /** Whom the roster has removed, carried forward to the next run (the stack output `removedFromRoster`). */
  removedFromRoster: Record<string, string>;
  /** Inactive in Ramp, active in the roster, not removed by the roster and not confirmed: left inactive, reported. */
  held: HeldReactivation[];
  /** Users new to the stack, other than an email change: invited, or adopted if Ramp already has them. */
  additions: string[];
  /** Users the run invites now: new users Ramp does not have, and drafts whose first day is no longer ahead. */
  invitations: string[];
  /** Joiners whose invitation the run schedules for their first day, or moves to a new one: nobody invited now. */
  scheduledInvitations: ScheduledInvitation[];
  /** Drafts (joiners before their first day) the run removes: invitation cancelled, draft deactivated; no access taken. */
  withdrawnJoiners: string[];
  /** Joiners held without a Ramp account until their first day (Ramp refused draft users for the business). */
  heldJoiners: { email: string; date: string }[];
  /** New users Ramp has: adopted (and reactivated only if confirmed). */
  adoptions: Adoption[];
  /**
   * Admins (BUSINESS_ADMIN) able to sign in after the run: active in Ramp, or reactivated by it. When Ramp could not
   * be read, the roster's active admins.
   */
  activeAdmins: string[];
  /** Roster admins not counted in activeAdmins (invited, expired, suspended, held). */
  uncountedAdmins: UncountedAdmin[];
  /**
   * Admins who can sign in to Ramp now and will not after the run (demoted, deactivated, removed): only a run that
   * takes admin access away can leave Ramp with too few admins, so the guard looks at the count only then.
   */
  adminsLosingAccess: string[];
  /** Pending invites in Ramp that neither the roster nor the stack manages (by hand, or a run stopped and reverted). */
  unmanagedInvites: { email: string; userId: string }[];
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

/** What adopting `person` for `user` changes, in roster terms (Ramp's value → the roster's). */
function adoptionChanges(user: RosterUser, person: LivePerson, live: LiveRamp): RampAccountSeen["changes"] {
  const emails = new Map([...live.byId.values()].map((p) => [p.id, p.email]));
  return rosterDifferences(user, person, { department: live.departmentNames, location: live.locationNames, email: emails }, { status: false }).map(
    ({ field, roster, ramp }) => ({ field, from: ramp, to: roster }),
  );
}

export function planRun(
  roster: Roster,
  recorded: readonly RecordedUser[],
  live: LiveRamp | undefined,
  liveProblem?: string,
  context: PlanContext = {},
): RunPlan {
  const today = context.today ?? todayUtc();
  const confirmed = new Set((context.confirmReactivations ?? []).map(emailKey));
  const before = new Map(recorded.map((record) => [emailKey(record.email), record]));
  const after = new Map(roster.users.map((user) => [user.key, user]));
  const carried = carriedOver(roster, before);
  const plan: RunPlan = {
    deactivations: [],
    emailChanges: [],
    released: [],
    reactivations: [],
    confirmedReactivations: [],
    addedBack: [],
    removedFromRoster: {},
    held: [],
    additions: [],
    invitations: [],
    scheduledInvitations: [],
    withdrawnJoiners: [],
    heldJoiners: [],
    adoptions: [],
    activeAdmins: [],
    uncountedAdmins: [],
    adminsLosingAccess: [],
    unmanagedInvites: [],
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
  /**
   * A roster user who wants access and is inactive in Ramp: reactivated when the roster itself took their access
   * away or a confirmation names them, held inactive (and reported, with `why`) otherwise.
   */
  const reactivation = (user: RosterUser, person: LivePerson, record: Pick<RecordedUser, "rosterActive">, why: string): void => {
    const confirmation = confirmed.has(user.key);
    // The provider's own rule (mayReactivate), given the input the program passes for a confirmed user.
    if (!mayReactivate(record, { confirmReactivation: confirmation })) plan.held.push({ email: user.key, status: person.status, why });
    else {
      plan.reactivations.push(user.key);
      if (record.rosterActive !== false) plan.confirmedReactivations.push(user.key);
    }
  };
  /** A draft in Ramp now: removing them takes access from nobody. Unknown (Ramp unread) is not a draft (fail closed). */
  const isDraftNow = (record: RecordedUser): boolean => isDraftStatus(personOf(record)?.status);
  /** What the run does with the invitation of a draft the roster keeps: schedule or move it, or send it now. */
  const draftInvitation = (user: RosterUser, person: LivePerson): void => {
    const day = joinerDay(user, today);
    if (day === undefined) plan.invitations.push(user.key);
    else if ((person.scheduledInvitationDate ?? null) !== day) {
      plan.scheduledInvitations.push({ email: user.key, date: day, from: person.scheduledInvitationDate ?? null });
    }
  };
  const deactivationReason = (user: RosterUser, otherwise: DeactivationReason): DeactivationReason =>
    user.active && deactivationDatePassed(user, today) ? `deactivateOn ${user.deactivateOn} has passed` : otherwise;

  const examined = new Map<RosterUser, LivePerson | undefined>();
  for (const [email, record] of before) {
    const newEmail = carried.get(email);
    const wanted = newEmail !== undefined ? after.get(newEmail) : after.get(email);
    const person = personOf(record);
    const protectedNow = record.protect === true || wanted?.protect === true;
    if (!wanted) {
      if (record.retainOnDelete) plan.released.push(email);
      else if (isDraftNow(record)) plan.withdrawnJoiners.push(email);
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
    const wantsIt = wantsAccess(wanted, today);
    if (activeNow && !wantsIt && isDraftNow(record)) {
      plan.withdrawnJoiners.push(wanted.key);
    } else if (activeNow && wantsIt && person !== undefined && isDraftStatus(person.status)) {
      draftInvitation(wanted, person);
    } else if (!activeNow && wantsIt && person === undefined && record.heldUntil !== undefined && joinerDay(wanted, today) !== undefined) {
      plan.heldJoiners.push({ email: wanted.key, date: joinerDay(wanted, today)! });
    } else if (activeNow && !wantsIt) {
      plan.deactivations.push({ email: wanted.key, reason: deactivationReason(wanted, "marked active: false") });
      if (protectedNow) block(wanted, "is protected (protect: true) and cannot be deactivated: remove protect in an earlier, separate change first");
    } else if (!activeNow && wantsIt && person === undefined && live && !record.userId) {
      plan.invitations.push(wanted.key); // recorded without an account (added inactive), active now: invited
    } else if (!activeNow && wantsIt && person !== undefined) {
      reactivation(
        wanted,
        person,
        record,
        "deactivated in Ramp, not by the roster (by an admin, an identity provider, or Ramp on a scheduled date)",
      );
    }
    const liveRole = person?.role ?? record.role;
    if (protectedNow && liveRole !== undefined && liveRole !== wanted.role) {
      block(wanted, `is protected (protect: true): their role stays ${liveRole}; remove protect in an earlier, separate change before changing it to ${wanted.role}`);
    }
  }

  const replacements = new Set([...carried.entries()].filter(([from]) => !plan.emailChanges.find((c) => c.from === from)?.kept).map(([, to]) => to));
  for (const [email, user] of after) {
    const isNew = !before.has(email) && !examined.has(user);
    if (!isNew) continue;
    if (!replacements.has(email)) plan.additions.push(email);
    const person = live?.byEmail.get(email);
    examined.set(user, person);
    const wantsIt = wantsAccess(user, today);
    if (live && !person) {
      const day = joinerDay(user, today);
      if (wantsIt && day !== undefined) plan.scheduledInvitations.push({ email, date: day });
      else if (wantsIt) plan.invitations.push(email);
      continue;
    }
    if (wantsIt && person !== undefined && isDraftStatus(person.status)) draftInvitation(user, person);
    // A new entry adopts whoever Ramp has under the email: `active: false` then deactivates them.
    if (!wantsIt && person !== undefined && isDraftStatus(person.status)) plan.withdrawnJoiners.push(email);
    else if (!wantsIt && (!live || (person !== undefined && isActiveStatus(person.status)))) {
      plan.deactivations.push({ email, reason: deactivationReason(user, "added with active: false, active in Ramp") });
      if (user.protect) block(user, "is protected (protect: true) and cannot be deactivated: remove protect in an earlier, separate change first");
    }
    if (!live || !person) continue;
    const removedBefore = context.removedFromRoster?.[email] === person.id;
    plan.adoptions.push({
      email,
      userId: person.id,
      status: person.status,
      role: person.role,
      changes: adoptionChanges(user, person, live),
      ...(removedBefore ? { removedFromRoster: true } : {}),
    });
    if (wantsIt && !isActiveStatus(person.status)) {
      if (removedBefore) plan.addedBack.push(email);
      reactivation(
        user,
        person,
        removedBefore ? { rosterActive: false } : {},
        "an inactive Ramp account already has this email: a former person's, or someone deactivated by hand",
      );
    }
    if (user.protect && person.role !== user.role) {
      block(user, `is protected (protect: true): their role stays ${person.role}; remove protect in an earlier, separate change before changing it to ${user.role}`);
    }
  }

  // A delete the last run left pending (an email change stopped between the new account's invite and the old one's
  // deactivation) is not in the state this plan reads: count the old account while Ramp still has it active.
  for (const user of roster.users) {
    const record = before.get(user.key);
    if (!live || !record || !user.formerEmails) continue;
    for (const former of user.formerEmails) {
      const old = live.byEmail.get(former);
      if (before.has(former) || !old || !isActiveStatus(old.status) || old.id === record.userId) continue;
      if (plan.deactivations.some((d) => d.email === former)) continue;
      plan.deactivations.push({ email: former, reason: `a delete left over from an interrupted email change to ${user.key} may deactivate the old account` });
    }
  }

  // Removals carried forward: earlier ones whose email the roster does not list again, and this run's.
  for (const [email, id] of Object.entries(context.removedFromRoster ?? {})) if (!after.has(email)) plan.removedFromRoster[email] = id;
  for (const [email, record] of before) {
    const kept = after.has(email) || carried.has(email);
    if (!kept && !record.retainOnDelete && record.userId) plan.removedFromRoster[email] = record.userId;
  }

  const reactivated = new Set(plan.reactivations);
  for (const [email, user] of after) {
    if (user.role !== ADMIN_ROLE || !wantsAccess(user, today)) continue;
    const record = before.get(email);
    const person = live ? (record ? personOf(record) : live.byEmail.get(email)) : undefined;
    // Without Ramp the run cannot change anyone either: the roster's own admins are counted, as before Ramp was read.
    if (!live) plan.activeAdmins.push(email);
    else if (reactivated.has(email) || person?.status === ACTIVE_STATUS) plan.activeAdmins.push(email);
    else plan.uncountedAdmins.push({ email, why: person ? `${person.status} in Ramp` : "not in Ramp yet (invited by this run)" });
  }

  if (live) {
    const adminsAfter = new Set(plan.activeAdmins);
    const managedIds = new Set(recorded.map((r) => r.userId).filter((id): id is string => typeof id === "string"));
    for (const person of live.byId.values()) {
      const email = emailKey(person.email);
      if (person.role !== ADMIN_ROLE || person.status !== ACTIVE_STATUS || adminsAfter.has(email)) continue;
      const managed = managedIds.has(person.id) || before.has(email) || after.has(email);
      const released = before.get(email)?.retainOnDelete === true && !after.has(email);
      if (managed && !released) plan.adminsLosingAccess.push(email);
    }
    const known = new Set([...after.keys(), ...before.keys(), ...roster.users.flatMap((u) => u.formerEmails ?? [])]);
    for (const person of live.byEmail.values()) {
      if (person.status === PENDING_INVITE_STATUS && !known.has(emailKey(person.email))) {
        plan.unmanagedInvites.push({ email: emailKey(person.email), userId: person.id });
      }
    }
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
    const why = person.status === DRAFT_STATUS ? draftAttention(user, person, today) : STATUSES_NEEDING_ATTENTION[person.status];
    if (why !== undefined && user.active) plan.attention.push({ email: user.key, status: person.status, why });
    if (emailKey(person.email) !== user.key) plan.emailDrift.push({ email: user.key, rampEmail: person.email });
  }
  for (const held of plan.held) {
    plan.attention.push({
      email: held.email,
      status: held.status,
      why: `${held.why}: left inactive; confirm their reactivation by name (ramp:confirmReactivations) or mark them 'active: false'`,
    });
  }

  for (const list of [plan.withdrawnJoiners, plan.released, plan.reactivations, plan.confirmedReactivations, plan.addedBack, plan.additions, plan.invitations, plan.activeAdmins, plan.adminsLosingAccess]) {
    list.sort();
  }
  plan.deactivations.sort((a, b) => a.email.localeCompare(b.email));
  plan.emailChanges.sort((a, b) => a.from.localeCompare(b.from));
  plan.blocked.sort((a, b) => a.email.localeCompare(b.email));
  plan.attention.sort((a, b) => a.email.localeCompare(b.email));
  plan.emailDrift.sort((a, b) => a.email.localeCompare(b.email));
  for (const list of [plan.scheduledInvitations, plan.heldJoiners, plan.held, plan.adoptions, plan.uncountedAdmins, plan.unmanagedInvites]) list.sort((a, b) => a.email.localeCompare(b.email));
  return plan;

  function block(user: RosterUser, message: string): void {
    plan.blocked.push({ email: user.key, source: user.source, message: `${user.email} ${message}` });
  }
}

/**
 * Why a draft the roster lists needs a person, if it does: its first day (the roster's, or the day Ramp had
 * scheduled) has passed and Ramp has not sent the invitation (the beta refused, or the schedule cancelled in Ramp).
 * A draft whose day is ahead is a joiner waiting, not a problem.
 */
function draftAttention(user: RosterUser, person: LivePerson, today: string): string | undefined {
  const day = [user.startOn, person.scheduledInvitationDate].find((d): d is string => typeof d === "string" && d < today);
  if (day === undefined) return undefined;
  return `a draft whose first day ${day} has passed without an invitation: this run sends it; if Ramp refuses, send it from Ramp's admin UI`;
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
  const adopted = plan.adoptions.length;
  const parts = [
    `${plan.additions.length} new` + (adopted > 0 ? ` (${plan.invitations.length} to invite, ${adopted} to adopt from Ramp)` : ""),
    ...(replaced > 0 ? [`${replaced} replaced (new email)`] : []),
    ...(kept > 0 ? [`${kept} email(s) already changed in Ramp`] : []),
    ...(plan.scheduledInvitations.length > 0 ? [`${plan.scheduledInvitations.length} invitation(s) scheduled for a first day`] : []),
    ...(plan.heldJoiners.length > 0 ? [`${plan.heldJoiners.length} joiner(s) held until their first day`] : []),
    `${plan.deactivations.length} to deactivate`,
    ...(plan.withdrawnJoiners.length > 0 ? [`${plan.withdrawnJoiners.length} joiner(s) withdrawn before their first day`] : []),
    `${plan.reactivations.length} to reactivate`,
    ...(plan.held.length > 0 ? [`${plan.held.length} held inactive (reactivation not confirmed)`] : []),
    ...(plan.released.length > 0 ? [`${plan.released.length} released (retainOnDelete)`] : []),
    `${plan.activeAdmins.length} active admins`,
  ];
  return `roster plan: ${parts.join(", ")}`;
}
