import { strict as assert } from "node:assert";
import { InsecureUrlError, InvalidIdError, RampClient, RampConfigError } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { nextPageRequest, paginate } from "../../packages/pulumi-ramp-roster/src/client/pagination.js";
import { apiPath, assertId, isSafeId } from "../../packages/pulumi-ramp-roster/src/client/paths.js";
import { isLoopbackHost, parseBaseUrl } from "../../packages/pulumi-ramp-roster/src/client/transport.js";
import { record } from "./helpers.js";

const creds = { clientId: "id-1234", clientSecret: "secret-unit-1234" };

describe("URLs, paths and pagination (unit)", () => {
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

  const origin = new URL("https://api.ramp.com");
  const current = { path: "/developer/v1/users", query: new URLSearchParams({ page_size: "100", role: "BUSINESS_USER" }) };

  it("follows page.next as a full URL on the same origin and path", () => {
    const next = nextPageRequest(origin, current, "https://api.ramp.com/developer/v1/users?page_size=100&role=BUSINESS_USER&start=abc");
    assert.equal(next.path, "/developer/v1/users");
    assert.equal(next.query.toString(), "page_size=100&role=BUSINESS_USER&start=abc");
    const noSize = nextPageRequest(origin, current, "https://api.ramp.com/developer/v1/users?start=abc");
    assert.equal(noSize.query.get("page_size"), "100");
    assert.equal(nextPageRequest(origin, current, "/developer/v1/users?start=z").query.get("start"), "z");
  });

  it("accepts a bare cursor, sent as start with the original filters", () => {
    const next = nextPageRequest(origin, current, "cursor-123");
    assert.equal(next.query.toString(), "page_size=100&role=BUSINESS_USER&start=cursor-123");
  });

  it("refuses a page.next that leaves the origin or the endpoint", () => {
    for (const bad of [
      "https://evil.example.com/developer/v1/users?start=a",
      "http://api.ramp.com/developer/v1/users?start=a",
      "https://api.ramp.com:8443/developer/v1/users?start=a",
      "https://user:pw@api.ramp.com/developer/v1/users?start=a",
      "https://api.ramp.com/developer/v1/token?start=a",
      "//evil.example.com/developer/v1/users",
    ]) {
      assert.throws(() => nextPageRequest(origin, current, bad), InsecureUrlError, bad);
    }
  });

  it("stops when Ramp repeats a page link", async () => {
    const pages = paginate(origin, current, async () => ({ data: [1], next: "same-cursor" }));
    const seen: number[][] = [];
    await assert.rejects(
      (async () => {
        for await (const p of pages) seen.push(p);
      })(),
      /same page link twice/,
    );
    assert.equal(seen.length, 2);
  });
});
