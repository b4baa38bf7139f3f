// A user's email change under the real Pulumi engine, against the simulator. Email is the identity and Ramp cannot
// change it through its API, so with `formerEmails` in the roster the engine carries the user's resource over to the
// new email (a Pulumi alias) and the provider's diff makes it a replacement: preview says so, and up invites the new
// email before it deactivates the old account. When the email was changed in Ramp first, the same Ramp user is kept.
import { strict as assert } from "node:assert";
import { stringify } from "yaml";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { errorText, StackWorkspace, type EngineEvents } from "../support/pulumi-engine.js";
import { assertBuildIsCurrent, bodiesOf, liveUser, rampChanges, step, updatedFields, type E2EUser } from "./support.js";

const credentials = { clientId: "e2e-client", clientSecret: "e2e-secret-never-printed-3e7b" };

interface Person {
  email: string;
  formerEmails?: string | string[];
}

/** The company; each person is written with the email (and former emails) given, or the first one by default. */
function roster(emails: { bea?: Person; carl?: Person; eve?: Person } = {}): string {
  const bea = emails.bea ?? { email: "bea@example.com" };
  const users: (E2EUser & { formerEmails?: string | string[] })[] = [
    { email: "ada.admin@example.com", firstName: "Ada", lastName: "Admin", role: "Admin", department: "Engineering" },
    { ...bea, firstName: "Bea", lastName: "Boss", role: "Cardholder", department: "Engineering" },
    { email: "dan.dev@example.com", firstName: "Dan", lastName: "Dev", role: "Cardholder", department: "Engineering", manager: bea.email },
    { ...(emails.carl ?? { email: "carl@example.com" }), firstName: "Carl", lastName: "Cfo", role: "Bookkeeper" },
    { ...(emails.eve ?? { email: "eve@example.com" }), firstName: "Eve", lastName: "Eng", role: "Cardholder" },
  ];
  return stringify({ departments: ["Engineering"], users });
}

/** Every request that changes something in Ramp (token requests aside). */
function writes(sim: RunningSimulator): string[] {
  return Object.keys(sim.admin.requestCounts()).filter((route) => !route.startsWith("GET ") && route !== "POST /token");
}

function infos(events: EngineEvents): string[] {
  return events.diagnostics.filter((d) => d.severity === "info").map((d) => d.message.trim());
}

