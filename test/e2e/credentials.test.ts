// Ramp credentials under the real Pulumi engine: the provider uses the ones of the run that is happening, never the
// ones an earlier run recorded. The engine records the dynamic provider's whole config in the state and configures
// `refresh` (which Pulumi.yaml runs before every preview and update) and `destroy` from that record, so credentials
// in stack config were stored with the state and a rotated secret was replayed from it until the next `up`, which
// could never get past its own refresh.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { request } from "undici";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { errorText, REPO_ROOT, StackWorkspace, type RampConnection } from "../support/pulumi-engine.js";
import { assertBuildIsCurrent, baseRoster, liveUser, makeOlderBuild, rampChanges, releasedShimJs, rosterYaml, step } from "./support.js";

/**
 * The released build's credential handling, put back into a copy of today's build (plain JavaScript for the provider
 * process): the provider takes ramp:clientId, ramp:clientSecret and ramp:baseUrl from the config the engine hands to
 * `configure` (config first, then the environment), and the program accepts those keys in stack config.
 */
const RELEASED_CREDENTIAL_HANDLING = {
  "runtime.js": `
// ---- The released build (test fixture): Ramp settings from the provider config the engine hands over. ----
exports.configure = (config) => {
  const variables = { "ramp:clientId": "RAMP_CLIENT_ID", "ramp:clientSecret": "RAMP_CLIENT_SECRET", "ramp:baseUrl": "RAMP_API_URL" };
  for (const [key, variable] of Object.entries(variables)) {
    const value = config.get(key);
    if (value) process.env[variable] = value;
  }
};
`,
  "program/config.js": `
// ---- The released build (test fixture): Ramp settings in stack config are accepted. ----
const readSettings = exports.readProgramSettings;
exports.readProgramSettings = (config, env) =>
  readSettings(Object.fromEntries(Object.entries(config).filter(([key]) => !/^ramp:(clientId|clientSecret|baseUrl)$/.test(key))), env);
`,
};

