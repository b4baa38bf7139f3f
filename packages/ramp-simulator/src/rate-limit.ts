// Ramp's documented limit: N requests per rolling window per source IP. Every request counts, the refused ones too:
// Ramp's docs say the window is rolling and that requests sent while limited extend it, so a client that keeps
// retrying stays limited until it pauses for a whole window.
import type { RateLimit } from "./types.js";

export class SimulatedRateLimit {
  private readonly hits = new Map<string, number[]>();

  constructor(private limit: RateLimit | false) {}

  set(limit: RateLimit | false): void {
    this.limit = limit;
    this.hits.clear();
  }

  current(): RateLimit | false {
    return this.limit;
  }

  /** Records the request (admitted or not) and returns true if `ip` was under the limit. */
  admit(ip: string, now = Date.now()): boolean {
    if (!this.limit) return true;
    const since = now - this.limit.windowMs;
    const recent = (this.hits.get(ip) ?? []).filter((t) => t > since);
    const admitted = recent.length < this.limit.requests;
    recent.push(now);
    this.hits.set(ip, recent);
    return admitted;
  }

  reset(): void {
    this.hits.clear();
  }
}
