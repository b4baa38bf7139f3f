// The RampUser resource's inputs and outputs, and the pure rules that compare them: check, diff, and the
// mapping between live Ramp users and resource properties. No network here: the engine runs check and diff
// one at a time, and they must stay fast and deterministic.
import { isCalendarDate } from "../calendar-date.js";
import { ACTIVE_STATUS, ADMIN_ROLE, ASSIGNABLE_ROLES, DRAFT_STATUS, emailKey, INACTIVE_STATUS, MAX_NAME_LENGTH, OWNER_ROLE } from "../ramp-facts.js";
import { emailProblem } from "../roster/email.js";
import type { RampUserRecord, UserPatch } from "../client/index.js";

/** What the program asks for. `undefined` on an optional field means "not managed": whatever Ramp has is kept. */
export type UserInputs = {
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  /** null = no department; undefined = not managed */
  departmentId?: string | null;
  locationId?: string | null;
  managerId?: string | null;
  employeeId?: string | null;
  isManager?: boolean;
  /**
   * The day Ramp deactivates the user by itself (`scheduled_deactivation_date`, YYYY-MM-DD); null = none (also sent
   * on invite, so a guest never gets Ramp's silent six-month default); undefined = not managed.
   */
  deactivateOn?: string | null;
  /**
   * A joiner's first day (`YYYY-MM-DD`), set by the program only while it is still ahead: the user is created as a
   * draft whose invitation Ramp sends that day. Absent: invited now (a draft's invitation is sent). On outputs: the
   * day Ramp has the draft's invitation scheduled for (null: none), or the day a held joiner waits for.
   */
  startOn?: string | null;
  /** false = deactivated in Ramp */
  active: boolean;
  /**
   * The resource's `protect` option, mirrored as an input: the provider holds a protected user's access and role
   * (a deactivation or a change of role is refused), and the next run's plan reads it from the state.
   */
  protect?: boolean;
  /** The resource's `retainOnDelete` option, mirrored so that the next run's plan knows removal deactivates no one. */
  retainOnDelete?: boolean;
  /**
   * This run may make the user active again although their record does not show the roster took their access away
   * (Ramp deactivated them on a date, an admin did by hand, or the email belongs to an inactive account). The program
   * sets it only for the people `ramp:confirmReactivations` or RAMP_CONFIRM_REACTIVATIONS names, and for people an
   * earlier roster removed and this one adds back (the stack output removedFromRoster); without it an inactive user
   * stays inactive and is reported.
   */
  confirmReactivation?: boolean;
  /**
   * What Ramp has under the email of a user new to the stack, as the program found it: the preview (and
   * `ramp-roster plan`) then shows an adoption or a reactivation, with what it changes, instead of an invitation.
   * For people to read: `create` looks the person up again.
   */
  rampAccount?: RampAccountSeen;
};

/** A Ramp account found under a new roster user's email, in roster terms (see UserInputs.rampAccount). */
export interface RampAccountSeen {
  userId: string;
  status: string;
  /** Ramp's role (API name). */
  role: string;
  /** Each managed field adoption changes, as people read it (department and location names, manager emails). */
  changes: { field: string; from: string | null; to: string | null }[];
  /** The roster removed this very account in an earlier run: added back, it is reactivated as the roster's grant. */
  removedFromRoster?: boolean;
}

/** What the state holds: the managed fields as last seen in Ramp, plus Ramp's own facts about the user. */
export type UserOutputs = UserInputs & {
  /** Ramp's user id; null while the user has no Ramp account (see NO_ACCOUNT). */
  userId: string | null;
  status: string;
  /**
   * The email Ramp has for the user, when it differs from the roster's `email` (changed in Ramp by hand or by an
   * identity provider). Ramp's API cannot change an email, so this is drift only the roster can reconcile (the new
   * email in the roster, the old one in `formerEmails`). `email` stays the roster's: the user's identity here.
   */
  rampEmail?: string;
  /**
   * The `active` the roster asked for when this stack last created or updated the user. False means the roster
   * took their access away, so the roster may give it back (`active: true` again is a reactivation the plan shows);
   * an inactive user recorded without it (or with true) lost access outside the roster, and is reactivated only
   * with a confirmation naming them.
   */
  rosterActive?: boolean;
};

/** Fields compared field by field; `email` is the identity and handled apart (a change replaces the user). */
export const MANAGED_USER_FIELDS = [
  "firstName",
  "lastName",
  "role",
  "departmentId",
  "locationId",
  "managerId",
  "employeeId",
  "isManager",
  "deactivateOn",
] as const;
export type ManagedUserField = (typeof MANAGED_USER_FIELDS)[number];

