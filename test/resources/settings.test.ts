import { strict as assert } from "node:assert";
import { RampConfigError } from "../../packages/pulumi-ramp-roster/src/client/errors.js";
import { DEFAULT_BASE_URL } from "../../packages/pulumi-ramp-roster/src/ramp-facts.js";
import { resolveSettings } from "../../packages/pulumi-ramp-roster/src/resources/settings.js";

describe("Ramp settings of the provider process", () => {
  it("come from the environment: credentials, base URL (default Ramp's production API) and rate limit", () => {
    assert.deepEqual(resolveSettings({ RAMP_CLIENT_ID: " id-1 ", RAMP_CLIENT_SECRET: "secret-1" }), {
      clientId: "id-1",
      clientSecret: "secret-1",
      baseUrl: DEFAULT_BASE_URL,
    });
    assert.deepEqual(
      resolveSettings({ RAMP_CLIENT_ID: "id-1", RAMP_CLIENT_SECRET: "secret-1", RAMP_API_URL: "https://demo-api.ramp.com", RAMP_RATE_LIMIT: "100/1m" }),
      { clientId: "id-1", clientSecret: "secret-1", baseUrl: "https://demo-api.ramp.com", rateLimit: { requests: 100, windowMs: 60_000 } },
    );
  });

  it("name the missing variables, say why stack config will not do, and never print a value", () => {
    assert.throws(
      () => resolveSettings({ RAMP_CLIENT_ID: "id-visible-nowhere", RAMP_CLIENT_SECRET: "  " }),
      (err: Error) =>
        err instanceof RampConfigError &&
        /RAMP_CLIENT_SECRET must be in the environment of every pulumi run/.test(err.message) &&
        !err.message.includes("RAMP_CLIENT_ID and") &&
        /Stack config \(ramp:clientId, ramp:clientSecret\) is not read: the state would record it/.test(err.message) &&
        !err.message.includes("id-visible-nowhere"),
    );
    assert.throws(() => resolveSettings({}), /RAMP_CLIENT_ID and RAMP_CLIENT_SECRET must be in the environment/);
  });

  it("refuse a malformed rate limit, naming the variable", () => {
    assert.throws(() => resolveSettings({ RAMP_CLIENT_ID: "a", RAMP_CLIENT_SECRET: "b", RAMP_RATE_LIMIT: "fast" }), /RAMP_RATE_LIMIT must look like "200\/10s"/);
  });
});
