// `ramp-roster review` of 5,000 people whose roster folder has a 2,000-change history on main (a third merged pull
// requests with a merge commit, a third squashed, a third pushed), against the simulator over real HTTP on 127.0.0.1:
// once without GitHub, once with the local GitHub stand-in answering for the period's pull requests.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commands } from "../packages/pulumi-ramp-roster/src/cli/commands.js";
import { dispatch } from "../packages/pulumi-ramp-roster/src/cli/dispatch.js";
import type { RunningSimulator } from "../packages/ramp-simulator/src/index.js";
import { startGitHubStandIn, type StandInPullRequest } from "../test/support/github-standin.js";
import { TEST_CLIENT_ID, TEST_CLIENT_SECRET } from "../test/support/simulator.js";
import { apiRequests, simulator } from "./lib/ramp.js";
import { countRange, measure, timed, type Benchmark, type Row } from "./lib/harness.js";

const TEAMS = 50;
const DEPARTMENTS = ["Engineering", "Finance", "Sales", "Operations"];
const NOW = new Date("2026-04-01T12:00:00Z");
const START = Date.parse("2025-01-01T00:00:00Z");

interface Person {
  email: string;
  role?: string;
  department: string;
  active: boolean;
}

const email = (i: number) => `p${String(i).padStart(6, "0")}@example.com`;

function teamFile(people: readonly Person[]): string {
  const lines = ["defaults:", "  role: Cardholder", "users:"];
  for (const p of people) {
    lines.push(`  - email: ${p.email}`, "    firstName: Person", `    lastName: "Number ${p.email.slice(1, 7)}"`, `    department: ${p.department}`);
    if (p.role) lines.push(`    role: ${p.role}`);
    if (!p.active) lines.push("    active: false");
  }
  return `${lines.join("\n")}\n`;
}

export interface GeneratedHistory {
  dir: string;
  rosterDir: string;
  people: Person[];
  pullRequests: StandInPullRequest[];
  commits: number;
}

/**
 * A repository with `changes` changes to a roster folder of `TEAMS` files (made with git fast-import, so building it
 * takes seconds): first `people - changes / 4` people, then, in turn, one person added, one role changed, one set
 * inactive, one department changed. Change i is merged as a merge commit (i % 3 == 0), squashed (1) or pushed (2).
 */
