// The total deadline of one call: retries, backoff, token and rate-limiter waits and every attempt fit inside it.
// Each layer asks it how long it may wait; whichever layer runs out of time throws its error, which tells the story
// (elapsed time, attempts, the last retried failure).
import { RampDeadlineError } from "../errors.js";
import { throwIfClosed, type ApiRequest, type Trail } from "./call.js";

export class Deadline {
  readonly startedAt = Date.now();
  /** Epoch ms. */
  readonly at: number;

  constructor(
    readonly ms: number,
    private readonly req: Pick<ApiRequest, "method" | "path">,
    private readonly trail: Trail,
    private readonly signal: AbortSignal,
  ) {
    this.at = this.startedAt + ms;
  }

  remainingMs(): number {
    return this.at - Date.now();
  }

  /** The error that ends the call; `reason` says what was being waited for. */
  error(reason?: string): RampDeadlineError {
    const { attempts, lastCause, lastError } = this.trail;
    return new RampDeadlineError(
      { method: this.req.method, path: this.req.path, deadlineMs: this.ms, elapsedMs: Date.now() - this.startedAt, attempts, lastCause, reason },
      lastError ? { cause: lastError } : undefined,
    );
  }

  /** Before each attempt: a closed client or a spent deadline ends the call. */
  check(): void {
    throwIfClosed(this.signal);
    if (Date.now() >= this.at) throw this.error();
  }

  /** `promise`, or this deadline's error (naming `reason`) if it comes first. */
  race<T>(promise: Promise<T>, reason: string): Promise<T> {
    const remaining = this.remainingMs();
    if (remaining <= 0) return Promise.reject(this.error(reason));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.error(reason)), remaining);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
