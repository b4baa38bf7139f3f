// A company's roster repository as the README says to make one, and GitHub around it: a fresh Pulumi project with
// the packed package (scripts/fresh-project), the roster, the three workflows of examples/github-actions copied
// into .github/workflows, the stack `prod` made once by a person, a simulator for Ramp (a write app and a read-only
// one) and a stand-in for GitHub's REST API. play() runs a workflow as GitHub would for its event
// (test/support/workflow-runner.ts). The state is in a file:// folder, or in PostgreSQL (test/support/postgres.ts)
// with the writing role for the apply and a SELECT-only role for the pull request and the drift check.
// Used by the workflow test (test/e2e/workflows.test.ts) and the pull-request benchmark (bench/pull-request.ts).
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { startGitHubStandIn, type GitHubStandIn } from "./github.js";
import { ensureEngine, ensureEngineRelease, FileBackend, REPO_ROOT, type StateBackend } from "./pulumi-engine.js";
import { PostgresServer } from "./postgres.js";
import { checkoutFrom, runWorkflow, type GitHubContext, type JobResult, type LocalAction } from "./workflow-runner.js";

const WORKFLOWS = path.join(REPO_ROOT, "examples", "github-actions");
export const WRITE_APP = { clientId: "ramp-write-app", clientSecret: "write-secret-5d1c", grantedScopes: ["users:read", "users:write", "departments:read", "departments:write", "locations:read", "locations:write"] };
export const READ_APP = { clientId: "ramp-readonly-app", clientSecret: "readonly-secret-2e9b", grantedScopes: ["users:read", "departments:read", "locations:read"] };
const PASSPHRASE = "company-stack-passphrase";
/**
 * The CLI `pulumi/actions` installs on a PostgreSQL backend: the workflows do not pin one, so GitHub gets the newest,
 * and only a CLI as new as this opens PostgreSQL with a SELECT-only role (docs/ci.md, "Read-only state").
 */
export const POSTGRES_CLI = "v3.276.0";

export type CompanyBackend = "file" | "postgres";

export interface CompanyRepoOptions {
  backend: CompanyBackend;
  /** The roster: a folder copied to roster/ (default examples/roster-by-team), or the text of roster.yaml. */
  roster?: { dir: string } | { yaml: string };
  /** How long the simulator's deferred tasks (invites) take; default 20 ms. */
  taskDelayMs?: number;
}

const pinnedPulumi = (): string =>
  (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string }).version;

function pulumiEnv(engineBin: string, base: string, backendUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: `${engineBin}${path.delimiter}${process.env.PATH}`,
    HOME: process.env.HOME,
    PULUMI_HOME: path.join(base, "pulumi-home"),
    PULUMI_BACKEND_URL: backendUrl,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
}

export class CompanyRepo {
  private readonly nodeBins = new Map<string, string>();
  private constructor(
    readonly sim: RunningSimulator,
    readonly github: GitHubStandIn,
    private readonly base: string,
    /** The repository on "GitHub": branches, and refs/pull/N/merge. */
    readonly origin: string,
    /** The CLI that `pulumi/actions` puts on PATH. */
    readonly engineBin: string,
    readonly state: StateBackend,
    /** What the pull request and the drift check get as PULUMI_READONLY_BACKEND_URL. */
    private readonly readOnlyBackendUrl: string,
    private readonly postgres: PostgresServer | undefined,
  ) {}

