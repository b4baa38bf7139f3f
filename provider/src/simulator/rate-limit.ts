// Ramp's documented limit: N requests per rolling window per source IP. Only admitted requests count.
import type { RateLimit } from "./types.js";

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private limit: RateLimit | false) {}

  set(limit: RateLimit | false): void {
    this.limit = limit;
    this.hits.clear();
  }

  current(): RateLimit | false {
    return this.limit;
  }

  /** Records the request and returns true if `ip` is under the limit; returns false (not recorded) otherwise. */
  admit(ip: string, now = Date.now()): boolean {
    if (!this.limit) return true;
    const since = now - this.limit.windowMs;
    const recent = (this.hits.get(ip) ?? []).filter((t) => t > since);
    if (recent.length >= this.limit.requests) {
      this.hits.set(ip, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(ip, recent);
    return true;
  }

  reset(): void {
    this.hits.clear();
  }
}
