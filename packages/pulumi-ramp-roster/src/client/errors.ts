// Typed errors of the Ramp client, every class of them in this one module. Every error has a stable `code`; none can
// carry a secret (see redact.ts): messages, stacks, fields, causes and JSON are all scrubbed in the constructor.
import { containsSecret, redact, redactDeep } from "./redact.js";

/**
 * Brands, the way undici's core/errors.js does it: each class carries a `Symbol.for` brand on its prototype and checks
 * it in `static [Symbol.hasInstance]`, so `instanceof` holds across two copies of this module (a program and the
 * provider process it loads, a built and a source tree). The brand is a registry symbol: the same in every copy.
 */
function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

export interface RampErrorOptions {
  cause?: unknown;
}

/** Replaces a cause whose message or stack contains a secret with a scrubbed copy. */
function sanitizeCause(cause: unknown): unknown {
  if (cause instanceof RampError) return cause; // already scrubbed
  if (cause instanceof Error) {
    const text = `${cause.message}\n${cause.stack ?? ""}`;
    if (!containsSecret(text)) return cause;
    const copy = new Error(redact(cause.message));
    copy.name = cause.name;
    copy.stack = redact(cause.stack ?? "");
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") (copy as Error & { code?: string }).code = code;
    return copy;
  }
  return redactDeep(cause);
}

const kRampError: unique symbol = Symbol.for("pulumi-ramp-roster.RampError");
/** Base class of every error the client throws. */
export class RampError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kRampError);
  }

  get [kRampError](): true {
    return true;
  }

  readonly code: string;

  constructor(code: string, message: string, options?: RampErrorOptions) {
    super(redact(message), options && "cause" in options ? { cause: sanitizeCause(options.cause) } : undefined);
    this.name = new.target.name;
    this.code = code;
    // The stack header repeats the message: keep it, and its frames, scrubbed too.
    Object.defineProperty(this, "stack", {
      value: redact(this.stack ?? ""),
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }

  /**
   * Scrubs every own field. Subclasses call it last in their constructor, so that no field (even one that is not
   * expected to hold a secret, such as an idempotency key or a status) can carry one out.
   */
  protected scrubFields(): void {
    const self = this as unknown as Record<string, unknown>;
    for (const key of Object.keys(self)) {
      if (key === "cause") continue;
      self[key] = redactDeep(self[key]);
    }
  }

  override toString(): string {
    return redact(`${this.name} [${this.code}]: ${this.message}`);
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [k, v] of Object.entries(this)) {
      if (k === "cause" || k === "stack") continue;
      out[k] = v;
    }
    if (this.cause instanceof Error) out.cause = { name: this.cause.name, message: this.cause.message };
    return redactDeep(out);
  }
}

function describeTrace(traceId: string | null | undefined): string {
  return traceId ? ` (x-trace-id ${traceId})` : "";
}

function cleanString(value: string | null | undefined): string | null {
  return typeof value === "string" ? redact(value) : null;
}

export interface RampApiErrorInit {
  status: number;
  method: string;
  /** URL path only (no query, no origin). */
  path: string;
  errorCode?: string | null;
  rampMessage?: string | null;
  traceId?: string | null;
  additionalInfo?: unknown;
  attempts?: number;
  /** What the call was for, in words: "deactivate user", "invite user", ... */
  operation?: string;
  /** Whom or what it was about: a user id, an email, a department name. */
  subject?: string;
  /** The answer means "no such object" (a 404; a 400 UserInvalidInput on `GET /users/{id}`). Default: status 404. */
  notFound?: boolean;
}

