// The request pipeline shared by every call: token → rate limiter → HTTP attempt → classification → retry, all within
// one total deadline. Returns parsed JSON (unvalidated: callers check it with zod) or throws a typed error.
import type { TokenManager } from "./auth.js";
import { RampApiError, RampDeadlineError, RampError, RampNetworkError, RampResponseError } from "./errors.js";
import type { RateLimiter } from "./rate-limiter.js";
import { errorCodeOf, isConnectionError, parseRetryAfter, RETRYABLE_STATUSES, retryDelay, sleep, wasNotSent, type RetryOptions } from "./retry.js";
import { parseErrorBody } from "./schemas.js";
import { AttemptTimeoutError, type HttpResponse, type Transport } from "./transport.js";
import type { ClientEvent } from "./types.js";

export interface RequestContext {
  transport: Transport;
  limiter: RateLimiter;
  tokens: TokenManager;
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
  /** "bearer" for API calls; a Basic header value for the token endpoint. */
  auth: "bearer" | { basic: string };
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
  });
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

  const pathAndQuery = req.query && [...req.query.keys()].length > 0 ? `${req.path}?${req.query.toString()}` : req.path;

  while (true) {
    throwIfClosed();
    if (Date.now() >= deadlineAt) throw deadlineError();

    let authorization: string;
    let token: string | undefined;
    if (req.auth === "bearer") {
      token = await withDeadline(ctx.tokens.get(), deadlineAt, () => deadlineError("waiting for an access token"));
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

    if (res.status === 401 && token !== undefined && !refreshedToken) {
      // The token expired or was revoked: fetch a new one and send this request once more.
      refreshedToken = true;
      ctx.tokens.invalidate(token);
      lastCause = "HTTP 401";
      continue;
    }

    const apiError = apiErrorFrom(req, res, traceId, attempts);
    const retryable = res.status === 429 || (RETRYABLE_STATUSES.has(res.status) && req.idempotent);
    if (!retryable) throw req.errorFor?.(res, traceId) ?? apiError;

    lastCause = `HTTP ${res.status}${apiError.errorCode ? ` ${apiError.errorCode}` : ""}${apiError.rampMessage ? `: ${apiError.rampMessage}` : ""}${traceId ? ` (x-trace-id ${traceId})` : ""}`;
    lastError = apiError;
    const retryAfterMs = parseRetryAfter(res.headers["retry-after"]);
    if (res.status === 429 && retryAfterMs !== null) ctx.limiter.pauseUntil(Date.now() + retryAfterMs);
    await backOff(retryAfterMs, () => apiErrorFrom(req, res, traceId, attempts));
  }
}

/** The error thrown for calls on a closed client. */
export function closedError(): RampError {
  return new RampError("RAMP_CLIENT_CLOSED", "The Ramp client was closed");
}
