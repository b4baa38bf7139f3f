// The provider as Pulumi stores it: serialized into state, loaded back in the provider process with
// require-from-string, and run from there. Needs the built package (npm run build), as the provider process does:
// the shim serialized here is the built one, as the program serializes it (the test runner's own transpiler would
// add helpers of its own to the text).
import { strict as assert } from "node:assert";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { providerShim as ProviderShim } from "../../packages/pulumi-ramp-roster/src/resources/shim.js";
import type { RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { REPO_ROOT } from "../support/pulumi-engine.js";
import { rampEnv, simulator, TEST_CLIENT_SECRET } from "../support/simulator.js";

/* eslint-disable @typescript-eslint/no-require-imports -- the built package, and the loader the dynamic-provider host uses */
const requireFromString: (code: string) => { handler: () => pulumi.dynamic.ResourceProvider } = require("require-from-string");
const { providerShim } = require(path.join(REPO_ROOT, "packages", "pulumi-ramp-roster", "dist", "resources", "shim.js")) as { providerShim: typeof ProviderShim };
/* eslint-enable @typescript-eslint/no-require-imports */

/** Stored twice per resource (inputs and outputs) and rewritten with the whole state after every step. */
const MAX_SERIALIZED_BYTES = 1024;

async function serialize(kind: "user" | "department" | "location"): Promise<string> {
  const shim = providerShim(kind);
  const serialized = await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true });
  return serialized.text;
}

/**
 * Points the provider process's environment at the simulator and returns the configuration the engine hands to
 * `configure`. During refresh and destroy that is an earlier run's record, so it names other credentials and another
 * Ramp here: the provider must ignore them.
 */
function configFor(sim: RunningSimulator): pulumi.dynamic.ConfigureRequest {
  Object.assign(process.env, rampEnv(sim));
  const recorded = new Map([
    ["ramp:clientId", "recorded-client"],
    ["ramp:clientSecret", "recorded-secret-since-rotated"],
    ["ramp:baseUrl", "http://127.0.0.1:9"],
  ]);
  return { config: { get: (key) => recorded.get(key), require: (key) => recorded.get(key)! } };
}

describe("the serialized provider", () => {
  let sim: RunningSimulator;
  const savedEnv = { ...process.env };
  before(async () => (sim = await simulator()));
  after(async () => {
    for (const key of ["RAMP_CLIENT_ID", "RAMP_CLIENT_SECRET", "RAMP_API_URL"]) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
    await sim.close();
  });

  it("is small and holds no secret, no path and no client state", async () => {
    for (const kind of ["user", "department", "location"] as const) {
      const text = await serialize(kind);
      assert.ok(text.length < MAX_SERIALIZED_BYTES, `${kind} provider is ${text.length} bytes`);
      assert.ok(!text.includes(TEST_CLIENT_SECRET));
      assert.ok(!text.includes(process.cwd()), "no absolute path of this machine");
      assert.match(text, /require\("pulumi-ramp-roster\/runtime"\)/);
    }
  });

  it("runs create, read, update and delete once loaded back the way the provider process loads it", async () => {
    const provider = requireFromString(await serialize("user")).handler();
    await provider.configure!(configFor(sim));

    const inputs = { email: "loaded@example.com", firstName: "Lo", lastName: "Aded", role: "BUSINESS_USER", active: true };
    const checked = await provider.check!({}, inputs);
    const created = await provider.create(checked.inputs);
    assert.equal(sim.admin.users().find((u) => u.id === created.id)?.status, "INVITE_PENDING");

    const read = await provider.read!(created.id, created.outs);
    assert.equal(read.id, created.id);
    assert.equal(read.props.email, "loaded@example.com");

    await provider.update!(created.id, read.props, { ...inputs, role: "BUSINESS_BOOKKEEPER" });
    assert.equal(sim.admin.users().find((u) => u.id === created.id)?.role, "BUSINESS_BOOKKEEPER");

    // Removal from the roster comes in a later run, whose provider process has not created or adopted anyone, and
    // whose program registers others (not this user).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the runtime the loaded copy uses
    const { context } = require("pulumi-ramp-roster/runtime");
    context.claimedUserIds.clear();
    context.registeredEmails.clear();
    context.programRegisteredUsers = true;
    await provider.delete!(created.id, read.props);
    assert.equal(sim.admin.users().find((u) => u.id === created.id)?.status, "USER_INACTIVE");
  });

  it("has every method as soon as the host has called configure, before configure settles", async () => {
    // The host caches the loaded object, then calls configure; a concurrent call takes the cached object at once.
    const provider = requireFromString(await serialize("department")).handler();
    assert.deepEqual(Object.keys(provider), ["configure"], "only configure is serialized");
    const configured = provider.configure!(configFor(sim));
    for (const method of ["check", "diff", "create", "read", "update", "delete"] as const) {
      assert.equal(typeof provider[method], "function", method);
    }
    await configured;
    const created = await provider.create({ name: "Shim Test" });
    assert.ok(sim.admin.departments().some((d) => d.id === created.id && d.name === "Shim Test"));
  });

  it("fails every call with the reason when the runtime cannot be loaded, rather than doing nothing", async () => {
    const text = (await serialize("user")).replace('require("pulumi-ramp-roster/runtime")', 'require("pulumi-ramp-roster-not-installed/runtime")');
    const provider = requireFromString(text).handler();
    await provider.configure!(configFor(sim));
    for (const call of [
      () => provider.update!("id", {}, {}),
      () => provider.delete!("id", {}),
      () => provider.create({}),
      () => provider.read!("id", {}),
    ]) {
      await assert.rejects(call(), /Cannot find module 'pulumi-ramp-roster-not-installed\/runtime'/);
    }
  });
});