describe("e2e: a user's email change (formerEmails)", function () {
  this.timeout(300_000);
  let sim: RunningSimulator;
  let ws: StackWorkspace;
  const ids: Record<string, string> = {};

  before(async () => {
    assertBuildIsCurrent();
    sim = await startSimulator({ ...credentials, taskDelayMs: 50 });
    // No deactivation without a confirmation: each email change below must be confirmed for its run.
    ws = await StackWorkspace.create({
      name: "email-change",
      rosterText: roster(),
      ramp: { baseUrl: sim.baseUrl, ...credentials },
      config: { "ramp:maxDeactivations": "0" },
    });
    await ws.up();
    for (const name of ["bea", "carl", "eve"]) ids[name] = liveUser(sim, `${name}@example.com`).id;
    assert.equal(liveUser(sim, "dan.dev@example.com").manager_id, ids.bea);
  });
  after(async () => {
    ws?.dispose();
    await sim?.close();
  });

  it("bea's email changed in the roster only, then carl's and eve's changed in Ramp first, on one stack", async () => {
    await step("changed in the roster only", async () => {
      ws.writeRoster(roster({ bea: { email: "bea.boss@example.com", formerEmails: "bea@example.com" } }));

      await step("the guard counts the old account as a deactivation, so the preview stops until it is confirmed", async () => {
        sim.admin.resetRequestLog();
        const refused = await ws.preview([], { allowFailure: true });
        assert.notEqual(refused.run.code, 0);
        const message = errorText(refused.events);
        assert.match(message, /would deactivate 1 users, more than ramp:maxDeactivations \(0\)/);
        assert.match(message, /^ {2}- bea@example\.com \(email changed to bea\.boss@example\.com\)$/m);
        assert.match(message, /the old account is deactivated, because Ramp does not have the new email/);
        assert.match(message, /RAMP_CONFIRM_DEACTIVATIONS=bea@example\.com pulumi up/);
        const registered = refused.events.steps.filter((s) => s.name.startsWith("user:") && s.op !== "refresh");
        assert.deepEqual(registered, [], "stopped before any user is registered");
        assert.deepEqual(writes(sim), []);
      });

      await step("the confirmed preview shows a replacement of that user, not an unrelated create and delete", async () => {
        const { events } = await ws.preview([], { env: { RAMP_CONFIRM_DEACTIVATIONS: "bea@example.com" } });
        // Create before delete: the new email's resource, the swap, then the old account's delete (its deactivation).
        assert.deepEqual(rampChanges(events), {
          "create-replacement": ["user:bea.boss@example.com"],
          replace: ["user:bea.boss@example.com"],
          "delete-replaced": ["user:bea@example.com"],
          // Bea's reports get the new Ramp user as their manager, whose id is known after the invite
          update: ["user:dan.dev@example.com"],
        });
        const ops = events.steps.filter((s) => s.op !== "same" && s.op !== "refresh" && s.op !== "read").map((s) => s.op);
        assert.ok(ops.indexOf("create-replacement") < ops.indexOf("delete-replaced"), ops.join(", "));
        assert.deepEqual(events.steps.find((s) => s.op === "replace")?.changed, ["email"]);
        assert.deepEqual(updatedFields(events), { "user:dan.dev@example.com": ["managerId"] });
        assert.equal(events.summary?.replace, 1);
        assert.equal(events.summary?.create, undefined, "no unrelated create");
        assert.equal(events.summary?.delete, undefined, "no unrelated delete");
        assert.ok(infos(events).includes("roster plan: 0 new, 1 replaced (new email), 1 to deactivate, 0 to reactivate, 0 active admins"));

        // What a person reads on the pull request
        const shown = await ws.pulumi(["preview", "--diff"], { env: { RAMP_CONFIRM_DEACTIVATIONS: "bea@example.com" } });
        assert.match(shown.stdout, /\+-pulumi-nodejs:dynamic\/ramp:User: \(replace\)/);
        assert.match(shown.stdout, /user:bea\.boss@example\.com\]/);
        assert.match(shown.stdout, /~ email\s*: "bea@example\.com" => "bea\.boss@example\.com"/);
        assert.match(shown.stdout, /\+-1 to replace/);
      });

      await step("up invites the new email once, then deactivates the old account", async () => {
        sim.admin.resetRequestLog();
        const { events } = await ws.up([], { env: { RAMP_CONFIRM_DEACTIVATIONS: "bea@example.com" } });
        assert.deepEqual(rampChanges(events), {
          "create-replacement": ["user:bea.boss@example.com"],
          replace: ["user:bea.boss@example.com"],
          "delete-replaced": ["user:bea@example.com"],
          update: ["user:dan.dev@example.com"],
        });

        const counts = sim.admin.requestCounts();
        assert.equal(counts["POST /users/deferred"], 1);
        assert.equal(counts["PATCH /users/{id}/deactivate"], 1);
        assert.equal(counts["PATCH /users/{id}/reactivate"], undefined);
        assert.equal(bodiesOf(sim, "POST /users/deferred")[0]?.email, "bea.boss@example.com");
        const log = sim.admin.requestLog();
        const invite = log.findIndex((r) => r.route === "POST /users/deferred");
        const deactivate = log.findIndex((r) => r.route === "PATCH /users/{id}/deactivate");
        assert.ok(invite < deactivate, "the replacement is created before the old account is deactivated");
        assert.ok(log[deactivate]!.path.endsWith(`/users/${ids.bea}/deactivate`), "the old account is the one deactivated");

        assert.equal(liveUser(sim, "bea@example.com").status, "USER_INACTIVE");
        const fresh = liveUser(sim, "bea.boss@example.com");
        assert.notEqual(fresh.id, ids.bea);
        assert.equal(fresh.status, "INVITE_PENDING");
        assert.equal(liveUser(sim, "dan.dev@example.com").manager_id, fresh.id);
        const managed = (await ws.outputs()).managedUsers as Record<string, string>;
        assert.equal(managed["bea.boss@example.com"], "active");
        assert.equal(managed["bea@example.com"], undefined);
      });

      await step("a following 'preview --refresh --expect-no-changes' is clean", async () => {
        const clean = await ws.preview(["--refresh", "--expect-no-changes"]);
        assert.deepEqual(rampChanges(clean.events), {});
      });
    });

    await step("changed in Ramp first, then in the roster", async () => {
      await step("up keeps the same Ramp user: no invite, no deactivation, nothing written", async () => {
        sim.admin.updateUser(ids.carl!, { email: "carl.cfo@example.com" }); // by hand, in Ramp's UI
        ws.writeRoster(
          roster({ bea: { email: "bea.boss@example.com" }, carl: { email: "carl.cfo@example.com", formerEmails: ["carl@example.com"] } }),
        );
        sim.admin.resetRequestLog();
        // The program reads live Ramp: the old account is not deactivated, so the guard counts nothing to confirm.
        const { events } = await ws.up();
        // The refresh reads the new email from Ramp: the resource carried over to it is updated to the new email (it
        // records it), with nothing to replace and nothing to write to Ramp.
        assert.deepEqual(rampChanges(events), { update: ["user:carl.cfo@example.com"] });
        assert.deepEqual(writes(sim), []);

        const carl = liveUser(sim, "carl.cfo@example.com");
        assert.equal(carl.id, ids.carl);
        assert.notEqual(carl.status, "USER_INACTIVE");
        const { deployment } = await ws.exportState();
        const resource = deployment.resources?.find((r) => r.urn.endsWith("::user:carl.cfo@example.com"));
        assert.equal(resource?.id, ids.carl);
        assert.equal(deployment.resources?.some((r) => r.urn.endsWith("::user:carl@example.com")), false);
      });

      await step("a following 'preview --refresh --expect-no-changes' is clean", async () => {
        const clean = await ws.preview(["--refresh", "--expect-no-changes"]);
        assert.deepEqual(rampChanges(clean.events), {});
      });

      await step("without a refresh the engine replaces the user, and the replacement adopts the same Ramp user, kept active", async () => {
        sim.admin.updateUser(ids.eve!, { email: "eve.eng@example.com" });
        ws.writeRoster(
          roster({
            bea: { email: "bea.boss@example.com" },
            carl: { email: "carl.cfo@example.com" },
            eve: { email: "eve.eng@example.com", formerEmails: "eve@example.com" },
          }),
        );
        sim.admin.resetRequestLog();
        const { events } = await ws.up(["--refresh=false"], { env: { RAMP_CONFIRM_DEACTIVATIONS: "eve@example.com" } });
        // The recorded email is the old one: the diff answers replace, and the engine creates before it deletes.
        assert.deepEqual(rampChanges(events), {
          "create-replacement": ["user:eve.eng@example.com"],
          replace: ["user:eve.eng@example.com"],
          "delete-replaced": ["user:eve@example.com"],
        });
        assert.deepEqual(writes(sim), [], "no invite, no PATCH, no deactivation");
        const warned = events.diagnostics.map((d) => d.message).join("\n");
        assert.match(warned, /not deactivating eve@example\.com \(.*\): the same Ramp user belongs to another resource of this stack/);

        const eve = liveUser(sim, "eve.eng@example.com");
        assert.equal(eve.id, ids.eve);
        assert.notEqual(eve.status, "USER_INACTIVE");
        const clean = await ws.preview(["--refresh", "--expect-no-changes"]);
        assert.deepEqual(rampChanges(clean.events), {});
      });
    });
  });
});