export function generateHistory(people: number, changes: number): GeneratedHistory {
  const dir = mkdtempSync(join(tmpdir(), "ramp-review-bench-"));
  const teams: Person[][] = Array.from({ length: TEAMS }, () => []);
  let next = 0;
  const initial = people - Math.floor(changes / 4);
  for (; next < initial; next++) teams[next % TEAMS]!.push({ email: email(next), department: DEPARTMENTS[next % DEPARTMENTS.length]!, active: true });
  const chunks: Buffer[] = [];
  const write = (text: string) => chunks.push(Buffer.from(text, "utf8"));
  const data = (text: string) => write(`data ${Buffer.byteLength(text, "utf8")}\n${text}\n`);
  const who = (i: number) => `Dev ${i % 7} <dev${i % 7}@example.com>`;
  const when = (i: number) => Math.floor((START + i * ((NOW.getTime() - START - 3_600_000) / changes)) / 1000);
  let mark = 1;
  write("commit refs/heads/main\nmark :1\n");
  write(`author ${who(0)} ${when(0) - 60} +0000\ncommitter ${who(0)} ${when(0) - 60} +0000\n`);
  data("Roster from ramp-roster export");
  teams.forEach((t, i) => {
    write(`M 100644 inline roster/team-${String(i).padStart(2, "0")}.yaml\n`);
    data(teamFile(t));
  });
  write("M 100644 inline roster/company.yaml\n");
  data(`departments: [${DEPARTMENTS.join(", ")}]\n`);
  let main = 1;
  const pullRequests: StandInPullRequest[] = [];
  for (let i = 0; i < changes; i++) {
    const team = teams[i % TEAMS]!;
    const victim = team[(i * 7) % team.length]!;
    let title: string;
    switch (i % 4) {
      case 0:
        team.push({ email: email(next), department: DEPARTMENTS[next % DEPARTMENTS.length]!, active: true });
        title = `Add ${email(next++)}`;
        break;
      case 1:
        victim.role = victim.role === "Auditor" ? undefined : "Auditor";
        title = `Role of ${victim.email}`;
        break;
      case 2:
        victim.active = !victim.active;
        title = `Offboard ${victim.email}`;
        break;
      default:
        victim.department = DEPARTMENTS[(DEPARTMENTS.indexOf(victim.department) + 1) % DEPARTMENTS.length]!;
        title = `Move ${victim.email}`;
    }
    const path = `roster/team-${String(i % TEAMS).padStart(2, "0")}.yaml`;
    const text = teamFile(team);
    const t = when(i + 1);
    const number = i + 1;
    const signature = (s: number) => `${who(i)} ${s} +0000`;
    if (i % 3 === 0) {
      const branch = ++mark;
      write(`commit refs/heads/pr-${number}\nmark :${branch}\nauthor ${signature(t - 600)}\ncommitter ${signature(t - 600)}\n`);
      data(title);
      write(`from :${main}\nM 100644 inline ${path}\n`);
      data(text);
      const merge = ++mark;
      write(`commit refs/heads/main\nmark :${merge}\nauthor GitHub <noreply@github.com> ${t} +0000\ncommitter GitHub <noreply@github.com> ${t} +0000\n`);
      data(`Merge pull request #${number} from acme/pr-${number}`);
      write(`from :${main}\nmerge :${branch}\nM 100644 inline ${path}\n`);
      data(text);
      main = merge;
    } else {
      const commit = ++mark;
      const subject = i % 3 === 1 ? `${title} (#${number})` : title;
      write(`commit refs/heads/main\nmark :${commit}\nauthor ${signature(t)}\ncommitter GitHub <noreply@github.com> ${t} +0000\n`);
      data(subject);
      write(`from :${main}\nM 100644 inline ${path}\n`);
      data(text);
      main = commit;
    }
  }
  const git = (args: string[], input?: Buffer) => execFileSync("git", args, { cwd: dir, input, stdio: [input ? "pipe" : "ignore", "pipe", "pipe"], maxBuffer: 1 << 30 });
  git(["init", "--quiet", "--initial-branch=main"]);
  git(["fast-import", "--quiet", "--export-marks=.git/bench-marks"], Buffer.concat(chunks));
  git(["checkout", "--quiet", "--force", "main"]);
  // The pull requests as GitHub would record them: each merged as its main-line commit and approved by a second developer.
  const marks = new Map(
    git(["log", "--first-parent", "--format=%H %s", "main"])
      .toString()
      .split("\n")
      .map((l) => /^(\w+) (?:Merge pull request #(\d+) |.*\(#(\d+)\)$)/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null && (m[2] ?? m[3]) !== undefined)
      .map((m) => [Number(m[2] ?? m[3]), m[1]!]),
  );
  for (const [number, sha] of marks) {
    pullRequests.push({ number, author: "dev-a", mergedAt: NOW.toISOString(), mergeCommitSha: sha, headSha: "h".repeat(40), commitAuthors: ["dev-a"], reviews: [{ login: "dev-b", state: "APPROVED", submittedAt: "2000-01-01T00:00:00Z", commitId: "h".repeat(40) }] });
  }
  return { dir, rosterDir: join(dir, "roster"), people: teams.flat(), pullRequests, commits: changes };
}

function seedRamp(sim: RunningSimulator, people: readonly Person[]): void {
  const departments = new Map(DEPARTMENTS.map((d) => [d, sim.admin.addDepartment(d).id]));
  for (const p of people) {
    sim.admin.addUser({
      email: p.email,
      first_name: "Person",
      last_name: `Number ${p.email.slice(1, 7)}`,
      role: p.role === "Auditor" ? "AUDITOR" : "BUSINESS_USER",
      department_id: departments.get(p.department)!,
      status: p.active ? "USER_ACTIVE" : "USER_INACTIVE",
    });
  }
}

async function runReview(rosterDir: string, env: NodeJS.ProcessEnv): Promise<{ code: number; bytes: number; stderr: string }> {
  let bytes = 0;
  let stderr = "";
  const code = await dispatch(["review", "--roster", rosterDir, "--format", "json"], commands, {
    stdout: (text) => void (bytes += text.length),
    stderr: (text) => void (stderr += text),
    env,
    now: () => NOW,
  });
  return { code, bytes, stderr };
}

export const review: Benchmark = {
  id: "review",
  async run({ quick, log }) {
    const size = quick ? 1_000 : 5_000;
    const changes = quick ? 400 : 2_000;
    log(`review: generating a ${changes}-change roster history of ${size} people`);
    const { value: history, ms: buildMs } = await timed(() => generateHistory(size, changes));
    const sim = await simulator({ rateLimit: false });
    const github = await startGitHubStandIn({ repository: "acme/roster", token: "bench-token", pullRequests: history.pullRequests });
    const rows: Row[] = [];
    try {
      seedRamp(sim, history.people);
      const env = { RAMP_CLIENT_ID: TEST_CLIENT_ID, RAMP_CLIENT_SECRET: TEST_CLIENT_SECRET, RAMP_API_URL: sim.baseUrl };
      for (const withGitHub of [false, true]) {
        log(`review: ${size} people, ${withGitHub ? "with" : "without"} the GitHub stand-in`);
        const runEnv = withGitHub ? { ...env, GITHUB_TOKEN: "bench-token", GITHUB_API_URL: github.url, GITHUB_REPOSITORY: "acme/roster" } : env;
        const results = await measure({ runs: quick ? 1 : 3, warmups: 1 }, async () => {
          sim.admin.resetRequestLog();
          github.requests.length = 0;
          const { ms, value } = await timed(() => runReview(history.rosterDir, runEnv));
          if (value.code === 2) throw new Error(`review failed: ${value.stderr}`);
          return { ms, requests: apiRequests(sim).total, github: github.requests.length, bytes: value.bytes };
        });
        rows.push({
          benchmark: withGitHub ? "review (GitHub stand-in)" : "review (no GitHub)",
          size,
          timesMs: results.map((r) => r.ms),
          requests: countRange(results.map((r) => r.requests)),
          notes:
            `${changes} roster changes on main in ${TEAMS} files (history built in ${(buildMs / 1000).toFixed(1)} s)` +
            (withGitHub ? `; ${results[0]!.github} GitHub requests for the period's pull requests` : "") +
            `; JSON ${(results[0]!.bytes / 1_048_576).toFixed(1)} MiB`,
        });
      }
    } finally {
      await github.close();
      await sim.close();
      rmSync(history.dir, { recursive: true, force: true });
    }
    return rows;
  },
};
