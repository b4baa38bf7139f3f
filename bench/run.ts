// `npm run bench [-- --quick | --all | --only <id>[,<id>]]`: timings of the client, the provider and the roster
// loader against the in-process Ramp simulator over real HTTP on 127.0.0.1, printed as one table.
// `npm run bench -- engine ...` is the real Pulumi engine instead: see bench/engine.ts; `npm run bench -- pull-request
// ...` the pull-request workflow on a generated roster: see bench/pull-request.ts.
// Timings belong here, not in tests. Bounded: a watchdog stops the run if it ever takes far longer than it should.
import { cpus } from "node:os";
import { ENGINE_USAGE, parseEngineArgs, runEngineBench } from "./engine.js";
import { formatTable } from "./lib/table.js";
import { parsePullRequestArgs, PULL_REQUEST_USAGE, runPullRequestBench } from "./pull-request.js";
import type { Benchmark, BenchOptions, Row } from "./lib/harness.js";
import { invites } from "./invites.js";
import { listUsers } from "./list-users.js";
import { rateLimit } from "./rate-limit.js";
import { rateLimitPenalty } from "./rate-limit-penalty.js";
import { refresh } from "./refresh.js";
import { review } from "./review.js";
import { roster } from "./roster.js";

const BENCHMARKS: Benchmark[] = [listUsers, refresh, invites, rateLimit, rateLimitPenalty, roster, review];

const USAGE = `usage: npm run bench [-- [--quick | --all] [--only ${BENCHMARKS.map((b) => b.id).join(",")}]]
  --quick   smaller sizes, one measured run each, without the rate-limit benchmarks (~20 s and ~3 min)
  --all     larger sizes too (10,000 users listed, 5,000 refreshed, a 10,000-user roster)
  --only    just these benchmarks

${ENGINE_USAGE}

${PULL_REQUEST_USAGE}`;

/** A wrong command line: reported without a stack trace. */
class UsageError extends Error {}

function parseArgs(argv: string[]): { quick: boolean; all: boolean; only?: string[] } {
  const out: { quick: boolean; all: boolean; only?: string[] } = { quick: false, all: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--quick") out.quick = true;
    else if (arg === "--all") out.all = true;
    else if (arg === "--only" || arg.startsWith("--only=")) {
      const value = arg.includes("=") ? arg.slice("--only=".length) : argv[++i];
      const ids = (value ?? "").split(",").filter((s) => s !== "");
      const unknown = ids.filter((id) => !BENCHMARKS.some((b) => b.id === id));
      if (ids.length === 0 || unknown.length > 0) throw new UsageError(`--only takes benchmark ids (${BENCHMARKS.map((b) => b.id).join(", ")})`);
      out.only = ids;
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new UsageError(`unknown option ${arg}\n${USAGE}`);
  }
  if (out.quick && out.all) throw new UsageError("--quick and --all do not go together");
  return out;
}

async function main(): Promise<void> {
  // The engine benchmark runs the real Pulumi engine for many minutes: its own options and table, no watchdog
  // (every pulumi command it runs has its own timeout).
  if (process.argv[2] === "engine") {
    let engineArgs;
    try {
      engineArgs = parseEngineArgs(process.argv.slice(3));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    process.stdout.write(`\n${await runEngineBench(engineArgs)}\n`);
    return;
  }
  if (process.argv[2] === "pull-request") {
    let prArgs;
    try {
      prArgs = parsePullRequestArgs(process.argv.slice(3));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    process.stdout.write(`\n${await runPullRequestBench(prArgs)}\n`);
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  const selected = BENCHMARKS.filter((b) => (args.only ? args.only.includes(b.id) : !(args.quick && b.skipWhenQuick)));
  const started = Date.now();
  const log = (message: string): void => {
    process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);
  };
  const options: BenchOptions = { quick: args.quick, all: args.all, log };
  const rows: Row[] = [];

  // Self-stopping: the default run takes about 5 minutes on 2 cores (3 of them the 429 penalty); anything far beyond
  // that is a hang.
  const limitMs = (args.all ? 15 : 10) * 60_000;
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench: still running after ${limitMs / 60_000} minutes; stopping.\n`);
    if (rows.length > 0) process.stdout.write(`${formatTable(rows)}\n(incomplete)\n`);
    process.exit(2);
  }, limitMs);
  watchdog.unref();

  for (const bench of selected) rows.push(...(await bench.run(options)));
  clearTimeout(watchdog);

  const mode = args.quick ? "quick" : args.all ? "all" : "default";
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  process.stdout.write(
    `\npulumi-ramp-roster bench (${mode}): node ${process.version}, ${cpus().length} x ${cpu}; ` +
      `simulator on 127.0.0.1; ${((Date.now() - started) / 1000).toFixed(0)} s in all\n\n`,
  );
  process.stdout.write(`${formatTable(rows)}\n\n`);
  process.stdout.write(
    "Times are wall-clock per measured run, after unmeasured warm-up; p90 is interpolated between runs. Ramp requests\n" +
      "are per run (a range when runs differ), without POST /token (one per fresh client or provider process).\n",
  );
}

main().then(
  () => {
    // Everything is closed by now; if some handle still holds the loop, do not hang on it.
    setTimeout(() => process.exit(process.exitCode ?? 0), 2_000).unref();
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`bench: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
