// Public data types of the Ramp client (camelCase; the wire format is snake_case, see schemas.ts).

/** A user as Ramp holds it. (The Pulumi resource that manages one is `RampUser`, in resources/.) */
export interface RampUserRecord {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  /** An API role such as BUSINESS_ADMIN; unknown (newer) roles are passed through as they are. */
  role: string;
  /** INVITE_PENDING, USER_ACTIVE, USER_INACTIVE, ...; unknown (newer) statuses are passed through. */
  status: string;
  departmentId: string | null;
  locationId: string | null;
  /** `manager_id` on read (`direct_manager_id` on write). */
  managerId: string | null;
  employeeId: string | null;
  isManager: boolean | null;
  entityId: string | null;
  businessId: string | null;
  /** Not used by the client; Ramp types it a string but its example answers a number: kept as text, else null. */
  phone: string | null;
  /**
   * `scheduled_deactivation_date` (`YYYY-MM-DD`): the day Ramp deactivates the user; null when none. The client always
   * sets it; it is optional in the type only so that RampUserRecord values built outside the client still type-check.
   */
  scheduledDeactivationDate?: string | null;
  /**
   * `scheduled_invitation_date` (`YYYY-MM-DD`, beta): the day Ramp sends a draft user's invite; null when none. Set by
   * the client; optional like `scheduledDeactivationDate`.
   */
  scheduledInvitationDate?: string | null;
}

/** What `POST /users/{id}/invite` does to a draft user (beta). */
export type InvitationAction = { action: "SCHEDULE"; date: string } | { action: "SEND_NOW" } | { action: "DESCHEDULE" };

export interface RampDepartmentRecord {
  id: string;
  name: string;
}

export interface RampLocationRecord {
  id: string;
  name: string;
  entityId: string | null;
}

export interface NewUser {
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  departmentId?: string;
  locationId?: string;
  managerId?: string;
  isManager?: boolean;
  employeeId?: string;
  /**
   * `YYYY-MM-DD`: Ramp deactivates the user that day. `null` is sent as such: it says "no date", which matters for a
   * GUEST_USER, whom Ramp otherwise deactivates six months after the invite. Not allowed for admins and the owner.
   */
  scheduledDeactivationDate?: string | null;
  /** A draft (beta): the user exists, USER_DRAFT, without an invite until `inviteAction` sends or schedules it. */
  isDraft?: boolean;
}

export type UserPatch = Partial<{
  firstName: string;
  lastName: string;
  role: string;
  /**
   * Ramp's API cannot clear a department, location or employee id (only `direct_manager_id` may be null): a null
   * here is refused with RampUnsupportedChangeError before anything is sent.
   */
  departmentId: string | null;
  locationId: string | null;
  /** null clears the manager. */
  managerId: string | null;
  isManager: boolean;
  employeeId: string | null;
  /** `YYYY-MM-DD`, or null to clear the date. */
  scheduledDeactivationDate: string | null;
}>;

export interface UserFilter {
  email?: string;
  employeeId?: string;
  role?: string;
  departmentId?: string;
  locationId?: string;
  status?: string;
}

/** A deferred task (`GET /users/deferred/status/{id}`). */
export interface DeferredTask {
  id: string;
  /** STARTED, IN_PROGRESS, SUCCESS or ERROR (unknown values are passed through and treated as unfinished). */
  status: string;
  /** `data.user_id` once the task succeeded. */
  userId: string | null;
  /** `data.error` when the task failed. */
  error: string | null;
}

/** Structured log events. They never contain a secret, a token, a header or a query string. */
export type ClientEvent =
  | { type: "request"; method: string; path: string; status: number | null; attempt: number; durationMs: number; traceId: string | null; error?: string }
  | { type: "retry"; method: string; path: string; attempt: number; delayMs: number; reason: string; retryAfterMs: number | null }
  | { type: "rate_limit_wait"; waitedMs: number }
  | { type: "rate_limit_pause"; pauseMs: number; retryAfterMs: number | null }
  | { type: "token"; action: "requested" | "issued" | "invalidated" | "failed"; scope?: string; expiresInSeconds?: number; error?: string }
  | { type: "status_filter_refused"; status: string; httpStatus: number }
  | { type: "task_poll"; taskId: string; status: string; polls: number }
  | { type: "invite_recovery"; action: "idempotency_key_reused" | "found_by_email" | "not_found"; waitedMs?: number };

export interface RampClientOptions {
  /** Origin, default "https://api.ramp.com"; "https://demo-api.ramp.com" is the sandbox. A trailing "/developer/v1" is tolerated. */
  baseUrl?: string;
  clientId: string;
  clientSecret: string;
  /**
   * The scopes the Ramp app was granted, when known. Each call asks for a token with only the one scope it needs
   * (a read for reads, `users:write` only for user writes, ...); a call whose scope is not listed here fails with
   * RampScopeError before any request. Default: unknown (Ramp is asked, and refuses with `invalid_scope`).
   */
  scopes?: string[];
  /**
   * Default { requests: 200, windowMs: 10_000 } (Ramp's documented limit). After a 429 every call of the client
   * pauses for `windowMs` (or the Retry-After Ramp sent), since requests sent while limited extend Ramp's window.
   */
  rateLimit?: { requests: number; windowMs: number };
  /** Defaults: maxAttempts 6, baseDelayMs 500, maxDelayMs 30_000. */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Total time one API request may take, including the token, rate-limit waits, retries and backoff. Default 120_000. */
  deadlineMs?: number;
  /** Per HTTP attempt; default 65_000 (Ramp's gateway times out at 60 s). */
  requestTimeoutMs?: number;
  /** Polling of deferred tasks (invites): defaults pollIntervalMs 500, timeoutMs 60_000. */
  deferredTask?: { pollIntervalMs?: number; timeoutMs?: number };
  userAgent?: string;
  /** Optional structured log. Exceptions thrown by the callback are ignored. */
  onEvent?: (e: ClientEvent) => void;
}
