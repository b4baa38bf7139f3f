// Timers the simulator owns (task completion, latency faults), unref'd and cleared together on reset/close
// so a stopped simulator never keeps the process alive.
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();

  set(fn: () => void, ms: number): void {
    const handle = setTimeout(() => {
      this.pending.delete(handle);
      fn();
    }, ms);
    handle.unref();
    this.pending.add(handle);
  }

  /** Resolves after `ms`; never resolves if the timers are cleared first. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.set(resolve, ms));
  }

  clearAll(): void {
    for (const handle of this.pending) clearTimeout(handle);
    this.pending.clear();
  }
}
