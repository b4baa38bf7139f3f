// Provider upgrade under the real Pulumi engine: a stack created with an older build of pulumi-ramp-roster is
// refreshed and destroyed by today's implementation. `refresh` and `destroy` do not run the program: the engine loads
// the provider from the code serialized in the state. That code is a thin shim requiring "pulumi-ramp-roster/runtime"
// by name, so what runs is whatever build the project's node_modules holds, not the build that created the stack.
//
// The older build is synthetic: today's dist with the shim that builds up to 0.1.0 serialized (seven methods, each
// calling `providers[kind].<method>` of the runtime, plus `configure`), marked, a runtime that stamps
// `builtBy: "old"` on every output, and a user delete that does nothing (a bug today's build does not have).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { REPO_ROOT, StackWorkspace } from "../support/pulumi-engine.js";
import { assertBuildIsCurrent, baseRoster, liveUser, makeOlderBuild, rampChanges, releasedShimJs, rosterYaml, step, type E2ERoster } from "./support.js";

const credentials = { clientId: "e2e-client", clientSecret: "e2e-secret-never-printed-41b2" };
const OLD_SHIM_MARKER = "pulumi-ramp-roster 0.0.9 (old build)";

/** Appended to the old build's runtime.js. Plain JavaScript: the provider process has no TypeScript loader. */
const OLD_RUNTIME_BEHAVIOUR = `
// ---- An older build (test fixture): every output says so, and removing a user does nothing. ----
for (const provider of Object.values(exports.providers)) {
  const { create, read, update } = provider;
  provider.create = async (...args) => { const r = await create(...args); return { ...r, outs: { ...r.outs, builtBy: "old" } }; };
  provider.update = async (...args) => { const r = await update(...args); return { ...r, outs: { ...r.outs, builtBy: "old" } }; };
  provider.read = async (...args) => { const r = await read(...args); return r.props ? { ...r, props: { ...r.props, builtBy: "old" } } : r; };
}
exports.userProvider.delete = async () => {};
`;

