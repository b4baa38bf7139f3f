import assert from "node:assert/strict";
import { request } from "undici";
import { startSimulator } from "../../packages/ramp-simulator/src/index.js";
import { ALL, Api, CLIENT_ID, CLIENT_SECRET, errorCode, useSimulator } from "./helpers.js";

describe("simulator: token endpoint and scopes", () => {
  const h = useSimulator({ grantedScopes: ["users:read", "users:write", "departments:read"] });

  it("issues a bearer token for Basic credentials and a form body, carrying the requested scopes", async () => {
    const answer = await h.api.requestToken("users:read");
    assert.equal(answer.status, 200);
    assert.equal(answer.body.token_type, "Bearer");
    assert.equal(answer.body.expires_in, 864000);
    assert.equal(answer.body.scope, "users:read");
    assert.match(answer.body.access_token, /^\S{20,}$/);
    assert.match(String(answer.headers["x-trace-id"]), /^[0-9a-f]{32}$/);
  });

  it("answers 400 invalid_request when no scope is requested (Ramp's spec: scope is required)", async () => {
    for (const scope of [null, "", "  "]) {
      const answer = await h.api.requestToken(scope);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error, "invalid_request");
    }
  });

  it("answers 401 invalid_client for a wrong secret, an unknown id or no credentials", async () => {
    for (const [id, secret] of [
      [CLIENT_ID, "nope"],
      ["someone-else", CLIENT_SECRET],
    ] as const) {
      const answer = await h.api.requestToken("users:read", id, secret);
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.body.error, "invalid_client");
    }
    const bare = await request(`${h.sim.baseUrl}/developer/v1/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    assert.equal(bare.statusCode, 401);
    assert.equal(((await bare.body.json()) as { error: string }).error, "invalid_client");
  });

  it("answers 400 invalid_scope for a scope not granted (or not existing)", async () => {
    for (const scope of ["users:read locations:write", "users:deactivate"]) {
      const answer = await h.api.requestToken(scope);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error, "invalid_scope");
    }
  });

  it("answers 400 for another grant type or a JSON body", async () => {
    const grant = await h.api.requestToken("users:read", CLIENT_ID, CLIENT_SECRET, { grant_type: "password" });
    assert.equal(grant.status, 400);
    assert.equal(grant.body.error, "unsupported_grant_type");
    const jsonBody = await request(`${h.sim.baseUrl}/developer/v1/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ grant_type: "client_credentials" }),
    });
    assert.equal(jsonBody.statusCode, 400);
    assert.equal(((await jsonBody.body.json()) as { error: string }).error, "invalid_request");
  });

  it("answers 403 DEVELOPER_7100 naming the scope when the token lacks the route's scope, 200 when it has it", async () => {
    const readOnly = (await h.api.requestToken("users:read")).body.access_token as string;
    assert.equal((await h.api.get("/users", { token: readOnly })).status, 200);
    const denied = await h.api.post("/users/deferred", { email: "a@example.com" }, { token: readOnly });
    assert.equal(denied.status, 403);
    assert.equal(errorCode(denied), "DEVELOPER_7100");
    assert.match(denied.body.error_v2.message, /users:write/);
    assert.equal((await h.api.get("/departments", { token: readOnly })).status, 403);
    assert.equal((await h.api.get("/locations")).status, 403, "locations:* was never granted");
  });

  it("answers 401 with error_v2 for a missing, unknown or malformed bearer token", async () => {
    const variants: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-a-token" },
      { authorization: "Token abc" },
    ];
    for (const headers of variants) {
      const answer = await h.api.get("/users", { token: null, headers });
      assert.equal(answer.status, 401);
      assert.ok(errorCode(answer));
      assert.ok(answer.headers["x-trace-id"]);
    }
  });

  it("invalidates every issued token on expireTokens(); a new token works", async () => {
    const api = new Api(h.sim.baseUrl, "users:read");
    assert.equal((await api.get("/users")).status, 200);
    h.sim.admin.expireTokens();
    assert.equal((await api.get("/users")).status, 401);
    api.forgetToken();
    assert.equal((await api.get("/users")).status, 200);
  });

  it("rotates a client's secret: the old one is refused with invalid_client, the new one works, tokens issued before too", async () => {
    const sim = await startSimulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, rateLimit: false });
    try {
      const api = new Api(sim.baseUrl);
      const before = (await api.requestToken()).body.access_token as string;

      const chosen = sim.admin.rotateClientSecret(CLIENT_ID, "chosen-secret-2");
      assert.equal(chosen, "chosen-secret-2");
      const refused = await api.requestToken();
      assert.equal(refused.status, 401);
      assert.equal(refused.body.error, "invalid_client");
      assert.equal((await api.requestToken(ALL, CLIENT_ID, chosen)).status, 200);
      assert.equal((await api.get("/users", { token: before })).status, 200, "an issued token lives until it expires");

      // Over HTTP, with a random secret.
      const rotated = await api.post(`/_admin/clients/${CLIENT_ID}/rotate-secret`, undefined);
      assert.equal(rotated.status, 200);
      assert.equal(rotated.body.client_id, CLIENT_ID);
      assert.match(rotated.body.client_secret as string, /^\S{20,}$/);
      assert.equal((await api.requestToken(ALL, CLIENT_ID, chosen)).body.error, "invalid_client");
      assert.equal((await api.requestToken(ALL, CLIENT_ID, rotated.body.client_secret as string)).status, 200);

      assert.equal((await api.post("/_admin/clients/someone-else/rotate-secret", { secret: "x" })).status, 404);
      assert.equal((await api.post(`/_admin/clients/${CLIENT_ID}/rotate-secret`, { secret: "" })).status, 400);
      assert.deepEqual(sim.admin.requestCounts(), { "POST /token": 5, "GET /users": 1 }, "admin calls are not logged");
    } finally {
      await sim.close();
    }
  });

  it("expires tokens after tokenTtlSeconds", async () => {
    const sim = await startSimulator({ tokenTtlSeconds: 0, rateLimit: false });
    try {
      const api = new Api(sim.baseUrl);
      const token = await api.requestToken(ALL, "sim-client-id", "sim-client-secret");
      assert.equal(token.body.expires_in, 0);
      const answer = await api.get("/users", { token: token.body.access_token as string });
      assert.equal(answer.status, 401);
    } finally {
      await sim.close();
    }
  });

  it("puts a fresh random x-trace-id on every API response, success or error", async () => {
    const ids = new Set<string>();
    for (const answer of [
      await h.api.get("/users"),
      await h.api.get("/users/unknown"),
      await h.api.get("/nothing-here"),
      await h.api.get("/users", { token: null }),
      await h.api.requestToken("users:read"),
    ]) {
      const id = answer.headers["x-trace-id"];
      assert.match(String(id), /^[0-9a-f]{32}$/);
      ids.add(String(id));
    }
    assert.equal(ids.size, 5);
  });
});

