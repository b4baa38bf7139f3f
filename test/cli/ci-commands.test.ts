// The commands the workflows run besides plan and report: one roster for every command (a folder roster, the stack's
// ramp:roster), validate's checks of the stack's config and stale confirmations, `changed` (the required check's
// first step), and github-comment / github-issue against a local stand-in of GitHub's REST API.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRoster, RosterNotFoundError } from "../../packages/pulumi-ramp-roster/src/roster/index.js";
import { startGitHubStandIn, type GitHubStandIn } from "../support/github.js";
import { EXAMPLES } from "../roster/helpers.js";
import { cli } from "./helpers.js";

/** A Pulumi project folder with the example roster as a `roster/` folder and a stack `prod`. */
function project(stackConfig: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), "ramp-ci-commands-"));
  writeFileSync(join(dir, "Pulumi.yaml"), "name: ramp-roster\nruntime: nodejs\n");
  cpSync(join(EXAMPLES, "roster-by-team"), join(dir, "roster"), { recursive: true });
  if (stackConfig !== undefined) writeFileSync(join(dir, "Pulumi.prod.yaml"), stackConfig);
  return dir;
}

describe("one roster for the program and every command", () => {
  const dirs: string[] = [];
  const made = (stackConfig?: string) => {
    const dir = project(stackConfig);
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("findRoster: ramp:roster as configured, else roster.yaml, roster.yml, roster/ in that order", () => {
    const dir = made();
    assert.deepEqual(findRoster(undefined, dir), { path: "roster", from: "default" });
    writeFileSync(join(dir, "roster.yml"), "users: []\n");
    assert.deepEqual(findRoster("", dir), { path: "roster.yml", from: "default" });
    assert.deepEqual(findRoster("people/", dir), { path: "people/", from: "ramp:roster" });
    rmSync(join(dir, "roster.yml"));
    rmSync(join(dir, "roster"), { recursive: true });
    assert.throws(() => findRoster(undefined, dir), RosterNotFoundError);
  });

  it("validate with no argument reads the folder roster the program would (roster/)", async () => {
    const dir = made();
    const r = await cli(["validate"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /roster: 12 users, 3 departments, 2 locations — valid\n$/);
  });

  it("with a stack (PULUMI_STACK or --stack), reads ramp:roster from Pulumi.<stack>.yaml, and refuses another roster", async () => {
    const dir = made("config:\n  ramp:roster: people\n");
    cpSync(join(dir, "roster"), join(dir, "people"), { recursive: true });
    writeFileSync(join(dir, "roster.yaml"), "users: [\n");   // what the program would not read
    const viaEnv = await cli(["validate"], { cwd: dir, env: { PULUMI_STACK: "acme/ramp-roster/prod" } });
    assert.equal(viaEnv.code, 0, viaEnv.stdout + viaEnv.stderr);
    assert.match(viaEnv.stdout, /people: 12 users/);
    const other = await cli(["validate", "roster.yaml", "--stack", "prod"], { cwd: dir });
    assert.equal(other.code, 2);
    assert.match(other.stderr, /the roster given, roster.yaml, is not the one stack prod applies: people \('ramp:roster' in Pulumi.prod.yaml\)/);
    const same = await cli(["validate", "--stack", "prod"], { cwd: dir, env: { RAMP_ROSTER: "./people/" } });
    assert.equal(same.code, 0, same.stderr);
  });

  it("a stack named but no Pulumi project here is a usage error, not a guess", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ramp-ci-noproject-"));
    dirs.push(dir);
    const r = await cli(["validate"], { cwd: dir, env: { PULUMI_STACK: "prod" } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /the stack is prod, but .* has no Pulumi.yaml/);
  });

  it("validate --stack reports the stack's bad ramp: config as errors and stale confirmations as warnings, at file:line:column", async () => {
    const typo = made("config:\n  ramp:maxDeactivation: \"5\"\n");
    const bad = await cli(["validate", "--stack", "prod"], { cwd: typo });
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /Pulumi.prod.yaml:1:1: error: unknown config key 'ramp:maxDeactivation' \(did you mean 'ramp:maxDeactivations'\?\)/);

    const stale = made(
      "config:\n  ramp:confirmDeactivations: maria.garcia@example.com,a@example.com,b@example.com,c@example.com\n  ramp:confirmAdmins: gone@example.com\n" +
        "  ramp:confirmReactivations: maria.garcia@example.com,gone@example.com\n",
    );
    const r = await cli(["validate", "--stack", "prod"], { cwd: stale });
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(r.stdout.trimEnd().split("\n").slice(0, 3), [
      "Pulumi.prod.yaml:2:3: warning: stale confirmation: ramp:confirmDeactivations names maria.garcia@example.com, whom the roster keeps active: no run of this roster deactivates them; remove it",
      "Pulumi.prod.yaml:3:3: warning: stale confirmation: ramp:confirmAdmins names gone@example.com, who the roster does not keep as an active admin; remove it",
      "Pulumi.prod.yaml:4:3: warning: stale confirmation: ramp:confirmReactivations names gone@example.com, whom the roster does not list as active: no run of this roster reactivates them; remove it",
    ]);

    const few = made("config:\n  ramp:confirmDeactivations: gone@example.com\n");
    const r2 = await cli(["validate", "--stack", "prod"], { cwd: few });
    assert.match(r2.stdout, /ramp:confirmDeactivations names 1, no more than ramp:maxDeactivations \(3\): the guard needs no confirmation for that; remove it/);

    const current = made("config:\n  ramp:confirmDeactivations: a@example.com,b@example.com,c@example.com,d@example.com\n");
    const r3 = await cli(["validate", "--stack", "prod"], { cwd: current });
    assert.doesNotMatch(r3.stdout, /stale/, "a confirmation of four people the roster no longer lists may be this change's");
  });
});

describe("ramp-roster changed", () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: repo, encoding: "utf8" }).trim();
  const commit = (files: Record<string, string>, message: string) => {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(repo, file, ".."), { recursive: true });
      writeFileSync(join(repo, file), text);
    }
    git("add", "-A");
    git("commit", "-q", "-m", message);
    return git("rev-parse", "HEAD");
  };

  before(() => {
    repo = project(undefined);
    git("init", "-q");
    commit({ "README.md": "# roster\n" }, "start");
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it("says false when only documentation and ownership changed, true for the roster, the config or the program", async () => {
    const base = git("rev-parse", "HEAD");
    commit({ "README.md": "# roster\nmore\n", "docs/ci.md": "x\n", ".github/CODEOWNERS": "* @acme/it\n", "roster/README.md": "notes\n" }, "docs");
    const docs = await cli(["changed", "--base", base], { cwd: repo });
    assert.deepEqual([docs.code, docs.stdout], [0, "changed=false\n"]);
    assert.match(docs.stderr, /only files no run reads changed: .*README.md/);

    for (const file of ["roster/engineering.yaml", "Pulumi.prod.yaml", "index.ts", "package-lock.json", ".github/workflows/roster-preview.yml"]) {
      const before = git("rev-parse", "HEAD");
      commit({ [file]: `# ${file}\n` }, file);
      const r = await cli(["changed", "--base", before], { cwd: repo });
      assert.deepEqual([r.code, r.stdout], [0, "changed=true\n"], file);
      assert.match(r.stderr, new RegExp(`changed: ${file.replace(/[.]/g, "\\.")}`));
    }
  });

  it("fails closed: a base it cannot compare with, or none, counts as a change", async () => {
    for (const base of ["0000000000000000000000000000000000000000", "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef", ""]) {
      const r = await cli(["changed", "--base", base], { cwd: repo });
      assert.deepEqual([r.code, r.stdout], [0, "changed=true\n"], base);
      assert.match(r.stderr, /counting it as a change/);
    }
  });

  it("a scheduled run applies only when RAMP_DAILY_APPLY is 'true'; a push is compared as before", async () => {
    const off = await cli(["changed", "--event", "schedule", "--base", ""], { cwd: repo, env: {} });
    assert.deepEqual([off.code, off.stdout], [0, "changed=false\n"]);
    assert.match(off.stderr, /the daily apply is off \(set the repository variable RAMP_DAILY_APPLY/);
    const on = await cli(["changed", "--event", "schedule"], { cwd: repo, env: { RAMP_DAILY_APPLY: "true" } });
    assert.deepEqual([on.code, on.stdout], [0, "changed=true\n"]);
    const head = git("rev-parse", "HEAD");
    const push = await cli(["changed", "--event", "push", "--base", head], { cwd: repo, env: { RAMP_DAILY_APPLY: "true" } });
    assert.deepEqual([push.code, push.stdout], [0, "changed=false\n"], "a push compares, whatever the variable");
  });
});

describe("ramp-roster github-comment and github-issue (against a GitHub stand-in)", () => {
  let github: GitHubStandIn;
  let dir: string;
  before(async () => {
    github = await startGitHubStandIn();
    dir = mkdtempSync(join(tmpdir(), "ramp-ci-github-"));
  });
  after(async () => {
    await github.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const env = (token: string): NodeJS.ProcessEnv => ({ GITHUB_TOKEN: token, GITHUB_REPOSITORY: github.repository, GITHUB_API_URL: github.url });
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it("creates the pull request's comment once, then updates that one, past a page of other comments and a person's quote", async () => {
    const token = github.tokenFor({ "pull-requests": "write", contents: "read" });
    for (let i = 0; i < 35; i++) github.addHumanComment(7, `comment ${i}`);
    github.addHumanComment(7, "<!-- ramp-roster-plan -->\nquoted by a person");
    const first = await cli(["github-comment", "--body-file", file("plan.md", "<!-- ramp-roster-plan -->\nfirst\n"), "--pr", "7"], { env: env(token) });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^created /);
    const second = await cli(["github-comment", "--body-file", file("plan.md", "<!-- ramp-roster-plan -->\nsecond\n"), "--pr", "7"], { env: env(token) });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /^updated /);
    const ours = github.comments.filter((c) => c.user.type === "Bot");
    assert.deepEqual(ours.map((c) => c.body), ["<!-- ramp-roster-plan -->\nsecond\n"]);
    assert.ok(github.comments.some((c) => c.body === "<!-- ramp-roster-plan -->\nquoted by a person"));
  });

  it("a token without write permission fails with GitHub's refusal, and the token is in no message", async () => {
    const token = github.tokenFor({ "pull-requests": "read" });
    const r = await cli(["github-comment", "--body-file", file("plan.md", "<!-- ramp-roster-plan -->\nx\n"), "--pr", "7"], { env: env(token) });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /GitHub PATCH \/repos\/acme\/roster\/issues\/comments\/\d+ failed with HTTP 403: Resource not accessible by integration/);
    assert.ok(!r.stderr.includes(token) && !r.stdout.includes(token));
  });

  it("opens one issue, updates it while something needs attention, closes it when nothing does", async () => {
    const token = github.tokenFor({ issues: "write" });
    const args = (body: string, state: string) => ["github-issue", "--body-file", file("report.md", `<!-- ramp-roster-report -->\n${body}\n`), "--title", "Ramp: needs attention", "--label", "ramp-roster", "--state", state];
    assert.match((await cli(args("nothing", "closed"), { env: env(token) })).stdout, /nothing to do/);
    assert.match((await cli(args("one", "open"), { env: env(token) })).stdout, /^opened /);
    assert.match((await cli(args("two", "open"), { env: env(token) })).stdout, /^updated /);
    assert.equal(github.issues.length, 1);
    assert.equal(github.issues[0]!.body, "<!-- ramp-roster-report -->\ntwo\n");
    assert.match((await cli(args("none", "closed"), { env: env(token) })).stdout, /^closed /);
    assert.equal(github.issues[0]!.state, "closed");
    assert.match((await cli(args("again", "open"), { env: env(token) })).stdout, /^opened /);
    assert.equal(github.issues.length, 2);
  });
});
