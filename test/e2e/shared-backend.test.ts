// A team's stack on a shared backend, PostgreSQL (test/support/postgres.ts starts a cluster of its own): two
// checkouts of the same stack, as a person at a laptop and the apply job of CI have, and the read-only role a
// pull request's preview gets. The lifecycle and workflow tests also run on PostgreSQL; this file is about what
// only a shared backend has: its lock, and its access control.
import { strict as assert } from "node:assert";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { ensureEngineRelease, errorText, StackWorkspace } from "../support/pulumi-engine.js";
import { PostgresServer, type PostgresBackend } from "../support/postgres.js";
import { assertBuildIsCurrent, baseRoster, bodiesOf, e2eBackends, liveUser, rampChanges, rosterYaml, step, type E2ERoster } from "./support.js";

const credentials = { clientId: "e2e-client", clientSecret: "e2e-secret-never-printed-5d1c" };
/** The newest CLI the package supports: what `pulumi/actions` installs in a workflow (it is not pinned there). */
const NEWEST_CLI = "v3.276.0";

const withUsers = (roster: E2ERoster, ...emails: string[]): E2ERoster => ({
  ...roster,
  users: [...roster.users, ...emails.map((email) => ({ email, firstName: email.split(".")[0]!, lastName: "New", role: "Cardholder", department: "Engineering" }))],
});

