// `npm run bench -- engine [--quick | --sizes 100,1000,5000] [--parallel N] [--skip-checkpoints] [--parts ...]`:
// the repository's program under the real Pulumi engine (file:// backend, the in-process simulator) against the
// engine's floor, bench/floor: the same roster as no-op dynamic resources with the same inputs and dependencies.
// Both projects run each step in turn, so a change in the machine's load hits both. Then a first `up` against a
// simulator that enforces Ramp's 200 requests per 10 s, against the rate limit's own floor. Not a test: slow.
import * as fs from "node:fs";
import { cpus, loadavg } from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { RunningSimulator } from "../packages/ramp-simulator/src/index.js";
import { REPO_ROOT, StackWorkspace, type PulumiRun } from "../test/support/pulumi-engine.js";
import { PostgresServer } from "../test/support/postgres.js";
import { TEST_CLIENT_ID, TEST_CLIENT_SECRET } from "../test/support/simulator.js";
import { formatInt } from "./lib/harness.js";
import { RAMP_LIMIT, simulator } from "./lib/ramp.js";
import { generateRoster } from "./roster.js";

const CREDENTIALS = { clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET };

/** Ramp's limit as requests per second: the rate-limit floor of a run is the requests it needs divided by this. */
const RAMP_REQUESTS_PER_SECOND = (RAMP_LIMIT.requests * 1000) / RAMP_LIMIT.windowMs;

/** The routes of one invite. Everything else a first `up` sends (listings, departments, locations) is not per invite. */
const INVITE_ROUTES = ["POST /users/deferred", "GET /users/deferred/status/{id}", "GET /users/{id}"];
const REQUESTS_PER_INVITE_FLOOR = 2; // the POST and one task poll

export interface EngineBenchArgs {
  sizes: number[];
  /** `pulumi up/preview --parallel`; undefined: the engine's default. */
  parallel?: number;
  /** PULUMI_SKIP_CHECKPOINTS=true: one checkpoint at the end of each update instead of one per step. */
  skipCheckpoints: boolean;
  /** How long the rate-limited simulator's deferred tasks take; undefined: the simulator's default (200 ms). */
  taskMs?: number;
  compare: boolean;
  rate: boolean;
  /** Ours on file:// against ours on PostgreSQL (test/support/postgres.ts): what a shared backend adds. */
  backend: boolean;
}

export const ENGINE_USAGE = `usage: npm run bench -- engine [--quick | --sizes 100,1000,5000] [--parallel N] [--skip-checkpoints] [--task-ms MS] [--parts compare,rate]
  --quick             sizes 100 and 1,000
  --sizes             roster sizes (users), comma-separated; default 100,1000,5000
  --parallel N        passed to every pulumi up and preview (default: the engine's, 4 per CPU)
  --skip-checkpoints  PULUMI_SKIP_CHECKPOINTS=true for every run (state written once per update; see docs/performance.md)
  --task-ms MS        how long invites' deferred tasks take in the rate-limited part (default: the simulator's 200)
  --parts             compare (ours vs the floor, no rate limit), rate (first up at Ramp's 200/10 s), backend (ours
                      on file:// vs on PostgreSQL, a cluster started for it); default compare,rate`;

export function parseEngineArgs(argv: string[]): EngineBenchArgs {
  const out: EngineBenchArgs = { sizes: [100, 1_000, 5_000], skipCheckpoints: false, compare: true, rate: true, backend: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i];
    if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value\n${ENGINE_USAGE}`);
    return v;
  };
  const positiveInts = (text: string, flag: string): number[] => {
    const numbers = text.split(",").map((s) => Number(s.replaceAll("_", "")));
    if (numbers.length === 0 || numbers.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${flag} takes positive integers, got ${text}`);
    return numbers;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--quick") out.sizes = [100, 1_000];
    else if (arg === "--sizes") out.sizes = positiveInts(value(++i, arg), arg);
    else if (arg === "--parallel") out.parallel = positiveInts(value(++i, arg), arg)[0];
    else if (arg === "--skip-checkpoints") out.skipCheckpoints = true;
    else if (arg === "--task-ms") out.taskMs = positiveInts(value(++i, arg), arg)[0];
    else if (arg === "--parts") {
      const parts = value(++i, arg).split(",");
      if (parts.some((p) => p !== "compare" && p !== "rate" && p !== "backend")) throw new Error(`--parts takes compare, rate and/or backend\n${ENGINE_USAGE}`);
      out.compare = parts.includes("compare");
      out.rate = parts.includes("rate");
      out.backend = parts.includes("backend");
    } else throw new Error(`unknown option ${arg}\n${ENGINE_USAGE}`);
  }
  return out;
}

