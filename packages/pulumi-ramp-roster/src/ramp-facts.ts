// Facts about Ramp that every layer relies on: its roles, its user statuses, its limits, its address, and how two
// emails are compared. One home for each, imported by the client, the roster, the resources, the program and the
// CLI alike, so that they cannot drift apart. No imports: any layer may depend on this module.
// (The simulator keeps its own rules on purpose, to catch our mistakes; it may borrow names from here.)

/** Where Ramp's API is, unless the environment says otherwise (Ramp's sandbox, the simulator). */
export const DEFAULT_BASE_URL = "https://api.ramp.com";

/**
 * Ramp's roles: the API's name, the name Ramp's UI uses (and a roster may write), in the order the UI lists them.
 * `assignable`: Ramp's API accepts it on invite and update (it can neither invite nor assign the Owner).
 * `privileged`: it can change the business's money or people; a roster's policy may keep it to named files.
 */
export const ROLES = [
  { api: "BUSINESS_ADMIN", display: "Admin", assignable: true, privileged: true },
  { api: "BUSINESS_USER", display: "Cardholder", assignable: true, privileged: false },
  { api: "BUSINESS_BOOKKEEPER", display: "Bookkeeper", assignable: true, privileged: true },
  { api: "IT_ADMIN", display: "IT Admin", assignable: true, privileged: true },
  { api: "AUDITOR", display: "Auditor", assignable: true, privileged: false },
  { api: "GUEST_USER", display: "Guest", assignable: true, privileged: false },
  { api: "BUSINESS_OWNER", display: "Owner", assignable: false, privileged: false },
] as const;

/** Ramp's role names, as the API reads and writes them. */
export type ApiRole = (typeof ROLES)[number]["api"];

export const API_ROLES: readonly ApiRole[] = ROLES.map((r) => r.api);
/** The roles Ramp's API accepts on invite and update. BUSINESS_OWNER is readable but never assignable. */
export const ASSIGNABLE_ROLES: readonly ApiRole[] = ROLES.filter((r) => r.assignable).map((r) => r.api);
/** Admin, IT Admin and Bookkeeper. */
export const PRIVILEGED_ROLES: readonly ApiRole[] = ROLES.filter((r) => r.privileged).map((r) => r.api);

export const ADMIN_ROLE = "BUSINESS_ADMIN" satisfies ApiRole;
export const OWNER_ROLE = "BUSINESS_OWNER" satisfies ApiRole;
/** Ramp refuses a scheduled deactivation date for these roles. */
export const ROLES_WITHOUT_SCHEDULED_DEACTIVATION: readonly ApiRole[] = [ADMIN_ROLE, OWNER_ROLE];

/**
 * Ramp's user statuses and what each means. Ramp may report others (newer ones): code that meets a status it does
 * not know treats the user as having access (fail closed).
 */
export const USER_STATUSES = {
  INVITE_PENDING: "invited; has not accepted the invite yet",
  INVITE_EXPIRED: "the invite expired before it was accepted",
  USER_ONBOARDING: "accepted the invite; still setting up",
  USER_ACTIVE: "has access",
  USER_INACTIVE: "deactivated: no access",
  USER_SUSPENDED: "suspended by Ramp",
  USER_DRAFT: "a draft user, never invited",
} as const;
export type UserStatus = keyof typeof USER_STATUSES;

export const ACTIVE_STATUS = "USER_ACTIVE" satisfies UserStatus;
/** The one status without access: a deactivated user. */
export const INACTIVE_STATUS = "USER_INACTIVE" satisfies UserStatus;
export const PENDING_INVITE_STATUS = "INVITE_PENDING" satisfies UserStatus;
export const EXPIRED_INVITE_STATUS = "INVITE_EXPIRED" satisfies UserStatus;
export const SUSPENDED_STATUS = "USER_SUSPENDED" satisfies UserStatus;
export const DRAFT_STATUS = "USER_DRAFT" satisfies UserStatus;

/** Statuses the default `GET /users` listing (no `status` filter) leaves out. */
export const STATUSES_OUTSIDE_DEFAULT_LISTING: readonly UserStatus[] = [SUSPENDED_STATUS, DRAFT_STATUS];

/**
 * Statuses that Ramp sets and the API cannot change: the person does not have working access, and inviting them
 * again is not possible (the account exists). Reported by name, with what to do; never "fixed" by another invite.
 */
export const STATUSES_NEEDING_ATTENTION: Readonly<Record<string, string>> = {
  [EXPIRED_INVITE_STATUS]: "their invite expired before they accepted it: resend it from Ramp's admin UI",
  [SUSPENDED_STATUS]: "Ramp has suspended them: resolve it in Ramp (the roster cannot)",
  [DRAFT_STATUS]: "they are a draft user who was never invited: send the invite from Ramp's admin UI",
};

/** Ramp's limit on first and last names (its spec: maxLength 255 on create). */
export const MAX_NAME_LENGTH = 255;
/** Ramp's limit on an idempotency key. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** The identity of a user: the email trimmed and lower-cased. The one key by which emails are compared. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
