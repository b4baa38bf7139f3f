// Classification, in one place: what an attempt's outcome means for the call. A usable answer (2xx, its JSON parsed:
// the shape is checked with zod by the caller), a final error, or a failure worth another attempt.
import { AttemptTimeoutError, RampApiError, RampNetworkError, RampResponseError, RampScopeError } from "../errors.js";
import { errorCodeOf, isConnectionError, parseRetryAfter, RETRYABLE_STATUSES, wasNotSent } from "../retry.js";
import { parseErrorBody } from "../schemas.js";
import type { HttpResponse } from "../transport.js";
import { isWireFailure, operationOf, type Answer, type ApiRequest, type Call, type Outcome } from "./call.js";

/** Ramp's error code for a valid token without the route's scope (403). */
export const MISSING_SCOPE = "DEVELOPER_7100";

export type Verdict =
  | { kind: "done"; answer: Answer }
  | { kind: "fail"; error: Error }
  | {
      kind: "retry";
      /** One line for events and the deadline error. */
      cause: string;
      error: Error;
      /** What Ramp asked for (Retry-After), if anything. */
      retryAfterMs: number | null;
      /** A 429: the whole client pauses, not just this call. */
      rateLimited: boolean;
      /** The error to throw when the retry budget is spent. */
      giveUp: () => Error;
    };

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

/** One line on an attempt that got no answer: the low-level code, or the per-attempt timeout. */
export function failureCause(err: unknown): string {
  return err instanceof AttemptTimeoutError ? `no response within ${err.timeoutMs} ms` : (errorCodeOf(err) ?? "network error");
}

export function classify(call: Call, outcome: Outcome): Verdict {
  return isWireFailure(outcome) ? classifyFailure(call, outcome.failure) : classifyAnswer(call, outcome);
}

/** No answer: retried when it is safe to send the request again (idempotent, or certainly never sent). */
function classifyFailure({ req, trail }: Call, err: unknown): Verdict {
  const retryable = (isConnectionError(err) || err instanceof AttemptTimeoutError) && (req.idempotent || wasNotSent(err));
  const networkError = (): RampNetworkError =>
    new RampNetworkError(
      {
        method: req.method,
        path: req.path,
        attempts: trail.attempts,
        causeCode: errorCodeOf(err) ?? "network error",
        detail: [
          err instanceof Error && err.message ? err.message : undefined,
          retryable || !isConnectionError(err) ? undefined : "not retried: the request may have reached Ramp",
        ]
          .filter((s) => s)
          .join("; "),
      },
      { cause: err },
    );
  if (!retryable) return { kind: "fail", error: networkError() };
  return {
    kind: "retry",
    cause: failureCause(err),
    error: err instanceof Error ? err : new Error(String(err)),
    retryAfterMs: null,
    rateLimited: false,
    giveUp: networkError,
  };
}

function classifyAnswer({ req, trail }: Call, res: Answer): Verdict {
  const { traceId } = res;
  if (res.status >= 200 && res.status < 300) {
    if (req.response === "ignore") return { kind: "done", answer: res };
    const parsed = res.body.trim() === "" ? ({ ok: false } as const) : parseJson(res.body);
    if (parsed.ok) return { kind: "done", answer: { ...res, json: parsed.value } };
    const responseError = (): RampResponseError =>
      new RampResponseError({
        method: req.method,
        path: req.path,
        status: res.status,
        traceId,
        issues: [],
        summary: res.body.trim() === "" ? "the body is empty, JSON was expected" : "the body is not valid JSON",
      });
    // A GET can be read again; a write that may have happened cannot be repeated blindly.
    if (req.method !== "GET") return { kind: "fail", error: responseError() };
    return {
      kind: "retry",
      cause: `malformed JSON in an HTTP ${res.status} answer`,
      error: responseError(),
      retryAfterMs: null,
      rateLimited: false,
      giveUp: responseError,
    };
  }

  const apiError = apiErrorFrom(req, res, traceId, trail.attempts);
  if (res.status === 403 && apiError.errorCode === MISSING_SCOPE && "scope" in req.auth) {
    const error = new RampScopeError(
      { scope: req.auth.scope, operation: operationOf(req), source: "api", status: 403, errorCode: apiError.errorCode, rampMessage: apiError.rampMessage, traceId },
      { cause: apiError },
    );
    return { kind: "fail", error };
  }
  const retryable = res.status === 429 || (RETRYABLE_STATUSES.has(res.status) && req.idempotent);
  if (!retryable) return { kind: "fail", error: req.errorFor?.(res, traceId) ?? apiError };
  return {
    kind: "retry",
    cause: `HTTP ${res.status}${apiError.errorCode ? ` ${apiError.errorCode}` : ""}${apiError.rampMessage ? `: ${apiError.rampMessage}` : ""}${traceId ? ` (x-trace-id ${traceId})` : ""}`,
    error: apiError,
    retryAfterMs: parseRetryAfter(res.headers["retry-after"]),
    rateLimited: res.status === 429,
    giveUp: () => apiErrorFrom(req, res, traceId, trail.attempts),
  };
}