const kRampApiError: unique symbol = Symbol.for("pulumi-ramp-roster.RampApiError");
/** Ramp answered an API call with an error status. */
export class RampApiError extends RampError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kRampApiError);
  }

  get [kRampApiError](): true {
    return true;
  }

  readonly status: number;
  /** Ramp's `error_v2.error_code` (e.g. `DEVELOPER_7005`), or an OAuth `error`. */
  readonly errorCode: string | null;
  readonly rampMessage: string | null;
  readonly traceId: string | null;
  readonly method: string;
  readonly path: string;
  readonly additionalInfo: unknown;
  readonly attempts: number;
  readonly operation: string | null;
  readonly subject: string | null;
  /** See `isNotFound`. */
  readonly notFound: boolean;

  constructor(init: RampApiErrorInit, options?: RampErrorOptions) {
    const attempts = init.attempts ?? 1;
    const detail = [init.errorCode, init.rampMessage].filter((s) => s).join(": ");
    const after = attempts > 1 ? ` after ${attempts} attempts` : "";
    super(
      "RAMP_API_ERROR",
      init.operation
        ? // A refusal names everything support needs: the call, whom it was about, the status, Ramp's code and
          // message, and the trace id.
          `Could not ${init.operation}${init.subject ? ` ${init.subject}` : ""}: ${init.method} ${init.path} failed ` +
            `with HTTP ${init.status} ${init.errorCode ?? "(no error code)"}: ${init.rampMessage ?? "(no message)"}${after} ` +
            `(x-trace-id ${init.traceId ?? "none"})`
        : `Ramp API ${init.method} ${init.path} failed with HTTP ${init.status}` + (detail ? ` ${detail}` : "") + after + describeTrace(init.traceId),
      options,
    );
    this.operation = init.operation ?? null;
    this.subject = init.subject ?? null;
    this.notFound = init.notFound ?? init.status === 404;
    this.status = init.status;
    this.errorCode = cleanString(init.errorCode);
    this.rampMessage = cleanString(init.rampMessage);
    this.traceId = cleanString(init.traceId);
    this.method = init.method;
    this.path = redact(init.path);
    this.additionalInfo = redactDeep(init.additionalInfo ?? null);
    this.attempts = attempts;
    this.scrubFields();
  }
}

export interface RampAuthErrorInit {
  status: number;
  errorCode?: string | null;
  rampMessage?: string | null;
  traceId?: string | null;
  scopes?: readonly string[];
}

const AUTH_HINTS: Record<string, string> = {
  invalid_client: "check the client id and client secret",
  unauthorized_client: "the app is not allowed the client_credentials grant; check its settings in Ramp",
  invalid_scope: "the app has not been granted one of the requested scopes",
  invalid_grant: "the grant was refused; check the app's settings in Ramp",
};

const kRampAuthError: unique symbol = Symbol.for("pulumi-ramp-roster.RampAuthError");
/** The token endpoint refused to issue a token (OAuth error such as `invalid_client`). */
export class RampAuthError extends RampError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kRampAuthError);
  }

  get [kRampAuthError](): true {
    return true;
  }

  readonly status: number;
  readonly errorCode: string | null;
  readonly rampMessage: string | null;
  readonly traceId: string | null;
  readonly scopes: readonly string[];

  constructor(init: RampAuthErrorInit, options?: RampErrorOptions) {
    const hint = init.errorCode ? AUTH_HINTS[init.errorCode] : undefined;
    const detail = [init.errorCode, init.rampMessage].filter((s) => s).join(": ");
    super(
      "RAMP_AUTH_ERROR",
      `Ramp refused to issue an access token (POST /developer/v1/token, HTTP ${init.status}` +
        (detail ? ` ${detail}` : "") +
        `)` +
        (hint ? `: ${hint}` : "") +
        (init.errorCode === "invalid_scope" && init.scopes ? ` (requested: ${init.scopes.join(" ")})` : "") +
        describeTrace(init.traceId),
      options,
    );
    this.status = init.status;
    this.errorCode = cleanString(init.errorCode);
    this.rampMessage = cleanString(init.rampMessage);
    this.traceId = cleanString(init.traceId);
    this.scopes = [...(init.scopes ?? [])];
    this.scrubFields();
  }
}

const kRampNetworkError: unique symbol = Symbol.for("pulumi-ramp-roster.RampNetworkError");
/** The connection to Ramp failed (reset, refused, dropped, timed out) and retries did not help. */
export class RampNetworkError extends RampError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kRampNetworkError);
  }

  get [kRampNetworkError](): true {
    return true;
  }

  readonly method: string;
  readonly path: string;
  readonly attempts: number;
  /** The low-level error code, e.g. `ECONNRESET` or `UND_ERR_SOCKET`. */
  readonly causeCode: string | null;

  constructor(init: { method: string; path: string; attempts: number; causeCode?: string | null; detail?: string }, options?: RampErrorOptions) {
    super(
      "RAMP_NETWORK_ERROR",
      `Could not complete ${init.method} ${init.path} with Ramp after ${init.attempts} attempt${init.attempts === 1 ? "" : "s"}: ` +
        `${init.causeCode ?? "network error"}${init.detail ? ` (${init.detail})` : ""}`,
      options,
    );
    this.method = init.method;
    this.path = redact(init.path);
    this.attempts = init.attempts;
    this.causeCode = init.causeCode ?? null;
    this.scrubFields();
  }
}

