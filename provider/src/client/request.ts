// The request pipeline shared by every call: token (for the call's scope) → rate limiter → HTTP attempt →
// classification → retry, all within one total deadline. Returns parsed JSON (unvalidated: callers check it with
// zod) or throws a typed error.
import type { ScopedTokens } from "./auth.js";
import { RampApiError, RampAuthError, RampDeadlineError, RampError, RampNetworkError, RampResponseError, RampScopeError } from "./errors.js";
import type { RateLimiter } from "./rate-limiter.js";
import { errorCodeOf, isConnectionError, parseRetryAfter, RETRYABLE_STATUSES, retryDelay, sleep, wasNotSent, type RetryOptions } from "./retry.js";

/** Ramp's error code for a valid token without the route's scope (403). */
export const MISSING_SCOPE = "DEVELOPER_7100";
import { parseErrorBody } from "./schemas.js";
import { AttemptTimeoutError, type HttpResponse, type Transport } from "./transport.js";
import type { ClientEvent } from "./types.js";

export interface RequestContext {
  transport: Transport;
  limiter: RateLimiter;
  tokens: ScopedTokens;
  /** The scopes the app was granted, when the client was told; a call needing another fails before any request. */
  grantedScopes?: ReadonlySet<string>;
  retry: RetryOptions;
  deadlineMs: number;
  requestTimeoutMs: number;
  emit: (event: ClientEvent) => void;
  /** Aborted when the client closes; its reason is the error to throw. */
  signal: AbortSignal;
  random?: () => number;
}

export interface ApiRequest {
  method: "GET" | "POST" | "PATCH";
  /** URL path, e.g. /developer/v1/users (shown in errors and events; the query never is). */
  path: string;
  query?: URLSearchParams;
  /** A JSON body. */
  json?: unknown;
  /** A form-encoded body. */
  form?: string;
  /** API calls: a bearer token carrying `scope`; the token endpoint: a Basic header value. */
  auth: { scope: string } | { basic: string };
  /** What the call is for ("deactivate user"): errors name it. Default: method and path. */
  operation?: string;
  /** Whom or what it is about (a user id, an email): errors name it. */
  subject?: string;
  /** Statuses that mean "no such object" for this call (`isNotFound`); default [404]. */
  notFoundStatuses?: readonly number[];
  /**
   * Safe to send again after an ambiguous failure (5xx, timeout, connection lost after sending). A non-idempotent
   * request is retried only after 429 and after connection failures that prove it was never sent.
   */
  idempotent: boolean;
  /** "json": the 2xx body must be JSON. "ignore": any 2xx body (empty, 204, `{}`) is accepted and not parsed. */
  response: "json" | "ignore";
  /** Maps a non-retryable error response to the error to throw (default: RampApiError). */
  errorFor?: (res: HttpResponse, traceId: string | null) => Error | undefined;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  traceId: string | null;
  attempts: number;
}

