// The three workflows of examples/github-actions, copied into a new company repository and played as GitHub would
// for their events (test/support/workflow-runner.ts) against the simulator and a local stand-in of GitHub's REST
// API, on a shared backend: a pull request that changes no roster (the required check passes without touching Ramp),
// a roster kept as a folder, an offboarding past the guard refused and then confirmed in the pull request, the merge
// that applies it, the next pull request reporting the stale confirmation, and the nightly drift report kept in one
// issue.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { startGitHubStandIn, type GitHubStandIn } from "../support/github.js";
import { ensureEngine, REPO_ROOT } from "../support/pulumi-engine.js";
import { checkoutFrom, runWorkflow, stepOf, type GitHubContext, type JobResult, type LocalAction } from "../support/workflow-runner.js";
import { assertBuildIsCurrent, liveUser } from "./support.js";

const WORKFLOWS = path.join(REPO_ROOT, "examples", "github-actions");
const WRITE_APP = { clientId: "ramp-write-app", clientSecret: "write-secret-5d1c", grantedScopes: ["users:read", "users:write", "departments:read", "departments:write", "locations:read", "locations:write"] };
const READ_APP = { clientId: "ramp-readonly-app", clientSecret: "readonly-secret-2e9b", grantedScopes: ["users:read", "departments:read", "locations:read"] };
const PASSPHRASE = "company-stack-passphrase";
/** The four people the offboarding removes: more than ramp:maxDeactivations (3). */
const LEAVERS = ["chris.mensah@example.com", "omar.haddad@example.com", "priya.shah@example.com", "sam.okafor@example.com"];

