import { strict as assert } from "node:assert";
import { InvalidIdError, isNotFound, RampApiError, RampUnsupportedChangeError, type RampUserRecord } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { rejectionOf, useSimulator } from "./helpers.js";

describe("RampClient users", () => {
  const h = useSimulator();

  it("lists 250 users across 3 pages of 100, following page.next", async () => {
    h.sim.admin.seedUsers(250);
    const users = await h.client().listUsers();
    assert.equal(users.length, 250);
    assert.equal(new Set(users.map((u) => u.id)).size, 250);
    assert.equal(h.count("GET /users"), 3);
    assert.equal(h.count("POST /token"), 1);
    const log = h.sim.admin.requestLog().filter((e) => e.route === "GET /users");
    assert.deepEqual(
      log.map((e) => e.query.page_size),
      ["100", "100", "100"],
    );
    assert.equal(log[0]?.query.start, undefined);
    assert.equal(log[1]?.query.start, users[99]?.id);
    assert.equal(log[2]?.query.start, users[199]?.id);
  });

  it("lists an empty business and yields pages one by one", async () => {
    const client = h.client();
    assert.deepEqual(await client.listUsers(), []);
    h.sim.admin.seedUsers(120);
    const sizes: number[] = [];
    for await (const page of client.listUsersPages()) sizes.push(page.length);
    assert.deepEqual(sizes, [100, 20]);
  });

  it("maps every field, tolerating unknown fields, roles and statuses", async () => {
    const dept = h.sim.admin.addDepartment("Engineering");
    const loc = h.sim.admin.addLocation("Berlin");
    const manager = h.sim.admin.addUser({ email: "boss@example.com", first_name: "Bo", last_name: "Ss", role: "BUSINESS_ADMIN" });
    h.sim.admin.addUser({
      email: "new@example.com",
      first_name: "New",
      last_name: "Role",
      role: "UNBUNDLED_CARD_ISSUER",
      status: "USER_DRAFT",
      department_id: dept.id,
      location_id: loc.id,
      manager_id: manager.id,
      employee_id: "E-1",
      is_manager: true,
      phone: "+1 555 0100",
      brand_new_field: { nested: [1, 2] },
    });
    const users = await h.client().listUsers();
    const user = users.find((u) => u.email === "new@example.com") as RampUserRecord;
    assert.ok(user);
    const wire = h.sim.admin.users().find((u) => u.email === "new@example.com");
    assert.deepEqual(user, {
      id: wire?.id,
      email: "new@example.com",
      firstName: "New",
      lastName: "Role",
      role: "UNBUNDLED_CARD_ISSUER",
      status: "USER_DRAFT",
      departmentId: dept.id,
      locationId: loc.id,
      managerId: manager.id,
      employeeId: "E-1",
      isManager: true,
      entityId: wire?.entity_id ?? null,
      businessId: wire?.business_id ?? null,
      phone: "+1 555 0100",
      scheduledDeactivationDate: null,
      scheduledInvitationDate: null,
    });
  });

  it("passes filters as query parameters", async () => {
    h.sim.admin.seedUsers(5);
    h.sim.admin.addUser({ email: "bk@example.com", role: "BUSINESS_BOOKKEEPER", employee_id: "B7" });
    const client = h.client();
    const bookkeepers = await client.listUsers({ role: "BUSINESS_BOOKKEEPER" });
    assert.deepEqual(
      bookkeepers.map((u) => u.email),
      ["bk@example.com"],
    );
    assert.equal((await client.listUsers({ employeeId: "B7", status: "USER_ACTIVE" })).length, 1);
    assert.equal((await client.listUsers({ status: "USER_INACTIVE" })).length, 0);
    const queries = h.sim.admin
      .requestLog()
      .filter((e) => e.route === "GET /users")
      .map((e) => e.query);
    assert.deepEqual(queries[1], { page_size: "100", employee_id: "B7", status: "USER_ACTIVE" });
  });

  it("gets one user, and a missing one (Ramp's spec: 400 UserInvalidInput) is a not-found RampApiError", async () => {
    const [seeded] = h.sim.admin.seedUsers(1);
    const client = h.client();
    const user = await client.getUser(seeded?.id as string);
    assert.equal(user.email, seeded?.email);
    h.sim.admin.deleteUser(seeded?.id as string);
    const err = await rejectionOf(client.getUser(seeded?.id as string));
    assert.ok(err instanceof RampApiError);
    assert.ok(isNotFound(err));
    assert.equal(err.status, 400);
    assert.equal(err.code, "RAMP_API_ERROR");
    assert.equal(err.errorCode, "DEVELOPER_7001");
    assert.equal(err.method, "GET");
    assert.equal(err.path, `/developer/v1/users/${seeded?.id}`);
    assert.match(err.traceId ?? "", /^[0-9a-f]{32}$/);
    assert.match(err.message, /HTTP 400/);
    assert.match(err.message, /x-trace-id [0-9a-f]{32}/);
    assert.equal(h.count("GET /users/{id}"), 2, "a 400 is not retried");
    assert.equal(isNotFound(new Error("x")), false);
  });

  it("finds a user by email case-insensitively, or returns undefined after asking for the statuses the listing hides", async () => {
    h.sim.admin.seedUsers(3);
    h.sim.admin.addUser({ email: "Ada.Lovelace@Example.com" });
    const client = h.client();
    const found = await client.fetchUserByEmail("ada.lovelace@example.COM");
    assert.equal(found?.email, "Ada.Lovelace@Example.com");
    assert.equal(await client.fetchUserByEmail("nobody@example.com"), undefined);
    const queries = h.sim.admin
      .requestLog()
      .filter((e) => e.route === "GET /users")
      .map((e) => [e.query.email, e.query.status]);
    assert.deepEqual(queries, [
      ["ada.lovelace@example.COM", undefined],
      ["nobody@example.com", undefined],
      ["nobody@example.com", "USER_SUSPENDED"],
      ["nobody@example.com", "USER_DRAFT"],
    ]);
  });

  it("updates only the fields given, managerId as direct_manager_id, null clears the manager", async () => {
    const dept = h.sim.admin.addDepartment("Sales");
    const other = h.sim.admin.addDepartment("Ops");
    const manager = h.sim.admin.addUser({ email: "m@example.com" });
    const user = h.sim.admin.addUser({ email: "u@example.com", first_name: "U", last_name: "One", department_id: dept.id, employee_id: "X1" });
    const client = h.client();
    await client.updateUser(user.id, { firstName: "Ursula", managerId: manager.id, departmentId: other.id, lastName: undefined });
    let wire = h.sim.admin.users().find((u) => u.id === user.id);
    assert.equal(wire?.first_name, "Ursula");
    assert.equal(wire?.last_name, "One");
    assert.equal(wire?.manager_id, manager.id);
    assert.equal(wire?.department_id, other.id);
    assert.equal(wire?.employee_id, "X1");
    const got = await client.getUser(user.id);
    assert.equal(got.managerId, manager.id);

    await client.updateUser(user.id, { managerId: null, isManager: true, role: "BUSINESS_BOOKKEEPER", employeeId: "X2" });
    wire = h.sim.admin.users().find((u) => u.id === user.id);
    assert.equal(wire?.manager_id, null);
    assert.equal(wire?.is_manager, true);
    assert.equal(wire?.role, "BUSINESS_BOOKKEEPER");
    assert.equal(wire?.employee_id, "X2");
    assert.equal(h.count("PATCH /users/{id}"), 2);
  });

  it("refuses, before sending, a null Ramp's API does not take (department, location, employee id) or an empty name", async () => {
    const user = h.sim.admin.addUser({ email: "u@example.com" });
    const client = h.client();
    for (const patch of [{ departmentId: null }, { locationId: null }, { employeeId: null }, { firstName: "" }, { employeeId: "" }] as const) {
      const err = await rejectionOf(client.updateUser(user.id, { lastName: "Kept", ...patch }));
      assert.ok(err instanceof RampUnsupportedChangeError, JSON.stringify(patch));
      assert.equal(err.field, Object.keys(patch)[0]);
      assert.match(err.message, new RegExp(`^Cannot update user ${user.id}: `));
    }
    assert.equal(h.count("PATCH /users/{id}"), 0);
  });

  it("sends nothing for an empty patch", async () => {
    const user = h.sim.admin.addUser({ email: "u@example.com" });
    const client = h.client();
    await client.updateUser(user.id, {});
    await client.updateUser(user.id, { firstName: undefined });
    assert.equal(h.count("PATCH /users/{id}"), 0);
    assert.equal(h.count("POST /token"), 0);
  });

  it("reports Ramp's validation error for an unknown department id", async () => {
    const user = h.sim.admin.addUser({ email: "u@example.com" });
    const err = await rejectionOf(h.client().updateUser(user.id, { departmentId: "00000000-0000-0000-0000-000000000000" }));
    assert.ok(err instanceof RampApiError);
    assert.equal(err.status, 400);
    assert.equal(err.errorCode, "DEVELOPER_7001");
    assert.ok(err.rampMessage);
    assert.ok(err.additionalInfo && typeof err.additionalInfo === "object");
    assert.equal(isNotFound(err), false);
    assert.equal(h.count("PATCH /users/{id}"), 1, "a 400 is not retried");
  });

  it("deactivates and reactivates (idempotently)", async () => {
    const user = h.sim.admin.addUser({ email: "u@example.com" });
    const client = h.client();
    await client.deactivateUser(user.id);
    assert.equal((await client.getUser(user.id)).status, "USER_INACTIVE");
    await client.deactivateUser(user.id);
    assert.equal((await client.getUser(user.id)).status, "USER_INACTIVE");
    await client.reactivateUser(user.id);
    assert.equal((await client.getUser(user.id)).status, "USER_ACTIVE");
    assert.equal(h.count("PATCH /users/{id}/deactivate"), 2);
    assert.equal(h.count("PATCH /users/{id}/reactivate"), 1);
    // Ramp's spec answers 400 UserInvalidInput for an unknown id: on a write that is a refusal, not "not found".
    const missing = await rejectionOf(client.deactivateUser("9f3c5a2e-0000-4000-8000-000000000000"));
    assert.ok(missing instanceof RampApiError);
    assert.equal(missing.status, 400);
    assert.equal(isNotFound(missing), false);
  });

  it("refuses unsafe ids before sending anything", async () => {
    const client = h.client();
    const bad = ["", "../token", "a/b", "a?b=c", "a%2Fb", " a", "a b", "é", "-leading", "x".repeat(129), "a\nb"];
    for (const id of bad) {
      const err = await rejectionOf(client.getUser(id));
      assert.ok(err instanceof InvalidIdError, `${JSON.stringify(id)} should be refused`);
      assert.equal(err.code, "RAMP_INVALID_ID");
    }
    for (const call of [
      () => client.updateUser("../x", { firstName: "a" }),
      () => client.deactivateUser("a/b"),
      () => client.reactivateUser("a/b"),
      () => client.getDeferredTask("a/../b"),
      () => client.getDepartment("?"),
      () => client.renameDepartment("#", "x"),
      () => client.getLocation("a.b"),
      () => client.renameLocation("", "x"),
      () => client.getUser(42 as unknown as string),
    ]) {
      assert.ok((await rejectionOf(call())) instanceof InvalidIdError);
    }
    assert.deepEqual(h.counts(), {});
  });
});