if (e2eBackends().includes("postgres")) {
  describe("e2e: a team's stack on a shared PostgreSQL backend", function () {
    this.timeout(300_000);
    let sim: RunningSimulator;
    let postgres: PostgresServer;
    let backend: PostgresBackend;
    let laptop: StackWorkspace;
    let ci: StackWorkspace;

    before(async () => {
      assertBuildIsCurrent();
      // Slow invites (each deferred task takes 3 s), so that an apply is still running when the other one starts.
      sim = await startSimulator({ ...credentials, taskDelayMs: 3_000 });
      postgres = await PostgresServer.start();
      backend = postgres.backend("team");
      const ramp = { baseUrl: sim.baseUrl, ...credentials };
      laptop = await StackWorkspace.create({ name: "laptop", rosterText: rosterYaml(baseRoster()), ramp, backend });
      ci = await StackWorkspace.create({ name: "ci", rosterText: rosterYaml(baseRoster()), ramp, sharing: laptop });
    });
    after(async () => {
      laptop?.dispose();
      ci?.dispose();
      await postgres?.stop();
      await sim?.close();
    });

    it("two overlapping applies: the second is refused by the backend's lock, nobody is invited twice, the next run converges", async () => {
      await step("the stack's first apply, from CI", async () => {
        const { events } = await ci.up(["--skip-preview"]);
        assert.equal(rampChanges(events).create?.filter((name) => name.startsWith("user:")).length, 7);
      });

      // A merge adds three people; someone runs `pulumi up` by hand with it, and another merge (one more person)
      // lands while that runs.
      const handRoster = withUsers(baseRoster(), "hal.new@example.com", "ina.new@example.com", "jon.new@example.com");
      const mergedRoster = withUsers(handRoster, "kai.new@example.com");
      laptop.writeRoster(rosterYaml(handRoster));
      ci.writeRoster(rosterYaml(mergedRoster));
      sim.admin.resetRequestLog();

      const byHand = laptop.spawnPulumi(["up", "--yes", "--skip-preview"]);
      let handDone = false;
      void byHand.exited.then(() => (handDone = true));
      try {
        await step("the apply by hand holds the stack's lock in PostgreSQL while it invites", async () => {
          for (let i = 0; backend.lockKeys().length === 0; i++) {
            assert.ok(!handDone, `the apply by hand ended before it was seen holding the lock:\n${byHand.output().stderr}`);
            assert.ok(i < 600, "no lock seen in 60 s");
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          assert.equal(backend.lockKeys().length, 1);
        });

        await step("CI's apply of the merge is refused by the lock, and changes nothing", async () => {
          const refused = await ci.up(["--skip-preview"], { allowFailure: true });
          assert.notEqual(refused.run.code, 0, "the second apply must fail");
          assert.ok(!handDone, "the apply by hand must still be running, or nothing overlapped");
          assert.match(refused.run.stderr + refused.run.stdout, /the stack is currently locked by 1 lock\(s\)/);
          assert.deepEqual(refused.events.steps, [], "refused before the engine planned anything");
          assert.equal(bodiesOf(sim, "POST /users/deferred").filter((b) => b.email === "kai.new@example.com").length, 0);
        });
      } finally {
        const hand = await byHand.exited;
        assert.equal(hand.code, 0, `the apply by hand failed:\n${hand.stdout.slice(-3000)}\n${hand.stderr.slice(-3000)}`);
      }

      await step("the apply by hand invited its three, once each, and released the lock", async () => {
        const invited = bodiesOf(sim, "POST /users/deferred").map((b) => String(b.email)).sort();
        assert.deepEqual(invited, ["hal.new@example.com", "ina.new@example.com", "jon.new@example.com"]);
        assert.deepEqual(backend.lockKeys(), []);
      });

      await step("CI's next run invites only the one the merge added; then nothing is left to do", async () => {
        const rerun = await ci.up(["--skip-preview"]);
        assert.deepEqual(rampChanges(rerun.events), { create: ["user:kai.new@example.com"] });
        const invited = bodiesOf(sim, "POST /users/deferred").map((b) => String(b.email));
        assert.deepEqual([...invited].sort(), ["hal.new@example.com", "ina.new@example.com", "jon.new@example.com", "kai.new@example.com"]);
        for (const email of invited) assert.equal(liveUser(sim, email).status, "INVITE_PENDING");
        const clean = await ci.preview(["--refresh", "--expect-no-changes"]);
        assert.deepEqual(rampChanges(clean.events), {});
        assert.deepEqual(backend.lockKeys(), []);
      });
    });

    it("read-only state for pull requests: a role with only SELECT previews on the newest CLI and writes nothing; the pinned CLI refuses it", async () => {
      const reader = { PULUMI_BACKEND_URL: backend.readOnlyUrl() };
      const newest = { ...reader, PATH: `${ensureEngineRelease(NEWEST_CLI)}:${ci.env.PATH}` };
      const change = withUsers(baseRoster(), "hal.new@example.com", "ina.new@example.com", "jon.new@example.com", "kai.new@example.com", "lea.new@example.com");
      ci.writeRoster(rosterYaml(change));
      const before = backend.fingerprint();
      sim.admin.resetRequestLog();

      await step("the pinned CLI cannot open the backend with it: it runs CREATE TABLE IF NOT EXISTS first", async () => {
        const refused = await ci.preview([], { allowFailure: true, env: reader });
        assert.notEqual(refused.run.code, 0);
        assert.match(refused.run.stderr, /failed to create table \w+: pq: permission denied for schema public/);
      });

      await step(`${NEWEST_CLI} previews the change with it, as a pull request's preview and the drift check do`, async () => {
        const preview = await ci.preview([], { env: newest });
        assert.deepEqual(rampChanges(preview.events), { create: ["user:lea.new@example.com"] });
        const drift = await ci.preview(["--refresh", "--expect-no-changes"], { allowFailure: true, env: newest });
        assert.notEqual(drift.run.code, 0, "the drift check sees the roster change as a change");
        assert.deepEqual(rampChanges(drift.events), { create: ["user:lea.new@example.com"] });
      });

      await step("and cannot apply with it: the lock is refused by PostgreSQL before anything reaches Ramp", async () => {
        const up = await ci.up(["--skip-preview"], { allowFailure: true, env: newest });
        assert.notEqual(up.run.code, 0);
        assert.match(up.run.stderr + errorText(up.events), /permission denied for table \w+/);
      });

      assert.deepEqual(backend.fingerprint(), before, "nothing in the state was written");
      assert.deepEqual(
        sim.admin.requestLog().map((r) => r.route).filter((route) => !route.startsWith("GET ") && route !== "POST /token"),
        [],
        "nothing was written to Ramp",
      );
    });
  });
}
