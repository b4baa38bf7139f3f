// The three workflows of examples/github-actions, copied into a new company repository and played as GitHub would
// for their events (test/support/workflow-runner.ts) against the simulator and a local stand-in of GitHub's REST
// API, on a file:// backend and on PostgreSQL (the pull request and the drift check with a SELECT-only role, the
// apply with a writing one; test/support/company-repo.ts): a pull request that changes no roster (the required check passes without touching Ramp),
// a roster kept as a folder, an offboarding past the guard refused and then confirmed in the pull request, the merge
// that applies it, the next pull request reporting the stale confirmation, and the nightly drift report kept in one
// issue.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { CompanyRepo, type CompanyBackend } from "../support/company-repo.js";
import type { JobResult } from "../support/workflow-runner.js";
import { stepOf } from "../support/workflow-runner.js";
import { assertBuildIsCurrent, e2eBackends, liveUser } from "./support.js";

/** The four people the offboarding removes: more than ramp:maxDeactivations (3). */
const LEAVERS = ["chris.mensah@example.com", "omar.haddad@example.com", "priya.shah@example.com", "sam.okafor@example.com"];

for (const backend of e2eBackends()) describeWorkflows(backend);

function describeWorkflows(backend: CompanyBackend): void {
  describe(`the GitHub workflows, end to end (${backend === "file" ? "file://" : "PostgreSQL"} backend)`, function () {
    this.timeout(900_000);
    let repo: CompanyRepo;
    let prNumber = 0;

    before(function () {
      assertBuildIsCurrent();
    });

    before(async () => {
      repo = await CompanyRepo.create({ backend });
    });

    after(async () => {
      await repo?.close();
    });

    const play: CompanyRepo["play"] = (workflow, github, vars) => repo.play(workflow, github, vars);
    const head = () => repo.head();
    const context: CompanyRepo["context"] = (...args) => repo.context(...args);
    const pullRequest: CompanyRepo["pullRequest"] = (...args) => repo.pullRequest(...args);
    const mergePullRequest: CompanyRepo["mergePullRequest"] = (number) => repo.mergePullRequest(number);
    const ourComments = (pr: number) => repo.github.comments.filter((c) => c.issue === pr && c.user.type === "Bot");
    const failedLog = (job: JobResult) => job.steps.filter((s) => s.outcome === "failure").map((s) => `${s.name}:\n${s.log}`).join("\n");
    const write = (file: string, text: string) => (dir: string) => fs.writeFileSync(path.join(dir, file), text);

    it("the first push to main applies the folder roster; secrets reach only the step that uses them", async () => {
      const [job] = await play("roster-apply.yml", context("push", head(), "refs/heads/main", { before: "0".repeat(40), after: head() }));
      assert.ok(job);
      assert.equal(job.conclusion, "success", failedLog(job));
      const apply = stepOf(job, "Apply");
      assert.equal(apply.outcome, "success");
      // 12 in the roster; tom.becker is active: false and has no account, so he is not invited.
      assert.equal(repo.sim.admin.users().filter((u) => u.email.endsWith("@example.com") || u.email === "audit@kline-partners.com").length, 11);
      for (const step of job.steps.filter((s) => s.name !== "Apply")) {
        assert.deepEqual(step.envNames.filter((n) => /SECRET|CLIENT_ID|BACKEND_URL|PASSPHRASE|ACCESS_TOKEN/.test(n)), [], `${step.name} sees a secret`);
      }
    });

    it("a pull request that changes no roster or program passes the required check in seconds, without Ramp or a comment", async () => {
      repo.sim.admin.resetRequestLog();
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
      assert.deepEqual(repo.sim.admin.requestLog(), []);
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
      const statusesBefore = LEAVERS.map((email) => liveUser(repo.sim, email).status);
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
      assert.deepEqual(LEAVERS.map((email) => liveUser(repo.sim, email).status), statusesBefore, "a preview changes nobody");
    });

    it("the merge applies the confirmed offboarding, and the next pull request reports the confirmation as stale", async () => {
      const job = await mergePullRequest(prNumber);
      assert.equal(job.conclusion, "success", failedLog(job));
      assert.deepEqual(LEAVERS.map((email) => liveUser(repo.sim, email).status), LEAVERS.map(() => "USER_INACTIVE"));

      const pr = ++prNumber;
      const touched = await pullRequest(pr, (dir) => fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), fs.readFileSync(path.join(dir, "Pulumi.prod.yaml"), "utf8") + "  ramp:minAdmins: \"1\"\n"), "Write the admin floor down");
      assert.equal(touched.conclusion, "success", failedLog(touched));
      const body = ourComments(pr)[0]!.body;
      assert.match(body, /\*\*No changes\*\*/);
      assert.match(body, /\*\*Stale confirmation\*\*: ramp:confirmDeactivations does not match this run's deactivations and has no effect; remove it/);
    });

    it("the nightly drift report opens one issue, and updates it the next night; Pulumi's drift check fails naming the change", async () => {
      repo.sim.admin.updateUser("jordan.kim@example.com", { role: "BUSINESS_ADMIN" });
      const nightly = () => play("roster-drift.yml", context("schedule", head(), "refs/heads/main", { schedule: "17 7 * * 1-5" }));
      const [report, drift] = await nightly();
      assert.equal(report!.conclusion, "success", failedLog(report!));
      assert.equal(stepOf(report!, "Report").outputs.status, "1");
      assert.equal(repo.github.issues.length, 1);
      assert.match(repo.github.issues[0]!.body, /jordan\.kim@example\.com/);
      assert.equal(drift!.conclusion, "failure");
      assert.match(stepOf(drift!, "Pulumi drift check").log, /jordan\.kim@example\.com[\s\S]*role/);

      const [again] = await nightly();
      assert.equal(again!.conclusion, "success", failedLog(again!));
      assert.equal(repo.github.issues.length, 1, "the same issue, updated");
      assert.equal(repo.github.issues[0]!.state, "open");
      assert.deepEqual(
        repo.github.requests.filter((r) => r.includes("/issues") && !r.includes("comments")).filter((r) => !r.startsWith("GET")),
        ["POST /repos/acme/roster/issues", "PATCH /repos/acme/roster/issues/100"],
      );
    });

    it("the daily apply runs only when RAMP_DAILY_APPLY is 'true', and then applies the reviewed roster", async () => {
      const daily = (vars?: Record<string, string>) => play("roster-apply.yml", context("schedule", head(), "refs/heads/main", { schedule: "30 5 * * *" }), vars);
      repo.sim.admin.resetRequestLog();
      const [off] = await daily();
      assert.equal(off!.conclusion, "success", failedLog(off!));
      assert.equal(stepOf(off!, "Did the roster or the program change?").outputs.changed, "false");
      assert.equal(stepOf(off!, "Apply").outcome, "skipped");
      assert.deepEqual(repo.sim.admin.requestLog().filter((r) => r.method !== "GET" && r.route !== "POST /token"), [], "off by default: Ramp untouched");

      const [on] = await daily({ RAMP_DAILY_APPLY: "true" });
      assert.equal(on!.conclusion, "success", failedLog(on!));
      assert.equal(stepOf(on!, "Apply").outcome, "success");
      // What the nightly report found (a role changed by hand) is put back to the reviewed roster's.
      assert.equal(repo.sim.admin.users().find((u) => u.email === "jordan.kim@example.com")?.role, "IT_ADMIN");
    });
  });
}
