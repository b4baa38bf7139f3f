import assert from "node:assert/strict";
import { DUPLICATE_EMAIL_MESSAGE } from "../../packages/ramp-simulator/src/index.js";
import { errorCode, sleep, useSimulator } from "./helpers.js";

describe("simulator: POST /users/deferred and the deferred task", () => {
  const h = useSimulator();
  const base = { first_name: "Ada", last_name: "Lovelace", role: "BUSINESS_USER" };
  let n = 0;
  const key = (): string => `idem-${++n}`;

  it("answers 201 with a task id; the task goes STARTED → IN_PROGRESS → SUCCESS with the user id", async () => {
    // Each phase lasts half the delay: 500 ms leaves room for a slow first poll on a busy machine.
    h.sim.admin.setTaskDelay(1_000);
    try {
      const body = { ...base, email: "ada@example.com", idempotency_key: key() };
      const created = await h.api.post("/users/deferred", body);
      assert.equal(created.status, 201);
      assert.deepEqual(Object.keys(created.body), ["id"]);
      const taskId = created.body.id as string;
      const statuses: string[] = [];
      let task;
      for (;;) {
        // Counted before the poll: the task may settle right after answering, but a user that existed before the
        // poll means the poll must have said SUCCESS.
        const usersBeforePoll = h.sim.admin.users().length;
        task = await h.api.get(`/users/deferred/status/${taskId}`);
        assert.equal(task.status, 200);
        if (statuses.at(-1) !== task.body.status) statuses.push(task.body.status as string);
        if (task.body.status === "SUCCESS") break;
        assert.equal(usersBeforePoll, 0, "no user before the task succeeds");
        await sleep(20);
      }
      assert.deepEqual(statuses, ["STARTED", "IN_PROGRESS", "SUCCESS"]);
      const user = await h.api.get(`/users/${task.body.data.user_id as string}`);
      assert.equal(user.body.email, "ada@example.com");
      assert.equal(user.body.status, "INVITE_PENDING");
    } finally {
      h.sim.admin.setTaskDelay(20);
    }
  });

  it("creates the user with department, location, manager (read back as manager_id) and employee id", async () => {
    const dept = h.sim.admin.addDepartment("Engineering");
    const loc = h.sim.admin.addLocation("London");
    const [boss] = h.sim.admin.seedUsers(1);
    const task = await h.api.invite({
      email: "ada@example.com",
      department_id: dept.id,
      location_id: loc.id,
      direct_manager_id: boss!.id,
      employee_id: "E-7",
      is_manager: true,
    });
    assert.equal(task.body.status, "SUCCESS");
    const user = (await h.api.get(`/users/${task.body.data.user_id as string}`)).body;
    assert.equal(user.department_id, dept.id);
    assert.equal(user.location_id, loc.id);
    assert.equal(user.manager_id, boss!.id);
    assert.equal(user.employee_id, "E-7");
    assert.equal(user.is_manager, true);
    assert.equal(user.role, "BUSINESS_USER");
  });

  it("stays INVITE_PENDING until the invite is accepted out of band", async () => {
    const task = await h.api.invite({ email: "ada@example.com" });
    const id = task.body.data.user_id as string;
    assert.equal((await h.api.get(`/users/${id}`)).body.status, "INVITE_PENDING");
    h.sim.admin.acceptInvite("ADA@example.com");
    assert.equal((await h.api.get(`/users/${id}`)).body.status, "USER_ACTIVE");
  });

  it("ends the task in ERROR for an email that exists in any status (case-insensitive), creating nobody", async () => {
    h.sim.admin.addUser({ email: "Ada@Example.com", status: "USER_INACTIVE" });
    const task = await h.api.invite({ email: "ada@example.com" });
    assert.equal(task.body.status, "ERROR");
    assert.equal(task.body.data.error, DUPLICATE_EMAIL_MESSAGE);
    assert.equal(h.sim.admin.users().length, 1);
  });

  it("answers 400 DEVELOPER_7005 for a reused idempotency key", async () => {
    const body = { ...base, email: "ada@example.com", idempotency_key: "same" };
    assert.equal((await h.api.post("/users/deferred", body)).status, 201);
    const again = await h.api.post("/users/deferred", { ...body, email: "other@example.com" });
    assert.equal(again.status, 400);
    assert.equal(errorCode(again), "DEVELOPER_7005");
  });

  it("answers 422 with per-field errors for missing or invalid fields", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, email: "a@example.com" }, "idempotency_key"],
      [{ ...base, email: "a@example.com", idempotency_key: key(), last_name: "x".repeat(256) }, "last_name"],
      [{ role: "BUSINESS_USER", email: "a@example.com", idempotency_key: key(), last_name: "L" }, "first_name"],
      [{ ...base, email: "not-an-email", idempotency_key: key() }, "email"],
      [{ ...base, email: "a@example.com", idempotency_key: key(), role: "Cardholder" }, "role"],
    ];
    for (const [body, field] of cases) {
      const answer = await h.api.post("/users/deferred", body);
      assert.equal(answer.status, 422, field);
      assert.equal(errorCode(answer), "DEVELOPER_7001");
      assert.ok(answer.body.error_v2.additional_info[field], field);
      assert.ok(answer.body.error[field], `legacy error field for ${field}`);
    }
    const notJson = await h.api.call("POST", "/users/deferred", { headers: { "content-type": "application/json" } });
    assert.equal(notJson.status, 422);
  });

  it("answers 400 for role BUSINESS_OWNER", async () => {
    const answer = await h.api.post("/users/deferred", {
      ...base,
      email: "a@example.com",
      idempotency_key: key(),
      role: "BUSINESS_OWNER",
    });
    assert.equal(answer.status, 400);
    assert.ok(answer.body.error_v2.message);
  });

  it("answers 400 for an unknown department, location or manager", async () => {
    for (const field of ["department_id", "location_id", "direct_manager_id"]) {
      const answer = await h.api.post("/users/deferred", {
        ...base,
        email: "a@example.com",
        idempotency_key: key(),
        [field]: "11111111-1111-1111-1111-111111111111",
      });
      assert.equal(answer.status, 400, field);
      assert.ok(answer.body.error_v2.additional_info[field], field);
    }
    assert.equal(h.sim.admin.requestCounts()["POST /users/deferred"], 3);
  });

  it("answers 400 for a manager on a BUSINESS_ADMIN", async () => {
    const [boss] = h.sim.admin.seedUsers(1);
    const answer = await h.api.post("/users/deferred", {
      ...base,
      email: "a@example.com",
      idempotency_key: key(),
      role: "BUSINESS_ADMIN",
      direct_manager_id: boss!.id,
    });
    assert.equal(answer.status, 400);
  });

  it("answers 404 for an unknown task id, and needs users:write to read a task", async () => {
    assert.equal((await h.api.get("/users/deferred/status/nope")).status, 404);
    const created = await h.api.post("/users/deferred", { ...base, email: "a@example.com", idempotency_key: key() });
    const readOnly = (await h.api.requestToken("users:read")).body.access_token as string;
    const denied = await h.api.get(`/users/deferred/status/${created.body.id as string}`, { token: readOnly });
    assert.equal(denied.status, 403);
  });

  it("lets two tasks race for one email: the first succeeds, the second ends in ERROR", async () => {
    const a = await h.api.post("/users/deferred", { ...base, email: "ada@example.com", idempotency_key: key() });
    const b = await h.api.post("/users/deferred", { ...base, email: "ADA@example.com", idempotency_key: key() });
    const [ta, tb] = [await h.api.waitForTask(a.body.id as string), await h.api.waitForTask(b.body.id as string)];
    assert.equal(ta.body.status, "SUCCESS");
    assert.equal(tb.body.status, "ERROR");
    assert.equal(h.sim.admin.users().length, 1);
  });
});
