// The innermost part: one HTTP attempt. Encodes the body, sends it with the Authorization the layers above chose,
// within the per-attempt timeout (shortened to what is left of the deadline), and reports it as a `request` event.
import { AttemptTimeoutError } from "../errors.js";
import { errorCodeOf } from "../retry.js";
import type { HttpResponse, Transport } from "../transport.js";
import type { ClientEvent } from "../types.js";
import { throwIfClosed, type ApiRequest, type Send } from "./call.js";
import { failureCause, headerValue } from "./classify.js";

export interface AttemptOptions {
  requestTimeoutMs: number;
  emit: (event: ClientEvent) => void;
}

function encode(req: ApiRequest, authorization: string | undefined): { headers: Record<string, string>; body: string | undefined } {
  const headers: Record<string, string> = authorization !== undefined ? { authorization } : {};
  if (req.json !== undefined) {
    headers["content-type"] = "application/json";
    return { headers, body: JSON.stringify(req.json) };
  }
  if (req.form !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    return { headers, body: req.form };
  }
  return { headers, body: undefined };
}

export function sendAttempt(transport: Transport, { requestTimeoutMs, emit }: AttemptOptions): Send {
  return async (call) => {
    const { req, deadline, trail } = call;
    const remaining = deadline.remainingMs();
    if (remaining <= 0) throw deadline.error();
    const timeoutMs = Math.min(requestTimeoutMs, remaining);
    const { headers, body } = encode(req, call.authorization);
    const pathAndQuery = req.query && [...req.query.keys()].length > 0 ? `${req.path}?${req.query.toString()}` : req.path;

    trail.attempts++;
    const attempt = trail.attempts;
    const startedAt = Date.now();
    let res: HttpResponse;
    try {
      res = await transport.send({ method: req.method, pathAndQuery, headers, body, timeoutMs, signal: call.signal });
    } catch (err) {
      throwIfClosed(call.signal);
      const error = errorCodeOf(err) ?? "network error";
      emit({ type: "request", method: req.method, path: req.path, status: null, attempt, durationMs: Date.now() - startedAt, traceId: null, error });
      if (err instanceof AttemptTimeoutError && timeoutMs < requestTimeoutMs) {
        // Cut short by the deadline, not by the per-attempt timeout: the earlier failure (if any) is the story.
        trail.lastCause ??= failureCause(err);
        trail.lastError ??= err;
        throw deadline.error();
      }
      return { failure: err };
    }
    const traceId = headerValue(res.headers, "x-trace-id");
    emit({ type: "request", method: req.method, path: req.path, status: res.status, attempt, durationMs: Date.now() - startedAt, traceId });
    return { ...res, traceId };
  };
}
