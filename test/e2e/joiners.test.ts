// Joiners (issue 20) under the real Pulumi engine, against the simulator with its business date under the test's
// control: a run killed between a joiner's draft and its schedule recovers (the next run adopts the draft and
// schedules it, nobody invited), moving the first day reschedules, Ramp sends the invite on the day and the next
// run sends nothing, and a business refusing the beta holds the next joiner, by name, with nobody invited early.
import { strict as assert } from "node:assert";
import { todayUtc } from "../../packages/pulumi-ramp-roster/src/calendar-date.js";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { StackWorkspace, type BackgroundPulumi } from "../support/pulumi-engine.js";
import { assertBuildIsCurrent, baseRoster, liveUser, rampChanges, rosterYaml, step, type E2ERoster } from "./support.js";

const credentials = { clientId: "e2e-client", clientSecret: "e2e-secret-never-printed-3c1d" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const JOINER = "jo.iner@example.com";

describe("e2e: joiners with a first day (startOn)", function () {
  this.timeout(300_000);
  let sim: RunningSimulator;
  let ws: StackWorkspace;
  let roster: E2ERoster;
  let run: BackgroundPulumi | undefined;
  // The program's "today" is the machine's clock; Ramp's business date starts there and the test moves it.
  const today = todayUtc();
  const firstDay = daysFrom(today, 28);
  const movedDay = daysFrom(today, 35);
  const withJoiner = (startOn: string): E2ERoster => ({
    ...roster,
    users: [...roster.users, { email: JOINER, firstName: "Jo", lastName: "Iner", role: "Cardholder", department: "Engineering", startOn }],
  });

  before(async () => {
    assertBuildIsCurrent();
    sim = await startSimulator({ ...credentials, taskDelayMs: 20 });
    sim.admin.setBusinessDate(today);
    roster = baseRoster();
    ws = await StackWorkspace.create({ name: "joiners", rosterText: rosterYaml(roster), ramp: { baseUrl: sim.baseUrl, ...credentials } });
    await ws.up();
  });
  after(async () => {
    await run?.killAll().catch(() => undefined);
    ws?.dispose();
    await sim?.close();
  });

  it("a killed run between the draft and its schedule recovers; the day moves; Ramp invites on the day, once", async () => {
    await step("an up killed after the joiner's draft landed in Ramp and before its invitation was scheduled", async () => {
      ws.writeRoster(rosterYaml(withJoiner(firstDay)));
      sim.admin.injectFault({ kind: "latency", method: "POST", path: "/users/*/invite", ms: 120_000, count: 100 });
      const started = ws.spawnPulumi(["up", "--yes"]);
      run = started;
      let exited = false;
      void started.exited.then(() => (exited = true));
      const deadline = Date.now() + 120_000;
      while (!exited && sim.admin.requestLog().every((r) => !r.path.endsWith("/invite"))) {
        assert.ok(Date.now() < deadline, `no schedule call:\n${started.output().stdout.slice(-2000)}`);
        await sleep(50);
      }
      assert.ok(!exited, `the up ended before it could be killed:\n${started.output().stdout.slice(-3000)}`);
      await started.killAll();
      run = undefined;
      assert.deepEqual([liveUser(sim, JOINER)?.status, liveUser(sim, JOINER)?.scheduled_invitation_date], ["USER_DRAFT", null]);
    });

    await step("the documented recovery, then an up: the draft is adopted and scheduled; nobody invited, nobody created twice", async () => {
      sim.admin.clearFaults();
      await ws.pulumi(["cancel", "--yes"]);
      await ws.pulumi(["refresh", "--clear-pending-creates", "--yes"]);
      const { run: up } = await ws.up();
      assert.match(up.stdout, new RegExp(`${JOINER.replace(/\./g, "\\.")}: invite scheduled for ${firstDay}`));
      assert.equal(sim.admin.users().filter((u) => u.email === JOINER).length, 1);
      assert.deepEqual([liveUser(sim, JOINER)?.status, liveUser(sim, JOINER)?.scheduled_invitation_date], ["USER_DRAFT", firstDay]);
      assert.deepEqual(sim.admin.invitationsSent(), {});
      const again = await ws.up();
      assert.deepEqual(rampChanges(again.events), {}, "converged");
    });

    await step("moving the first day reschedules the same draft", async () => {
      ws.writeRoster(rosterYaml(withJoiner(movedDay)));
      sim.admin.resetRequestLog();
      await ws.up();
      assert.deepEqual([liveUser(sim, JOINER)?.status, liveUser(sim, JOINER)?.scheduled_invitation_date], ["USER_DRAFT", movedDay]);
      assert.equal(sim.admin.requestCounts()["POST /users/deferred"], undefined, "no new user");
    });

    await step("Ramp sends the invite on the day; the next run changes nothing and sends nothing", async () => {
      sim.admin.setBusinessDate(daysFrom(movedDay, -1));
      assert.equal(liveUser(sim, JOINER)?.status, "USER_DRAFT");
      sim.admin.setBusinessDate(movedDay);
      assert.equal(liveUser(sim, JOINER)?.status, "INVITE_PENDING");
      const after = await ws.up();
      assert.deepEqual(rampChanges(after.events), {});
      assert.deepEqual(sim.admin.invitationsSent(), { [JOINER]: 1 });
    });

    await step("a business that refuses drafts: the next joiner is held by name, nobody created or invited early", async () => {
      sim.admin.setBusinessDate(today);
      sim.admin.refuseDrafts(true);
      const next = withJoiner(movedDay);
      next.users.push({ email: "ned.next@example.com", firstName: "Ned", lastName: "Next", role: "Cardholder", startOn: firstDay });
      ws.writeRoster(rosterYaml(next));
      const { run: up } = await ws.up();
      assert.match(up.stdout + up.stderr, /ned\.next@example\.com: Ramp refused draft users for this business .*Held: not invited before their first day/);
      assert.equal(sim.admin.users().find((u) => u.email === "ned.next@example.com"), undefined);
      const preview = await ws.preview(["--refresh", "--expect-no-changes"]);
      assert.match(preview.run.stdout + preview.run.stderr, new RegExp(`ned\\.next@example\\.com is held until their first day ${firstDay}`));
    });
  });
});
