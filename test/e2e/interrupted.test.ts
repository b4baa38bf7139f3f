// An `up` that dies half way, and one that fails on Ramp errors, under the real Pulumi engine against the simulator.
// The first is killed the way a CI machine dies: every process at once (the CLI, the language host, the program and
// the dynamic provider), while Ramp is slow. Then the documented recovery, and a rerun that must converge with
// nobody invited twice and nobody lost:
//
//   pulumi cancel --yes                              the dead CLI's lock file blocks every later up/refresh/destroy
//   pulumi refresh --clear-pending-creates --yes     drops the creates the dead run never saw finish (they stay in
//                                                    the checkpoint forever otherwise); safe, since a create finds
//                                                    the person by email and adopts them
//   pulumi up --yes
import { strict as assert } from "node:assert";
import { DEFAULT_RETRY } from "../../packages/pulumi-ramp-roster/src/client/retry.js";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { StackWorkspace, type BackgroundPulumi, type SessionProcess } from "../support/pulumi-engine.js";
import { assertBuildIsCurrent, bodiesOf, liveUser, rampChanges, rosterYaml, step, updatedFields, type E2ERoster, type E2EUser } from "./support.js";

const credentials = { clientId: "e2e-client", clientSecret: "e2e-secret-never-printed-9a7e" };
const INVITE = "POST /users/deferred";
const TASK_DELAY_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function person(email: string, role: string, extra: Partial<E2EUser> = {}): E2EUser {
  const [first, last] = email.split("@")[0]!.split(".");
  const cap = (s = "x") => s[0]!.toUpperCase() + s.slice(1);
  return { email, firstName: cap(first), lastName: cap(last), role, ...extra };
}

/** Twenty people: an admin, three managers, and sixteen reports (who wait for their manager's Ramp id). */
function companyRoster(): E2ERoster {
  const departments = ["Engineering", "Finance", "Operations"];
  const managers = ["bea.boss", "carl.cfo", "dora.ops"].map((name, i) =>
    person(`${name}@example.com`, "Cardholder", { department: departments[i]!, location: "New York HQ" }),
  );
  const reports = Array.from({ length: 16 }, (_, i) =>
    person(`report.r${String(i).padStart(2, "0")}@example.com`, "Cardholder", {
      department: departments[i % 3]!,
      manager: managers[i % 3]!.email,
    }),
  );
  return {
    departments,
    locations: ["New York HQ"],
    users: [person("ada.admin@example.com", "Admin", { department: "Finance" }), ...managers, ...reports],
  };
}