const kRampDeadlineError: unique symbol = Symbol.for("pulumi-ramp-roster.RampDeadlineError");
/** The total deadline of one operation ran out (including retries, backoff and rate-limit waits). */
export class RampDeadlineError extends RampError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kRampDeadlineError);
  }

  get [kRampDeadlineError](): true {
    return true;
  }

  readonly method: string;
  readonly path: string;
  readonly deadlineMs: number;
  readonly elapsedMs: number;
  readonly attempts: number;
  /** A one-line description of the last failure, if any. */
  readonly lastCause: string | null;

  constructor(
    init: { method: string; path: string; deadlineMs: number; elapsedMs: number; attempts: number; lastCause?: string | null; reason?: string },
    options?: RampErrorOptions,
  ) {
    super(
      "RAMP_DEADLINE_EXCEEDED",
      `${init.method} ${init.path} did not complete within its ${init.deadlineMs} ms deadline ` +
        `(gave up after ${Math.round(init.elapsedMs)} ms and ${init.attempts} attempt${init.attempts === 1 ? "" : "s"}` +
        `${init.reason ? `; ${init.reason}` : ""})` +
        (init.lastCause ? `; last cause: ${init.lastCause}` : ""),
      options,
    );
    this.method = init.method;
    this.path = redact(init.path);
    this.deadlineMs = init.deadlineMs;
    this.elapsedMs = Math.round(init.elapsedMs);
    this.attempts = init.attempts;
    this.lastCause = init.lastCause ? redact(init.lastCause) : null;
    this.scrubFields();
  }
}

export interface ResponseIssue {
  /** Dotted path of the offending value in the response body, e.g. `data.3.email`. */
  path: string;
  message: string;
}

const kRampResponseError: unique symbol = Symbol.for("pulumi-ramp-roster.RampResponseError");
/** Ramp answered with a body the client cannot use: malformed JSON, or a shape that failed validation. */
export class RampResponseError extends RampError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kRampResponseError);
  }

  get [kRampResponseError](): true {
    return true;
  }

  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly traceId: string | null;
  readonly issues: readonly ResponseIssue[];

  constructor(
    init: { method: string; path: string; status: number; traceId?: string | null; issues: ResponseIssue[]; summary?: string },
    options?: RampErrorOptions,
  ) {
    const shown = init.issues.slice(0, 5).map((i) => `${i.path || "(body)"}: ${i.message}`);
    if (init.issues.length > 5) shown.push(`and ${init.issues.length - 5} more`);
    super(
      "RAMP_RESPONSE_INVALID",
      `Unexpected response from Ramp for ${init.method} ${init.path} (HTTP ${init.status}): ` +
        `${init.summary ?? "the body failed validation"}${shown.length ? ` — ${shown.join("; ")}` : ""}` +
        describeTrace(init.traceId),
      options,
    );
    this.method = init.method;
    this.path = redact(init.path);
    this.status = init.status;
    this.traceId = cleanString(init.traceId);
    this.issues = redactDeep(init.issues);
    this.scrubFields();
  }
}

const EMAIL_EXISTS = /already exists|already (?:in use|taken|registered)|email.*exist/i;

const kRampTaskError: unique symbol = Symbol.for("pulumi-ramp-roster.RampTaskError");
/** A deferred task (user invite) ended with status ERROR. */
export class RampTaskError extends RampError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kRampTaskError);
  }

  get [kRampTaskError](): true {
    return true;
  }

  readonly taskId: string;
  readonly rampMessage: string | null;
  /** True when Ramp says a user with this email already exists. */
  readonly emailAlreadyExists: boolean;

  constructor(init: { taskId: string; rampMessage?: string | null }, options?: RampErrorOptions) {
    super(
      "RAMP_TASK_FAILED",
      `Ramp deferred task ${init.taskId} ended with ERROR: ${init.rampMessage ?? "(no message)"}`,
      options,
    );
    this.taskId = init.taskId;
    this.rampMessage = cleanString(init.rampMessage);
    this.emailAlreadyExists = EMAIL_EXISTS.test(init.rampMessage ?? "");
    this.scrubFields();
  }
}

const kRampTaskTimeoutError: unique symbol = Symbol.for("pulumi-ramp-roster.RampTaskTimeoutError");
/** A deferred task did not finish within the polling timeout. */
export class RampTaskTimeoutError extends RampError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kRampTaskTimeoutError);
  }

  get [kRampTaskTimeoutError](): true {
    return true;
  }

  readonly taskId: string;
  readonly timeoutMs: number;
  readonly lastStatus: string | null;
  readonly polls: number;

  constructor(init: { taskId: string; timeoutMs: number; lastStatus?: string | null; polls: number }, options?: RampErrorOptions) {
    super(
      "RAMP_TASK_TIMEOUT",
      `Ramp deferred task ${init.taskId} did not finish within ${init.timeoutMs} ms ` +
        `(${init.polls} poll${init.polls === 1 ? "" : "s"}, last status ${init.lastStatus ?? "unknown"}); ` +
        `the invite may still complete: check the user in Ramp, then re-run`,
      options,
    );
    this.taskId = init.taskId;
    this.timeoutMs = init.timeoutMs;
    this.lastStatus = cleanString(init.lastStatus);
    this.polls = init.polls;
    this.scrubFields();
  }
}

