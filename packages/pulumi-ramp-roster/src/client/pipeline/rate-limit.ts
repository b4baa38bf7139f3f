// Client-side rate limiting: every attempt waits for a slot of the shared RateLimiter (within the call's deadline)
// and gives it back, re-stamped, when its answer or failure arrives. The pause after a 429 is the retry layer's.
import type { RateLimiter } from "../rate-limiter.js";
import type { ClientEvent } from "../types.js";
import { throwIfClosed, type Layer } from "./call.js";

export function withRateLimit(limiter: RateLimiter, emit: (event: ClientEvent) => void): Layer {
  return (next) => async (call) => {
    const grant = await limiter.acquire({ deadlineAt: call.deadline.at, onDeadline: () => call.deadline.error("waiting for the rate limiter") });
    try {
      if (grant.waitedMs > 0) emit({ type: "rate_limit_wait", waitedMs: grant.waitedMs });
      throwIfClosed(call.signal);
      return await next(call);
    } finally {
      grant.done();
    }
  };
}
