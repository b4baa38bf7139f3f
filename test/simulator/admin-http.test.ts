import assert from "node:assert/strict";
import { useSimulator } from "./helpers.js";

describe("simulator: admin API over HTTP (/_admin)", () => {
  const h = useSimulator();

  it("seeds users with distinct emails and lists them", async () => {
    const seeded = await h.api.post("/_admin/users/seed", { n: 3, template: { role: "AUDITOR" } });
    assert.equal(seeded.status, 201);
    assert.deepEqual(
      seeded.body.map((u: { email: string }) => u.email),
      ["seed-00001@example.com", "seed-00002@example.com", "seed-00003@example.com"],
    );
    for (const user of seeded.body as { role: string; status: string }[]) {
      assert.equal(user.role, "AUDITOR");
      assert.equal(user.status, "USER_ACTIVE");
    }
    const more = h.sim.admin.seedUsers(1);
    assert.equal(more[0]!.email, "seed-00004@example.com");
    assert.equal((await h.api.get("/_admin/users")).body.length, 4);
  });

  it("adds a user in any state, accepts and expires invites, by id or by email", async () => {
    const added = await h.api.post("/_admin/users", { email: "inv@example.com", status: "INVITE_PENDING" });
    assert.equal(added.status, 201);
    const expired = await h.api.post("/_admin/users/inv%40example.com/expire-invite", undefined);
    assert.equal(expired.body.status, "INVITE_EXPIRED");
    const accepted = await h.api.post(`/_admin/users/${added.body.id as string}/accept-invite`, undefined);
    assert.equal(accepted.body.status, "USER_ACTIVE");
    const again = await h.api.post("/_admin/users/inv%40example.com/expire-invite", undefined);
    assert.equal(again.status, 409);
    assert.equal((await h.api.post("/_admin/users", { email: "INV@example.com" })).status, 409);
  });

  it("changes a user out of band (drift) with wire names, any status, and deletes one entirely", async () => {
    const [user] = h.sim.admin.seedUsers(1);
    const [boss] = h.sim.admin.seedUsers(1);
    const changed = await h.api.patch(`/_admin/users/${user!.id}`, {
      first_name: "Drift",
      status: "USER_SUSPENDED",
      manager_id: boss!.id,
      role: "IT_ADMIN",
    });
    assert.equal(changed.status, 200);
    const live = (await h.api.get(`/users/${user!.id}`)).body;
    assert.equal(live.first_name, "Drift");
    assert.equal(live.status, "USER_SUSPENDED");
    assert.equal(live.manager_id, boss!.id);
    assert.equal(live.role, "IT_ADMIN");

    assert.equal((await h.api.call("DELETE", `/_admin/users/${boss!.id}`)).status, 204);
    // Ramp's spec: an unknown user id is 400 UserInvalidInput on /users/{id}.
    assert.equal((await h.api.get(`/users/${boss!.id}`)).status, 400);
    // The user is USER_SUSPENDED now: left out of the default listing, listed with the status filter.
    assert.equal((await h.api.get("/users")).body.data.length, 0);
    assert.equal((await h.api.get("/users?status=USER_SUSPENDED")).body.data.length, 1);
    assert.equal((await h.api.get(`/users/${user!.id}`)).body.manager_id, null);
    assert.equal((await h.api.call("DELETE", `/_admin/users/${boss!.id}`)).status, 404);
  });

  it("adds departments and locations, and snapshots them", async () => {
    assert.equal((await h.api.post("/_admin/departments", { name: "Eng" })).status, 201);
    assert.equal((await h.api.post("/_admin/departments", { name: "Eng" })).status, 409);
    assert.equal((await h.api.post("/_admin/locations", { name: "Oslo" })).status, 201);
    assert.equal((await h.api.get("/_admin/departments")).body[0].name, "Eng");
    assert.equal((await h.api.get("/_admin/locations")).body[0].name, "Oslo");
  });

  it("injects, lists and clears faults; 400 for an invalid one", async () => {
    const armed = await h.api.post("/_admin/faults", [
      { kind: "status", status: 500, count: 2 },
      { kind: "drop", path: "/users" },
    ]);
    assert.equal(armed.status, 201);
    assert.equal(armed.body.length, 2);
    assert.equal((await h.api.post("/_admin/faults", { kind: "status", status: 200 })).status, 400);
    assert.equal((await h.api.get("/_admin/faults")).body.length, 2);
    assert.equal((await h.api.call("DELETE", "/_admin/faults")).status, 204);
    assert.deepEqual((await h.api.get("/_admin/faults")).body, []);
  });

  it("serves the request log and counts, and resets them", async () => {
    await h.api.get("/users");
    assert.deepEqual((await h.api.get("/_admin/requests/counts")).body, { "POST /token": 1, "GET /users": 1 });
    assert.equal((await h.api.get("/_admin/requests")).body.length, 2);
    assert.equal((await h.api.call("DELETE", "/_admin/requests")).status, 204);
    assert.deepEqual((await h.api.get("/_admin/requests/counts")).body, {});
  });

  it("expires tokens, sets the task delay and the rate limit, and resets everything", async () => {
    const token = await h.api.token();
    assert.equal((await h.api.post("/_admin/tokens/expire", undefined)).status, 204);
    assert.equal((await h.api.get("/users", { token })).status, 401);
    h.api.forgetToken();

    assert.equal((await h.api.call("PUT", "/_admin/task-delay", { body: { ms: 0 } })).status, 204);
    const task = await h.api.invite({ email: "fast@example.com" });
    assert.equal(task.body.status, "SUCCESS");
    h.sim.admin.setTaskDelay(20);

    const limit = { body: { requests: 1, windowMs: 60_000 } };
    assert.equal((await h.api.call("PUT", "/_admin/rate-limit", limit)).status, 204);
    assert.equal((await h.api.get("/users")).status, 200);
    assert.equal((await h.api.get("/users")).status, 429);
    assert.equal((await h.api.call("PUT", "/_admin/rate-limit", { body: false })).status, 204);
    assert.equal((await h.api.get("/users")).status, 200);

    assert.equal((await h.api.post("/_admin/reset", undefined)).status, 204);
    assert.deepEqual(h.sim.admin.users(), []);
    assert.deepEqual(h.sim.admin.requestLog(), []);
    assert.equal((await h.api.get("/users")).status, 200, "tokens survive a reset");
  });

  it("answers 404 for an unknown admin route or user, 405 for a wrong method, 400 for a bad body", async () => {
    assert.equal((await h.api.get("/_admin/nothing")).status, 404);
    assert.equal((await h.api.post("/_admin/users/nobody/accept-invite", undefined)).status, 404);
    assert.equal((await h.api.call("PUT", "/_admin/users")).status, 405);
    assert.equal((await h.api.post("/_admin/users/seed", { n: -1 })).status, 400);
    assert.equal((await h.api.post("/_admin/users", { first_name: "no email" })).status, 400);
  });
});
