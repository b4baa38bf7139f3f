// `npm run bench -- pull-request [--users 300] [--backends file,postgres]`: how long the pull-request check
// (examples/github-actions/roster-preview.yml) takes on a company's roster, played as GitHub would by the workflow
// test's harness (test/support/company-repo.ts): a new repository with a generated roster.yaml, its first apply,
// then a pull request that changes 1 % of the people (at least one) and adds one, and one that changes no roster.
// On each backend: file://, and PostgreSQL with the pull request's SELECT-only role. Not a test: slow.
import { cpus, loadavg } from "node:os";
import * as fs from "node:fs";
import * as path from "node:path";
import { CompanyRepo, POSTGRES_CLI, type CompanyBackend } from "../test/support/company-repo.js";
import type { JobResult } from "../test/support/workflow-runner.js";
import { formatInt } from "./lib/harness.js";
import { generateRoster } from "./roster.js";

export interface PullRequestBenchArgs {
  users: number;
  backends: CompanyBackend[];
}

export const PULL_REQUEST_USAGE = `usage: npm run bench -- pull-request [--users N] [--backends file,postgres]
  --users N     people in the roster (default 300)
  --backends    file and/or postgres (default both)`;

export function parsePullRequestArgs(argv: string[]): PullRequestBenchArgs {
  const out: PullRequestBenchArgs = { users: 300, backends: ["file", "postgres"] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = argv[++i];
    if (value === undefined) throw new Error(`${arg} needs a value\n${PULL_REQUEST_USAGE}`);
    if (arg === "--users") {
      out.users = Number(value.replaceAll("_", ""));
      if (!Number.isInteger(out.users) || out.users < 10) throw new Error(`--users takes an integer of at least 10, got ${value}`);
    } else if (arg === "--backends") {
      const names = value.split(",");
      if (names.length === 0 || names.some((b) => b !== "file" && b !== "postgres")) throw new Error(`--backends takes file and/or postgres\n${PULL_REQUEST_USAGE}`);
      out.backends = names as CompanyBackend[];
    } else throw new Error(`unknown option ${arg}\n${PULL_REQUEST_USAGE}`);
  }
  return out;
}

interface Measured {
  backend: CompanyBackend;
  firstApply: JobResult;
  change: JobResult;
  noChange: JobResult;
  changed: number;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const stepMs = (job: JobResult, name: string): number => job.steps.find((s) => s.name === name)?.ms ?? Number.NaN;

/** The roster with the last name of 1 % of the people changed (at least one) and one person added. */
function rosterChange(text: string, n: number): { text: string; changed: number } {
  const every = Math.max(1, Math.round(n / Math.max(1, Math.round(n / 100))));
  let changed = 0;
  const edited = text.replace(/lastName: "Number (\d+)"/g, (line, i: string) => {
    if (Number(i) % every !== every - 1) return line;
    changed++;
    return `lastName: "Number ${i} (changed)"`;
  });
  const added = `  - email: newcomer@example.com\n    firstName: New\n    lastName: Comer\n    department: ${JSON.stringify("Engineering")}\n`;
  return { text: edited.trimEnd() + "\n" + added, changed };
}

async function measure(backend: CompanyBackend, users: number, log: (m: string) => void): Promise<Measured> {
  const rosterText = generateRoster(users);
  log(`${backend}: a company repository with ${formatInt(users)} people`);
  const repo = await CompanyRepo.create({ backend, roster: { yaml: rosterText }, taskDelayMs: 0 });
  try {
    log(`${backend}: the first apply`);
    const firstApply = await repo.firstPush();
    if (firstApply.conclusion !== "success") throw new Error(`the first apply failed:\n${firstApply.steps.map((s) => s.log).join("\n").slice(-3000)}`);
    const { text, changed } = rosterChange(rosterText, users);
    log(`${backend}: a pull request changing ${changed} people and adding one`);
    const change = await repo.pullRequest(1, (dir) => fs.writeFileSync(path.join(dir, "roster.yaml"), text), "Roster change");
    if (change.conclusion !== "success") throw new Error(`the pull request's check failed:\n${change.steps.map((s) => `${s.name}: ${s.log}`).join("\n").slice(-3000)}`);
    log(`${backend}: a pull request changing no roster`);
    const noChange = await repo.pullRequest(2, (dir) => fs.writeFileSync(path.join(dir, "README.md"), "# Who has Ramp\n\nAsk IT.\n"), "Docs");
    if (noChange.conclusion !== "success") throw new Error("the no-change pull request's check failed");
    return { backend, firstApply, change, noChange, changed };
  } finally {
    await repo.close();
  }
}

export async function runPullRequestBench(args: PullRequestBenchArgs): Promise<string> {
  const started = Date.now();
  const loads: number[] = [];
  const log = (message: string): void => {
    const load = loadavg()[0] as number;
    loads.push(load);
    process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s, load ${load.toFixed(1)}] ${message}\n`);
  };
  const rows: Measured[] = [];
  for (const backend of args.backends) rows.push(await measure(backend, args.users, log));
  const line = (cells: string[]): string => `| ${cells.join(" | ")} |`;
  const header = ["backend", "first apply (job)", "pull request check (job)", "of which Plan (`pulumi preview` + plan)", "Install (`npm ci`)", "Validate", "no-change pull request (job)"];
  return [
    `pulumi-ramp-roster pull-request bench: ${formatInt(args.users)} people in roster.yaml; the roster-preview job as GitHub runs it (npm ci from the cache, ` +
      `the CLI: pinned v3.248.0 on file://, ${POSTGRES_CLI} on PostgreSQL with a SELECT-only role); simulator without rate limit, instant tasks; ` +
      `${seconds(Date.now() - started)} in all; load average ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)} on ${cpus().length} cores`,
    [
      line(header),
      line(header.map(() => "---")),
      ...rows.map((r) =>
        line([
          r.backend === "file" ? "file://" : "PostgreSQL",
          seconds(r.firstApply.ms),
          `${seconds(r.change.ms)} (${r.changed} changed, 1 added)`,
          seconds(stepMs(r.change, "Plan")),
          seconds(stepMs(r.change, "Install")),
          seconds(stepMs(r.change, "Validate the roster, its policy and the stack's confirmations")),
          seconds(r.noChange.ms),
        ]),
      ),
    ].join("\n"),
  ].join("\n\n");
}
