import { strict as assert } from "node:assert";
import {
  RampApiError,
  RampConfigError,
  RampInviteUnconfirmedError,
  RampTaskError,
  RampTaskTimeoutError,
  type NewUser,
} from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { rejectionOf, useSimulator, CLIENT_ID, CLIENT_SECRET } from "./helpers.js";
import { startLossyProxy, type LossyProxy } from "./lossy-proxy.js";

const ada: NewUser = { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", role: "BUSINESS_USER" };

describe("RampClient invites (deferred tasks)", () => {
  const h = useSimulator();

  it("invites a user and follows the task to the new user id", async () => {
    const dept = h.sim.admin.addDepartment("Eng");
    const loc = h.sim.admin.addLocation("HQ");
    const manager = h.sim.admin.addUser({ email: "boss@example.com", role: "BUSINESS_USER" });
    const client = h.client();
    const result = await client.inviteUser(
      { ...ada, departmentId: dept.id, locationId: loc.id, managerId: manager.id, isManager: false, employeeId: "E42" },
      { idempotencyKey: "invite-ada-1" },
    );
    assert.ok(result.taskId);
    const user = await client.getUser(result.userId);
    assert.equal(user.email, "ada@example.com");
    assert.equal(user.status, "INVITE_PENDING");
    assert.equal(user.managerId, manager.id);
    assert.equal(user.departmentId, dept.id);
    assert.equal(user.locationId, loc.id);
    assert.equal(user.employeeId, "E42");
    assert.equal(h.count("POST /users/deferred"), 1);
    assert.ok(h.count("GET /users/deferred/status/{id}") >= 1);
    const task = await client.getDeferredTask(result.taskId);
    assert.deepEqual(task, { id: result.taskId, status: "SUCCESS", userId: result.userId, error: null });
    h.sim.admin.acceptInvite(result.userId);
    assert.equal((await client.getUser(result.userId)).status, "USER_ACTIVE");
    assert.ok(h.events.some((e) => e.type === "task_poll" && e.status === "SUCCESS"));
  });

  it("learns when tasks finish: one poll per invite instead of one per poll interval", async () => {
    h.sim.admin.setTaskDelay(60);
    // Polled every 20 ms from the start, a 60 ms task takes three polls; the client learns to wait for it instead.
    const client = h.client({ deferredTask: { pollIntervalMs: 20, timeoutMs: 2_000 } });
    const invites = 30;
    for (let i = 0; i < invites; i++) {
      await client.inviteUser({ ...ada, email: `learner-${i}@example.com` }, { idempotencyKey: `k-learn-${i}` });
    }
    const polls = h.count("GET /users/deferred/status/{id}");
    assert.ok(polls <= invites * 1.4, `${polls} polls for ${invites} invites`);
  });

  it("reports a running task's status", async () => {
    h.sim.admin.setTaskDelay(5_000);
    const client = h.client({ deferredTask: { pollIntervalMs: 10, timeoutMs: 50 } });
    const err = await rejectionOf(client.inviteUser(ada, { idempotencyKey: "k-running" }));
    assert.ok(err instanceof RampTaskTimeoutError);
    const task = await client.getDeferredTask(err.taskId);
    assert.equal(task.status, "STARTED");
    assert.equal(task.userId, null);
  });

  it("fails with RampTaskError flagged emailAlreadyExists for a duplicate email", async () => {
    h.sim.admin.addUser({ email: "ada@example.com" });
    const err = await rejectionOf(h.client().inviteUser(ada, { idempotencyKey: "k-dup" }));
    assert.ok(err instanceof RampTaskError);
    assert.equal(err.code, "RAMP_TASK_FAILED");
    assert.equal(err.emailAlreadyExists, true);
    assert.equal(err.rampMessage, "User with this email already exists.");
    assert.ok(err.taskId);
    assert.match(err.message, new RegExp(err.taskId));
  });

  it("fails with RampTaskError (not email-exists) when the task ends in another ERROR", async () => {
    h.sim.admin.injectFault({ kind: "task_error", message: "Something broke on Ramp's side." });
    const err = await rejectionOf(h.client().inviteUser(ada, { idempotencyKey: "k-err" }));
    assert.ok(err instanceof RampTaskError);
    assert.equal(err.emailAlreadyExists, false);
    assert.match(err.message, /Something broke/);
  });

  it("gives up on a task that never finishes with RampTaskTimeoutError, bounded by timeoutMs", async () => {
    h.sim.admin.injectFault({ kind: "task_stuck" });
    const client = h.client({ deferredTask: { pollIntervalMs: 20, timeoutMs: 200 } });
    const started = Date.now();
    const err = await rejectionOf(client.inviteUser(ada, { idempotencyKey: "k-stuck" }));
    const elapsed = Date.now() - started;
    assert.ok(err instanceof RampTaskTimeoutError);
    assert.equal(err.code, "RAMP_TASK_TIMEOUT");
    assert.ok(err.taskId);
    assert.equal(err.timeoutMs, 200);
    assert.ok(err.polls >= 1 && err.polls <= 11, `polls ${err.polls}`); // 200 ms at one poll per 20 ms at most
    assert.ok(elapsed < 1_000, `took ${elapsed} ms`);
    assert.match(err.message, /did not finish within 200 ms/);
    assert.equal(h.count("POST /users/deferred"), 1);
  });

  it("rejects a validation error from the POST without retrying (role BUSINESS_OWNER)", async () => {
    const err = await rejectionOf(h.client().inviteUser({ ...ada, role: "BUSINESS_OWNER" }, { idempotencyKey: "k-owner" }));
    assert.ok(err instanceof RampApiError);
    assert.equal(err.status, 400);
    assert.equal(h.count("POST /users/deferred"), 1);
  });

  it("requires an idempotency key", async () => {
    const client = h.client();
    for (const key of ["", "   ", undefined as unknown as string]) {
      assert.ok((await rejectionOf(client.inviteUser(ada, { idempotencyKey: key }))) instanceof RampConfigError);
    }
    assert.deepEqual(h.counts(), {});
  });

  it("retries a failed POST with the same key (5xx before processing)", async () => {
    h.sim.admin.injectFault({ kind: "status", status: 503, method: "POST", path: "/users/deferred" });
    const result = await h.client().inviteUser(ada, { idempotencyKey: "k-503" });
    assert.ok(result.taskId);
    assert.equal(h.count("POST /users/deferred"), 2);
    assert.equal(h.sim.admin.users().filter((u) => u.email === "ada@example.com").length, 1);
  });

  it("finds the user by email when the key was already used by an earlier run", async () => {
    // An earlier run posted with this key and crashed before it saw the task's result.
    const earlier = h.client();
    await earlier.inviteUser(ada, { idempotencyKey: "k-earlier" });
    h.sim.admin.resetRequestLog();
    const result = await h.client().inviteUser(ada, { idempotencyKey: "k-earlier" });
    assert.equal(result.taskId, null);
    assert.equal(result.userId, h.sim.admin.users().find((u) => u.email === "ada@example.com")?.id);
    assert.equal(h.count("POST /users/deferred"), 1, "no second POST with a new key");
    assert.ok(h.events.some((e) => e.type === "invite_recovery" && e.action === "found_by_email"));
  });

  it("says the invite may exist when the key was used but the user never appears", async () => {
    // The key was used, but for a user that was then deleted in Ramp's UI.
    await h.client().inviteUser(ada, { idempotencyKey: "k-gone" });
    h.sim.admin.deleteUser("ada@example.com");
    const client = h.client({ deferredTask: { pollIntervalMs: 20, timeoutMs: 120 } });
    const err = await rejectionOf(client.inviteUser(ada, { idempotencyKey: "k-gone" }));
    assert.ok(err instanceof RampInviteUnconfirmedError);
    assert.equal(err.code, "RAMP_INVITE_UNCONFIRMED");
    assert.match(err.message, /may have created the invite/);
    assert.match(err.message, /Re-run/);
    assert.ok(err.cause instanceof RampApiError && err.cause.errorCode === "DEVELOPER_7005");
    assert.equal(h.sim.admin.users().length, 0, "nothing was invited again");
  });

  describe("when Ramp processed the POST but the answer was lost", () => {
    let proxy: LossyProxy;
    beforeEach(async () => {
      proxy = await startLossyProxy(h.sim.baseUrl);
    });
    afterEach(async () => {
      await proxy.close();
    });

    it("retries with the same key, gets DEVELOPER_7005, finds the user by email, and invites only once", async () => {
      proxy.loseResponse("POST", "/users/deferred");
      const client = h.client({ baseUrl: proxy.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
      const result = await client.inviteUser(ada, { idempotencyKey: "k-lost" });
      assert.equal(proxy.lost(), 1);
      assert.equal(result.taskId, null);
      const matching = h.sim.admin.users().filter((u) => u.email === "ada@example.com");
      assert.equal(matching.length, 1, "invited exactly once");
      assert.equal(result.userId, matching[0]?.id);
      const posts = h.sim.admin.requestLog().filter((e) => e.route === "POST /users/deferred");
      assert.deepEqual(
        posts.map((p) => p.status),
        [201, 400],
      );
      assert.ok(h.events.some((e) => e.type === "retry" && e.path === "/developer/v1/users/deferred"));
    });
  });
});