const resourceName = (urn: string) => urn.split("::").pop()!;
const isRampUser = (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/ramp:User";
const isRamp = (r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic/ramp:");

/** Polls `condition` every 50 ms until it holds; fails after `timeoutMs` with `describe()`. */
async function waitFor(what: string, condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}\n${describe()}`);
    await sleep(50);
  }
}

describe("e2e: an up killed mid-run, or failing on Ramp errors, then recovered", function () {
  this.timeout(300_000);
  let sim: RunningSimulator;
  let ws: StackWorkspace;
  let roster: E2ERoster;
  let run: BackgroundPulumi | undefined;
  const emails = () => roster.users.map((u) => u.email);

  before(async () => {
    assertBuildIsCurrent();
    sim = await startSimulator({ ...credentials, taskDelayMs: TASK_DELAY_MS });
    roster = companyRoster();
    ws = await StackWorkspace.create({ name: "interrupted", rosterText: rosterYaml(roster), ramp: { baseUrl: sim.baseUrl, ...credentials } });
  });
  after(async () => {
    await run?.killAll().catch(() => undefined);
    ws?.dispose();
    await sim?.close();
  });

  it("a killed up, recovered as documented; then an up failing on Ramp errors, and the next up converges", async () => {
    // What the killed run left behind, for the recovery step: who landed in Ramp, and who is recorded in the state.
    const atKill = await step("a slow up killed mid-run (every engine process at once) leaves a lock, pending creates, and invites that landed unrecorded", async () => {
      // Ramp is slow: each invite is answered later than the one before (250 ms, 500 ms, ... 5 s).
      const latencies = roster.users.map((_, i) => 250 * (i + 1));
      sim.admin.injectFault(latencies.map((ms) => ({ kind: "latency" as const, method: "POST", path: "/users/deferred", ms })));

      const started = ws.spawnPulumi(["up", "--yes"]);
      run = started;
      let exited = false;
      void started.exited.then(() => (exited = true));
      const recordedUsers = () => (ws.readCheckpoint()?.resources ?? []).filter(isRampUser).map((r) => resourceName(r.urn));
      const progress = () =>
        `recorded ${recordedUsers().length}, in Ramp ${sim.admin.users().length}, exited ${exited}\n${started.output().stdout.slice(-3000)}\n${started.output().stderr.slice(-2000)}`;

      // Once a few people are recorded in the state, Ramp's task status stops answering: invites still land in Ramp,
      // but the creates waiting on them cannot finish. Kill the run when Ramp has people the state does not.
      await waitFor("three users recorded in the checkpoint", () => exited || recordedUsers().length >= 3, 120_000, progress);
      assert.ok(!exited, `the up ended before it could be killed:\n${progress()}`);
      sim.admin.injectFault({ kind: "latency", method: "GET", path: "/users/deferred/status", ms: 120_000, count: 1000 });
      await waitFor(
        "invites that landed in Ramp but are not in the state",
        () => exited || sim.admin.users().length >= recordedUsers().length + 2,
        120_000,
        progress,
      );
      assert.ok(!exited, `the up ended before it could be killed:\n${progress()}`);

      const killed: SessionProcess[] = await started.killAll();
      const result = await started.exited;
      assert.equal(result.signal, "SIGKILL");
      const commands = killed.map((p) => p.command);
      const find = (pattern: RegExp) => killed.find((p) => pattern.test(p.command));
      assert.ok(find(/^pulumi up/), `the CLI: ${commands.join("; ")}`);
      assert.ok(find(/pulumi-language-nodejs/), `the language host: ${commands.join("; ")}`);
      assert.ok(find(/@pulumi\/pulumi\/cmd\/run/), `the program: ${commands.join("; ")}`);
      const provider = find(/@pulumi\/pulumi\/cmd\/dynamic-provider/);
      assert.ok(provider, `the dynamic provider: ${commands.join("; ")}`);
      // Why the CLI's process group is not enough: the engine starts each plugin in a process group of its own.
      assert.notEqual(provider.pgid, started.pid);

      // Ramp recovers. Requests still waiting in Ramp when their client died are never carried out; let them time out.
      sim.admin.clearFaults();
      await sleep(Math.max(...latencies) + TASK_DELAY_MS + 500);
      const firstRunLogLength = sim.admin.requestLog().length;

      const landedAtKill = sim.admin.users().map((u) => u.email).sort();
      const checkpoint = ws.readCheckpoint();
      assert.ok(checkpoint, "the killed run left a checkpoint");
      const recordedAtKill = checkpoint.resources.filter(isRampUser).map((r) => resourceName(r.urn).replace(/^user:/, ""));
      assert.ok(landedAtKill.length > 0 && landedAtKill.length < roster.users.length, `some but not all invites landed: ${landedAtKill.length}`);
      const unrecorded = landedAtKill.filter((email) => !recordedAtKill.includes(email));
      assert.ok(unrecorded.length >= 1, "someone is in Ramp but not in the state: the rerun has to adopt them");
      for (const email of recordedAtKill) assert.ok(landedAtKill.includes(email), `${email} is recorded, so in Ramp`);

      // The creates the engine started and never saw finish are pending operations in the checkpoint.
      const pending = checkpoint.pendingOperations;
      assert.ok(pending.length >= unrecorded.length, JSON.stringify(pending));
      assert.deepEqual([...new Set(pending.map((op) => op.type))], ["creating"]);
      for (const email of unrecorded) assert.ok(pending.some((op) => op.resource.urn.endsWith(`::user:${email}`)), `${email} is a pending create`);

      // The dead CLI's lock stays, and refuses the next update before it runs anything.
      assert.equal(ws.lockFiles().filter((f) => f.endsWith(".json")).length, 1);
      const refused = await ws.pulumi(["up", "--yes"], { allowFailure: true });
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr + refused.stdout, /the stack is currently locked by 1 lock\(s\)[\s\S]*pulumi cancel/);
      const refusedRefresh = await ws.pulumi(["refresh", "--clear-pending-creates", "--yes"], { allowFailure: true });
      assert.notEqual(refusedRefresh.code, 0);
      assert.match(refusedRefresh.stderr + refusedRefresh.stdout, /currently locked/);
      assert.equal(ws.readCheckpoint()?.pendingOperations.length, pending.length, "a refused refresh clears nothing");
      assert.equal(sim.admin.requestLog().length, firstRunLogLength, "a refused run calls Ramp not at all");
      return { landedAtKill, recordedAtKill };
    });
    const { landedAtKill, recordedAtKill } = atKill;

    await step("after 'pulumi cancel' and 'pulumi refresh --clear-pending-creates' a rerun converges: nobody invited twice, nobody lost", async () => {
      assert.ok(landedAtKill.length > 0, "needs the killed run of the previous step");

      const cancel = await ws.pulumi(["cancel", "--yes"]);
      assert.match(cancel.stdout, /has been canceled/);
      assert.deepEqual(ws.lockFiles(), []);

      await ws.pulumi(["refresh", "--clear-pending-creates", "--yes"]);
      const cleared = ws.readCheckpoint()!;
      assert.deepEqual(cleared.pendingOperations, []);
      assert.deepEqual(
        cleared.resources.filter(isRampUser).map((r) => resourceName(r.urn).replace(/^user:/, "")).sort(),
        [...recordedAtKill].sort(),
        "refresh keeps every recorded user",
      );
      const recordedRamp = cleared.resources.filter(isRamp).map((r) => resourceName(r.urn));

      const rerunFrom = sim.admin.requestLog().length;
      const rerun = await ws.up();
      const allRamp = [
        ...roster.departments.map((d) => `department:${d.toLowerCase()}`),
        ...roster.locations.map((l) => `location:${l.toLowerCase()}`),
        ...emails().map((e) => `user:${e}`),
      ];
      assert.deepEqual(rampChanges(rerun.events), { create: allRamp.filter((name) => !recordedRamp.includes(name)).sort() });

      // Everyone is in Ramp exactly once.
      for (const email of emails()) liveUser(sim, email);
      assert.equal(sim.admin.users().length, roster.users.length);

      // Exactly one invite carried out per person across both runs. (The simulator, like Ramp, would never create a
      // second user for an email; what matters is that the provider never sends a second invite.)
      const invites = sim.admin
        .requestLog()
        .map((entry, i) => ({ entry, i }))
        .filter(({ entry }) => entry.route === INVITE)
        .map(({ entry, i }) => ({ entry, i, email: String((JSON.parse(entry.body ?? "{}") as { email?: string }).email) }));
      const killedRun = invites.filter(({ i }) => i < rerunFrom);
      const rerunInvites = invites.filter(({ i }) => i >= rerunFrom);
      // The killed run sent each of its invites once. Those Ramp carried out are the people who landed; the others
      // were still waiting in Ramp when their client died, were never answered, and created nobody.
      assert.equal(new Set(killedRun.map((x) => x.email)).size, killedRun.length, "one invite per person in the killed run");
      for (const email of landedAtKill) assert.ok(killedRun.some((x) => x.email === email), email);
      for (const x of killedRun.filter((x) => !landedAtKill.includes(x.email))) assert.equal(x.entry.status, 0, x.email);
      // The rerun invited exactly the people not in Ramp yet, once each: those who had landed were adopted.
      assert.deepEqual(
        rerunInvites.map((x) => x.email).sort(),
        emails().filter((e) => !landedAtKill.includes(e)).sort(),
      );
      for (const x of rerunInvites) assert.equal(x.entry.status, 201, x.email);

      // The state has everyone, with the ids Ramp has, and nothing pending.
      const state = await ws.exportState();
      assert.deepEqual(state.deployment.pending_operations ?? [], []);
      const stateIds = Object.fromEntries((state.deployment.resources ?? []).filter(isRampUser).map((r) => [resourceName(r.urn), r.id]));
      assert.deepEqual(stateIds, Object.fromEntries(emails().map((e) => [`user:${e}`, liveUser(sim, e).id])));
      assert.deepEqual((await ws.outputs()).usersByStatus, { INVITE_PENDING: roster.users.length });

      const clean = await ws.preview(["--refresh", "--expect-no-changes"]);
      assert.deepEqual(rampChanges(clean.events), {});
    });

    await step("an up that fails on Ramp errors (500s until retries run out, a lost answer) stops; the next up converges", async () => {
      const next = companyRoster();
      next.users.find((u) => u.email === "report.r01@example.com")!.role = "Bookkeeper";
      next.users.find((u) => u.email === "report.r02@example.com")!.department = "Finance";
      const newcomers = ["nia.new@example.com", "otto.new@example.com", "pia.new@example.com"];
      next.users.push(...newcomers.map((email) => person(email, "Cardholder", { department: "Engineering", manager: "bea.boss@example.com" })));
      roster = next;
      ws.writeRoster(rosterYaml(next));

      const failing = liveUser(sim, "report.r01@example.com");
      sim.admin.resetRequestLog();
      sim.admin.injectFault([
        // Every attempt at r01's PATCH fails: the client retries, then gives up.
        { kind: "status", status: 500, method: "PATCH", path: `/users/${failing.id}`, count: 100 },
        // The first invite is carried out but its answer is lost; the next attempt meets a 503.
        { kind: "drop", after: true, method: "POST", path: "/users/deferred" },
        { kind: "status", status: 503, method: "POST", path: "/users/deferred" },
      ]);
      const failed = await ws.up([], { allowFailure: true });
      assert.notEqual(failed.run.code, 0, "the up must fail");
      const errors = failed.events.diagnostics.filter((d) => d.severity === "error" && d.urn?.endsWith("::user:report.r01@example.com"));
      assert.equal(errors.length, 1, JSON.stringify(failed.events.diagnostics, null, 2));
      assert.match(errors[0]!.message, new RegExp(`PATCH \\S+/users/${failing.id} failed with HTTP 500 .* after ${DEFAULT_RETRY.maxAttempts} attempts`));
      const r01Patches = sim.admin.requestLog().filter((e) => e.route === "PATCH /users/{id}" && e.path === `/users/${failing.id}`);
      assert.deepEqual(
        r01Patches.map((e) => e.status),
        Array.from({ length: DEFAULT_RETRY.maxAttempts }, () => 500),
        "retried up to the client's limit, then the update failed",
      );
      assert.equal(liveUser(sim, "report.r01@example.com").role, "BUSINESS_USER");

      // What the failed run did is recorded: the rerun does only the rest.
      const afterFailure = await ws.exportState();
      const inState = new Set((afterFailure.deployment.resources ?? []).filter(isRampUser).map((r) => resourceName(r.urn)));
      sim.admin.clearFaults();
      const rerun = await ws.up();
      const changes = rampChanges(rerun.events);
      assert.deepEqual(changes.create ?? [], newcomers.map((e) => `user:${e}`).filter((name) => !inState.has(name)));
      assert.ok(changes.update?.includes("user:report.r01@example.com"), JSON.stringify(changes));
      assert.deepEqual(updatedFields(rerun.events)["user:report.r01@example.com"], ["role"]);
      assert.equal(changes.delete, undefined);

      assert.equal(liveUser(sim, "report.r01@example.com").role, "BUSINESS_BOOKKEEPER");
      // r02's change went through once, in whichever run reached it.
      const finance = sim.admin.departments().find((d) => d.name === "Finance")!.id;
      assert.equal(liveUser(sim, "report.r02@example.com").department_id, finance);
      const r02 = liveUser(sim, "report.r02@example.com").id;
      assert.deepEqual(
        sim.admin.requestLog().filter((e) => e.route === "PATCH /users/{id}" && e.path === `/users/${r02}`).map((e) => JSON.parse(e.body ?? "{}")),
        [{ department_id: finance }],
      );
      assert.equal(sim.admin.users().length, roster.users.length);
      // Each newcomer invited under one idempotency key, however many attempts it took; the lost answer was recovered
      // by Ramp refusing the reused key, not by a second invite.
      const invites = bodiesOf(sim, INVITE) as { email: string; idempotency_key: string }[];
      for (const email of newcomers) {
        liveUser(sim, email);
        const keys = new Set(invites.filter((b) => b.email === email).map((b) => b.idempotency_key));
        assert.equal(keys.size, 1, `${email}: ${[...keys].join(", ")}`);
      }
      assert.equal(new Set(invites.map((b) => b.email)).size, newcomers.length, "only the newcomers were invited");
      const answers = sim.admin.requestLog().filter((e) => e.route === INVITE).map((e) => e.status);
      assert.ok(answers.includes(0) && answers.includes(400), `a lost answer, then the reused key refused: ${answers.join(", ")}`);

      const clean = await ws.preview(["--refresh", "--expect-no-changes"]);
      assert.deepEqual(rampChanges(clean.events), {});
    });
  });
});