/** What the engine printed as its summary: "+ 1012 created", "~ 10 updated", "1002 unchanged"... */
function summaryCounts(run: PulumiRun): Record<string, number> {
  const counts: Record<string, number> = {};
  const summary = run.stdout.slice(run.stdout.lastIndexOf("Resources:"));
  for (const match of summary.matchAll(/^\s+(?:[+~-]|\+-)?\s*(\d+) (created|updated|deleted|replaced|unchanged|to create|to update|to delete|to replace)$/gm)) {
    counts[match[2] as string] = Number(match[1]);
  }
  return counts;
}

/** The stack's checkpoint file in the backend (what the state costs at rest, and what every step rewrites). */
function stateBytes(ws: StackWorkspace): number {
  const dir = path.join(ws.backendDir, ".pulumi", "stacks");
  const file = fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .find((e) => e.isFile() && e.name.startsWith(`${ws.stack}.json`) && !e.name.endsWith(".bak"));
  if (!file) throw new Error(`no checkpoint of stack ${ws.stack} in ${dir}`);
  return fs.statSync(path.join(file.parentPath, file.name)).size;
}

/** The roster with the last name of 1 % of the users changed (at least one): that many updates. */
function onePercentChanged(rosterText: string, n: number): { text: string; changed: number } {
  const every = Math.max(1, Math.round(n / Math.max(1, Math.round(n / 100))));
  let changed = 0;
  const text = rosterText.replace(/lastName: "Number (\d+)"/g, (line, i: string) => {
    if (Number(i) % every !== every - 1) return line;
    changed++;
    return `lastName: "Number ${i} (changed)"`;
  });
  return { text, changed };
}

/**
 * CPU time of this process's children that have ended, and of theirs (Linux's cutime + cstime, 100 ticks a second):
 * what a pulumi command cost in CPU, all its processes together (CLI, language host, program, providers). Far less
 * sensitive than wall-clock time to other work on a shared machine. NaN where /proc is not there.
 */
