// Wire shapes (exactly as the Ramp API returns them) and the simulator's public option types.

/** A user as `GET /developer/v1/users/{id}` returns it. Extra keys may be present (Ramp adds fields). */
export interface WireUser {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  /** Typed string in Ramp's spec, but Ramp's own example answers a number (8004559999): the simulator does too. */
  phone: string | number | null;
  role: string;
  department_id: string | null;
  location_id: string | null;
  /** Read name; writes use `direct_manager_id`. */
  manager_id: string | null;
  employee_id: string | null;
  is_manager: boolean;
  entity_id: string | null;
  business_id: string;
  /** Read only: a list of `{name, value}` (Ramp's spec). */
  custom_fields: { name: string; value: string }[];
  status: string;
  /** Not in ramp-api.md's field list: present so clients prove they tolerate fields Ramp adds. */
  lifecycle_status: string;
  /** `YYYY-MM-DD`: Ramp deactivates the user on that day (checked against the simulator's business date). */
  scheduled_deactivation_date: string | null;
  /** `YYYY-MM-DD`: a draft's scheduled invitation; Ramp sends the invite on that day (2026 spec, beta). */
  scheduled_invitation_date: string | null;
  [extra: string]: unknown;
}

/** A partial user with wire field names, for out-of-band changes and seeding. */
export type StoredUserPatch = Partial<WireUser>;

export interface WireDepartment {
  id: string;
  name: string;
}

export interface WireLocation {
  id: string;
  name: string;
  entity_id: string | null;
}

export type TaskStatus = "STARTED" | "IN_PROGRESS" | "SUCCESS" | "ERROR";

export interface WireTask {
  id: string;
  status: TaskStatus;
  /** `{user_id}` on SUCCESS, `{error}` on ERROR, `null` while the task runs. */
  data: { user_id: string } | { error: string } | null;
}

export interface RateLimit {
  requests: number;
  windowMs: number;
}

export interface RequestLogEntry {
  method: string;
  /** Path after `/developer/v1` (the full path for requests outside it), without the query. */
  path: string;
  /** Template, e.g. `GET /users/{id}`; `<METHOD> <path>` for a path no route matches. */
  route: string;
  query: Record<string, string>;
  /** Raw request body, when there is one (`client_secret` redacted from a token request's form). */
  body?: string;
  /** HTTP status sent; 0 while pending or when the connection was dropped without a response. */
  status: number;
  /** Epoch milliseconds when the request arrived. */
  at: number;
}

export const ALL_SCOPES = [
  "users:read",
  "users:write",
  "departments:read",
  "departments:write",
  "locations:read",
  "locations:write",
] as const;

export const USER_STATUSES = [
  "INVITE_PENDING",
  "INVITE_EXPIRED",
  "USER_ONBOARDING",
  "USER_ACTIVE",
  "USER_INACTIVE",
  "USER_SUSPENDED",
  "USER_DRAFT",
] as const;

/** The `status` filter of `GET /users` (2026 spec); without it the listing leaves USER_SUSPENDED users out. */
export const STATUS_FILTERS = ["USER_ACTIVE", "USER_DRAFT", "USER_INACTIVE", "USER_SUSPENDED"] as const;

/** Statuses the default listing (no `status` filter) leaves out. */
export const HIDDEN_BY_DEFAULT: readonly string[] = ["USER_SUSPENDED"];

/** Roles that cannot have a scheduled deactivation date. */
export const ROLES_WITHOUT_SCHEDULED_DEACTIVATION: readonly string[] = ["BUSINESS_ADMIN", "BUSINESS_OWNER"];

/** Roles the API accepts on write (BUSINESS_OWNER is accepted by the schema, then refused with 400). */
export const WRITABLE_ROLES = [
  "BUSINESS_ADMIN",
  "BUSINESS_USER",
  "BUSINESS_BOOKKEEPER",
  "IT_ADMIN",
  "AUDITOR",
  "GUEST_USER",
  "BUSINESS_OWNER",
] as const;