describe("simulator: several apps with their own granted scopes", () => {
  const READ_ONLY = { clientId: "ci-app", clientSecret: "ci-secret", grantedScopes: ["users:read", "departments:read", "locations:read"] };
  const h = useSimulator({ otherApps: [READ_ONLY] });

  it("lets a read-only app read everything and refuses it any write scope (invalid_scope)", async () => {
    const read = await h.api.requestToken("users:read departments:read locations:read", READ_ONLY.clientId, READ_ONLY.clientSecret);
    assert.equal(read.status, 200);
    const token = read.body.access_token as string;
    for (const path of ["/users", "/departments", "/locations"]) assert.equal((await h.api.get(path, { token })).status, 200, path);
    const write = await h.api.requestToken("users:read users:write", READ_ONLY.clientId, READ_ONLY.clientSecret);
    assert.equal(write.status, 400);
    assert.equal(write.body.error, "invalid_scope");
    assert.match(write.body.error_description, /users:write/);
    assert.equal((await h.api.requestToken(ALL)).status, 200, "the main app keeps all six");
  });

  it("changes an app's granted scopes and adds apps at run time, in process and over HTTP", async () => {
    h.sim.admin.setGrantedScopes(["users:read"]);
    assert.equal((await h.api.requestToken("users:write")).body.error, "invalid_scope");
    const put = await h.api.call("PUT", "/_admin/scopes", { body: { scopes: ["users:read", "users:write"], client_id: READ_ONLY.clientId } });
    assert.equal(put.status, 204);
    assert.equal((await h.api.requestToken("users:write", READ_ONLY.clientId, READ_ONLY.clientSecret)).status, 200);
    assert.equal((await h.api.call("PUT", "/_admin/scopes", { body: { scopes: ["x"], client_id: "nobody" } })).status, 404);
    const added = await h.api.post("/_admin/apps", { client_id: "new-app", client_secret: "new-secret", scopes: ["locations:read"] });
    assert.equal(added.status, 201);
    assert.equal((await h.api.requestToken("locations:read", "new-app", "new-secret")).status, 200);
    assert.equal((await h.api.requestToken("users:read", "new-app", "new-secret")).body.error, "invalid_scope");
    assert.equal((await h.api.post("/_admin/apps", { client_id: "new-app", client_secret: "x", scopes: [] })).status, 409);
    h.sim.admin.setGrantedScopes(["users:read", "users:write", "departments:read", "departments:write", "locations:read", "locations:write"]);
  });
});
