// The RampUser resource's inputs and outputs, and the pure rules that compare them: check, diff, and the
// mapping between live Ramp users and resource properties. No network here: the engine runs check and diff
// one at a time, and they must stay fast and deterministic.
import type { RampUser, UserPatch } from "../client/index.js";

/** What the program asks for. `undefined` on an optional field means "not managed": whatever Ramp has is kept. */
export interface UserInputs {
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
  /** false = deactivated in Ramp */
  active: boolean;
}

/** What the state holds: the managed fields as last seen in Ramp, plus Ramp's own facts about the user. */
export interface UserOutputs extends UserInputs {
  /** Ramp's user id; null while the user has no Ramp account (see NO_ACCOUNT). */
  userId: string | null;
  status: string;
  entityId: string | null;
  businessId: string | null;
}

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
] as const;
export type ManagedUserField = (typeof MANAGED_USER_FIELDS)[number];

/** The roles Ramp's API accepts on invite and update. BUSINESS_OWNER is readable but never assignable. */
export const ASSIGNABLE_ROLES = [
  "BUSINESS_ADMIN",
  "BUSINESS_USER",
  "BUSINESS_BOOKKEEPER",
  "IT_ADMIN",
  "AUDITOR",
  "GUEST_USER",
] as const;

/** Ramp's limit on first and last names. */
export const MAX_NAME_LENGTH = 255;

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
  return `${ABSENT_ID_PREFIX}${email.trim().toLowerCase()}`;
}

export function isAbsentUserId(id: string): boolean {
  return id.startsWith(ABSENT_ID_PREFIX);
}

