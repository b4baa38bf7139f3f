// Least privilege: each call asks for a token with only the scope it needs, so a read-only app can do every read and
// an app without departments:write works until a department is written. A missing scope is one typed error.
import { strict as assert } from "node:assert";
import { RampScopeError } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { rejectionOf, useSimulator, type Harness } from "./helpers.js";

const READS = ["users:read", "departments:read", "locations:read"];

function tokenScopes(h: Harness): string[] {
  return h.sim.admin
    .requestLog()
    .filter((e) => e.route === "POST /token")
    .map((e) => new URLSearchParams(e.body).get("scope") ?? "");
}

describe("RampClient least privilege: a read-only app", () => {
  const h = useSimulator({ grantedScopes: READS });

  it("does every read", async () => {
    const dept = h.sim.admin.addDepartment("Eng");
    const loc = h.sim.admin.addLocation("Paris");
    const [user] = h.sim.admin.seedUsers(3);
    h.sim.admin.addUser({ email: "s@example.com", status: "USER_SUSPENDED" });
    const client = h.client();
    assert.equal((await client.listUsers()).length, 3);
    assert.equal((await client.listAllUsers()).length, 4);
    assert.equal((await client.getUser(user!.id)).id, user!.id);
    assert.equal((await client.fetchUserByEmail("s@example.com"))?.status, "USER_SUSPENDED");
    assert.deepEqual(await client.listDepartments(), [dept]);
    assert.deepEqual(await client.getDepartment(dept.id), dept);
    assert.equal((await client.listLocations())[0]?.id, loc.id);
    assert.equal((await client.getLocation(loc.id)).id, loc.id);
    assert.deepEqual(tokenScopes(h).sort(), [...READS].sort(), "one token per read scope, nothing more");
  });

  it("fails a write with RampScopeError naming the scope and the call, before sending the write", async () => {
    const [user] = h.sim.admin.seedUsers(1);
    const client = h.client();
    const writes: Array<[string, string, () => Promise<unknown>]> = [
      ["deactivate user", "users:write", () => client.deactivateUser(user!.id)],
      ["reactivate user", "users:write", () => client.reactivateUser(user!.id)],
      ["update user", "users:write", () => client.updateUser(user!.id, { firstName: "X" })],
      ["invite user", "users:write", () => client.inviteUser({ email: "n@example.com", firstName: "N", lastName: "W", role: "BUSINESS_USER" }, { idempotencyKey: "k1" })],
      ["create department", "departments:write", () => client.createDepartment("Ops")],
      ["create location", "locations:write", () => client.createLocation({ name: "Rome" })],
    ];
    for (const [operation, scope, call] of writes) {
      const err = await rejectionOf(call());
      assert.ok(err instanceof RampScopeError, operation);
      assert.equal(err.code, "RAMP_SCOPE_MISSING");
      assert.equal(err.scope, scope);
      assert.equal(err.operation, operation);
      assert.equal(err.source, "token");
      assert.equal(err.errorCode, "invalid_scope");
      assert.match(err.message, new RegExp(`^Could not ${operation}: the Ramp app lacks the scope ${scope} `));
    }
    const counts = h.counts();
    for (const route of ["PATCH /users/{id}", "PATCH /users/{id}/deactivate", "PATCH /users/{id}/reactivate", "POST /users/deferred", "POST /departments", "POST /locations"]) {
      assert.equal(counts[route] ?? 0, 0, `${route} was sent`);
    }
  });
});

describe("RampClient least privilege: an app without departments:write", () => {
  const h = useSimulator({ grantedScopes: ["users:read", "users:write", "departments:read", "locations:read", "locations:write"] });

  it("invites, updates, deactivates and creates locations; only a department write fails", async () => {
    const dept = h.sim.admin.addDepartment("Eng");
    const client = h.client();
    const { userId } = await client.inviteUser(
      { email: "ada@example.com", firstName: "Ada", lastName: "L", role: "BUSINESS_USER", departmentId: dept.id },
      { idempotencyKey: "k-ada" },
    );
    await client.updateUser(userId, { lastName: "Lovelace" });
    await client.deactivateUser(userId);
    await client.createLocation({ name: "Paris" });
    const err = await rejectionOf(client.renameDepartment(dept.id, "R&D"));
    assert.ok(err instanceof RampScopeError);
    assert.equal(err.scope, "departments:write");
    assert.equal(err.source, "token");
    assert.equal(h.count("PATCH /departments/{id}"), 0);
    assert.equal(h.sim.admin.departments()[0]?.name, "Eng");
  });
});

describe("RampClient least privilege: scope refusals from the API and token refreshes", () => {
  const h = useSimulator();

  it("turns a 403 DEVELOPER_7100 into RampScopeError naming the call's scope, Ramp's message and the trace id", async () => {
    const [user] = h.sim.admin.seedUsers(1);
    h.sim.admin.injectFault({ kind: "status", status: 403, errorCode: "DEVELOPER_7100", message: "These scopes are not allowed for this token: users:write", method: "PATCH", path: "/users/" });
    const err = await rejectionOf(h.client().deactivateUser(user!.id));
    assert.ok(err instanceof RampScopeError);
    assert.equal(err.scope, "users:write");
    assert.equal(err.operation, "deactivate user");
    assert.equal(err.source, "api");
    assert.equal(err.status, 403);
    assert.match(err.traceId ?? "", /^[0-9a-f]{32}$/);
    assert.match(err.message, /HTTP 403 DEVELOPER_7100 These scopes are not allowed for this token: users:write/);
    assert.equal(h.count("PATCH /users/{id}/deactivate"), 1, "not retried");
  });

  it("refreshes each scope's token once after a 401", async () => {
    const [user] = h.sim.admin.seedUsers(1);
    const client = h.client();
    await client.getUser(user!.id);
    await client.updateUser(user!.id, { firstName: "A" });
    h.sim.admin.expireTokens();
    await Promise.all([client.getUser(user!.id), client.getUser(user!.id), client.updateUser(user!.id, { firstName: "B" })]);
    assert.deepEqual(tokenScopes(h).sort(), ["users:read", "users:read", "users:write", "users:write"]);
  });
});
