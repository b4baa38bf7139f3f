import { strict as assert } from "node:assert";
import sinon from "sinon";
import { RampApiError, RampAuthError, RampScopeError } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { Transport } from "../../packages/pulumi-ramp-roster/src/client/transport.js";
import { rejectionOf, seenTokens, useSimulator } from "./helpers.js";

describe("RampClient authentication", () => {
  const h = useSimulator();

  afterEach(() => sinon.restore());

  it("requests one token per scope with Basic auth and a form body, each once for many calls, read scopes for reads", async () => {
    const send = sinon.spy(Transport.prototype, "send");
    h.sim.admin.seedUsers(3);
    const client = h.client();
    for (let i = 0; i < 5; i++) await client.listUsers();
    await client.listDepartments();
    await client.listLocations();
    assert.equal(h.count("POST /token"), 3);
    assert.equal(h.count("GET /users"), 5);
    const tokenCalls = send.getCalls().filter((c) => c.args[0].pathAndQuery === "/developer/v1/token");
    for (const call of tokenCalls) {
      const req = call.args[0];
      assert.equal(req.method, "POST");
      assert.equal(req.headers["content-type"], "application/x-www-form-urlencoded");
      assert.match(req.headers.authorization ?? "", /^Basic [A-Za-z0-9+/=]+$/);
      assert.equal(new URLSearchParams(req.body).get("grant_type"), "client_credentials");
    }
    assert.deepEqual(
      tokenCalls.map((c) => new URLSearchParams(c.args[0].body).get("scope")),
      ["users:read", "departments:read", "locations:read"],
      "no write scope is asked for by reads",
    );
    const apiCalls = send.getCalls().filter((c) => c.args[0].pathAndQuery !== "/developer/v1/token");
    const bearer = new Set(apiCalls.map((c) => c.args[0].headers.authorization));
    assert.equal(bearer.size, 3);
    for (const b of bearer) seenTokens.add((b ?? "").replace(/^Bearer /, ""));
  });

  it("refreshes the token once on a 401 and retries the call", async () => {
    const [user] = h.sim.admin.seedUsers(1);
    const client = h.client();
    await client.getUser(user?.id as string);
    h.sim.admin.expireTokens();
    const again = await client.getUser(user?.id as string);
    assert.equal(again.id, user?.id);
    assert.equal(h.count("POST /token"), 2);
    assert.equal(h.count("GET /users/{id}"), 3);
    assert.ok(h.events.some((e) => e.type === "token" && e.action === "invalidated"));
  });

  it("gives up with the 401 when the new token is refused too (only one refresh)", async () => {
    const client = h.client();
    await client.listUsers();
    h.sim.admin.injectFault({ kind: "status", status: 401, path: "/users", method: "GET", count: 5, message: "Invalid or expired access token" });
    const err = await rejectionOf(client.listUsers());
    assert.ok(err instanceof RampApiError);
    assert.equal(err.status, 401);
    assert.equal(h.count("POST /token"), 2);
    assert.equal(h.count("GET /users"), 3);
  });

  it("shares one token request between concurrent callers, and a failed fetch is retried by the next call", async () => {
    h.sim.admin.injectFault({ kind: "status", status: 400, path: "/token", errorCode: "invalid_request", count: 1 });
    const client = h.client();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => client.listUsers()));
    assert.ok(results.every((r) => r.status === "rejected"));
    for (const r of results) if (r.status === "rejected") await rejectionOf(Promise.reject(r.reason));
    assert.equal(h.count("POST /token"), 1);
    assert.deepEqual(await client.listUsers(), []);
    assert.equal(h.count("POST /token"), 2);
  });

  it("retries the token endpoint on 5xx", async () => {
    h.sim.admin.injectFault({ kind: "status", status: 503, path: "/token", count: 2 });
    assert.deepEqual(await h.client().listUsers(), []);
    assert.equal(h.count("POST /token"), 3);
  });

  it("throws RampAuthError invalid_client for wrong credentials, without retrying", async () => {
    const client = h.client({ clientSecret: "wrong-secret-value" });
    const err = await rejectionOf(client.listUsers());
    assert.ok(err instanceof RampAuthError);
    assert.equal(err.code, "RAMP_AUTH_ERROR");
    assert.equal(err.status, 401);
    assert.equal(err.errorCode, "invalid_client");
    assert.match(err.message, /check the client id and client secret/);
    assert.ok(err.traceId);
    assert.equal(h.count("POST /token"), 1);
    assert.equal(h.count("GET /users"), 0);
    assert.ok(!err.message.includes("wrong-secret-value"));
  });

  it("fails a call whose scope the client was told the app lacks, before any request (RampScopeError)", async () => {
    const client = h.client({ scopes: ["users:read", "departments:read", "locations:read"] });
    assert.deepEqual(await client.listUsers(), []);
    const err = await rejectionOf(client.createDepartment("Eng"));
    assert.ok(err instanceof RampScopeError);
    assert.equal(err.code, "RAMP_SCOPE_MISSING");
    assert.equal(err.scope, "departments:write");
    assert.equal(err.source, "config");
    assert.match(err.message, /^Could not create department: the Ramp app lacks the scope departments:write/);
    assert.equal(h.count("POST /departments"), 0);
    assert.equal(h.count("POST /token"), 1);
  });

  it("never lets a second client share the first one's token", async () => {
    const a = h.client();
    const b = h.client();
    await a.listUsers();
    await b.listUsers();
    assert.equal(h.count("POST /token"), 2);
  });
});

describe("RampClient token expiry against a short-lived token", () => {
  const h = useSimulator({ tokenTtlSeconds: 1 });

  it("replaces a token before it expires (10% margin) instead of waiting for a 401", async function () {
    this.timeout(5_000);
    const client = h.client();
    await client.listUsers();
    await client.listUsers();
    assert.equal(h.count("POST /token"), 1);
    await new Promise((r) => setTimeout(r, 950));
    await client.listUsers();
    assert.equal(h.count("POST /token"), 2);
    const statuses = h.sim.admin.requestLog().map((e) => e.status);
    assert.ok(!statuses.includes(401), "no request was refused");
  });
});
