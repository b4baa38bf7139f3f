import assert from "node:assert/strict";
import { useSimulator } from "./helpers.js";

describe("simulator: request log", () => {
  const h = useSimulator();

  it("records every API call with its route template, query, status and time; counts per route", async () => {
    const dept = h.sim.admin.addDepartment("Ops");
    const [user] = h.sim.admin.seedUsers(1);
    h.sim.admin.resetRequestLog();
    const before = Date.now();
    await h.api.get("/users?page_size=10&email=a%40b.com");
    await h.api.get(`/users/${user!.id}`);
    await h.api.patch(`/users/${user!.id}`, { first_name: "Z" });
    await h.api.patch(`/users/${user!.id}/deactivate`);
    await h.api.patch(`/users/${user!.id}/reactivate`);
    const created = await h.api.post("/users/deferred", {
      email: "n@example.com",
      first_name: "N",
      last_name: "N",
      role: "BUSINESS_USER",
      idempotency_key: "k",
    });
    await h.api.get(`/users/deferred/status/${created.body.id as string}`);
    await h.api.get("/departments");
    await h.api.get(`/departments/${dept.id}`);
    await h.api.patch(`/departments/${dept.id}`, { name: "Ops 2" });
    await h.api.post("/departments", { name: "Ops 3" });
    await h.api.get("/locations");
    await h.api.get("/users/nobody");
    await h.api.get("/no/such/route");

    assert.deepEqual(h.sim.admin.requestCounts(), {
      "POST /token": 1,
      "GET /users": 1,
      "GET /users/{id}": 2,
      "PATCH /users/{id}": 1,
      "PATCH /users/{id}/deactivate": 1,
      "PATCH /users/{id}/reactivate": 1,
      "POST /users/deferred": 1,
      "GET /users/deferred/status/{id}": 1,
      "GET /departments": 1,
      "GET /departments/{id}": 1,
      "PATCH /departments/{id}": 1,
      "POST /departments": 1,
      "GET /locations": 1,
      "GET /no/such/route": 1,
    });
    const log = h.sim.admin.requestLog();
    const list = log.find((e) => e.route === "GET /users")!;
    assert.equal(list.method, "GET");
    assert.equal(list.path, "/users");
    assert.deepEqual(list.query, { page_size: "10", email: "a@b.com" });
    assert.equal(list.status, 200);
    assert.ok(list.at >= before && list.at <= Date.now());
    const patch = log.find((e) => e.route === "PATCH /users/{id}")!;
    assert.equal(patch.path, `/users/${user!.id}`);
    assert.deepEqual(JSON.parse(patch.body!), { first_name: "Z" });
    assert.equal(log.find((e) => e.path === "/users/nobody")!.status, 400);
    assert.equal(log.find((e) => e.route === "GET /no/such/route")!.status, 404);
    const token = log.find((e) => e.route === "POST /token")!;
    assert.doesNotMatch(token.body ?? "", /test-secret/);
  });

  it("does not log admin requests; resetRequestLog() empties it", async () => {
    await h.api.get("/_admin/users");
    await h.api.post("/_admin/users/seed", { n: 2 });
    assert.deepEqual(h.sim.admin.requestLog(), []);
    await h.api.get("/users");
    assert.equal(h.sim.admin.requestLog().length, 2);
    h.sim.admin.resetRequestLog();
    assert.deepEqual(h.sim.admin.requestCounts(), {});
  });

  it("counts faulted and rate-limited requests too (a retry is a request)", async () => {
    await h.api.token();
    h.sim.admin.injectFault({ kind: "status", status: 500 });
    await h.api.get("/users");
    await h.api.get("/users");
    const statuses = h.sim.admin
      .requestLog()
      .filter((e) => e.route === "GET /users")
      .map((e) => e.status);
    assert.deepEqual(statuses, [500, 200]);
  });
});