export function headerValue(headers: HttpResponse["headers"], name: string): string | null {
  const v = headers[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export function apiErrorFrom(req: ApiRequest, res: HttpResponse, traceId: string | null, attempts: number): RampApiError {
  const parsed = parseJson(res.body);
  const info = parseErrorBody(parsed.ok ? parsed.value : undefined);
  return new RampApiError({
    status: res.status,
    method: req.method,
    path: req.path,
    errorCode: info.errorCode,
    rampMessage: info.message,
    traceId,
    additionalInfo: info.additionalInfo,
    attempts,
    ...(req.operation !== undefined && { operation: req.operation }),
    ...(req.subject !== undefined && { subject: req.subject }),
    notFound: (req.notFoundStatuses ?? [404]).includes(res.status),
  });
}

function operationOf(req: ApiRequest): string {
  return req.operation ?? `call ${req.method} ${req.path}`;
}

/** A token refused for its scope (`invalid_scope`, or issued without it) is a missing scope of this call. */
function scopeErrorFromToken(err: unknown, scope: string, req: ApiRequest): unknown {
  if (!(err instanceof RampAuthError) || err.errorCode !== "invalid_scope") return err;
  return new RampScopeError(
    { scope, operation: operationOf(req), source: "token", status: err.status, errorCode: err.errorCode, rampMessage: err.rampMessage, traceId: err.traceId },
    { cause: err },
  );
}

/** Races `promise` against the deadline. */
function withDeadline<T>(promise: Promise<T>, deadlineAt: number, onDeadline: () => Error): Promise<T> {
  const remaining = deadlineAt - Date.now();
  if (remaining <= 0) return Promise.reject(onDeadline());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onDeadline()), remaining);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function send(ctx: RequestContext, req: ApiRequest): Promise<ApiResponse> {
  const startedAt = Date.now();
  const deadlineAt = startedAt + ctx.deadlineMs;
  let attempts = 0; // HTTP attempts made
  let retries = 0; // retries spent (a 401 refresh does not spend one)
  let refreshedToken = false;
  let lastCause: string | null = null;
  let lastError: Error | undefined;

  const deadlineError = (reason?: string): RampDeadlineError =>
    new RampDeadlineError(
      { method: req.method, path: req.path, deadlineMs: ctx.deadlineMs, elapsedMs: Date.now() - startedAt, attempts, lastCause, reason },
      lastError ? { cause: lastError } : undefined,
    );

  const throwIfClosed = (): void => {
    if (ctx.signal.aborted) throw closedError();
  };

  /** Waits before the next attempt, or throws when the retry budget or the deadline is spent. */
  const backOff = async (retryAfterMs: number | null, giveUp: () => Error): Promise<void> => {
    if (attempts >= ctx.retry.maxAttempts) throw giveUp();
    retries++;
    const delay = retryDelay(retries, retryAfterMs, ctx.retry, ctx.random);
    if (Date.now() + delay >= deadlineAt) {
      throw deadlineError(
        retryAfterMs !== null
          ? `Ramp asked to wait ${retryAfterMs} ms (Retry-After), longer than the time left`
          : `the next retry (in ${delay} ms) would pass the deadline`,
      );
    }
    ctx.emit({ type: "retry", method: req.method, path: req.path, attempt: attempts, delayMs: delay, reason: lastCause ?? "", retryAfterMs });
    await sleep(delay, ctx.signal);
  };

  /**
   * After a 429: Ramp's window is rolling and requests sent while limited extend it, so every caller sharing the
   * limiter pauses for the window (or the Retry-After Ramp sent); this request then queues behind the pause like the
   * others, instead of retrying on a short backoff of its own.
   */
  const pauseForRateLimit = (retryAfterMs: number | null, giveUp: () => Error): void => {
    if (attempts >= ctx.retry.maxAttempts) throw giveUp();
    retries++;
    const pauseMs = retryAfterMs ?? ctx.limiter.windowMs;
    if (Date.now() + pauseMs >= deadlineAt) {
      throw deadlineError(
        retryAfterMs !== null
          ? `Ramp asked to wait ${retryAfterMs} ms (Retry-After), longer than the time left`
          : `the rate-limit pause (${pauseMs} ms) would pass the deadline`,
      );
    }
    ctx.limiter.pauseUntil(Date.now() + pauseMs);
    ctx.emit({ type: "rate_limit_pause", pauseMs, retryAfterMs });
    ctx.emit({ type: "retry", method: req.method, path: req.path, attempt: attempts, delayMs: pauseMs, reason: lastCause ?? "", retryAfterMs });
  };

  const pathAndQuery = req.query && [...req.query.keys()].length > 0 ? `${req.path}?${req.query.toString()}` : req.path;

  while (true) {
    throwIfClosed();
    if (Date.now() >= deadlineAt) throw deadlineError();

    let authorization: string;
    let token: string | undefined;
    if ("scope" in req.auth) {
      const { scope } = req.auth;
      if (ctx.grantedScopes && !ctx.grantedScopes.has(scope)) {
        throw new RampScopeError({ scope, operation: operationOf(req), source: "config" });
      }
      try {
        token = await withDeadline(ctx.tokens.get(scope), deadlineAt, () => deadlineError("waiting for an access token"));
      } catch (err) {
        throw scopeErrorFromToken(err, scope, req);
      }
      authorization = `Bearer ${token}`;
    } else {
      authorization = req.auth.basic;
    }

    const grant = await ctx.limiter.acquire({ deadlineAt, onDeadline: () => deadlineError("waiting for the rate limiter") });
    if (grant.waitedMs > 0) ctx.emit({ type: "rate_limit_wait", waitedMs: grant.waitedMs });
    throwIfClosed();

    const remaining = deadlineAt - Date.now();
    if (remaining <= 0) throw deadlineError();
    const timeoutMs = Math.min(ctx.requestTimeoutMs, remaining);
    const headers: Record<string, string> = { authorization };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.json);
    } else if (req.form !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = req.form;
    }

    attempts++;
    const attemptStart = Date.now();
    let res: HttpResponse;
    try {
      res = await ctx.transport.send({ method: req.method, pathAndQuery, headers, body, timeoutMs, signal: ctx.signal });
    } catch (err) {
      grant.done();
      throwIfClosed();
      const code = errorCodeOf(err) ?? "network error";
      ctx.emit({
        type: "request",
        method: req.method,
        path: req.path,
        status: null,
        attempt: attempts,
        durationMs: Date.now() - attemptStart,
        traceId: null,
        error: code,
      });
      const cause = err instanceof AttemptTimeoutError ? `no response within ${err.timeoutMs} ms` : code;
      if (err instanceof AttemptTimeoutError && timeoutMs < ctx.requestTimeoutMs) {
        // Cut short by the deadline, not by the per-attempt timeout: the earlier failure (if any) is the story.
        lastCause ??= cause;
        lastError ??= err;
        throw deadlineError();
      }
      lastCause = cause;
      lastError = err instanceof Error ? err : new Error(String(err));
      const retryable = (isConnectionError(err) || err instanceof AttemptTimeoutError) && (req.idempotent || wasNotSent(err));
      const networkError = () =>
        new RampNetworkError(
          {
            method: req.method,
            path: req.path,
            attempts,
            causeCode: code,
            detail: [
              err instanceof Error && err.message ? err.message : undefined,
              retryable || !isConnectionError(err) ? undefined : "not retried: the request may have reached Ramp",
            ]
              .filter((s) => s)
              .join("; "),
          },
          { cause: err },
        );
      if (!retryable) throw networkError();
      await backOff(null, networkError);
      continue;
    }
    grant.done();

    const traceId = headerValue(res.headers, "x-trace-id");
    ctx.emit({ type: "request", method: req.method, path: req.path, status: res.status, attempt: attempts, durationMs: Date.now() - attemptStart, traceId });

    if (res.status >= 200 && res.status < 300) {
      if (req.response === "ignore") return { status: res.status, body: undefined, traceId, attempts };
      const parsed = res.body.trim() === "" ? ({ ok: false } as const) : parseJson(res.body);
      if (parsed.ok) return { status: res.status, body: parsed.value, traceId, attempts };
      const responseError = () =>
        new RampResponseError({
          method: req.method,
          path: req.path,
          status: res.status,
          traceId,
          issues: [],
          summary: res.body.trim() === "" ? "the body is empty, JSON was expected" : "the body is not valid JSON",
        });
      lastCause = `malformed JSON in an HTTP ${res.status} answer`;
      lastError = responseError();
      if (req.method !== "GET") throw lastError;
      await backOff(null, responseError);
      continue;
    }

    if (res.status === 401 && token !== undefined && "scope" in req.auth && !refreshedToken) {
      // The token expired or was revoked: fetch a new one and send this request once more.
      refreshedToken = true;
      ctx.tokens.invalidate(req.auth.scope, token);
      lastCause = "HTTP 401";
      continue;
    }

    const apiError = apiErrorFrom(req, res, traceId, attempts);
    if (res.status === 403 && apiError.errorCode === MISSING_SCOPE && "scope" in req.auth) {
      throw new RampScopeError(
        { scope: req.auth.scope, operation: operationOf(req), source: "api", status: 403, errorCode: apiError.errorCode, rampMessage: apiError.rampMessage, traceId },
        { cause: apiError },
      );
    }
    const retryable = res.status === 429 || (RETRYABLE_STATUSES.has(res.status) && req.idempotent);
    if (!retryable) throw req.errorFor?.(res, traceId) ?? apiError;

    lastCause = `HTTP ${res.status}${apiError.errorCode ? ` ${apiError.errorCode}` : ""}${apiError.rampMessage ? `: ${apiError.rampMessage}` : ""}${traceId ? ` (x-trace-id ${traceId})` : ""}`;
    lastError = apiError;
    const retryAfterMs = parseRetryAfter(res.headers["retry-after"]);
    if (res.status === 429) {
      pauseForRateLimit(retryAfterMs, () => apiErrorFrom(req, res, traceId, attempts));
      continue;
    }
    await backOff(retryAfterMs, () => apiErrorFrom(req, res, traceId, attempts));
  }
}

/** The error thrown for calls on a closed client. */
export function closedError(): RampError {
  return new RampError("RAMP_CLIENT_CLOSED", "The Ramp client was closed");
}
