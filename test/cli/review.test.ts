// `ramp-roster review` against the simulator, a roster folder whose Git history has a direct push, merge commits and
// squash merges (review-scenario.ts), and a local stand-in of GitHub's pull-request endpoints.
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Review } from "../../packages/pulumi-ramp-roster/src/cli/review-model.js";
import { reviewDigestInput } from "../../packages/pulumi-ramp-roster/src/cli/review-model.js";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { GitHistory, type Signature } from "../support/git-history.js";
import { startGitHubStandIn, type GitHubStandIn } from "../support/github-standin.js";
import { cli, routesCalled, SIM_CREDENTIALS, simEnv } from "./helpers.js";
import { buildHistory, NOW, REPOSITORY, seedRamp, type Scenario } from "./review-scenario.js";

const TOKEN = "ghp_standInToken_do_not_print_41c7";

describe("ramp-roster review", function () {
  this.timeout(60_000);
  let dir: string;
  let scenario: Scenario;
  let sim: RunningSimulator;
  let github: GitHubStandIn;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ramp-review-"));
    scenario = buildHistory(dir);
    sim = await startSimulator({ ...SIM_CREDENTIALS, taskDelayMs: 10 });
    github = await startGitHubStandIn({ repository: REPOSITORY, token: TOKEN, pullRequests: scenario.pullRequests });
    env = { ...simEnv(sim), GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPOSITORY };
  });
  beforeEach(() => {
    sim.admin.reset();
    seedRamp(sim);
    github.requests.length = 0;
  });
  after(async () => {
    await github?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const review = async (args: string[] = [], e: NodeJS.ProcessEnv = env) => cli(["review", "--roster", scenario.rosterDir, ...args], { env: e, now: NOW });
  const reviewJson = async (args: string[] = [], e: NodeJS.ProcessEnv = env) => {
    const run = await review(["--format", "json", ...args], e);
    assert.equal(run.stderr, "");
    return { code: run.code, review: JSON.parse(run.stdout) as Review, text: run.stdout };
  };

  it("lists everyone with access from Ramp, privileged first, each with the roster line or none, and every column", async () => {
    const { code, review: r } = await reviewJson();
    assert.equal(code, 1);
    const c = scenario.commits;
    const rows = r.people.map((p) => [p.email, p.role, p.privileged, p.status, p.manager, p.department, p.location, p.endDate, p.roster, p.note]);
    assert.deepEqual(rows, [
      ["olivia@acme.com", "Owner", true, "USER_ACTIVE", null, null, null, null, null, "the business owner: Ramp's API cannot manage the owner, so no roster can"],
      ["ada@acme.com", "Admin", true, "USER_ACTIVE", null, "Finance", null, null, "roster/admins.yaml:7", ""],
      ["bea@acme.com", "IT Admin", true, "USER_ACTIVE", null, "Engineering", "NYC", null, "roster/team.yaml:4", ""],
      ["hal@acme.com", "IT Admin", true, "USER_ACTIVE", null, null, null, null, "roster/admins.yaml:18", ""],
      ["dan@acme.com", "Bookkeeper", true, "USER_ACTIVE", "bea@acme.com", "Engineering", null, null, "roster/admins.yaml:12", ""],
      ["carl@acme.com", "Cardholder", false, "USER_ACTIVE", "bea@acme.com", "Finance", null, null, "roster/team.yaml:27", ""],
      ["cora@partner.io", "Cardholder", false, "USER_ACTIVE", null, null, null, "2026-09-30", "roster/team.yaml:20", ""],
      ["eve@acme.com", "Cardholder", false, "USER_ACTIVE", null, null, null, null, "roster/team.yaml:32", ""],
      ["exp@acme.com", "Cardholder", false, "INVITE_EXPIRED", null, null, null, null, "roster/team.yaml:14", ""],
      ["fred@acme.com", "Cardholder", false, "USER_ACTIVE", "bea@acme.com", null, null, null, null, ""],
      ["ina@acme.com", "Cardholder", false, "USER_INACTIVE", null, null, null, null, "roster/team.yaml:17", "inactive in Ramp, active in the roster: the next pulumi up gives access back only if the roster removed them or ramp:confirmReactivations names them"],
      ["kim@acme.com", "Cardholder", false, "USER_ACTIVE", null, null, null, null, "roster/team.yaml:24", ""],
      ["pat@partner.io", "Cardholder", false, "USER_ACTIVE", null, null, null, null, null, ""],
      ["stranger@acme.com", "Cardholder", false, "USER_ACTIVE", null, null, null, null, null, ""],
      ["zed@acme.com", "Cardholder", false, "INVITE_PENDING", null, null, null, null, "roster/team.yaml:39", ""],
      ["ivy@acme.com", "Guest", false, "USER_ACTIVE", null, null, null, null, "roster/team.yaml:35", ""],
    ]);
    // Deactivated people without a pending change are not listed (old@, gina@).
    assert.ok(!r.people.some((p) => p.email === "old@acme.com" || p.email === "gina@acme.com"));
    // Provenance: the commit that added each person and the one that gave the role, from merges, squashes and pushes.
    const provenance = Object.fromEntries(
      r.people.map((p) => [p.email, p.granted ? [p.granted.what, p.granted.commit, p.granted.how, p.granted.pullRequest, p.granted.authors.join(", "), p.granted.mergedAt, p.roleGranted?.commit] : p.provenanceNote]),
    );
    assert.deepEqual(provenance["ada@acme.com"], ["added", c.initial, "direct", null, "Olivia Owner <olivia@acme.com>", "2025-06-01T09:00:00+00:00", c.initial]);
    assert.deepEqual(provenance["carl@acme.com"], ["added", c.pr1, "merge", 1, "Bea Boss <bea@acme.com>", "2026-01-12T10:00:00+00:00", c.pr1]);
    assert.deepEqual(provenance["dan@acme.com"], ["added", c.initial, "direct", null, "Olivia Owner <olivia@acme.com>", "2025-06-01T09:00:00+00:00", c.pr2]);
    assert.deepEqual(provenance["eve@acme.com"], ["added", c.direct, "direct", null, "Bea Boss <bea@acme.com>", "2026-02-01T10:00:00+00:00", c.direct]);
    assert.deepEqual(provenance["hal@acme.com"], ["added", c.pr4, "merge", 4, "Hal Hacker <hal@acme.com>", "2026-02-15T10:00:00+00:00", c.pr4]);
    assert.deepEqual(provenance["ivy@acme.com"], ["added", c.pr5, "squash", 5, "Bea Boss <bea@acme.com>", "2026-03-01T10:00:00+00:00", c.pr5]);
    assert.deepEqual(provenance["kim@acme.com"], ["reactivated", c.pr6, "squash", 6, "Bea Boss <bea@acme.com>", "2026-03-15T10:00:00+00:00", c.pr6]);
    assert.deepEqual(provenance["zed@acme.com"], ["added", c.fake, "squash", 7, "Zed Zero <zed@acme.com>", "2026-03-20T10:00:00+00:00", c.fake]);
    assert.equal(provenance["stranger@acme.com"], "not managed by the roster");
    // Approvals: from the stand-in's pull requests, for the grants of the period only.
    const approval = (email: string, which: "granted" | "roleGranted" = "granted") => {
      const a = r.people.find((p) => p.email === email)![which]!.approval;
      return [a.status, a.approvers.map((x) => `${x.login} ${x.at}`).join(", "), a.pullRequestAuthor, a.note];
    };
    assert.deepEqual(approval("carl@acme.com"), ["approved", "ada-gh 2026-01-11T09:00:00Z", "bea-gh", ""]);
    assert.deepEqual(approval("kim@acme.com"), ["approved", "ada-gh 2026-03-14T11:00:00Z", "bea-gh", ""]);
    assert.deepEqual(approval("dan@acme.com", "roleGranted"), ["approved", "bea-gh 2026-01-19T09:00:00Z", "dan-gh", ""]);
    assert.deepEqual(approval("dan@acme.com"), ["before-period", "", null, "merged before the review period: not checked again"]);
    assert.deepEqual(approval("hal@acme.com"), ["self-approved", "", "hal-gh", "pull request #4 was approved only by @ivy-gh, who is its author or wrote its commits"]);
    assert.deepEqual(approval("ivy@acme.com"), ["not-approved", "", "bea-gh", "pull request #5 had no approving review before it was merged"]);
    assert.deepEqual(approval("eve@acme.com")[0], "no-pull-request");
    assert.deepEqual(approval("zed@acme.com"), ["not-approved", "", "zed-gh", `GitHub merged pull request #7 as 777777777777, not as ${c.fake!.slice(0, 12)}`]);
    // Drift only in the fields the roster manages: Bea's location is not managed, so NYC is no drift.
    assert.deepEqual(
      r.people.filter((p) => p.drift.length > 0).map((p) => [p.email, p.drift]),
      [
        ["bea@acme.com", [{ field: "role", roster: "Cardholder", ramp: "IT Admin" }]],
        ["carl@acme.com", [{ field: "department", roster: "Engineering", ramp: "Finance" }]],
        ["ina@acme.com", [{ field: "active", roster: "active", ramp: "inactive" }]],
      ],
    );
    assert.deepEqual(r.summary, { people: 16, privileged: 5, managed: 12, unmanaged: 4, leavers: 2, findings: 18, peopleWithFindings: 12 });
    // Read-only: listings of Ramp only.
    assert.deepEqual(routesCalled(sim), ["GET /departments", "GET /locations", "GET /users"]);
  });

  it("puts the findings first, in the order auditors weigh them, and lists the leavers of the period", async () => {
    const { review: r } = await reviewJson();
    const c = scenario.commits;
    assert.deepEqual(
      r.findings.map((f) => `${f.kind} ${f.email ?? "-"}: ${f.detail}`),
      [
        `leaver-active fred@acme.com: removed from the roster on 2026-02-10 (${c.pr3!.slice(0, 12)}), still USER_ACTIVE in Ramp`,
        `unapproved-grant eve@acme.com: access granted by ${c.direct!.slice(0, 12)}: reached the main line without a pull request (direct commit ${c.direct!.slice(0, 12)})`,
        `unapproved-grant ivy@acme.com: access granted by ${c.pr5!.slice(0, 12)} (#5): pull request #5 had no approving review before it was merged`,
        `unapproved-grant zed@acme.com: access granted by ${c.fake!.slice(0, 12)} (#7): GitHub merged pull request #7 as 777777777777, not as ${c.fake!.slice(0, 12)}`,
        "privileged-outside-policy bea@acme.com: IT Admin in Ramp, and the roster lists them in team.yaml, not in admins.yaml",
        "unmanaged fred@acme.com: Cardholder, USER_ACTIVE: in Ramp, not in the roster",
        "unmanaged pat@partner.io: Cardholder, USER_ACTIVE: in Ramp, not in the roster",
        "unmanaged stranger@acme.com: Cardholder, USER_ACTIVE: in Ramp, not in the roster",
        `self-approval dan@acme.com: role granted by ${c.pr2!.slice(0, 12)} (#2), a change Dan Dev wrote themselves`,
        `self-approval hal@acme.com: access granted by ${c.pr4!.slice(0, 12)} (#4), a change Hal Hacker wrote themselves`,
        `self-approval hal@acme.com: access granted by ${c.pr4!.slice(0, 12)} (#4): pull request #4 was approved only by @ivy-gh, who is its author or wrote its commits`,
        `self-approval zed@acme.com: access granted by ${c.fake!.slice(0, 12)} (#7), a change Zed Zero wrote themselves`,
        "no-end-date ivy@acme.com: a guest with no scheduled deactivation date in Ramp",
        "no-end-date pat@partner.io: a contractor (email outside the policy's domains) with no scheduled deactivation date in Ramp",
        "expired-invite exp@acme.com: the invite expired before it was accepted: resend it in Ramp, or remove the person",
        "drift bea@acme.com: role: roster Cardholder, Ramp IT Admin",
        "drift carl@acme.com: department: roster Engineering, Ramp Finance",
        "drift ina@acme.com: active: roster active, Ramp inactive",
      ],
    );
    // Cora is a contractor with an end date in Ramp and in the roster: no finding.
    assert.equal(r.findings.length, 18);
    assert.deepEqual(r.leavers, [
      { email: "fred@acme.com", name: "Fred Gone", change: "removed", commit: c.pr3, mergedAt: "2026-02-10T10:00:00+00:00", pullRequest: 3, rampStatus: "USER_ACTIVE", inactiveNow: false },
      { email: "gina@acme.com", name: "Gina Leaves", change: "deactivated", commit: c.pr3, mergedAt: "2026-02-10T10:00:00+00:00", pullRequest: 3, rampStatus: "USER_INACTIVE", inactiveNow: true },
    ]);
    // A period that starts after the offboarding has no leavers, and grants before it are not checked again.
    const later = (await reviewJson(["--since", "2026-03-10"])).review;
    assert.deepEqual(later.leavers, []);
    assert.deepEqual(later.findings.filter((f) => f.kind === "unapproved-grant").map((f) => f.email), ["zed@acme.com"]);
    assert.equal(later.evidence.period.since, "2026-03-10");
  });

  it("reads GitHub with the token as a bearer, page by page, only for the period's pull requests, and never prints the token", async () => {
    await reviewJson();
    assert.ok(github.requests.every((q) => q.authorization === `Bearer ${TOKEN}` && q.apiVersion === "2022-11-28"));
    const pulls = [...new Set(github.requests.map((q) => /\/pulls\/(\d+)/.exec(q.path)![1]))].sort();
    assert.deepEqual(pulls, ["1", "2", "4", "5", "6", "7"]);
    assert.ok(github.requests.some((q) => q.path === "/repos/acme/roster/pulls/6/reviews?per_page=100&page=2"), "the reviews' second page was followed");

    const refused = await review(["--format", "json"], { ...env, GITHUB_TOKEN: `${TOKEN}-wrong` });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /GitHub refused the token \(GITHUB_TOKEN\)/);
    assert.ok(!refused.stderr.includes(TOKEN) && !refused.stdout.includes(TOKEN));

    // Without a token, approvals are not checked, and the review says so as a finding.
    const { GITHUB_TOKEN: _t, ...noToken } = env;
    const unchecked = (await reviewJson([], noToken)).review;
    assert.equal(unchecked.evidence.github.checked, false);
    const notChecked = unchecked.findings.find((f) => f.kind === "approvals-not-checked");
    assert.equal(notChecked?.detail, "6 grants of the period name a pull request whose approval was not checked: set GITHUB_TOKEN");
  });

  it("states its evidence, and gives the same bytes for the same inputs in every format", async () => {
    const first = await reviewJson();
    const e = first.review.evidence;
    assert.equal(e.listing.startedAt, NOW.toISOString());
    assert.equal(e.git.commit, scenario.repo.head());
    assert.deepEqual(e.git.rosterFiles, ["roster/admins.yaml", "roster/team.yaml"]);
    assert.match(e.tool, /^pulumi-ramp-roster \d+\.\d+\.\d+/);
    assert.equal(e.contentSha256, createHash("sha256").update(reviewDigestInput(first.review)).digest("hex"));
    assert.equal((await reviewJson()).text, first.text);
    for (const format of ["html", "csv", "markdown"]) {
      const [a, b] = [await review(["--format", format]), await review(["--format", format])];
      assert.equal(a.stdout, b.stdout, format);
      assert.ok(a.stdout.includes(e.contentSha256), `${format} states the digest`);
    }
    // Another listing time is another input: another digest.
    const later = JSON.parse((await cli(["review", "--roster", scenario.rosterDir, "--format", "json"], { env, now: new Date("2026-04-01T10:05:00Z") })).stdout) as Review;
    assert.notEqual(later.evidence.contentSha256, e.contentSha256);
  });

  it("writes CSV for spreadsheets, with the evidence on every row", async () => {
    const csv = (await review(["--format", "csv"])).stdout;
    const lines = csv.trimEnd().split("\r\n");
    assert.equal(lines.length, 17);
    assert.equal(
      lines[0],
      "Name,Email,Role,Privileged,Status,Manager,Department,Location,End date,Roster,Access granted,Access approval,Role granted,Role approval,Drift,Findings,Note,Ramp listed at,Git commit,Tool,Content SHA-256",
    );
    const carl = lines.find((l) => l.startsWith("Carl New,"))!;
    const c = scenario.commits;
    assert.ok(carl.startsWith(`Carl New,carl@acme.com,Cardholder,no,USER_ACTIVE,bea@acme.com,Finance,,,roster/team.yaml:27,added: 2026-01-12 ${c.pr1!.slice(0, 12)} #1 by Bea Boss <bea@acme.com>,approved by @ada-gh 2026-01-11T09:00:00Z,`), carl);
    assert.ok(carl.includes(',"department: roster Engineering, Ramp Finance",drift,,2026-04-01T10:00:00.000Z,'), carl);
  });

  it("writes one checklist per manager for attestation, and the privileged roles for the system owner", async () => {
    const md = (await review(["--by-manager"])).stdout;
    assert.ok(md.startsWith("<!-- ramp-roster-review -->\n### Ramp access review, 2026-04-01: attestation by manager\n"));
    const section = (title: string) => md.split(`#### ${title}`)[1]!.split("\n\n####")[0]!.split("<details>")[0]!.trim();
    assert.equal(
      section("Bea Boss \\<bea@acme.com\\> (3 direct reports)"),
      [
        "- [ ] Dan Dev (dan@acme.com): Bookkeeper, Engineering, findings: self-approval",
        "- [ ] Carl New (carl@acme.com): Cardholder, Finance, findings: drift",
        "- [ ] Fred Gone (fred@acme.com): Cardholder, findings: leaver-active, unmanaged",
      ].join("\n"),
    );
    assert.match(section("Privileged roles, for the system owner (5)"), /^- \[ \] Olivia Owner \(olivia@acme\.com\): Owner\n- \[ \] Ada Admin/);
    assert.match(section("No manager in Ramp, for the system owner (13)"), /- \[ \] Ivy Guest \(ivy@acme\.com\): Guest, findings: unapproved-grant, no-end-date$/);
    assert.match(md, /- Content SHA-256: [0-9a-f]{64}\n/);
    const usage = await review(["--by-manager", "--format", "csv"]);
    assert.equal(usage.code, 2);
  });

  it("writes to --out, and refuses what it cannot review from a commit", async () => {
    const out = join(dir, "review.html");
    const run = await review(["--format", "html", "--out", out]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /16 people, 18 findings; written to/);
    assert.match(readFileSync(out, "utf8"), /^<!DOCTYPE html>/);

    // Every format from one listing: the same evidence in each.
    const all = await review(["--out-dir", join(dir, "out")]);
    assert.equal(all.code, 1, all.stderr);
    const json = JSON.parse(readFileSync(join(dir, "out", "review.json"), "utf8")) as Review;
    for (const name of ["review.html", "review.csv", "review.md", "by-manager.md"]) {
      assert.ok(readFileSync(join(dir, "out", name), "utf8").includes(json.evidence.contentSha256), name);
    }
    assert.equal((await review(["--out-dir", join(dir, "out"), "--format", "csv"])).code, 2);

    writeFileSync(join(scenario.rosterDir, "extra.yaml"), "users: []\n");
    try {
      const dirty = await review();
      assert.equal(dirty.code, 2);
      assert.match(dirty.stderr, /the roster has changes that are not committed \(roster\/extra\.yaml\)/);
    } finally {
      rmSync(join(scenario.rosterDir, "extra.yaml"));
    }
    const badSince = await review(["--since", "2026-02-30"]);
    assert.equal(badSince.code, 2);
    assert.match(badSince.stderr, /--since must be a date written YYYY-MM-DD/);
  });
});

