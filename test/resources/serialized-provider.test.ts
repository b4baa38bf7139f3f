// The provider as Pulumi stores it: serialized into state, loaded back in the provider process with
// require-from-string, and run from there. Needs the built package (npm run build), as the provider process does.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../../provider/src/resources/shim.js";
import type { RunningSimulator } from "../../provider/src/simulator/index.js";
import { rampEnv, simulator, TEST_CLIENT_SECRET } from "../support/ramp.js";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the same loader the dynamic-provider host uses
const requireFromString: (code: string) => { handler: () => pulumi.dynamic.ResourceProvider } = require("require-from-string");

async function serialize(kind: "user" | "department" | "location"): Promise<string> {
  const shim = providerShim(kind);
  const serialized = await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true });
  return serialized.text;
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
      assert.ok(text.length < 4096, `${kind} provider is ${text.length} bytes`);
      assert.ok(!text.includes(TEST_CLIENT_SECRET));
      assert.ok(!text.includes(process.cwd()), "no absolute path of this machine");
      assert.match(text, /require\("pulumi-ramp-roster\/runtime"\)/);
    }
  });

  it("runs create, read, update and delete once loaded back the way the provider process loads it", async () => {
    const provider = requireFromString(await serialize("user")).handler();
    // The settings come from the provider process's environment; the config the engine hands to `configure` (during
    // refresh and destroy: an earlier run's record) is ignored, even when it names other credentials and another Ramp.
    Object.assign(process.env, rampEnv(sim));
    const recorded = new Map([
      ["ramp:clientId", "recorded-client"],
      ["ramp:clientSecret", "recorded-secret-since-rotated"],
      ["ramp:baseUrl", "http://127.0.0.1:9"],
    ]);
    await provider.configure!({ config: { get: (key) => recorded.get(key), require: (key) => recorded.get(key)! } });

    const inputs = { email: "loaded@example.com", firstName: "Lo", lastName: "Aded", role: "BUSINESS_USER", active: true };
    const checked = await provider.check!({}, inputs);
    const created = await provider.create(checked.inputs);
    assert.equal(sim.admin.users().find((u) => u.id === created.id)?.status, "INVITE_PENDING");

    const read = await provider.read!(created.id, created.outs);
    assert.equal(read.id, created.id);
    assert.equal(read.props.email, "loaded@example.com");

    await provider.update!(created.id, read.props, { ...inputs, role: "BUSINESS_BOOKKEEPER" });
    assert.equal(sim.admin.users().find((u) => u.id === created.id)?.role, "BUSINESS_BOOKKEEPER");

    // Removal from the roster comes in a later run, whose provider process has not created or adopted anyone.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the runtime the loaded copy uses
    require("pulumi-ramp-roster/runtime").context.claimedUserIds.clear();
    await provider.delete!(created.id, read.props);
    assert.equal(sim.admin.users().find((u) => u.id === created.id)?.status, "USER_INACTIVE");
  });
});
