// Retries: sends the call down the pipeline until the answer is usable, the failure is final, the retry budget
// (maxAttempts HTTP attempts) is spent or the deadline would pass. The policy (which failures, how long to wait,
// Retry-After) is in ../retry.ts; what an outcome means is in classify.ts.
import type { RateLimiter } from "../rate-limiter.js";
import { retryDelay, sleep, type RetryOptions } from "../retry.js";
import type { ClientEvent } from "../types.js";
import type { Answer, Call, Send } from "./call.js";
import { classify } from "./classify.js";

export interface RetryLayerOptions {
  retry: RetryOptions;
  /** Paused for everyone after a 429. */
  limiter: Pick<RateLimiter, "windowMs" | "pauseUntil">;
  emit: (event: ClientEvent) => void;
  random?: () => number;
}

/** Like every layer it takes a `Send`; what it returns only ever resolves to an accepted answer. */
export function withRetry({ retry, limiter, emit, random }: RetryLayerOptions): (next: Send) => (call: Call) => Promise<Answer> {
  return (next) => async (call): Promise<Answer> => {
    const { req, deadline, trail } = call;
    let retries = 0; // retries spent (the bearer layer's 401 refresh does not spend one)

    const emitRetry = (delayMs: number, retryAfterMs: number | null): void =>
      emit({ type: "retry", method: req.method, path: req.path, attempt: trail.attempts, delayMs, reason: trail.lastCause ?? "", retryAfterMs });

    /** Waits before the next attempt, or throws when the deadline would pass first. */
    const backOff = async (retryAfterMs: number | null): Promise<void> => {
      const delay = retryDelay(retries, retryAfterMs, retry, random);
      if (Date.now() + delay >= deadline.at) {
        throw deadline.error(
          retryAfterMs !== null
            ? `Ramp asked to wait ${retryAfterMs} ms (Retry-After), longer than the time left`
            : `the next retry (in ${delay} ms) would pass the deadline`,
        );
      }
      emitRetry(delay, retryAfterMs);
      await sleep(delay, call.signal);
    };

    /**
     * After a 429: Ramp's window is rolling and requests sent while limited extend it, so every caller sharing the
     * limiter pauses for the window (or the Retry-After Ramp sent); this request then queues behind the pause like the
     * others, instead of retrying on a short backoff of its own.
     */
    const pauseForRateLimit = (retryAfterMs: number | null): void => {
      const pauseMs = retryAfterMs ?? limiter.windowMs;
      if (Date.now() + pauseMs >= deadline.at) {
        throw deadline.error(
          retryAfterMs !== null
            ? `Ramp asked to wait ${retryAfterMs} ms (Retry-After), longer than the time left`
            : `the rate-limit pause (${pauseMs} ms) would pass the deadline`,
        );
      }
      limiter.pauseUntil(Date.now() + pauseMs);
      emit({ type: "rate_limit_pause", pauseMs, retryAfterMs });
      emitRetry(pauseMs, retryAfterMs);
    };

    while (true) {
      deadline.check();
      const verdict = classify(call, await next(call));
      if (verdict.kind === "done") return verdict.answer;
      if (verdict.kind === "fail") throw verdict.error;
      trail.lastCause = verdict.cause;
      trail.lastError = verdict.error;
      if (trail.attempts >= retry.maxAttempts) throw verdict.giveUp();
      retries++;
      if (verdict.rateLimited) pauseForRateLimit(verdict.retryAfterMs);
      else await backOff(verdict.retryAfterMs);
    }
  };
}