const kRampInviteUnconfirmedError: unique symbol = Symbol.for("pulumi-ramp-roster.RampInviteUnconfirmedError");
/**
 * Ramp reported that the invite's idempotency key was already used (DEVELOPER_7005), so an earlier attempt probably
 * created the invite, but no user with the email appeared within the wait.
 */
export class RampInviteUnconfirmedError extends RampError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kRampInviteUnconfirmedError);
  }

  get [kRampInviteUnconfirmedError](): true {
    return true;
  }

  readonly email: string;
  readonly idempotencyKey: string;
  readonly waitedMs: number;

  constructor(init: { email: string; idempotencyKey: string; waitedMs: number }, options?: RampErrorOptions) {
    super(
      "RAMP_INVITE_UNCONFIRMED",
      `Ramp reports that the invite's idempotency key was already used (DEVELOPER_7005), so an earlier attempt may ` +
        `have created the invite for ${init.email}, but no such user appeared within ${Math.round(init.waitedMs)} ms. ` +
        `Nothing was sent again. Re-run in a moment; the user should then be found by email.`,
      options,
    );
    this.email = init.email;
    this.idempotencyKey = init.idempotencyKey;
    this.waitedMs = Math.round(init.waitedMs);
    this.scrubFields();
  }
}

function showValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === "string" ? JSON.stringify(value) : String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const kInvalidIdError: unique symbol = Symbol.for("pulumi-ramp-roster.InvalidIdError");
/** An id that is not a safe URL path segment was about to be put in a request path. */
export class InvalidIdError extends RampError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kInvalidIdError);
  }

  get [kInvalidIdError](): true {
    return true;
  }

  readonly kind: string;

  constructor(kind: string, value: unknown) {
    super(
      "RAMP_INVALID_ID",
      `Invalid ${kind}: ${showValue(value)}; expected 1-128 letters, digits, '_' or '-', starting with a letter or digit`,
    );
    this.kind = kind;
    this.scrubFields();
  }
}

const kInsecureUrlError: unique symbol = Symbol.for("pulumi-ramp-roster.InsecureUrlError");
/** A URL that is not HTTPS (and not loopback), or that carries credentials, or leaves the API's origin. */
export class InsecureUrlError extends RampError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kInsecureUrlError);
  }

  get [kInsecureUrlError](): true {
    return true;
  }

  /** The URL without credentials, query or fragment. */
  readonly url: string;

  constructor(url: string, reason: string) {
    super("RAMP_INSECURE_URL", `Refusing to use ${url}: ${reason}`);
    this.url = url;
    this.scrubFields();
  }
}

const kRampConfigError: unique symbol = Symbol.for("pulumi-ramp-roster.RampConfigError");
/** Invalid client options. */
export class RampConfigError extends RampError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kRampConfigError);
  }

  get [kRampConfigError](): true {
    return true;
  }

  constructor(message: string) {
    super("RAMP_CONFIG_INVALID", message);
    this.scrubFields();
  }
}

export type ScopeRefusalSource = "config" | "token" | "api";

const kRampScopeError: unique symbol = Symbol.for("pulumi-ramp-roster.RampScopeError");
/**
 * The Ramp app lacks a scope a call needs: the client was told so (`scopes` option), the token endpoint refused it
 * (`invalid_scope`) or issued a token without it, or Ramp answered 403 DEVELOPER_7100. For a write, it is thrown
 * before the write request is sent (the token comes first).
 */
