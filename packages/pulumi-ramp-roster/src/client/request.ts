// The request pipeline shared by every call, composed of parts the way undici composes interceptors:
//
//   withRetry(withBearer(withRateLimit(sendAttempt(transport))))
//
// each in its own file under pipeline/ and owning its own state, all within the call's total deadline
// (pipeline/deadline.ts). Returns parsed JSON (unvalidated: callers check it with zod) or throws a typed error.
import type { ScopedTokens } from "./auth.js";
import type { RateLimiter } from "./rate-limiter.js";
import type { RetryOptions } from "./retry.js";
import type { Transport } from "./transport.js";
import type { ClientEvent } from "./types.js";
import { sendAttempt } from "./pipeline/attempt.js";
import { withBearer } from "./pipeline/bearer.js";
import type { ApiRequest, ApiResponse, Call, Trail } from "./pipeline/call.js";
import { Deadline } from "./pipeline/deadline.js";
import { withRateLimit } from "./pipeline/rate-limit.js";
import { withRetry } from "./pipeline/retry.js";

export type { ApiRequest, ApiResponse } from "./pipeline/call.js";
export { MISSING_SCOPE } from "./pipeline/classify.js";
export { closedError } from "./errors.js";

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

/** Sends one request through the pipeline: its answer, parsed, or a typed error. */
export type RequestSender = (req: ApiRequest) => Promise<ApiResponse>;

/** The pipeline of one client: build it once, so that its layers' state (e.g. the 401 refreshes) is shared. */
export function createPipeline(ctx: RequestContext): RequestSender {
  const { emit } = ctx;
  const attempt = sendAttempt(ctx.transport, { requestTimeoutMs: ctx.requestTimeoutMs, emit });
  const pipeline = withRetry({ retry: ctx.retry, limiter: ctx.limiter, emit, ...(ctx.random && { random: ctx.random }) })(
    withBearer(ctx.tokens, ctx.grantedScopes)(withRateLimit(ctx.limiter, emit)(attempt)),
  );
  return async (req) => {
    const trail: Trail = { attempts: 0, lastCause: null, lastError: undefined };
    const call: Call = { req, trail, signal: ctx.signal, deadline: new Deadline(ctx.deadlineMs, req, trail, ctx.signal) };
    const answer = await pipeline(call);
    return { status: answer.status, body: answer.json, traceId: answer.traceId, attempts: trail.attempts };
  };
}