describe("ramp-roster review: a clean review", function () {
  this.timeout(30_000);
  it("exits 0 when nothing is found, and refuses a shallow clone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ramp-review-clean-"));
    const sim = await startSimulator({ ...SIM_CREDENTIALS, taskDelayMs: 10 });
    try {
      const ada: Signature = { name: "Ada Admin", email: "ada@acme.com" };
      const repo = new GitHistory(join(dir, "origin"));
      repo.commit("Roster", ada, "2025-01-01T00:00:00Z", { "roster.yaml": "users:\n  - email: ada@acme.com\n    firstName: Ada\n    lastName: Admin\n    role: Admin\n" });
      repo.commit("Readme", ada, "2025-02-01T00:00:00Z", { "README.md": "x\n" });
      sim.admin.addUser({ email: "ada@acme.com", first_name: "Ada", last_name: "Admin", role: "BUSINESS_ADMIN" });
      const run = await cli(["review", "--roster", join(repo.dir, "roster.yaml")], { env: simEnv(sim), now: NOW });
      assert.equal(run.stderr, "");
      assert.equal(run.code, 0, run.stdout);
      assert.match(run.stdout, /\*\*No findings\.\*\*/);

      repo.git("clone", "--quiet", "--depth", "1", `file://${repo.dir}`, join(dir, "shallow"));
      const shallow = await cli(["review", "--roster", join(dir, "shallow", "roster.yaml")], { env: simEnv(sim), now: NOW });
      assert.equal(shallow.code, 2);
      assert.match(shallow.stderr, /shallow clone.*fetch-depth: 0/);
    } finally {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
