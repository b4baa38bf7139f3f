// The measuring harness: a benchmark is a named async function returning rows; each row is timed over a few runs
// after an unmeasured warm-up. Statistics and concurrency helpers live here so the benchmarks stay short.
import { performance } from "node:perf_hooks";

export interface BenchOptions {
  /** Smaller sizes, one measured run each. */
  quick: boolean;
  /** Larger sizes and the optional benchmarks. */
  all: boolean;
  /** Progress lines (to stderr, so the table on stdout stays clean). */
  log(message: string): void;
}

/** One line of the result table. */
export interface Row {
  benchmark: string;
  /** Users, invites or calls measured. */
  size: number;
  /** One entry per measured run (warm-ups excluded). */
  timesMs: number[];
  /** Ramp API requests per run (POST /token excluded), already formatted; "-" when the benchmark makes none. */
  requests: string;
  notes: string;
}

export interface Benchmark {
  /** As selected with --only. */
  id: string;
  /** Left out of --quick runs (unless named with --only). */
  skipWhenQuick?: boolean;
  run(options: BenchOptions): Promise<Row[]>;
}

/** Runs `fn` and returns how long it took, with its result. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/**
 * `warmups` unmeasured calls, then `runs` measured ones. `trial` does its own set-up and times only the part that
 * counts (with `timed`), returning the time and whatever it observed.
 */
export async function measure<T extends { ms: number }>(
  { runs, warmups }: { runs: number; warmups: number },
  trial: (run: number, warmup: boolean) => Promise<T>,
): Promise<T[]> {
  for (let i = 0; i < warmups; i++) await trial(i, true);
  const results: T[] = [];
  for (let i = 0; i < runs; i++) results.push(await trial(i, false));
  return results;
}

/** `fn` over `items`, at most `limit` at a time (as the engine runs resource operations), results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Percentile with linear interpolation between the closest ranks (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (rank - lo);
}

/** "12" when every run saw the same count, "12-14" when they differ. */
export function countRange(counts: readonly number[]): string {
  const min = Math.min(...counts);
  const max = Math.max(...counts);
  return min === max ? formatInt(min) : `${formatInt(min)}-${formatInt(max)}`;
}

export function formatInt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** Milliseconds with precision that suits their size: 0.123, 12.3, 1,234. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "-";
  if (ms < 1) return ms.toFixed(3);
  if (ms < 100) return ms.toFixed(1);
  return formatInt(ms);
}