/** Inactive in Ramp's sense: deactivated (or never invited), what `active: false` in the roster asks for. */
export function isActiveStatus(status: string): boolean {
  return status !== "USER_INACTIVE" && status !== NO_ACCOUNT;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Input validation with a reason per property, as `pulumi preview` prints it. */
export function checkUserInputs(news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const isKnownString = (v: unknown): v is string => typeof v === "string" && v !== UNKNOWN_VALUE;

  if (!isKnownString(news.email) || !EMAIL_PATTERN.test(news.email.trim())) {
    fail("email", `must be an email address, got ${JSON.stringify(news.email)}`);
  }
  for (const field of ["firstName", "lastName"] as const) {
    const value = news[field];
    if (value === UNKNOWN_VALUE) continue;
    if (typeof value !== "string" || value.trim() === "") fail(field, "is required");
    else if (value.length > MAX_NAME_LENGTH) fail(field, `is ${value.length} characters; Ramp accepts at most ${MAX_NAME_LENGTH}`);
  }
  if (news.role !== UNKNOWN_VALUE) {
    if (news.role === "BUSINESS_OWNER") {
      fail("role", "BUSINESS_OWNER cannot be invited or assigned through Ramp's API; the owner is managed in Ramp");
    } else if (!(ASSIGNABLE_ROLES as readonly unknown[]).includes(news.role)) {
      fail("role", `must be one of ${ASSIGNABLE_ROLES.join(", ")}, got ${JSON.stringify(news.role)}`);
    }
  }
  for (const field of ["departmentId", "locationId", "managerId", "employeeId"] as const) {
    const value = news[field];
    if (value !== undefined && value !== null && typeof value !== "string") fail(field, "must be a string or null");
  }
  if (news.isManager !== undefined && typeof news.isManager !== "boolean") fail("isManager", "must be true or false");
  if (typeof news.active !== "boolean") fail("active", "must be true or false");
  if (news.role === "BUSINESS_ADMIN" && typeof news.managerId === "string") {
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
  for (const field of ["departmentId", "locationId", "managerId", "employeeId"] as const) {
    const value = news[field];
    if (value !== undefined) inputs[field] = value === null || value === "" ? null : String(value);
  }
  if (typeof news.isManager === "boolean") inputs.isManager = news.isManager;
  return inputs;
}

function sameValue(field: ManagedUserField, old: unknown, wanted: unknown): boolean {
  const norm = (v: unknown) => (v === undefined || v === "" ? null : v);
  if (field === "isManager") return (old ?? false) === (wanted ?? false);
  return norm(old) === norm(wanted);
}

export function sameEmail(a: unknown, b: unknown): boolean {
  return typeof a === "string" && typeof b === "string" && a.trim().toLowerCase() === b.trim().toLowerCase();
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

/** Field by field against the recorded (ideally refreshed) outputs. Email is the identity: a new email is a new user. */
export function diffUser(olds: Record<string, unknown>, news: Record<string, unknown>): UserDiff {
  const replaces = news.email === UNKNOWN_VALUE || !sameEmail(olds.email, news.email) ? ["email"] : [];
  // Someone recorded without a Ramp account who should now be active needs an invite: a new resource.
  if (replaces.length === 0 && olds.status === NO_ACCOUNT && news.active !== false) replaces.push("active");
  const fields: string[] = [...changedFields(olds, news)];
  const oldActive = olds.active !== false && (typeof olds.status !== "string" || isActiveStatus(olds.status));
  if ((news.active !== false) !== oldActive) fields.push("active");
  return { changes: replaces.length > 0 || fields.length > 0, replaces, fields: [...replaces, ...fields] };
}

/** The PATCH that takes a live user to the wanted fields: only what differs, in Ramp client terms. */
export function patchFor(live: RampUser, wanted: UserInputs): UserPatch {
  const patch: UserPatch = {};
  if (wanted.firstName !== live.firstName) patch.firstName = wanted.firstName;
  if (wanted.lastName !== live.lastName) patch.lastName = wanted.lastName;
  if (wanted.role !== live.role) patch.role = wanted.role;
  if (wanted.departmentId !== undefined && (wanted.departmentId ?? null) !== live.departmentId) patch.departmentId = wanted.departmentId;
  if (wanted.locationId !== undefined && (wanted.locationId ?? null) !== live.locationId) patch.locationId = wanted.locationId;
  if (wanted.managerId !== undefined && (wanted.managerId ?? null) !== live.managerId) patch.managerId = wanted.managerId;
  if (wanted.employeeId !== undefined && (wanted.employeeId ?? null) !== live.employeeId) patch.employeeId = wanted.employeeId;
  if (wanted.isManager !== undefined && wanted.isManager !== (live.isManager ?? false)) patch.isManager = wanted.isManager;
  return patch;
}

/**
 * The user as the state last recorded them, in the client's terms, so an update can converge from it exactly as a
 * create converges from the live user. Fields the state does not hold read as empty.
 */
export function userFromOutputs(id: string, olds: Record<string, unknown>): RampUser {
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    id,
    email: String(olds.email ?? ""),
    firstName: String(olds.firstName ?? ""),
    lastName: String(olds.lastName ?? ""),
    role: String(olds.role ?? ""),
    status: text(olds.status) ?? (olds.active === false ? "USER_INACTIVE" : "USER_ACTIVE"),
    departmentId: text(olds.departmentId),
    locationId: text(olds.locationId),
    managerId: text(olds.managerId),
    employeeId: text(olds.employeeId),
    isManager: typeof olds.isManager === "boolean" ? olds.isManager : null,
    entityId: text(olds.entityId),
    businessId: text(olds.businessId),
    phone: null,
  };
}

/**
 * Outputs from a live user. Optional fields appear only if managed (`managed` says which), so a field the roster
 * leaves alone never shows as drift.
 */
export function outputsFromLive(live: RampUser, managed: Partial<Record<ManagedUserField, unknown>>): UserOutputs {
  const outputs: UserOutputs = {
    email: live.email,
    firstName: live.firstName,
    lastName: live.lastName,
    role: live.role,
    active: isActiveStatus(live.status),
    userId: live.id,
    status: live.status,
    entityId: live.entityId,
    businessId: live.businessId,
  };
  if (managed.departmentId !== undefined) outputs.departmentId = live.departmentId;
  if (managed.locationId !== undefined) outputs.locationId = live.locationId;
  if (managed.managerId !== undefined) outputs.managerId = live.managerId;
  if (managed.employeeId !== undefined) outputs.employeeId = live.employeeId;
  if (managed.isManager !== undefined) outputs.isManager = live.isManager ?? false;
  return outputs;
}

/** Outputs for a roster user who is inactive and has no Ramp account. */
export function outputsWithoutAccount(wanted: UserInputs): UserOutputs {
  return { ...wanted, active: false, userId: null, status: NO_ACCOUNT, entityId: null, businessId: null };
}

/** The inputs a refresh hands back, so the next diff compares the roster against live Ramp. */
export function inputsFromOutputs(outputs: UserOutputs): UserInputs {
  const { userId: _userId, status: _status, entityId: _entityId, businessId: _businessId, ...inputs } = outputs;
  return inputs;
}

/** Applies a patch to a live user, as Ramp will after a successful PATCH. */
export function applyPatch(live: RampUser, patch: UserPatch): RampUser {
  return { ...live, ...(patch as Partial<RampUser>) };
}