function childCpuMs(): number {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // from field 3 (state) on
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface Timed {
  ms: number;
  cpuMs: number;
  run: PulumiRun;
}

class Runner {
  private readonly loads: number[] = [];
  readonly started = Date.now();
  constructor(private readonly args: EngineBenchArgs) {}

  get taskMs(): number | undefined {
    return this.args.taskMs;
  }

  log(message: string): void {
    const load = loadavg()[0] as number;
    this.loads.push(load);
    process.stderr.write(`[${((Date.now() - this.started) / 1000).toFixed(0).padStart(5)} s, load ${load.toFixed(1)}] ${message}\n`);
  }

  loadRange(): string {
    return `${Math.min(...this.loads).toFixed(1)}-${Math.max(...this.loads).toFixed(1)}`;
  }

  /** One pulumi command, timed end to end as a person or a CI job waits for it. */
  async pulumi(ws: StackWorkspace, command: "up" | "preview", extra: string[], users: number): Promise<Timed> {
    const args = [command, ...(command === "up" ? ["--yes", "--skip-preview"] : []), ...extra];
    if (this.args.parallel !== undefined) args.push("--parallel", String(this.args.parallel));
    const env = this.args.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {};
    const cpuBefore = childCpuMs();
    const start = performance.now();
    // Generous: a first up of 5,000 users with per-step checkpoints takes hours on a busy 2-core machine.
    const run = await ws.pulumi(args, { env, timeoutMs: Math.max(1_200_000, users * 5_000) });
    return { ms: performance.now() - start, cpuMs: childCpuMs() - cpuBefore, run };
  }
}

interface Pair {
  ours: number;
  floor: number;
}

/** Wall-clock and CPU time of one step, ours and the floor's. */
interface Costs {
  wall: Pair;
  cpu: Pair;
}

interface CompareRow {
  users: number;
  firstUp: Costs;
  preview: Costs;
  noChangeUp: Costs;
  changeUp: Costs;
  changed: number;
  state: Pair;
}

interface RateRow {
  users: number;
  invites: number;
  ms: number;
  requests: number;
  needed: number;
  perInvite: number;
  polls: number;
  rejected: number;
  byRoute: Record<string, number>;
}

async function workspaces(sim: RunningSimulator, n: number, rosterText: string): Promise<{ ours: StackWorkspace; floor: StackWorkspace }> {
  const ramp = { baseUrl: sim.baseUrl, ...CREDENTIALS };
  // No client-side limit either: this part measures the engine and our code, not Ramp's limit.
  const ours = await StackWorkspace.create({ name: `bench-ours-${n}`, rosterText, ramp });
  ours.env.RAMP_RATE_LIMIT = "1000000/1s"; // from the environment of every run, as docs/credentials.md says
  const floorDir = path.join(REPO_ROOT, "bench", "floor");
  const floor = await StackWorkspace.create({
    name: `bench-floor-${n}`,
    rosterText,
    ramp,
    projectFiles: {
      "Pulumi.yaml": path.join(floorDir, "Pulumi.yaml"),
      "index.ts": path.join(floorDir, "index.ts"),
      "tsconfig.pulumi.json": path.join(REPO_ROOT, "tsconfig.pulumi.json"),
      "package.json": path.join(REPO_ROOT, "package.json"),
    },
  });
  return { ours, floor };
}

async function compare(runner: Runner, n: number): Promise<CompareRow> {
  // Instant deferred tasks and no rate limit: what is left is the engine and our own code.
  const sim = await simulator({ rateLimit: false, taskDelayMs: 0 });
  const rosterText = generateRoster(n);
  const { ours, floor } = await workspaces(sim, n, rosterText);
  const both = { ours, floor } as const;
  const each = async (label: string, step: (ws: StackWorkspace, which: "ours" | "floor") => Promise<Timed>): Promise<Costs> => {
    const result = { wall: { ours: 0, floor: 0 }, cpu: { ours: 0, floor: 0 } };
    for (const which of ["ours", "floor"] as const) {
      runner.log(`${formatInt(n)} users: ${label} (${which})`);
      const { ms, cpuMs } = await step(both[which], which);
      result.wall[which] = ms;
      result.cpu[which] = cpuMs;
    }
    return result;
  };
  try {
    const firstUp = await each("first up", async (ws, which) => {
      const timed = await runner.pulumi(ws, "up", [], n);
      const created = summaryCounts(timed.run).created ?? 0;
      if (created < n) throw new Error(`${which}: first up created ${created} resources for ${n} users\n${timed.run.stdout.slice(-2000)}`);
      return timed;
    });
    const preview = await each("no-change preview", (ws) => runner.pulumi(ws, "preview", ["--expect-no-changes"], n));
    const noChangeUp = await each("no-change up", (ws) => runner.pulumi(ws, "up", ["--expect-no-changes"], n));
    const state = { ours: stateBytes(ours), floor: stateBytes(floor) };
    const { text, changed } = onePercentChanged(rosterText, n);
    const changeUp = await each(`up changing ${changed} users`, async (ws, which) => {
      ws.writeRoster(text);
      const timed = await runner.pulumi(ws, "up", [], n);
      const updated = summaryCounts(timed.run).updated ?? 0;
      if (updated !== changed) throw new Error(`${which}: the 1 % change updated ${updated} resources, expected ${changed}\n${timed.run.stdout.slice(-2000)}`);
      return timed;
    });
    return { users: n, firstUp, preview, noChangeUp, changeUp, changed, state };
  } finally {
    ours.dispose();
    floor.dispose();
    await sim.close();
  }
}

interface BackendRow {
  users: number;
  firstUp: Pair;
  preview: Pair;
  noChangeUp: Pair;
}

/** Ours on file:// (`ours`) and on PostgreSQL (`floor`, in the Pair), each step in turn: wall-clock time. */
async function backends(runner: Runner, n: number): Promise<BackendRow> {
  const sim = await simulator({ rateLimit: false, taskDelayMs: 0 });
  const postgres = await PostgresServer.start();
  const rosterText = generateRoster(n);
  const ramp = { baseUrl: sim.baseUrl, ...CREDENTIALS };
  const file = await StackWorkspace.create({ name: `bench-file-${n}`, rosterText, ramp });
  const pg = await StackWorkspace.create({ name: `bench-postgres-${n}`, rosterText, ramp, backend: postgres.backend(`bench_${n}`) });
  for (const ws of [file, pg]) ws.env.RAMP_RATE_LIMIT = "1000000/1s";
  const each = async (label: string, command: "up" | "preview", extra: string[]): Promise<Pair> => {
    const pair = { ours: 0, floor: 0 };
    for (const [which, ws] of [["file", file], ["postgres", pg]] as const) {
      runner.log(`${formatInt(n)} users: ${label} (${which})`);
      const { ms, run } = await runner.pulumi(ws, command, extra, n);
      if (label === "first up" && (summaryCounts(run).created ?? 0) < n) throw new Error(`${which}: first up created too little\n${run.stdout.slice(-2000)}`);
      pair[which === "file" ? "ours" : "floor"] = ms;
    }
    return pair;
  };
  try {
    const firstUp = await each("first up", "up", []);
    const preview = await each("no-change preview", "preview", ["--expect-no-changes"]);
    const noChangeUp = await each("no-change up", "up", ["--expect-no-changes"]);
    return { users: n, firstUp, preview, noChangeUp };
  } finally {
    file.dispose();
    pg.dispose();
    await postgres.stop();
    await sim.close();
  }
}

async function rateLimited(runner: Runner, n: number): Promise<RateRow> {
  // Ramp's limit on the simulator's side, the client's default limit (the same) on ours.
  const sim = await simulator({ rateLimit: RAMP_LIMIT, ...(runner.taskMs !== undefined ? { taskDelayMs: runner.taskMs } : {}) });
  const ws = await StackWorkspace.create({ name: `bench-rate-${n}`, rosterText: generateRoster(n), ramp: { baseUrl: sim.baseUrl, ...CREDENTIALS } });
  try {
    sim.admin.resetRequestLog();
    runner.log(`${formatInt(n)} users: first up at Ramp's 200/10s`);
    const { ms } = await runner.pulumi(ws, "up", [], n);
    const log = sim.admin.requestLog().filter((e) => e.route !== "POST /token");
    const accepted = log.filter((e) => e.status !== 429);
    const byRoute: Record<string, number> = {};
    for (const e of accepted) byRoute[e.route] = (byRoute[e.route] ?? 0) + 1;
    const invites = sim.admin.users().filter((u) => u.status === "INVITE_PENDING").length;
    const perInviteRequests = INVITE_ROUTES.reduce((sum, route) => sum + (byRoute[route] ?? 0), 0);
    return {
      users: n,
      invites,
      ms,
      requests: accepted.length,
      needed: accepted.length - perInviteRequests + REQUESTS_PER_INVITE_FLOOR * invites,
      perInvite: perInviteRequests / Math.max(1, invites),
      polls: (byRoute["GET /users/deferred/status/{id}"] ?? 0) / Math.max(1, invites),
      rejected: log.length - accepted.length,
      byRoute,
    };
  } finally {
    ws.dispose();
    await sim.close();
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
const bytes = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`);
const ratio = (p: Pair): string => `${(p.ours / p.floor).toFixed(2)}x`;
const timePair = (p: Pair): string => `${seconds(p.ours)} / ${seconds(p.floor)} (${ratio(p)})`;
const cpuPair = (p: Pair): string => (Number.isNaN(p.ours) ? "-" : timePair(p));

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export async function runEngineBench(args: EngineBenchArgs): Promise<string> {
  const runner = new Runner(args);
  const compared: CompareRow[] = [];
  const limited: RateRow[] = [];
  const onBackends: BackendRow[] = [];
  for (const n of args.sizes) {
    if (args.compare) compared.push(await compare(runner, n));
    if (args.rate) limited.push(await rateLimited(runner, n));
    if (args.backend) onBackends.push(await backends(runner, n));
  }
  const settings = [
    args.parallel === undefined ? "default --parallel" : `--parallel ${args.parallel}`,
    args.skipCheckpoints ? "PULUMI_SKIP_CHECKPOINTS=true" : "a checkpoint per step (default)",
  ].join(", ");
  const parts = [
    `pulumi-ramp-roster engine bench: real engine, ${args.compare || args.rate ? "file:// backend" : "file:// and PostgreSQL backends"}, ${settings}; \`up\` = \`up --yes --skip-preview\` as CI runs it; ` +
      `${seconds(Date.now() - runner.started)} in all; load average ${runner.loadRange()} on ${cpus().length} cores`,
  ];
  if (compared.length > 0) {
    const phases = (cell: (c: Costs) => string) => (r: CompareRow): string[] => [
      formatInt(r.users),
      cell(r.firstUp),
      cell(r.preview),
      cell(r.noChangeUp),
      `${cell(r.changeUp)}, ${r.changed} updated`,
    ];
    const header = ["users", "first `up`", "no-change `preview`", "no-change `up`", "1 %-change `up`"];
    parts.push(
      "Ours / floor (ratio), simulator without rate limit, instant tasks. Wall-clock time:\n\n" +
        markdownTable(
          [...header, "state (per user)"],
          compared.map((r) => [
            ...phases((c) => timePair(c.wall))(r),
            `${bytes(r.state.ours)} / ${bytes(r.state.floor)} (${(r.state.ours / r.users / 1024).toFixed(1)} / ${(r.state.floor / r.users / 1024).toFixed(1)} KB)`,
          ]),
        ) +
        "\n\nCPU time of each command, all its processes together (CLI, language host, program, providers):\n\n" +
        markdownTable(header, compared.map(phases((c) => cpuPair(c.cpu)))),
    );
  }
  if (limited.length > 0) {
    parts.push(
      `First \`up\` against Ramp's ${RAMP_LIMIT.requests} requests per ${RAMP_LIMIT.windowMs / 1000} s (simulator and client), ` +
        `${args.taskMs === undefined ? "the simulator's task timing (200 ms)" : `tasks taking ${args.taskMs} ms`}; floor = requests needed (${REQUESTS_PER_INVITE_FLOOR} per invite + the rest) / ${RAMP_REQUESTS_PER_SECOND} per second:\n\n` +
        markdownTable(
          ["users", "invites", "first `up`", "rate-limit floor", "ratio", "requests (needed)", "per invite", "task polls per invite", "429s"],
          limited.map((r) => [
            formatInt(r.users),
            formatInt(r.invites),
            seconds(r.ms),
            seconds((r.needed / RAMP_REQUESTS_PER_SECOND) * 1000),
            `${(r.ms / ((r.needed / RAMP_REQUESTS_PER_SECOND) * 1000)).toFixed(2)}x`,
            `${formatInt(r.requests)} (${formatInt(r.needed)})`,
            r.perInvite.toFixed(2),
            r.polls.toFixed(2),
            formatInt(r.rejected),
          ]),
        ) +
        "\n\nRequests by route: " +
        limited.map((r) => `${formatInt(r.users)}: ${Object.entries(r.byRoute).map(([route, count]) => `${route} ${count}`).join(", ")}`).join("; "),
    );
  }
  if (onBackends.length > 0) {
    const cell = (p: Pair): string => `${seconds(p.ours)} / ${seconds(p.floor)} (${p.floor >= p.ours ? "+" : "-"}${seconds(Math.abs(p.floor - p.ours))})`;
    parts.push(
      "Ours on file:// / on PostgreSQL (what PostgreSQL adds), a local PostgreSQL cluster on 127.0.0.1, simulator without rate limit, instant tasks. Wall-clock time:\n\n" +
        markdownTable(
          ["users", "first `up`", "no-change `preview`", "no-change `up`"],
          onBackends.map((r) => [formatInt(r.users), cell(r.firstUp), cell(r.preview), cell(r.noChangeUp)]),
        ),
    );
  }
  return parts.join("\n\n");
}
