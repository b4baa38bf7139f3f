// Every Ramp API request (not admin requests), recorded when it arrives so that a count is right as soon as the
// client has its answer; `status` is filled in when the response is written.
import type { RequestLogEntry } from "./types.js";

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  record(entry: Omit<RequestLogEntry, "status">): RequestLogEntry {
    const full: RequestLogEntry = { ...entry, status: 0 };
    this.entries.push(full);
    return full;
  }

  snapshot(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e, query: { ...e.query } }));
  }

  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { route } of this.entries) counts[route] = (counts[route] ?? 0) + 1;
    return counts;
  }

  reset(): void {
    this.entries = [];
  }
}