  static async create(options: CompanyRepoOptions): Promise<CompanyRepo> {
    const sim = await startSimulator({ clientId: WRITE_APP.clientId, clientSecret: WRITE_APP.clientSecret, taskDelayMs: options.taskDelayMs ?? 20 });
    sim.admin.addApp(READ_APP);
    const github = await startGitHubStandIn("acme/roster");
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "ramp-workflows-"));
    let postgres: PostgresServer | undefined;
    try {
      // A new company repository: a Pulumi project with the packed package, the roster, and the three workflows.
      const project = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "fresh-project"), path.join(base, "project"), "--pulumi", pinnedPulumi()], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      }).trim().split("\n").pop()!;
      const pinnedEngine = ensureEngine(project);
      const origin = path.join(base, "origin");
      fs.mkdirSync(origin);
      for (const file of fs.readdirSync(project)) {
        if (file !== "node_modules") fs.cpSync(path.join(project, file), path.join(origin, file), { recursive: true });
      }
      const roster = options.roster ?? { dir: path.join(REPO_ROOT, "examples", "roster-by-team") };
      if ("dir" in roster) fs.cpSync(roster.dir, path.join(origin, "roster"), { recursive: true });
      else fs.writeFileSync(path.join(origin, "roster.yaml"), roster.yaml);
      fs.mkdirSync(path.join(origin, ".github", "workflows"), { recursive: true });
      for (const file of ["roster-preview.yml", "roster-apply.yml", "roster-drift.yml"]) fs.copyFileSync(path.join(WORKFLOWS, file), path.join(origin, ".github", "workflows", file));
      fs.writeFileSync(path.join(origin, ".gitignore"), "node_modules/\n");
      fs.writeFileSync(path.join(origin, "README.md"), "# Who has Ramp\n");

      let state: StateBackend;
      let readOnlyUrl: () => string;
      let engineBin = pinnedEngine;
      if (options.backend === "postgres") {
        postgres = await PostgresServer.start();
        const table = postgres.backend("company");
        state = table;
        readOnlyUrl = () => table.readOnlyUrl();
        engineBin = ensureEngineRelease(POSTGRES_CLI);
      } else {
        fs.mkdirSync(path.join(base, "state"));
        state = new FileBackend(path.join(base, "state"));
        readOnlyUrl = () => state.url;
      }
      // The stack, made once by a person: its Pulumi.prod.yaml (the passphrase's salt) is committed.
      execFileSync(path.join(pinnedEngine, "pulumi"), ["stack", "init", "prod"], { cwd: origin, env: pulumiEnv(pinnedEngine, base, state.url), stdio: "ignore" });
      const repo = new CompanyRepo(sim, github, base, origin, engineBin, state, readOnlyUrl(), postgres);
      repo.git(origin, "init", "-q", "-b", "main");
      repo.git(origin, "config", "uploadpack.allowAnySHA1InWant", "true");
      repo.git(origin, "add", "-A");
      repo.git(origin, "commit", "-q", "-m", "The roster, the program and the workflows");
      return repo;
    } catch (error) {
      await postgres?.stop();
      await github.close();
      await sim.close();
      fs.rmSync(base, { recursive: true, force: true });
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.github.close();
    await this.sim.close();
    await this.postgres?.stop();
    fs.rmSync(this.base, { recursive: true, force: true });
  }

  git(cwd: string, ...args: string[]): string {
    return execFileSync("git", ["-c", "user.name=Dev", "-c", "user.email=dev@example.com", ...args], { cwd, encoding: "utf8" }).trim();
  }

  /** A person's pulumi commands on the stack, with the writing backend URL. */
  pulumiEnv(): NodeJS.ProcessEnv {
    return pulumiEnv(this.engineBin, this.base, this.state.url);
  }

  /** The machine a GitHub runner is: tools on PATH, npm's cache (what setup-node's `cache: npm` restores). */
  private runnerEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (/^(PATH|HOME|LANG|LC_ALL|TMPDIR|TERM)$/.test(key) || /^npm_config_/i.test(key)) env[key] = value;
    }
    // Offline stand-ins for the runner's network: no update check, no plugin download (the engine has what it needs).
    return { ...env, PULUMI_HOME: path.join(this.base, "pulumi-home"), PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true", PULUMI_COLOR: "never" };
  }

  private readonly setupNode: LocalAction = ({ inputs, addPath }) => {
    const major = inputs["node-version"] ?? "";
    assert.match(major, /^\d+$/, "node-version must be a major version");
    if (!this.nodeBins.has(major)) {
      const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-node"), major], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
      this.nodeBins.set(major, out.trim().split("\n").pop()!);
    }
    addPath(this.nodeBins.get(major)!);
  };

  private readonly pulumiCli: LocalAction = ({ inputs, addPath }) => {
    assert.equal(inputs.command, undefined, "the workflows use pulumi/actions only to install the CLI");
    addPath(this.engineBin);
  };

  /** Plays `workflow` for the event in `github`, with the repository variables a test adds to RAMP_API_URL. */
  async play(workflow: string, github: GitHubContext, vars: Record<string, string> = {}): Promise<JobResult[]> {
    return runWorkflow(path.join(this.origin, ".github", "workflows", workflow), {
      github,
      secrets: {
        RAMP_READONLY_CLIENT_ID: READ_APP.clientId,
        RAMP_READONLY_CLIENT_SECRET: READ_APP.clientSecret,
        PULUMI_READONLY_BACKEND_URL: this.readOnlyBackendUrl,
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      },
      environments: {
        "ramp-production": { RAMP_CLIENT_ID: WRITE_APP.clientId, RAMP_CLIENT_SECRET: WRITE_APP.clientSecret, PULUMI_BACKEND_URL: this.state.url },
      },
      vars: { RAMP_API_URL: this.sim.baseUrl, ...vars },
      actions: { "actions/checkout": checkoutFrom(this.origin), "actions/setup-node": this.setupNode, "pulumi/actions": this.pulumiCli },
      runnerEnv: this.runnerEnv(),
      tokenFor: (permissions) => this.github.tokenFor(permissions as never),
    });
  }

  head(): string {
    return this.git(this.origin, "rev-parse", "main");
  }

  context(event_name: string, sha: string, ref: string, event: Record<string, unknown>): GitHubContext {
    return { event_name, sha, ref, event, repository: this.github.repository, api_url: this.github.url };
  }

  /** The first push to main: the apply of everything. */
  async firstPush(): Promise<JobResult> {
    const [job] = await this.play("roster-apply.yml", this.context("push", this.head(), "refs/heads/main", { before: "0".repeat(40), after: this.head() }));
    return job!;
  }

  /** A pull request: a branch with `change`, GitHub's merge commit refs/pull/N/merge, and the pull_request event. */
  async pullRequest(number: number, change: (dir: string) => void, message: string): Promise<JobResult> {
    const { origin } = this;
    const branch = `pr-${number}`;
    const exists = this.git(origin, "branch", "--list", branch) !== "";
    this.git(origin, "checkout", "-q", exists ? branch : "-b", ...(exists ? [] : [branch]));
    change(origin);
    this.git(origin, "add", "-A");
    this.git(origin, "commit", "-q", "-m", message);
    const prHead = this.git(origin, "rev-parse", "HEAD");
    this.git(origin, "checkout", "-q", "--detach", "main");
    this.git(origin, "merge", "-q", "--no-ff", "-m", `Merge ${prHead} into main`, prHead);
    const merge = this.git(origin, "rev-parse", "HEAD");
    this.git(origin, "update-ref", `refs/pull/${number}/merge`, merge);
    this.git(origin, "checkout", "-q", "main");
    const [job] = await this.play(
      "roster-preview.yml",
      this.context("pull_request", merge, `refs/pull/${number}/merge`, { number, pull_request: { number, head: { sha: prHead }, base: { sha: this.head(), ref: "main" } } }),
    );
    return job!;
  }

  async mergePullRequest(number: number): Promise<JobResult> {
    const before = this.head();
    this.git(this.origin, "merge", "-q", "--no-ff", "-m", `Merge pull request #${number}`, `pr-${number}`);
    const [job] = await this.play("roster-apply.yml", this.context("push", this.head(), "refs/heads/main", { before, after: this.head() }));
    return job!;
  }
}