describe("the GitHub workflows, end to end (file:// backend)", function () {
  this.timeout(900_000);
  let sim: RunningSimulator;
  let github: GitHubStandIn;
  let base: string;
  let origin: string;
  let backend: string;
  let pulumiHome: string;
  let engineBin: string;
  let nodeBins: Map<string, string>;
  let prNumber = 0;
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", ["-c", "user.name=Dev", "-c", "user.email=dev@example.com", ...args], { cwd, encoding: "utf8" }).trim();

  before(function () {
    assertBuildIsCurrent();
  });

  before(async () => {
    sim = await startSimulator({ clientId: WRITE_APP.clientId, clientSecret: WRITE_APP.clientSecret, taskDelayMs: 20 });
    sim.admin.addApp(READ_APP);
    github = await startGitHubStandIn("acme/roster");
    base = fs.mkdtempSync(path.join(os.tmpdir(), "ramp-workflows-"));
    backend = path.join(base, "state");
    pulumiHome = path.join(base, "pulumi-home");
    fs.mkdirSync(backend);
    // A new company repository as the README says to make one: a Pulumi project with the packed package, the roster
    // as a folder, and the three workflows copied in.
    const project = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "fresh-project"), path.join(base, "project"), "--pulumi", pinnedPulumi], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim().split("\n").pop()!;
    engineBin = ensureEngine(project);
    origin = path.join(base, "origin");
    fs.mkdirSync(origin);
    for (const file of fs.readdirSync(project)) {
      if (file !== "node_modules") fs.cpSync(path.join(project, file), path.join(origin, file), { recursive: true });
    }
    fs.cpSync(path.join(REPO_ROOT, "examples", "roster-by-team"), path.join(origin, "roster"), { recursive: true });
    fs.mkdirSync(path.join(origin, ".github", "workflows"), { recursive: true });
    for (const file of ["roster-preview.yml", "roster-apply.yml", "roster-drift.yml"]) fs.copyFileSync(path.join(WORKFLOWS, file), path.join(origin, ".github", "workflows", file));
    fs.writeFileSync(path.join(origin, ".gitignore"), "node_modules/\n");
    fs.writeFileSync(path.join(origin, "README.md"), "# Who has Ramp\n");
    // The stack, made once by a person: its Pulumi.prod.yaml (the passphrase's salt) is committed.
    execFileSync(path.join(engineBin, "pulumi"), ["stack", "init", "prod"], { cwd: origin, env: pulumiEnv(), stdio: "ignore" });
    git(origin, "init", "-q", "-b", "main");
    git(origin, "config", "uploadpack.allowAnySHA1InWant", "true");
    git(origin, "add", "-A");
    git(origin, "commit", "-q", "-m", "The roster, the program and the workflows");
    nodeBins = new Map();
  });

  after(async () => {
    await github?.close();
    await sim?.close();
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  function pulumiEnv(): NodeJS.ProcessEnv {
    return {
      PATH: `${engineBin}${path.delimiter}${process.env.PATH}`,
      HOME: process.env.HOME,
      PULUMI_HOME: pulumiHome,
      PULUMI_BACKEND_URL: `file://${backend}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
    };
  }

  /** The machine a GitHub runner is: tools on PATH, npm's cache (what setup-node's `cache: npm` restores). */
  function runnerEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (/^(PATH|HOME|LANG|LC_ALL|TMPDIR|TERM)$/.test(key) || /^npm_config_/i.test(key)) env[key] = value;
    }
    // Offline stand-ins for the runner's network: no update check, no plugin download (the engine has what it needs).
    return { ...env, PULUMI_HOME: pulumiHome, PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true", PULUMI_COLOR: "never" };
  }

  const setupNode: LocalAction = ({ inputs, addPath }) => {
    const major = inputs["node-version"] ?? "";
    assert.match(major, /^\d+$/, "node-version must be a major version");
    if (!nodeBins.has(major)) {
      const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-node"), major], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
      nodeBins.set(major, out.trim().split("\n").pop()!);
    }
    addPath(nodeBins.get(major)!);
  };
  const pulumiCli: LocalAction = ({ inputs, addPath }) => {
    assert.equal(inputs.command, undefined, "the workflows use pulumi/actions only to install the CLI");
    addPath(engineBin);
  };

  async function play(workflow: string, github_: GitHubContext): Promise<JobResult[]> {
    return runWorkflow(path.join(origin, ".github", "workflows", workflow), {
      github: github_,
      secrets: {
        RAMP_READONLY_CLIENT_ID: READ_APP.clientId,
        RAMP_READONLY_CLIENT_SECRET: READ_APP.clientSecret,
        PULUMI_READONLY_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      },
      environments: {
        "ramp-production": { RAMP_CLIENT_ID: WRITE_APP.clientId, RAMP_CLIENT_SECRET: WRITE_APP.clientSecret, PULUMI_BACKEND_URL: `file://${backend}` },
      },
      vars: { RAMP_API_URL: sim.baseUrl },
      actions: { "actions/checkout": checkoutFrom(origin), "actions/setup-node": setupNode, "pulumi/actions": pulumiCli },
      runnerEnv: runnerEnv(),
      tokenFor: (permissions) => github.tokenFor(permissions as never),
    });
  }

  const head = () => git(origin, "rev-parse", "main");
  const context = (event_name: string, sha: string, ref: string, event: Record<string, unknown>): GitHubContext => ({
    event_name,
    sha,
    ref,
    event,
    repository: github.repository,
    api_url: github.url,
  });

  /** A pull request: a branch with `change`, GitHub's merge commit refs/pull/N/merge, and the pull_request event. */
  async function pullRequest(number: number, change: (dir: string) => void, message: string): Promise<JobResult> {
    const branch = `pr-${number}`;
    const exists = git(origin, "branch", "--list", branch) !== "";
    git(origin, "checkout", "-q", exists ? branch : "-b", ...(exists ? [] : [branch]));
    change(origin);
    git(origin, "add", "-A");
    git(origin, "commit", "-q", "-m", message);
    const prHead = git(origin, "rev-parse", "HEAD");
    git(origin, "checkout", "-q", "--detach", "main");
    git(origin, "merge", "-q", "--no-ff", "-m", `Merge ${prHead} into main`, prHead);
    const merge = git(origin, "rev-parse", "HEAD");
    git(origin, "update-ref", `refs/pull/${number}/merge`, merge);
    git(origin, "checkout", "-q", "main");
    const [job] = await play(
      "roster-preview.yml",
      context("pull_request", merge, `refs/pull/${number}/merge`, { number, pull_request: { number, head: { sha: prHead }, base: { sha: head(), ref: "main" } } }),
    );
    return job!;
  }

  async function mergePullRequest(number: number): Promise<JobResult> {
    const before = head();
    git(origin, "merge", "-q", "--no-ff", "-m", `Merge pull request #${number}`, `pr-${number}`);
    const [job] = await play("roster-apply.yml", context("push", head(), "refs/heads/main", { before, after: head() }));
    return job!;
  }

  const ourComments = (pr: number) => github.comments.filter((c) => c.issue === pr && c.user.type === "Bot");
  const failedLog = (job: JobResult) => job.steps.filter((s) => s.outcome === "failure").map((s) => `${s.name}:\n${s.log}`).join("\n");
  const write = (file: string, text: string) => (dir: string) => fs.writeFileSync(path.join(dir, file), text);
  const pinnedPulumi = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string }).version;

  it("the first push to main applies the folder roster; secrets reach only the step that uses them", async () => {
    const [job] = await play("roster-apply.yml", context("push", head(), "refs/heads/main", { before: "0".repeat(40), after: head() }));
    assert.ok(job);
    assert.equal(job.conclusion, "success", failedLog(job));
    const apply = stepOf(job, "Apply");
    assert.equal(apply.outcome, "success");
    // 12 in the roster; tom.becker is active: false and has no account, so he is not invited.
    assert.equal(sim.admin.users().filter((u) => u.email.endsWith("@example.com") || u.email === "audit@kline-partners.com").length, 11);
    for (const step of job.steps.filter((s) => s.name !== "Apply")) {
      assert.deepEqual(step.envNames.filter((n) => /SECRET|CLIENT_ID|BACKEND_URL|PASSPHRASE|ACCESS_TOKEN/.test(n)), [], `${step.name} sees a secret`);
    }
  });

  it("a pull request that changes no roster or program passes the required check in seconds, without Ramp or a comment", async () => {
    sim.admin.resetRequestLog();
    const job = await pullRequest(++prNumber, write("README.md", "# Who has Ramp\n\nAsk IT.\n"), "Docs");
    assert.equal(job.conclusion, "success", failedLog(job));
    assert.equal(stepOf(job, "Did the roster or the program change?").outputs.changed, "false");
    assert.deepEqual(job.steps.filter((s) => s.outcome === "skipped").map((s) => s.name), [
      "Install the Pulumi CLI",
      "Plan",
      "Post the plan as the pull request's comment",
      "Validate the roster, its policy and the stack's confirmations",
      "Fail when the preview failed or a guard refused the change",
    ]);
    assert.deepEqual(sim.admin.requestLog(), []);
    assert.deepEqual(ourComments(prNumber), []);
    process.stderr.write(`workflows: no-change pull request check: ${job.ms} ms (${job.steps.map((s) => `${s.name} ${s.ms} ms`).join("; ")})\n`);
  });

  it("an offboarding past the guard is refused in the pull request, then confirmed in Pulumi.prod.yaml: one comment, updated", async () => {
    const pr = ++prNumber;
    const removeLeavers = (dir: string) => {
      for (const file of fs.readdirSync(path.join(dir, "roster"))) {
        const full = path.join(dir, "roster", file);
        let text = fs.readFileSync(full, "utf8");
        for (const email of LEAVERS) text = text.replace(new RegExp(`\\n  - email: ${email.replace(/\./g, "\\.")}\\n(    .*\\n)*`), "\n");
        fs.writeFileSync(full, text);
      }
    };
    const statusesBefore = LEAVERS.map((email) => liveUser(sim, email).status);
    const refused = await pullRequest(pr, removeLeavers, "Offboard four people");
    assert.equal(refused.conclusion, "failure");
    assert.equal(stepOf(refused, "Plan").outputs.status, "1");
    assert.equal(stepOf(refused, "Fail when the preview failed or a guard refused the change").outcome, "failure");
    let comments = ourComments(pr);
    assert.equal(comments.length, 1);
    assert.match(comments[0]!.body, /Guards: \*\*REFUSED/);
    assert.match(comments[0]!.body, /would deactivate 4 users, more than ramp:maxDeactivations \(3\)/);
    assert.match(refused.summary, /Ramp roster plan/);

    const confirmed = await pullRequest(
      pr,
      (dir) => fs.appendFileSync(path.join(dir, "Pulumi.prod.yaml"), `config:\n  ramp:confirmDeactivations: ${LEAVERS.join(",")}\n`),
      "Confirm the four deactivations",
    );
    assert.equal(confirmed.conclusion, "success", failedLog(confirmed));
    comments = ourComments(pr);
    assert.equal(comments.length, 1, "the same comment, updated");
    const body = comments[0]!.body;
    assert.match(body, /\*\*0 invitations, 0 changes, 4 deactivations/);
    assert.match(body, /Guards: \*\*passed\*\*, \*\*with a confirmation\*\*/);
    assert.match(body, new RegExp(`Confirmed in the stack's config: 4 deactivations, more than ramp:maxDeactivations \\(3\\), by ramp:confirmDeactivations: ${LEAVERS.map((e) => e.replace(/[.]/g, "\\\\?.")).join(", ")}`));
    for (const email of LEAVERS) assert.match(body, new RegExp(`\\| ${email.replace(/[.]/g, "\\\\?.")} \\|.*\\| removed from the roster \\|`));
    assert.deepEqual(LEAVERS.map((email) => liveUser(sim, email).status), statusesBefore, "a preview changes nobody");
  });

  it("the merge applies the confirmed offboarding, and the next pull request reports the confirmation as stale", async () => {
    const job = await mergePullRequest(prNumber);
    assert.equal(job.conclusion, "success", failedLog(job));
    assert.deepEqual(LEAVERS.map((email) => liveUser(sim, email).status), LEAVERS.map(() => "USER_INACTIVE"));

    const pr = ++prNumber;
    const touched = await pullRequest(pr, (dir) => fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), fs.readFileSync(path.join(dir, "Pulumi.prod.yaml"), "utf8") + "  ramp:minAdmins: \"1\"\n"), "Write the admin floor down");
    assert.equal(touched.conclusion, "success", failedLog(touched));
    const body = ourComments(pr)[0]!.body;
    assert.match(body, /\*\*No changes\*\*/);
    assert.match(body, /\*\*Stale confirmation\*\*: ramp:confirmDeactivations does not match this run's deactivations and has no effect; remove it/);
  });

  it("the nightly drift report opens one issue, and updates it the next night; Pulumi's drift check fails naming the change", async () => {
    sim.admin.updateUser("jordan.kim@example.com", { role: "BUSINESS_ADMIN" });
    const nightly = () => play("roster-drift.yml", context("schedule", head(), "refs/heads/main", { schedule: "17 7 * * 1-5" }));
    const [report, drift] = await nightly();
    assert.equal(report!.conclusion, "success", failedLog(report!));
    assert.equal(stepOf(report!, "Report").outputs.status, "1");
    assert.equal(github.issues.length, 1);
    assert.match(github.issues[0]!.body, /jordan\.kim@example\.com/);
    assert.equal(drift!.conclusion, "failure");
    assert.match(stepOf(drift!, "Pulumi drift check").log, /jordan\.kim@example\.com[\s\S]*role/);

    const [again] = await nightly();
    assert.equal(again!.conclusion, "success", failedLog(again!));
    assert.equal(github.issues.length, 1, "the same issue, updated");
    assert.equal(github.issues[0]!.state, "open");
    assert.deepEqual(
      github.requests.filter((r) => r.includes("/issues") && !r.includes("comments")).filter((r) => !r.startsWith("GET")),
      ["POST /repos/acme/roster/issues", "PATCH /repos/acme/roster/issues/100"],
    );
  });
});