type StateResource = { urn: string; type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
const isRamp = (r: StateResource) => r.type.startsWith("pulumi-nodejs:dynamic/ramp:");
const name = (r: StateResource) => r.urn.split("::").pop()!;

describe("e2e: a stack created by an older provider build, refreshed and destroyed by today's", function () {
  this.timeout(300_000);
  let sim: RunningSimulator;
  let ws: StackWorkspace;
  let oldDir: string;
  let roster: E2ERoster;

  async function rampResources(): Promise<StateResource[]> {
    return ((await ws.exportState()).deployment.resources ?? []).filter(isRamp);
  }

  before(async () => {
    assertBuildIsCurrent();
    sim = await startSimulator({ ...credentials, taskDelayMs: 50 });
    oldDir = fs.mkdtempSync(path.join(os.tmpdir(), "ramp-roster-old-build-"));
    roster = baseRoster();
    ws = await StackWorkspace.create({
      name: "upgrade",
      rosterText: rosterYaml(roster),
      ramp: { baseUrl: sim.baseUrl, ...credentials },
      nodeModules: makeOlderBuild(oldDir, { shimJs: releasedShimJs(OLD_SHIM_MARKER), append: { "runtime.js": OLD_RUNTIME_BEHAVIOUR } }),
    });
  });
  after(async () => {
    ws?.dispose();
    if (oldDir) fs.rmSync(oldDir, { recursive: true, force: true });
    await sim?.close();
  });

  it("the older build creates and edits a stack; today's build refreshes it through the stored shim, then destroys it", async () => {
    await step("the older build creates the stack: its shim is what the state stores, small and without secrets", async () => {
      const { events } = await ws.up();
      assert.equal(rampChanges(events).create?.length, 2 + 1 + roster.users.length);

      const resources = await rampResources();
      assert.equal(resources.length, 2 + 1 + roster.users.length);
      for (const resource of resources) {
        assert.equal(resource.outputs?.builtBy, "old", `${name(resource)} was created by the old runtime`);
        for (const [where, props] of [["inputs", resource.inputs], ["outputs", resource.outputs]] as const) {
          const provider = props?.__provider;
          assert.equal(typeof provider, "string", `${name(resource)} ${where}`);
          const text = provider as string;
          assert.ok(text.includes(OLD_SHIM_MARKER), `${name(resource)} ${where}: the old build's shim`);
          assert.match(text, /require\("pulumi-ramp-roster\/runtime"\)/);
          assert.ok(text.length < 4096, `${name(resource)} ${where}: ${text.length} bytes`);
          assert.ok(!text.includes(credentials.clientSecret) && !text.includes(credentials.clientId), "no credential in the provider");
          assert.ok(!text.includes(oldDir) && !text.includes(REPO_ROOT) && !text.includes(ws.projectDir), "no absolute path");
        }
      }
      assert.deepEqual(ws.backendFilesContaining(credentials.clientSecret), [], "no secret in plain text in the state files");

      // The old build's bug is real: removing a user from the roster leaves them active in Ramp.
      roster = { ...roster, users: roster.users.filter((u) => !u.email.startsWith("gus.")) };
      ws.writeRoster(rosterYaml(roster));
      sim.admin.resetRequestLog();
      const removal = await ws.up();
      assert.deepEqual(rampChanges(removal.events), { delete: ["user:gus.gone@example.com"] });
      assert.equal(liveUser(sim, "gus.gone@example.com").status, "INVITE_PENDING");
      assert.equal(sim.admin.requestCounts()["PATCH /users/{id}/deactivate"], undefined);
    });

    await step("today's build refreshes it: today's read runs through the stored shim, and a preview plans no change", async () => {
      ws.linkNodeModules(path.join(REPO_ROOT, "node_modules"));
      sim.admin.updateUser("dan.dev@example.com", { role: "AUDITOR" }); // drift for the refresh to find
      sim.admin.resetRequestLog();

      await ws.pulumi(["refresh", "--yes"]);
      const resources = await rampResources();
      assert.equal(resources.length, 2 + 1 + roster.users.length);
      for (const resource of resources) {
        assert.ok(!("builtBy" in (resource.outputs ?? {})), `${name(resource)} was read by today's runtime`);
        // The stored code is still the old build's shim: the engine ran it, and it loaded today's runtime.
        assert.ok(String(resource.outputs?.__provider).includes(OLD_SHIM_MARKER), `${name(resource)} keeps the stored shim`);
      }
      const dan = resources.find((r) => name(r) === "user:dan.dev@example.com")!;
      assert.equal(dan.outputs?.role, "AUDITOR");
      // Today's read lists users once instead of a GET per user: `refresh --yes` previews, then refreshes, each in a
      // provider process of its own, so one listing each (a page, and a page each of the suspended and draft users
      // it leaves out).
      assert.equal(sim.admin.requestCounts()["GET /users"], 6);
      assert.equal(sim.admin.requestCounts()["GET /users/{id}"], undefined);

      // Today's program against the old state: only the drift to undo; a provider whose code changed is no change.
      sim.admin.updateUser("dan.dev@example.com", { role: "BUSINESS_USER" });
      const preview = await ws.preview();
      assert.deepEqual(rampChanges(preview.events), {});
    });

    await step("today's build destroys it: every user is deactivated, which the old build's delete would not have done", async () => {
      const inState = (await rampResources()).filter((r) => r.type.endsWith(":User")).map((r) => name(r).replace(/^user:/, ""));
      assert.equal(inState.length, roster.users.length);
      sim.admin.resetRequestLog();

      // Destroying a stack that manages people is refused past ramp:maxDeactivations unless each one is confirmed.
      await ws.pulumi(["destroy", "--yes"], { env: { RAMP_CONFIRM_DEACTIVATIONS: inState.join(",") } });
      assert.deepEqual(await rampResources(), []);
      for (const email of inState) assert.equal(liveUser(sim, email).status, "USER_INACTIVE", email);
      assert.equal(sim.admin.requestCounts()["PATCH /users/{id}/deactivate"], inState.length);
      // Removed from the stack by the old build, so not ours to deactivate now.
      assert.equal(liveUser(sim, "gus.gone@example.com").status, "INVITE_PENDING");
    });
  });
});