/** The engine's placeholder for a value not known during preview (an id of a resource still to be created). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A roster user with `active: false` who has no Ramp account is already where the roster wants them: nobody is
 * invited just to be deactivated. The resource records them under a placeholder id with this status; making them
 * active later replaces the placeholder with a real invite.
 */
export const NO_ACCOUNT = "NO_ACCOUNT";
const ABSENT_ID_PREFIX = "absent:";

export function absentUserId(email: string): string {
  return `${ABSENT_ID_PREFIX}${emailKey(email)}`;
}

export function isAbsentUserId(id: string): boolean {
  return id.startsWith(ABSENT_ID_PREFIX);
}

/**
 * Whether a user may have access, or may get it back without us: anything but deactivated (or never invited).
 * Suspended users, expired invites, drafts and statuses this code does not know count as having access, so that a
 * user the roster removes is always deactivated (fail closed) and never re-invited.
 */
export function isActiveStatus(status: string): boolean {
  return status !== INACTIVE_STATUS && status !== NO_ACCOUNT;
}

/**
 * A draft user: in Ramp, never invited, no access. Removing one takes access from nobody: its invitation is
 * cancelled and the draft deactivated (so a schedule Ramp did not drop cannot invite them), outside the deactivation
 * budget and the guard's count.
 */
export function isDraftStatus(status: unknown): boolean {
  return status === DRAFT_STATUS;
}

/**
 * A joiner held without a Ramp account until their first day, because Ramp refused draft users for the business:
 * recorded like a user without an account, with the day (`startOn`) and `rosterActive: true`.
 */
export function isHeldJoiner(olds: Record<string, unknown>): boolean {
  return olds.status === NO_ACCOUNT && olds.rosterActive === true && typeof olds.startOn === "string";
}

/**
 * Whether a run may make an inactive user active again: only when the roster itself took their access away (the
 * record says the roster last asked for `active: false`) or a confirmation names them. A user deactivated in Ramp
 * (by an admin, an identity provider, a scheduled date) or an inactive account found under a new roster email is
 * otherwise left inactive. `recorded` is empty for a user new to the stack.
 */
export function mayReactivate(recorded: { rosterActive?: unknown }, wanted: { confirmReactivation?: unknown }): boolean {
  return recorded.rosterActive === false || wanted.confirmReactivation === true;
}

/** The fields a PATCH cannot set to null: Ramp's API cannot clear them (only `direct_manager_id` takes null). */
export const UNCLEARABLE_FIELDS = ["departmentId", "locationId", "employeeId"] as const;
export type UnclearableField = (typeof UNCLEARABLE_FIELDS)[number];

const FIELD_LABEL: Record<UnclearableField, string> = { departmentId: "department", locationId: "location", employeeId: "employee id" };

