// Retry policy: which failures are retried, how long to wait (exponential backoff with full jitter, never less than a
// server's Retry-After), and a cancellable sleep. The loop that uses them is pipeline/retry.ts.

export interface RetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

/** HTTP statuses that are worth retrying. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Low-level error codes of a failed connection (Node and undici). */
const CONNECTION_ERROR_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENETDOWN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_REQ_CONTENT_LENGTH_MISMATCH",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

/** Codes meaning the request never reached the server: safe to retry even a non-idempotent request. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "ENETDOWN", "UND_ERR_CONNECT_TIMEOUT"]);

/** The error code of a low-level error, looking through `cause` chains (undici wraps socket errors). */
export function errorCodeOf(err: unknown): string | null {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_ERROR_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  const top = err && typeof err === "object" ? (err as { code?: unknown }).code : undefined;
  return typeof top === "string" ? top : null;
}

export function isConnectionError(err: unknown): boolean {
  const code = errorCodeOf(err);
  return code !== null && CONNECTION_ERROR_CODES.has(code);
}

/** True when the request certainly did not reach the server (so even a POST can be sent again). */
export function wasNotSent(err: unknown): boolean {
  const code = errorCodeOf(err);
  return code !== null && NOT_SENT_CODES.has(code);
}

/**
 * Backoff before retry number `attempt` (1 = the first retry): full jitter, a uniform draw in
 * [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))].
 */
export function backoffDelay(attempt: number, options: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs">, random: () => number = Math.random): number {
  const exp = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * exp);
}

/**
 * Parses a Retry-After header: delay-seconds (integer or decimal) or an HTTP-date. Returns milliseconds from `nowMs`
 * (0 for a date in the past), or null when absent or unparsable.
 */
export function parseRetryAfter(value: string | string[] | null | undefined, nowMs: number = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw === null) return null;
  const text = raw.trim();
  if (text === "") return null;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const seconds = Number(text);
    return Number.isFinite(seconds) ? Math.ceil(seconds * 1000) : null;
  }
  // HTTP-date (IMF-fixdate, or the obsolete RFC 850 / asctime forms Date.parse also reads). Require a letter so that
  // "-5" or "1e3" are not taken for dates.
  if (!/[A-Za-z]/.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/**
 * The wait before the next attempt. Without Retry-After: the jittered exponential backoff. With Retry-After: exactly
 * what the server asked (not capped by maxDelayMs: the server knows better) plus a small jitter, up to baseDelayMs
 * (at most 1 s), so that queued callers do not all come back in the same millisecond. Never less than asked.
 */
export function retryDelay(attempt: number, retryAfterMs: number | null, options: RetryOptions, random: () => number = Math.random): number {
  if (retryAfterMs === null) return backoffDelay(attempt, options, random);
  return retryAfterMs + Math.floor(random() * Math.min(options.baseDelayMs, 1000));
}

/** Sleeps `ms`, rejecting early with `signal.reason` if the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
