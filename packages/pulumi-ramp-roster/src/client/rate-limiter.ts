// A rolling-window rate limiter shared by every call of one client: at most `requests` grants in any `windowMs`.
// Callers that cannot go now wait in a FIFO queue (no barging, so nobody starves) behind a single timer set for the
// moment the oldest grant leaves the window; there is no polling loop. A 429 can pause the whole limiter.
// A grant is re-stamped when its response arrives (`done()`): the server counts a request when it arrives, which is
// after we send it, so counting from the send let request N+1 reach the server inside the window of request 1.

export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** Permission to send one request. Call `done()` when its response (or failure) has come back. */
export interface Grant {
  waitedMs: number;
  done(): void;
}

interface Waiter {
  resolve: (grant: Grant) => void;
  reject: (err: unknown) => void;
  enqueuedAt: number;
  deadlineTimer?: ReturnType<typeof setTimeout>;
}

export interface AcquireOptions {
  /** Epoch ms after which the caller gives up; the promise then rejects with `onDeadline()`. */
  deadlineAt?: number;
  onDeadline?: () => unknown;
}

export class RateLimiter {
  readonly requests: number;
  readonly windowMs: number;
  /** Grant times (send, or response once done); never more than `requests` of them inside the window. */
  private grants: { at: number }[] = [];
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = 0;
  private pausedUntil = 0;
  private closedWith: (() => unknown) | undefined;

  constructor(limit: RateLimit) {
    if (!Number.isInteger(limit.requests) || limit.requests < 1) throw new RangeError("rateLimit.requests must be a positive integer");
    if (!Number.isFinite(limit.windowMs) || limit.windowMs <= 0) throw new RangeError("rateLimit.windowMs must be a positive number");
    this.requests = limit.requests;
    this.windowMs = limit.windowMs;
  }

  /** Number of callers waiting. */
  get pending(): number {
    return this.queue.length;
  }

  /** Resolves (with the time waited) when the caller may send one request. */
  acquire(options: AcquireOptions = {}): Promise<Grant> {
    if (this.closedWith) return Promise.reject(this.closedWith());
    const now = Date.now();
    if (this.queue.length === 0 && this.canGrant(now)) return Promise.resolve(this.grant(now, 0));
    return new Promise<Grant>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, enqueuedAt: now };
      if (options.deadlineAt !== undefined) {
        const onDeadline = options.onDeadline ?? (() => new Error("rate limiter wait exceeded the deadline"));
        waiter.deadlineTimer = setTimeout(() => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(onDeadline());
          this.schedule();
        }, Math.max(0, options.deadlineAt - now));
      }
      this.queue.push(waiter);
      this.schedule();
    });
  }

  /** Holds every caller until `until` (epoch ms), e.g. after a 429 with Retry-After. */
  pauseUntil(until: number): void {
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    this.schedule();
  }

  /** Rejects every waiting and future caller with `makeError()`. */
  close(makeError: () => unknown): void {
    this.closedWith = makeError;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.queue.splice(0)) {
      if (w.deadlineTimer) clearTimeout(w.deadlineTimer);
      w.reject(makeError());
    }
  }

  private grant(now: number, waitedMs: number): Grant {
    const slot = { at: now };
    this.grants.push(slot);
    return {
      waitedMs,
      done: () => {
        slot.at = Math.max(slot.at, Date.now());
        this.schedule();
      },
    };
  }

  private prune(now: number): void {
    if (this.grants.some((g) => g.at + this.windowMs <= now)) this.grants = this.grants.filter((g) => g.at + this.windowMs > now);
  }

  /** When the oldest slot in the window frees up. */
  private nextFreeAt(): number {
    return Math.min(...this.grants.map((g) => g.at)) + this.windowMs;
  }

  private canGrant(now: number): boolean {
    if (now < this.pausedUntil) return false;
    this.prune(now);
    return this.grants.length < this.requests;
  }

  /** Grants as many queued callers as the window allows, then arms one timer for the next free slot. */
  private schedule(): void {
    const now = Date.now();
    while (this.queue.length > 0 && this.canGrant(now)) {
      const w = this.queue.shift() as Waiter;
      if (w.deadlineTimer) clearTimeout(w.deadlineTimer);
      w.resolve(this.grant(now, now - w.enqueuedAt));
    }
    if (this.queue.length === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    const nextAt = Math.max(this.pausedUntil, this.grants.length >= this.requests ? this.nextFreeAt() : now);
    if (this.timer && this.timerAt === nextAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = nextAt;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, Math.max(0, nextAt - now));
  }
}