/** Every form in which a secret or a token could sit in a text: as is, base64, in a Basic header, URL-encoded. */
function secretForms(clientId: string, secret: string): string[] {
  const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
  return [secret, b64(secret), b64(`${clientId}:${secret}`), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
}

/** What of `secrets` (and any simulator access token, `ramp_tok_…`) `text` holds. */
function leaks(text: string, clientId: string, secrets: string[]): string[] {
  const found = secrets.flatMap((secret) => secretForms(clientId, secret).filter((form) => text.includes(form)));
  const tokens = text.match(/ramp_tok_[\w-]+/g) ?? [];
  return [...new Set([...found, ...tokens])];
}

/** `pulumi stack export --show-secrets`, as text: every secret in the state in plain text, to be scanned whole. */
async function exportedState(ws: StackWorkspace): Promise<string> {
  return (await ws.pulumi(["stack", "export", "--show-secrets"])).stdout;
}

/** The default dynamic provider's recorded config (its inputs) and id. */
function recordedProviderConfig(exported: string): { id: string; inputs: Record<string, unknown> } {
  const { deployment } = JSON.parse(exported) as { deployment: { resources?: { type: string; id: string; inputs?: Record<string, unknown> }[] } };
  const provider = deployment.resources?.find((r) => r.type === "pulumi:providers:pulumi-nodejs");
  assert.ok(provider, "the state has the dynamic provider");
  return { id: provider.id, inputs: provider.inputs ?? {} };
}

/** Asks the simulator for a token the way our client does; the OAuth error code, or "ok". */
async function tokenAnswer(sim: RunningSimulator, clientId: string, secret: string): Promise<string> {
  const res = await request(`${sim.baseUrl}/developer/v1/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials&scope=users%3Aread",
  });
  const body = (await res.body.json()) as { error?: string };
  return res.statusCode === 200 ? "ok" : `${res.statusCode} ${body.error}`;
}

/** Token requests since the last reset of the log that Ramp refused. */
function refusedTokenRequests(sim: RunningSimulator): number {
  return sim.admin.requestLog().filter((r) => r.route === "POST /token" && r.status !== 200).length;
}

describe("e2e: Ramp credentials come from the run, never from the state", function () {
  this.timeout(300_000);
  before(() => assertBuildIsCurrent());

  describe("a stack set up as the README says (credentials in each run's environment)", () => {
    const clientId = "e2e-creds-client";
    const firstSecret = "e2e-secret-first-never-stored-0c5e";
    let sim: RunningSimulator;
    let ws: StackWorkspace;
    let ramp: RampConnection;

    before(async () => {
      sim = await startSimulator({ clientId, clientSecret: firstSecret, taskDelayMs: 50 });
      ramp = { baseUrl: sim.baseUrl, clientId, clientSecret: firstSecret };
      ws = await StackWorkspace.create({ name: "creds", rosterText: rosterYaml(baseRoster()), ramp });
    });
    after(async () => {
      ws?.dispose();
      await sim?.close();
    });

    it("from the first up to a rotated secret, with no secret in the state at any point", async () => {
      await step("the state holds no client secret or token in any form, and stack config cannot put one there", async () => {
        const { events } = await ws.up();
        assert.equal(rampChanges(events).create?.length, 2 + 1 + baseRoster().users.length);

        const exported = await exportedState(ws);
        assert.deepEqual(leaks(exported, clientId, [firstSecret]), []);
        assert.deepEqual(Object.keys(recordedProviderConfig(exported).inputs), [], "the provider's recorded config is empty");
        for (const form of secretForms(clientId, firstSecret)) assert.deepEqual(ws.backendFilesContaining(form), [], "nowhere in the backend");

        // The way earlier versions documented: refused before anything is recorded, saying how to move it.
        await ws.setConfig("ramp:clientSecret", firstSecret, { secret: true });
        const refused = await ws.up([], { allowFailure: true });
        assert.notEqual(refused.run.code, 0);
        const message = errorText(refused.events);
        assert.match(message, /ramp:clientSecret is no longer read from stack config/);
        assert.match(message, /Set RAMP_CLIENT_SECRET in the environment of every pulumi run/);
        assert.match(message, /pulumi config rm ramp:clientSecret/);
        assert.deepEqual(leaks(refused.run.stdout + refused.run.stderr, clientId, [firstSecret]), [], "the refusal prints no secret");
        assert.deepEqual(rampChanges(refused.events), {});
        await ws.removeConfig("ramp:clientSecret");
        assert.deepEqual(leaks(await exportedState(ws), clientId, [firstSecret]), []);
      });

      await step("after a rotation, the very next drift check and up succeed with the new secret, with no extra step", async () => {
        const rotatedSecret = sim.admin.rotateClientSecret(clientId);
        assert.equal(await tokenAnswer(sim, clientId, firstSecret), "401 invalid_client", "Ramp refuses the old secret");
        // The documented way: the CI secret RAMP_CLIENT_SECRET is replaced; every later job has the new one.
        ws.setRampEnvironment({ ...ramp, clientSecret: rotatedSecret });
        sim.admin.expireTokens(); // and no token issued before the rotation helps
        sim.admin.resetRequestLog();

        const drift = await ws.preview(["--refresh", "--expect-no-changes"], { allowFailure: true });
        assert.equal(drift.run.code, 0, errorText(drift.events));
        const up = await ws.up();
        assert.deepEqual(rampChanges(up.events), {});
        assert.equal(refusedTokenRequests(sim), 0, "the old secret was never tried");
        assert.ok(sim.admin.requestCounts()["GET /users"]! >= 2, "both runs read Ramp");

        assert.deepEqual(leaks(await exportedState(ws), clientId, [firstSecret, rotatedSecret]), []);
      });
    });
  });

  describe("a stack made by the released version (credentials in stack config, recorded in the state)", () => {
    const clientId = "e2e-legacy-client";
    const firstSecret = "e2e-secret-legacy-first-7d21";
    let sim: RunningSimulator;
    let ws: StackWorkspace;
    let olderDir: string;

    async function rampIds(): Promise<Map<string, string>> {
      const resources = (await ws.exportState()).deployment.resources ?? [];
      return new Map(resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/ramp:")).map((r) => [r.urn, r.id ?? ""]));
    }

    before(async () => {
      sim = await startSimulator({ clientId, clientSecret: firstSecret, taskDelayMs: 50 });
      olderDir = fs.mkdtempSync(path.join(os.tmpdir(), "ramp-roster-released-build-"));
      ws = await StackWorkspace.create({
        name: "creds-legacy",
        rosterText: rosterYaml(baseRoster()),
        ramp: { baseUrl: sim.baseUrl, clientId, clientSecret: firstSecret },
        rampIn: "config",
        nodeModules: makeOlderBuild(olderDir, { shimJs: releasedShimJs(), append: RELEASED_CREDENTIAL_HANDLING }),
      });
    });
    after(async () => {
      ws?.dispose();
      if (olderDir) fs.rmSync(olderDir, { recursive: true, force: true });
      await sim?.close();
    });

    it("the released build's stack breaks on a rotation; today's build refuses its config, and after the migration runs clean", async () => {
      // What the released build left: the provider's id and every Ramp id in its state, and the rotated secret.
      const released = await step("the released build records the credentials in the state, and a rotation breaks its next drift check", async () => {
        await ws.up();
        const exported = await exportedState(ws);
        const recorded = recordedProviderConfig(exported);
        assert.equal(recorded.inputs["ramp:clientId"], clientId);
        assert.ok(leaks(exported, clientId, [firstSecret]).includes(firstSecret), "the secret is in the state (encrypted at rest)");
        const providerId = recorded.id;
        const idsBefore = await rampIds();

        const rotatedSecret = sim.admin.rotateClientSecret(clientId);
        await ws.setConfig("ramp:clientSecret", rotatedSecret, { secret: true }); // as the released README said
        const drift = await ws.preview(["--refresh", "--expect-no-changes"], { allowFailure: true });
        assert.notEqual(drift.run.code, 0);
        assert.match(errorText(drift.events), /invalid_client/, "the refresh replayed the recorded, rotated-out secret");
        return { providerId, idsBefore, rotatedSecret };
      });
      const { providerId, idsBefore, rotatedSecret } = released;

      await step("today's build refuses the credentials left in stack config, naming each move", async () => {
        ws.linkNodeModules(path.join(REPO_ROOT, "node_modules"));
        ws.setRampEnvironment({ baseUrl: sim.baseUrl, clientId, clientSecret: rotatedSecret });
        const refused = await ws.preview([], { allowFailure: true });
        assert.notEqual(refused.run.code, 0);
        const message = errorText(refused.events);
        assert.match(message, /ramp:clientId, ramp:clientSecret, ramp:baseUrl are no longer read from stack config/);
        assert.match(message, /pulumi config rm ramp:clientId; pulumi config rm ramp:clientSecret; pulumi config rm ramp:baseUrl/);
      });

      await step("after the README's migration, the very next drift check and up succeed, with zero Ramp replacements or deactivations", async () => {
        for (const key of ["ramp:clientId", "ramp:clientSecret", "ramp:baseUrl"]) await ws.removeConfig(key);
        // The record still holds the old, rotated-out secret: the refresh below must not use it.
        assert.ok(leaks(await exportedState(ws), clientId, [firstSecret]).includes(firstSecret));
        sim.admin.resetRequestLog();

        const drift = await ws.preview(["--refresh", "--expect-no-changes"], { allowFailure: true });
        assert.equal(drift.run.code, 0, errorText(drift.events));
        const up = await ws.up();
        assert.deepEqual(rampChanges(up.events), {}, "nothing replaced, created or deleted in Ramp");
        for (const op of ["replace", "create-replacement", "delete-replaced", "delete", "create"] as const) {
          assert.equal(up.events.summary?.[op], undefined, `no ${op} step at all`);
        }
        const counts = sim.admin.requestCounts();
        assert.equal(counts["PATCH /users/{id}/deactivate"], undefined, "nobody deactivated");
        assert.equal(counts["POST /users/deferred"], undefined, "nobody invited");
        assert.equal(refusedTokenRequests(sim), 0, "the recorded secret was never tried");
        assert.deepEqual(await rampIds(), idsBefore, "every resource keeps its Ramp id");
        for (const user of baseRoster().users) assert.equal(liveUser(sim, user.email).status, "INVITE_PENDING", user.email);

        const exported = await exportedState(ws);
        assert.deepEqual(leaks(exported, clientId, [firstSecret, rotatedSecret]), []);
        const recorded = recordedProviderConfig(exported);
        assert.deepEqual(Object.keys(recorded.inputs), [], "the up rewrote the provider's record without the credentials");
        assert.equal(recorded.id, providerId, "the provider was updated in place, not replaced");
      });
    });
  });
});