/** Why `field` cannot be cleared: the words preview and errors use. */
export function cannotClearReason(field: UnclearableField): string {
  return (
    `Ramp's API cannot remove a user's ${FIELD_LABEL[field]} (a PATCH takes no null for it): set the ${FIELD_LABEL[field]} ` +
    `they should have instead, or remove it in Ramp's admin UI first; leaving the field out of the roster stops managing it`
  );
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * What the previous inputs (after `refresh`, live Ramp's) and the new ones cannot be together: a protected user's
 * deactivation or change of role, and a field Ramp's API cannot clear. The program reports the same at the roster
 * line before any resource is registered; this is the provider's own backstop.
 */
export function checkUserTransition(olds: Record<string, unknown>, news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  if (Object.keys(olds).length === 0) return failures; // a new resource: create finds out what Ramp has
  const wasProtected = olds.protect === true;
  if (wasProtected || news.protect === true) {
    const why = wasProtected ? "the user is protected (protect: true)" : "protect: true is set on the user";
    if (news.active === false && olds.active !== false) {
      failures.push({ property: "active", reason: `${why}: remove protect in an earlier, separate change before deactivating them` });
    }
    if (typeof olds.role === "string" && typeof news.role === "string" && news.role !== UNKNOWN_VALUE && olds.role !== news.role) {
      failures.push({ property: "role", reason: `${why}: remove protect in an earlier, separate change before changing their role` });
    }
  }
  for (const field of UNCLEARABLE_FIELDS) {
    if (news[field] === null && typeof olds[field] === "string" && olds[field] !== "") {
      failures.push({ property: field, reason: cannotClearReason(field) });
    }
  }
  return failures;
}

/** Input validation with a reason per property, as `pulumi preview` prints it. */
export function checkUserInputs(news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const isKnownString = (v: unknown): v is string => typeof v === "string" && v !== UNKNOWN_VALUE;

  if (!isKnownString(news.email) || emailProblem(news.email.trim()) !== undefined) {
    fail("email", `must be an email address, got ${JSON.stringify(news.email)}`);
  }
  for (const field of ["firstName", "lastName"] as const) {
    const value = news[field];
    if (value === UNKNOWN_VALUE) continue;
    if (typeof value !== "string" || value.trim() === "") fail(field, "is required");
    else if (value.length > MAX_NAME_LENGTH) fail(field, `is ${value.length} characters; Ramp accepts at most ${MAX_NAME_LENGTH}`);
  }
  if (news.role !== UNKNOWN_VALUE) {
    if (news.role === OWNER_ROLE) {
      fail("role", "BUSINESS_OWNER cannot be invited or assigned through Ramp's API; the owner is managed in Ramp");
    } else if (!(ASSIGNABLE_ROLES as readonly unknown[]).includes(news.role)) {
      fail("role", `must be one of ${ASSIGNABLE_ROLES.join(", ")}, got ${JSON.stringify(news.role)}`);
    }
  }
  for (const field of ["departmentId", "locationId", "managerId", "employeeId"] as const) {
    const value = news[field];
    if (value !== undefined && value !== null && typeof value !== "string") fail(field, "must be a string or null");
  }
  if (news.startOn !== undefined && news.startOn !== null && news.startOn !== UNKNOWN_VALUE) {
    if (typeof news.startOn !== "string" || !isCalendarDate(news.startOn)) fail("startOn", "must be a date (YYYY-MM-DD)");
  }
  const deactivateOn = news.deactivateOn;
  if (deactivateOn !== undefined && deactivateOn !== null && deactivateOn !== UNKNOWN_VALUE) {
    if (typeof deactivateOn !== "string" || !isCalendarDate(deactivateOn)) fail("deactivateOn", "must be a date (YYYY-MM-DD) or null");
  }
  if (news.isManager !== undefined && typeof news.isManager !== "boolean") fail("isManager", "must be true or false");
  if (typeof news.active !== "boolean") fail("active", "must be true or false");
  for (const flag of ["protect", "retainOnDelete", "confirmReactivation"] as const) {
    if (news[flag] !== undefined && typeof news[flag] !== "boolean") fail(flag, "must be true or false");
  }
  if (news.role === ADMIN_ROLE && typeof news.managerId === "string") {
    fail("managerId", "Ramp refuses a manager for an admin (BUSINESS_ADMIN); remove the manager or change the role");
  }
  return failures;
}

/** Normalises the inputs the engine hands over: trims, drops the serialized provider and unknown keys. */
export function normaliseUserInputs(news: Record<string, unknown>): UserInputs {
  const inputs: UserInputs = {
    email: String(news.email).trim(),
    firstName: String(news.firstName),
    lastName: String(news.lastName),
    role: String(news.role),
    active: news.active !== false,
  };
  for (const field of ["departmentId", "locationId", "managerId", "employeeId", "deactivateOn"] as const) {
    const value = news[field];
    if (value !== undefined) inputs[field] = value === null || value === "" ? null : String(value);
  }
  if (typeof news.isManager === "boolean") inputs.isManager = news.isManager;
  if (typeof news.startOn === "string" && news.startOn !== "") inputs.startOn = news.startOn;
  if (typeof news.protect === "boolean") inputs.protect = news.protect;
  if (typeof news.retainOnDelete === "boolean") inputs.retainOnDelete = news.retainOnDelete;
  if (news.confirmReactivation === true) inputs.confirmReactivation = true;
  return inputs;
}

function sameValue(field: ManagedUserField, old: unknown, wanted: unknown): boolean {
  const norm = (v: unknown) => (v === undefined || v === "" ? null : v);
  if (field === "isManager") return (old ?? false) === (wanted ?? false);
  return norm(old) === norm(wanted);
}

export function sameEmail(a: unknown, b: unknown): boolean {
  return typeof a === "string" && typeof b === "string" && emailKey(a) === emailKey(b);
}

/** The managed fields whose wanted value differs from the recorded one. Unknown values count as changed. */
export function changedFields(olds: Record<string, unknown>, news: Record<string, unknown>): ManagedUserField[] {
  return MANAGED_USER_FIELDS.filter((field) => {
    if (!(field in news) || news[field] === undefined) return false; // not managed
    if (news[field] === UNKNOWN_VALUE) return true;
    return !sameValue(field, olds[field], news[field]);
  });
}

export interface UserDiff {
  changes: boolean;
  replaces: string[];
  fields: string[];
}

/** The email Ramp has for the recorded user: `rampEmail` when it differs from the roster's, else `email`. */
export function recordedRampEmail(olds: Record<string, unknown>): unknown {
  return typeof olds.rampEmail === "string" ? olds.rampEmail : olds.email;
}

/**
 * Field by field against the recorded (ideally refreshed) outputs. Only a change of the roster's own email replaces
 * a user (formerEmails carries the resource over): the new email is a different Ramp user unless Ramp already has
 * it for this one (changed in Ramp first), and then it is an update that records it. An email changed in Ramp alone
 * is drift that the API cannot undo: an `email` change (preview and the drift check show both emails), never a
 * replacement — a replacement would invite the old email again and deactivate the person's real account.
 */
export function diffUser(olds: Record<string, unknown>, news: Record<string, unknown>): UserDiff {
  const replaces: string[] = [];
  const fields: string[] = [];
  const rampEmail = recordedRampEmail(olds);
  if (news.email === UNKNOWN_VALUE) replaces.push("email");
  else if (!sameEmail(olds.email, news.email)) {
    if (sameEmail(rampEmail, news.email)) fields.push("email");
    else replaces.push("email");
  } else if (!sameEmail(rampEmail, news.email)) fields.push("email");
  // Someone recorded without a Ramp account who should now be active needs an invite: a new resource; a joiner held
  // until their first day (Ramp refused drafts) stays held, moving only their day, while the day is ahead.
  const stillHeld = isHeldJoiner(olds) && news.active !== false && typeof news.startOn === "string";
  if (replaces.length === 0 && olds.status === NO_ACCOUNT && news.active !== false && !stillHeld) replaces.push("active");
  if (stillHeld && olds.startOn !== news.startOn) fields.push("startOn");
  // A draft's invitation: scheduled for the wanted day, or sent now once no day is ahead. Someone already invited
  // is never invited again, whatever startOn says.
  if (isDraftStatus(olds.status) && news.active !== false && (olds.startOn ?? null) !== (news.startOn ?? null)) fields.push("startOn");
  // An end date means nothing for a user who is to be inactive (it is never sent to them): no perpetual diff.
  fields.push(...changedFields(olds, news).filter((field) => field !== "deactivateOn" || news.active !== false));
  const oldActive = stillHeld || (olds.active !== false && (typeof olds.status !== "string" || isActiveStatus(olds.status)));
  if ((news.active !== false) !== oldActive) fields.push("active");
  for (const flag of ["protect", "retainOnDelete"] as const) {
    if ((olds[flag] === true) !== (news[flag] === true)) fields.push(flag);
  }
  return { changes: replaces.length > 0 || fields.length > 0, replaces, fields: [...replaces, ...fields] };
}

/** The PATCH that takes a live user to the wanted fields: only what differs, in Ramp client terms. */
export interface UserChange {
  patch: UserPatch;
  /** Fields the roster wants cleared that Ramp's API cannot clear: never sent (the spec refuses null for them). */
  uncleared: UnclearableField[];
}

export function patchFor(live: RampUserRecord, wanted: UserInputs): UserChange {
  const patch: UserPatch = {};
  const uncleared: UnclearableField[] = [];
  if (wanted.firstName !== live.firstName) patch.firstName = wanted.firstName;
  if (wanted.lastName !== live.lastName) patch.lastName = wanted.lastName;
  if (wanted.role !== live.role) patch.role = wanted.role;
  for (const field of UNCLEARABLE_FIELDS) {
    const value = wanted[field];
    if (value === undefined || (value ?? null) === live[field]) continue;
    if (value === null) uncleared.push(field);
    else patch[field] = value;
  }
  // A placeholder id (a manager without a Ramp account) never reaches Ramp: no manager is what Ramp can have.
  const managerId = wanted.managerId !== undefined && wanted.managerId !== null && isAbsentUserId(wanted.managerId) ? null : wanted.managerId;
  if (managerId !== undefined && (managerId ?? null) !== live.managerId) patch.managerId = managerId;
  if (wanted.isManager !== undefined && wanted.isManager !== (live.isManager ?? false)) patch.isManager = wanted.isManager;
  // A date matters only to a user who has access: one who is (or stays) inactive gets none, and a past date would
  // only be Ramp's refusal.
  const staysActive = wanted.active && isActiveStatus(live.status);
  if (staysActive && wanted.deactivateOn !== undefined && (wanted.deactivateOn ?? null) !== (live.scheduledDeactivationDate ?? null)) {
    patch.scheduledDeactivationDate = wanted.deactivateOn;
  }
  return { patch, uncleared };
}

/**
 * The user as the state last recorded them, in the client's terms, so an update can converge from it exactly as a
 * create converges from the live user. Fields the state does not hold read as empty.
 */
export function userFromOutputs(id: string, olds: Record<string, unknown>): RampUserRecord {
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    id,
    email: String(recordedRampEmail(olds) ?? ""),
    firstName: String(olds.firstName ?? ""),
    lastName: String(olds.lastName ?? ""),
    role: String(olds.role ?? ""),
    status: text(olds.status) ?? (olds.active === false ? INACTIVE_STATUS : ACTIVE_STATUS),
    departmentId: text(olds.departmentId),
    locationId: text(olds.locationId),
    managerId: text(olds.managerId),
    employeeId: text(olds.employeeId),
    isManager: typeof olds.isManager === "boolean" ? olds.isManager : null,
    scheduledDeactivationDate: text(olds.deactivateOn),
    scheduledInvitationDate: text(olds.startOn),
    entityId: text(olds.entityId),
    businessId: text(olds.businessId),
    phone: null,
  };
}

/**
 * Outputs from a live user. Optional fields appear only if managed (`managed` says which), so a field the roster
 * leaves alone never shows as drift. `email` is the roster's (`managed.email`, the user's identity); Ramp's own is
 * kept as `rampEmail` when it differs.
 */
export function outputsFromLive(
  live: RampUserRecord,
  managed: Partial<Record<ManagedUserField | "email" | "protect" | "retainOnDelete" | "rosterActive", unknown>>,
): UserOutputs {
  const email = typeof managed.email === "string" && managed.email !== "" ? managed.email : live.email;
  const outputs: UserOutputs = {
    email,
    firstName: live.firstName,
    lastName: live.lastName,
    role: live.role,
    active: isActiveStatus(live.status),
    userId: live.id,
    status: live.status,
  };
  if (!sameEmail(live.email, email)) outputs.rampEmail = live.email;
  if (managed.departmentId !== undefined) outputs.departmentId = live.departmentId;
  if (managed.locationId !== undefined) outputs.locationId = live.locationId;
  if (managed.managerId !== undefined) outputs.managerId = live.managerId;
  if (managed.employeeId !== undefined) outputs.employeeId = live.employeeId;
  if (managed.isManager !== undefined) outputs.isManager = live.isManager ?? false;
  if (managed.deactivateOn !== undefined) outputs.deactivateOn = live.scheduledDeactivationDate ?? null;
  // A draft's scheduled invitation is what the next diff compares with the wanted first day.
  if (isDraftStatus(live.status)) outputs.startOn = live.scheduledInvitationDate ?? null;
  if (typeof managed.protect === "boolean") outputs.protect = managed.protect;
  if (typeof managed.retainOnDelete === "boolean") outputs.retainOnDelete = managed.retainOnDelete;
  if (typeof managed.rosterActive === "boolean") outputs.rosterActive = managed.rosterActive;
  return outputs;
}

/** Outputs for a roster user who is inactive and has no Ramp account. */
export function outputsWithoutAccount(wanted: UserInputs): UserOutputs {
  const { confirmReactivation: _confirm, rampAccount: _seen, ...recorded } = wanted;
  return { ...recorded, active: false, userId: null, status: NO_ACCOUNT, rosterActive: wanted.active };
}

/**
 * The inputs a refresh hands back, so the next diff compares the roster against live Ramp. The email is Ramp's,
 * so `preview --diff` shows an email changed in Ramp as `email: "<Ramp's>" => "<roster's>"`.
 */
export function inputsFromOutputs(outputs: UserOutputs): UserInputs {
  const { userId: _userId, status: _status, rampEmail, rosterActive: _rosterActive, ...inputs } = outputs;
  return rampEmail !== undefined ? { ...inputs, email: rampEmail } : inputs;
}

/** Applies a patch to a live user, as Ramp will after a successful PATCH. */
export function applyPatch(live: RampUserRecord, patch: UserPatch): RampUserRecord {
  return { ...live, ...(patch as Partial<RampUserRecord>) };
}
