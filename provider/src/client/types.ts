// Public data types of the Ramp client (camelCase; the wire format is snake_case, see schemas.ts).

export interface RampUser {
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
  phone: string | null;
}

export interface RampDepartment {
  id: string;
  name: string;
}

export interface RampLocation {
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
}

export type UserPatch = Partial<{
  firstName: string;
  lastName: string;
  role: string;
  departmentId: string | null;
  locationId: string | null;
  managerId: string | null;
  isManager: boolean;
  employeeId: string | null;
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
  | { type: "token"; action: "requested" | "issued" | "invalidated" | "failed"; expiresInSeconds?: number; error?: string }
  | { type: "task_poll"; taskId: string; status: string; polls: number }
  | { type: "invite_recovery"; action: "idempotency_key_reused" | "found_by_email" | "not_found"; waitedMs?: number };

export interface RampClientOptions {
  /** Origin, default "https://api.ramp.com"; "https://demo-api.ramp.com" is the sandbox. A trailing "/developer/v1" is tolerated. */
  baseUrl?: string;
  clientId: string;
  clientSecret: string;
  /** Default: users, departments and locations, read and write. */
  scopes?: string[];
  /** Default { requests: 200, windowMs: 10_000 } (Ramp's documented limit). */
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
