// A roster's life under the real Pulumi engine, against the simulator: one scenario on one stack, whose steps each
// build on the state the step before left. Each step asserts what the engine says it did and what Ramp (the
// simulator's users and request log) shows. It runs on a file:// backend and on PostgreSQL, a shared backend a team
// uses (RAMP_E2E_BACKENDS chooses).
import { strict as assert } from "node:assert";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { errorText, StackWorkspace } from "../support/pulumi-engine.js";
import { PostgresServer } from "../support/postgres.js";
import {
  assertBuildIsCurrent,
  e2eBackends,
  baseRoster,
  bodiesOf,
  liveUser,
  rampChanges,
  rosterYaml,
  step,
  updatedFields,
  type E2EBackend,
  type E2ERoster,
} from "./support.js";

const credentials = { clientId: "e2e-client", clientSecret: "e2e-secret-never-printed-5d1c" };

for (const backend of e2eBackends()) describeLifecycle(backend);

function describeLifecycle(backend: E2EBackend): void {
  describe(`e2e: a roster's life under the Pulumi engine (${backend === "file" ? "file://" : "PostgreSQL"} backend)`, function () {
    this.timeout(300_000);
    let sim: RunningSimulator;
    let postgres: PostgresServer | undefined;
    let ws: StackWorkspace;
    let roster: E2ERoster;
    const users = () => roster.users.map((u) => `user:${u.email}`).sort();

    before(async () => {
      assertBuildIsCurrent();
      sim = await startSimulator({ ...credentials, taskDelayMs: 50 });
      roster = baseRoster();
      if (backend === "postgres") postgres = await PostgresServer.start();
      ws = await StackWorkspace.create({
        name: "lifecycle",
        rosterText: rosterYaml(roster),
        ramp: { baseUrl: sim.baseUrl, ...credentials },
        ...(postgres ? { backend: postgres.backend("lifecycle") } : {}),
      });
    });
    after(async () => {
      ws?.dispose();
      await postgres?.stop();
      await sim?.close();
    });

    function apply(next: E2ERoster) {
      roster = next;
      ws.writeRoster(rosterYaml(next));
    }

    it("lives from the first up through a no-op, an edit, drift, a removal and a return, to a gutted roster refused", async () => {
      await step("first up invites everyone exactly once, and they stay INVITE_PENDING", async () => {
        const { events } = await ws.up();
        assert.deepEqual(rampChanges(events), {
          create: ["department:engineering", "department:finance", "location:new york hq", ...users()].sort(),
        });
        const counts = sim.admin.requestCounts();
        assert.equal(counts["POST /users/deferred"], 7);
        assert.equal(counts["POST /departments"], 2);
        for (const user of roster.users) assert.equal(liveUser(sim, user.email).status, "INVITE_PENDING");
        assert.equal(liveUser(sim, "dan.dev@example.com").manager_id, liveUser(sim, "bea.boss@example.com").id);

        const outputs = await ws.outputs();
        assert.deepEqual(outputs.usersByStatus, { INVITE_PENDING: 7 });
        assert.equal((outputs.pendingInvites as string[]).length, 7);
        assert.ok(ws.backendFilesContaining("dan.dev@example.com").length > 0, `the state is in ${ws.backend.description}`);
        assert.equal(ws.backendFilesContaining(credentials.clientSecret).length, 0, "no secret in plain text in the state");
      });

      await step("a second up with no change changes nothing and lists users once instead of a GET per user", async () => {
        sim.admin.resetRequestLog();
        const { events } = await ws.up();
        assert.deepEqual(rampChanges(events), {});
        const counts = sim.admin.requestCounts();
        assert.equal(counts["GET /users/{id}"], undefined);
        // `up` runs a preview pass and an update pass. In each, the program lists Ramp once to plan the guards, and the
        // provider process lists it once to refresh; each listing is one page here, plus one page each of suspended and
        // draft users (the default listing leaves them out): 2 passes × 2 listings × 3 requests.
        assert.equal(counts["GET /users"], 12);
        const writes = Object.keys(counts).filter((route) => !route.startsWith("GET ") && route !== "POST /token");
        assert.deepEqual(writes, []);
      });

      await step("a roster edit previews exactly those updates, and up PATCHes only those fields", async () => {
        const next = baseRoster();
        next.users.find((u) => u.email.startsWith("dan."))!.role = "Bookkeeper";
        next.users.find((u) => u.email.startsWith("eve."))!.department = "Finance";
        next.users.find((u) => u.email.startsWith("fay."))!.manager = "bea.boss@example.com";
        apply(next);

        const preview = await ws.preview();
        assert.deepEqual(rampChanges(preview.events), {
          update: ["user:dan.dev@example.com", "user:eve.eng@example.com", "user:fay.fin@example.com"],
        });
        assert.deepEqual(updatedFields(preview.events), {
          "user:dan.dev@example.com": ["role"],
          "user:eve.eng@example.com": ["departmentId"],
          "user:fay.fin@example.com": ["managerId"],
        });

        sim.admin.resetRequestLog();
        await ws.up();
        const finance = sim.admin.departments().find((d) => d.name === "Finance")!.id;
        const bea = liveUser(sim, "bea.boss@example.com").id;
        assert.deepEqual(
          bodiesOf(sim, "PATCH /users/{id}").map((b) => JSON.stringify(b)).sort(),
          [{ role: "BUSINESS_BOOKKEEPER" }, { department_id: finance }, { direct_manager_id: bea }].map((b) => JSON.stringify(b)).sort(),
        );
        assert.equal(liveUser(sim, "fay.fin@example.com").manager_id, bea);
      });

      await step("drift made by hand fails 'preview --refresh --expect-no-changes' naming user and field; the next up restores it (a reactivation once confirmed)", async () => {
        // Accepting an invite changes the user's status in Ramp, but it is not drift: the check stays green.
        sim.admin.acceptInvite("ada.admin@example.com");
        const accepted = await ws.preview(["--refresh", "--expect-no-changes"], { allowFailure: true });
        assert.equal(accepted.run.code, 0, `an accepted invite must not fail the drift check:\n${errorText(accepted.events)}`);

        sim.admin.updateUser("dan.dev@example.com", { role: "AUDITOR" });
        sim.admin.updateUser("eve.eng@example.com", { status: "USER_INACTIVE" });

        const drift = await ws.preview(["--refresh", "--expect-no-changes"], { allowFailure: true });
        assert.notEqual(drift.run.code, 0, "the drift check must fail");
        assert.deepEqual(updatedFields(drift.events), {
          "user:dan.dev@example.com": ["role"],
          "user:eve.eng@example.com": ["active"],
        });
        const shown = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", "--diff"], { allowFailure: true });
        assert.match(shown.stdout, /user:dan\.dev@example\.com/);
        assert.match(shown.stdout, /role\s*:\s*"AUDITOR" => "BUSINESS_BOOKKEEPER"/);
        assert.match(shown.stdout, /active\s*:\s*false => true/);

        // The role is restored; someone deactivated outside the roster stays inactive until confirmed by name.
        const held = await ws.up();
        assert.equal(liveUser(sim, "dan.dev@example.com").role, "BUSINESS_BOOKKEEPER");
        assert.equal(liveUser(sim, "eve.eng@example.com").status, "USER_INACTIVE");
        assert.match(held.events.diagnostics.map((d) => d.message).join("\n"), /eve\.eng@example\.com[\s\S]*ramp:confirmReactivations/);
        await ws.setConfig("ramp:confirmReactivations", "eve.eng@example.com");
        await ws.up();
        await ws.removeConfig("ramp:confirmReactivations");
        assert.notEqual(liveUser(sim, "eve.eng@example.com").status, "USER_INACTIVE");
        assert.equal(liveUser(sim, "ada.admin@example.com").status, "USER_ACTIVE");
        const byStatus = (await ws.outputs()).usersByStatus as Record<string, number>;
        assert.ok(byStatus.USER_ACTIVE! >= 1, JSON.stringify(byStatus));
        assert.equal(Object.values(byStatus).reduce((a, b) => a + b), 7);
        const clean = await ws.preview(["--refresh", "--expect-no-changes"]);
        assert.deepEqual(rampChanges(clean.events), {});
      });

      await step("a removed user is deactivated; added back, the same account is reactivated (the roster removed it), never invited twice", async () => {
        const without = { ...roster, users: roster.users.filter((u) => !u.email.startsWith("gus.")) };
        apply(without);
        sim.admin.resetRequestLog();
        const removal = await ws.up();
        assert.deepEqual(rampChanges(removal.events), { delete: ["user:gus.gone@example.com"] });
        assert.equal(liveUser(sim, "gus.gone@example.com").status, "USER_INACTIVE");
        assert.equal(sim.admin.requestCounts()["PATCH /users/{id}/deactivate"], 1);

        assert.deepEqual((await ws.outputs()).removedFromRoster, { "gus.gone@example.com": liveUser(sim, "gus.gone@example.com").id });

        apply(baseRosterWithEdits(roster));
        // The stack remembers that its roster removed this very account: adding it back is the roster's own grant.
        sim.admin.resetRequestLog();
        const back = await ws.up();
        assert.deepEqual(rampChanges(back.events), { create: ["user:gus.gone@example.com"] });
        assert.deepEqual((await ws.outputs()).removedFromRoster, {});
        const counts = sim.admin.requestCounts();
        assert.equal(counts["POST /users/deferred"], undefined);
        assert.equal(counts["PATCH /users/{id}/reactivate"], 1);
        assert.notEqual(liveUser(sim, "gus.gone@example.com").status, "USER_INACTIVE");
      });

      await step("a roster missing most users fails at preview, before anyone is deactivated", async () => {
        const gutted = { ...roster, users: roster.users.filter((u) => u.email.startsWith("ada.") || u.email.startsWith("bea.")) };
        apply(gutted);
        sim.admin.resetRequestLog();
        const preview = await ws.preview([], { allowFailure: true });
        assert.notEqual(preview.run.code, 0);
        const message = errorText(preview.events);
        assert.match(message, /would deactivate 5 users, more than ramp:maxDeactivations \(3\)/);
        for (const email of ["carl.cfo", "dan.dev", "eve.eng", "fay.fin", "gus.gone"]) assert.match(message, new RegExp(`${email}@example\\.com`));
        const up = await ws.up([], { allowFailure: true });
        assert.notEqual(up.run.code, 0);
        assert.equal(sim.admin.requestCounts()["PATCH /users/{id}/deactivate"], undefined);
        assert.equal(sim.admin.users().filter((u) => u.status === "USER_INACTIVE").length, 0);
      });
    });
  });
}

/** The full roster again, keeping the edits made in earlier steps. */
function baseRosterWithEdits(current: E2ERoster): E2ERoster {
  const full = baseRoster();
  const edited = new Map(current.users.map((u) => [u.email, u]));
  return { ...full, users: full.users.map((u) => edited.get(u.email) ?? u) };
}