export class RampScopeError extends RampError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kRampScopeError);
  }

  get [kRampScopeError](): true {
    return true;
  }

  /** The missing scope, e.g. `users:write`. */
  readonly scope: string;
  /** The call that needed it, e.g. "invite user". */
  readonly operation: string;
  readonly source: ScopeRefusalSource;
  readonly status: number | null;
  readonly errorCode: string | null;
  readonly rampMessage: string | null;
  readonly traceId: string | null;

  constructor(
    init: {
      scope: string;
      operation: string;
      source: ScopeRefusalSource;
      status?: number | null;
      errorCode?: string | null;
      rampMessage?: string | null;
      traceId?: string | null;
    },
    options?: RampErrorOptions,
  ) {
    const how: Record<ScopeRefusalSource, string> = {
      config: "it is not among the scopes the client was configured with",
      token: "Ramp will not issue a token with it",
      api: "Ramp refused the call for it",
    };
    const detail = [init.status ? `HTTP ${init.status}` : undefined, init.errorCode, init.rampMessage].filter((s) => s).join(" ");
    super(
      "RAMP_SCOPE_MISSING",
      `Could not ${init.operation}: the Ramp app lacks the scope ${init.scope} (${how[init.source]}` +
        (detail ? `: ${detail}` : "") +
        `). Grant ${init.scope} to the app in Ramp, or run this with an app that has it.` +
        describeTrace(init.traceId),
      options,
    );
    this.scope = init.scope;
    this.operation = init.operation;
    this.source = init.source;
    this.status = init.status ?? null;
    this.errorCode = cleanString(init.errorCode);
    this.rampMessage = cleanString(init.rampMessage);
    this.traceId = cleanString(init.traceId);
    this.scrubFields();
  }
}

const kRampUnsupportedChangeError: unique symbol = Symbol.for("pulumi-ramp-roster.RampUnsupportedChangeError");
/** A change Ramp's API cannot make (or a value its spec refuses), caught before anything is sent. */
export class RampUnsupportedChangeError extends RampError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kRampUnsupportedChangeError);
  }

  get [kRampUnsupportedChangeError](): true {
    return true;
  }

  /** The client-side field, e.g. `departmentId`. */
  readonly field: string;
  readonly operation: string;
  readonly subject: string;

  constructor(init: { field: string; operation: string; subject: string; reason: string }) {
    super("RAMP_UNSUPPORTED_CHANGE", `Cannot ${init.operation} ${init.subject}: ${init.reason}`);
    this.field = init.field;
    this.operation = init.operation;
    this.subject = init.subject;
    this.scrubFields();
  }
}

const kRampBetaRefusedError: unique symbol = Symbol.for("pulumi-ramp-roster.RampBetaRefusedError");
/**
 * Ramp refused a beta part of its API for this business: draft users (`is_draft`) or `POST /users/{id}/invite`.
 * Callers fall back to what works without it (a joiner is held, not invited early), and say so by name.
 */
export class RampBetaRefusedError extends RampError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kRampBetaRefusedError);
  }

  get [kRampBetaRefusedError](): true {
    return true;
  }

  /** "draft users" or "scheduled invitations". */
  readonly feature: string;
  readonly status: number;
  readonly rampMessage: string | null;
  readonly traceId: string | null;

  constructor(init: { feature: string; operation: string; subject: string; status: number; rampMessage: string | null; traceId: string | null }, options?: RampErrorOptions) {
    super(
      "RAMP_BETA_REFUSED",
      `Ramp refused ${init.feature} for this business (a beta part of its API) on ${init.operation} ${init.subject}: ` +
        `HTTP ${init.status} ${init.rampMessage ?? "(no message)"} (x-trace-id ${init.traceId ?? "none"})`,
      options,
    );
    this.feature = init.feature;
    this.status = init.status;
    this.rampMessage = cleanString(init.rampMessage);
    this.traceId = cleanString(init.traceId);
    this.scrubFields();
  }
}

/**
 * True when `err` says the object does not exist: a 404, or the 400 UserInvalidInput that Ramp's spec documents for
 * an unknown id on `GET /users/{id}` (only there: a 400 on a write is a refusal, not "not found").
 */
export function isNotFound(err: unknown): boolean {
  // The brand check: also true for an error from a second copy of this module (built and source trees both loaded).
  return err instanceof RampApiError && err.notFound;
}

/** The error thrown for calls on a closed client (and by calls in flight when it closes). */
export function closedError(): RampError {
  return new RampError("RAMP_CLIENT_CLOSED", "The Ramp client was closed");
}

const kAttemptTimeoutError: unique symbol = Symbol.for("pulumi-ramp-roster.AttemptTimeoutError");
/**
 * One HTTP attempt's timeout fired. Internal to the request pipeline (retried like a connection error, or reported
 * as a RampNetworkError or RampDeadlineError), so not a RampError.
 */
export class AttemptTimeoutError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, kAttemptTimeoutError);
  }

  get [kAttemptTimeoutError](): true {
    return true;
  }

  readonly code = "ETIMEDOUT";

  constructor(readonly timeoutMs: number) {
    super(`no complete response within ${timeoutMs} ms`);
    this.name = "AttemptTimeoutError";
  }
}
