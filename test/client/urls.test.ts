import { strict as assert } from "node:assert";
import { InsecureUrlError, InvalidIdError, RampClient, RampConfigError } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { apiPath, assertId, isSafeId } from "../../packages/pulumi-ramp-roster/src/client/paths.js";
import { isLoopbackHost, parseBaseUrl } from "../../packages/pulumi-ramp-roster/src/client/transport.js";
import { record } from "./helpers.js";

const creds = { clientId: "id-1234", clientSecret: "secret-unit-1234" };

describe("URLs, ids and client options (unit)", () => {
  it("accepts safe ids and refuses anything that could change the path", () => {
    for (const id of ["a", "0", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "usr_ABC-123", "x".repeat(128)]) assert.ok(isSafeId(id), id);
    for (const id of ["", "-a", "_a", "a/b", "..", "a.b", "a b", "a%2F", "a?x", "a#x", "x".repeat(129), "ü", "a\u0000"]) {
      assert.ok(!isSafeId(id), JSON.stringify(id));
    }
    assert.equal(apiPath("users", { id: "abc", kind: "user id" }, "deactivate"), "/developer/v1/users/abc/deactivate");
    const err = (() => {
      try {
        assertId("../../token", "user id");
      } catch (e) {
        return e;
      }
    })();
    assert.ok(err instanceof InvalidIdError);
    assert.match(err.message, /Invalid user id: "\.\.\/\.\.\/token"/);
    record(err);
  });

  it("requires HTTPS except on loopback", () => {
    assert.equal(parseBaseUrl(undefined).href, "https://api.ramp.com/");
    assert.equal(parseBaseUrl("https://demo-api.ramp.com").origin, "https://demo-api.ramp.com");
    assert.equal(parseBaseUrl("https://demo-api.ramp.com/developer/v1/").origin, "https://demo-api.ramp.com");
    for (const ok of ["http://127.0.0.1:8080", "http://127.5.6.7", "http://localhost:3000", "http://[::1]:9000", "http://api.localhost"]) {
      assert.ok(parseBaseUrl(ok), ok);
    }
    for (const bad of ["http://api.ramp.com", "http://10.0.0.1", "http://127.0.0.1.evil.com", "ftp://127.0.0.1", "http://[::2]", "http://localhost.evil.com"]) {
      assert.throws(() => parseBaseUrl(bad), InsecureUrlError, bad);
    }
    assert.throws(() => parseBaseUrl("https://user:pw@api.ramp.com"), (e: Error) => e instanceof InsecureUrlError && !e.message.includes("pw"));
    assert.throws(() => parseBaseUrl("https://api.ramp.com/other"), RampConfigError);
    assert.throws(() => parseBaseUrl("https://api.ramp.com/?x=1"), RampConfigError);
    assert.throws(() => parseBaseUrl("not a url"), RampConfigError);
    assert.ok(isLoopbackHost("127.0.0.1") && isLoopbackHost("LOCALHOST") && !isLoopbackHost("128.0.0.1"));
    assert.throws(() => new RampClient({ ...creds, baseUrl: "http://example.com" }), InsecureUrlError);
  });

  it("validates client options", () => {
    assert.throws(() => new RampClient({ clientId: "", clientSecret: "x" }), RampConfigError);
    assert.throws(() => new RampClient({ clientId: "a", clientSecret: "" }), RampConfigError);
    assert.throws(() => new RampClient({ ...creds, rateLimit: { requests: 0, windowMs: 10 } }), RampConfigError);
    assert.throws(() => new RampClient({ ...creds, retry: { maxAttempts: 0 } }), RampConfigError);
    assert.throws(() => new RampClient({ ...creds, deadlineMs: -1 }), RampConfigError);
    assert.throws(() => new RampClient({ ...creds, scopes: ["users:read users:write"] }), RampConfigError);
  });
});
