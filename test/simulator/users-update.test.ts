import assert from "node:assert/strict";
import { errorCode, useSimulator } from "./helpers.js";

describe("simulator: PATCH /users/{id}, deactivate, reactivate", () => {
  const h = useSimulator();

  it("changes the writable fields, answers 204 without a body (Ramp's spec), and silently ignores email and status", async () => {
    const dept = h.sim.admin.addDepartment("Sales");
    const [boss, user] = h.sim.admin.seedUsers(2);
    const answer = await h.api.patch(`/users/${user!.id}`, {
      first_name: "Grace",
      last_name: "Hopper",
      role: "BUSINESS_BOOKKEEPER",
      department_id: dept.id,
      direct_manager_id: boss!.id,
      is_manager: true,
      employee_id: "E-9",
      auto_promote: true,
      email: "changed@example.com",
      status: "USER_INACTIVE",
      something_new: 1,
    });
    assert.equal(answer.status, 204);
    assert.equal(answer.text, "");
    const live = (await h.api.get(`/users/${user!.id}`)).body;
    assert.equal(live.first_name, "Grace");
    assert.equal(live.last_name, "Hopper");
    assert.equal(live.role, "BUSINESS_BOOKKEEPER");
    assert.equal(live.department_id, dept.id);
    assert.equal(live.manager_id, boss!.id);
    assert.equal(live.is_manager, true);
    assert.equal(live.employee_id, "E-9");
    assert.equal(live.email, user!.email, "email ignored");
    assert.equal(live.status, "USER_ACTIVE", "status ignored");
    assert.ok(!("something_new" in live));
  });

  it("clears the manager with null and leaves absent fields alone; null anywhere else is 422 (Ramp's spec)", async () => {
    const dept = h.sim.admin.addDepartment("Sales");
    const loc = h.sim.admin.addLocation("Berlin");
    const [boss] = h.sim.admin.seedUsers(1);
    const user = h.sim.admin.addUser({
      email: "u@example.com",
      department_id: dept.id,
      location_id: loc.id,
      manager_id: boss!.id,
      employee_id: "E-1",
    });
    for (const field of ["department_id", "location_id", "employee_id", "first_name", "last_name", "role", "is_manager", "auto_promote"]) {
      const refused = await h.api.patch(`/users/${user.id}`, { [field]: null });
      assert.equal(refused.status, 422, field);
      assert.equal(errorCode(refused), "DEVELOPER_7001");
      assert.deepEqual(refused.body.error_v2.additional_info[field], ["Field may not be null."], field);
    }
    assert.equal((await h.api.patch(`/users/${user.id}`, { direct_manager_id: null })).status, 204);
    const live = (await h.api.get(`/users/${user.id}`)).body;
    assert.equal(live.department_id, dept.id);
    assert.equal(live.location_id, loc.id);
    assert.equal(live.manager_id, null);
    assert.equal(live.employee_id, "E-1");
  });

  it("answers 400 for an unknown department, location or manager, and changes nothing", async () => {
    const [user] = h.sim.admin.seedUsers(1);
    for (const field of ["department_id", "location_id", "direct_manager_id"]) {
      const answer = await h.api.patch(`/users/${user!.id}`, { first_name: "X", [field]: "no-such-id" });
      assert.equal(answer.status, 400, field);
      assert.equal(errorCode(answer), "DEVELOPER_7001");
    }
    assert.equal(h.sim.admin.users()[0]!.first_name, user!.first_name);
  });

  it("refuses BUSINESS_OWNER as a role and a change of the owner's role (400)", async () => {
    const [user] = h.sim.admin.seedUsers(1);
    const owner = h.sim.admin.addUser({ email: "owner@example.com", role: "BUSINESS_OWNER" });
    assert.equal((await h.api.patch(`/users/${user!.id}`, { role: "BUSINESS_OWNER" })).status, 400);
    assert.equal((await h.api.patch(`/users/${owner.id}`, { role: "BUSINESS_USER" })).status, 400);
    assert.equal((await h.api.patch(`/users/${owner.id}`, { first_name: "Olga" })).status, 204);
  });

  it("refuses a manager for a BUSINESS_ADMIN, existing or being made one (400)", async () => {
    const [boss, user] = h.sim.admin.seedUsers(2);
    const admin = h.sim.admin.addUser({ email: "admin@example.com", role: "BUSINESS_ADMIN" });
    assert.equal((await h.api.patch(`/users/${admin.id}`, { direct_manager_id: boss!.id })).status, 400);
    const both = await h.api.patch(`/users/${user!.id}`, { role: "BUSINESS_ADMIN", direct_manager_id: boss!.id });
    assert.equal(both.status, 400);
    assert.equal((await h.api.patch(`/users/${admin.id}`, { direct_manager_id: null })).status, 204);
  });

  it("answers 422 for invalid values and 400 for an unknown user (Ramp's spec)", async () => {
    const [user] = h.sim.admin.seedUsers(1);
    assert.equal((await h.api.patch(`/users/${user!.id}`, { first_name: "" })).status, 422);
    assert.equal((await h.api.patch(`/users/${user!.id}`, { employee_id: "" })).status, 422);
    assert.equal((await h.api.patch(`/users/${user!.id}`, { is_manager: "yes" })).status, 422);
    assert.equal((await h.api.patch(`/users/${user!.id}`, { role: "Admin" })).status, 422);
    assert.equal((await h.api.patch("/users/nobody", { first_name: "X" })).status, 400);
  });

  it("deactivates and reactivates idempotently with 200 {}", async () => {
    const [user] = h.sim.admin.seedUsers(1);
    for (let i = 0; i < 2; i++) {
      const answer = await h.api.patch(`/users/${user!.id}/deactivate`);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, {});
      assert.equal((await h.api.get(`/users/${user!.id}`)).body.status, "USER_INACTIVE");
    }
    for (let i = 0; i < 2; i++) {
      const answer = await h.api.patch(`/users/${user!.id}/reactivate`);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, {});
      assert.equal((await h.api.get(`/users/${user!.id}`)).body.status, "USER_ACTIVE");
    }
    assert.equal((await h.api.patch("/users/nobody/deactivate")).status, 400);
    assert.equal((await h.api.patch("/users/nobody/reactivate")).status, 400);
  });

  it("brings a user deactivated before accepting the invite back to INVITE_PENDING, not USER_ACTIVE", async () => {
    const user = h.sim.admin.addUser({ email: "p@example.com", status: "INVITE_PENDING" });
    await h.api.patch(`/users/${user.id}/deactivate`);
    await h.api.patch(`/users/${user.id}/reactivate`);
    assert.equal((await h.api.get(`/users/${user.id}`)).body.status, "INVITE_PENDING");
  });

  it("refuses to deactivate the business owner", async () => {
    const owner = h.sim.admin.addUser({ email: "owner@example.com", role: "BUSINESS_OWNER" });
    assert.equal((await h.api.patch(`/users/${owner.id}/deactivate`)).status, 400);
  });

  it("has no DELETE (405)", async () => {
    const [user] = h.sim.admin.seedUsers(1);
    const answer = await h.api.call("DELETE", `/users/${user!.id}`);
    assert.equal(answer.status, 405);
    assert.equal(h.sim.admin.users().length, 1);
    assert.equal(h.sim.admin.requestCounts()["DELETE /users/{id}"], 1);
  });
});
