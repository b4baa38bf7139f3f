import { strict as assert } from "node:assert";
import { readProgramSettings } from "../../packages/pulumi-ramp-roster/src/program/config.js";
import { closestKey, KNOWN_RAMP_KEYS } from "../../packages/pulumi-ramp-roster/src/resources/settings.js";

describe("readProgramSettings", () => {
  it("uses the defaults when nothing is set", () => {
    assert.deepEqual(readProgramSettings({}, {}), { guards: { maxDeactivations: 3, minAdmins: 1 } });
  });

  it("reads the guards and the roster path, ignoring other namespaces", () => {
    const settings = readProgramSettings(
      { "ramp:maxDeactivations": "10", "ramp:minAdmins": "2", "ramp:roster": "people/", "aws:region": "x" },
      {},
    );
    assert.deepEqual(settings, { rosterPath: "people/", guards: { maxDeactivations: 10, minAdmins: 2 } });
  });

  it("takes one-run confirmations from the environment over config", () => {
    const settings = readProgramSettings(
      { "ramp:confirmDeactivations": "old@x.com" },
      { RAMP_CONFIRM_DEACTIVATIONS: "A@x.com, b@x.com", RAMP_CONFIRM_ADMINS: "none" },
    );
    assert.deepEqual(settings.guards.confirmDeactivations, ["a@x.com", "b@x.com"]);
    assert.deepEqual(settings.guards.confirmAdmins, []);
  });

  it("names an unknown ramp: key and the key that was probably meant", () => {
    assert.throws(
      () => readProgramSettings({ "ramp:maxDeactivation": "5", "ramp:clientSecrett": "x" }, {}),
      (err: Error) =>
        /unknown config key 'ramp:maxDeactivation' \(did you mean 'ramp:maxDeactivations'\?\)/.test(err.message) &&
        /unknown config key 'ramp:clientSecrett' \(ramp:clientSecret\? that is now RAMP_CLIENT_SECRET in the environment\)/.test(err.message) &&
        !err.message.includes("'x'"),
    );
  });

  it("refuses Ramp credentials, base URL and rate limit in stack config, saying how to move them and never their values", () => {
    assert.throws(
      () =>
        readProgramSettings(
          { "ramp:clientId": "the-id", "ramp:clientSecret": "the-secret", "ramp:baseUrl": "https://demo-api.ramp.com", "ramp:roster": "r.yaml" },
          { RAMP_CLIENT_ID: "the-id", RAMP_CLIENT_SECRET: "the-secret" },
        ),
      (err: Error) =>
        err.message.includes("ramp:clientId, ramp:clientSecret, ramp:baseUrl are no longer read from stack config") &&
        err.message.includes("Set RAMP_CLIENT_ID, RAMP_CLIENT_SECRET, RAMP_API_URL in the environment of every pulumi run") &&
        err.message.includes("pulumi config rm ramp:clientId; pulumi config rm ramp:clientSecret; pulumi config rm ramp:baseUrl") &&
        !/the-id|the-secret|demo-api/.test(err.message) &&
        !err.message.includes("unknown config key"),
    );
    assert.throws(() => readProgramSettings({ "ramp:rateLimit": "100/1m" }, {}), /ramp:rateLimit is no longer read from stack config.*RAMP_RATE_LIMIT/s);
  });

  it("rejects a guard value that is not a whole number", () => {
    assert.throws(() => readProgramSettings({ "ramp:minAdmins": "two" }, {}), /ramp:minAdmins must be a whole number ≥ 0, got "two"/);
    assert.throws(() => readProgramSettings({ "ramp:maxDeactivations": "-1" }, {}), /ramp:maxDeactivations/);
  });

  it("suggests nothing for a key far from every known one", () => {
    assert.equal(closestKey("ramp:somethingElseEntirely", KNOWN_RAMP_KEYS), undefined);
  });
});
