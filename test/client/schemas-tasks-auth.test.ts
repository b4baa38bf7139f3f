import { strict as assert } from "node:assert";
import sinon from "sinon";
import { RampTaskError, RampTaskTimeoutError, type DeferredTask } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { basicAuthorization, refreshMarginMs, tokenRequestBody, TokenManager, type TokenGrant } from "../../packages/pulumi-ramp-roster/src/client/auth.js";
import { FirstPollDelay, pollUntil, waitForTask } from "../../packages/pulumi-ramp-roster/src/client/deferred-task.js";
import { DeferredTaskWire, pageOf, parseErrorBody, toDeferredTask, TokenWire, toUser, UserWire } from "../../packages/pulumi-ramp-roster/src/client/schemas.js";
import { record } from "./helpers.js";

describe("wire schemas (unit)", () => {
  it("tolerates missing optional fields, nulls, unknown fields and new enum values", () => {
    const user = toUser(UserWire.parse({ id: "u1", email: "a@b.c", role: "COORDINATOR", status: "USER_SOMETHING_NEW", first_name: null, extra: 1 }));
    assert.deepEqual(user, {
      id: "u1",
      email: "a@b.c",
      firstName: "",
      lastName: "",
      role: "COORDINATOR",
      status: "USER_SOMETHING_NEW",
      departmentId: null,
      locationId: null,
      managerId: null,
      employeeId: null,
      isManager: null,
      entityId: null,
      businessId: null,
      phone: null,
      scheduledDeactivationDate: null,
    });
    const page = pageOf(UserWire).parse({ data: [] });
    assert.deepEqual(page.page, { next: null });
    assert.deepEqual(pageOf(UserWire).parse({ data: [], page: { next: "" } }).page, { next: null });
  });

  it("never fails on a field the client does not use, whatever its type (Ramp's example answers phone as a number)", () => {
    const base = { id: "u1", email: "a@b.c", role: "BUSINESS_USER", status: "USER_ACTIVE" };
    for (const phone of [8004559999, "+1 800 455 9999", null, undefined, { n: 1 }, [1], true]) {
      for (const custom_fields of [[{ name: "Team", value: "Core" }], {}, "x", null]) {
        const parsed = UserWire.safeParse({ ...base, phone, custom_fields, lifecycle_status: 7 });
        assert.ok(parsed.success, JSON.stringify({ phone, custom_fields }));
      }
    }
    assert.equal(toUser(UserWire.parse({ ...base, phone: 8004559999 })).phone, "8004559999");
    assert.equal(toUser(UserWire.parse({ ...base, phone: { n: 1 } })).phone, null);
    assert.equal(toUser(UserWire.parse({ ...base, scheduled_deactivation_date: "2027-03-31" })).scheduledDeactivationDate, "2027-03-31");
  });

  it("accepts token_type Bearer in any case, and refuses other token types", () => {
    assert.ok(TokenWire.safeParse({ access_token: "t", token_type: "bearer", expires_in: 864000 }).success);
    assert.ok(TokenWire.safeParse({ access_token: "t", token_type: "Bearer", expires_in: "864000" }).success);
    assert.ok(!TokenWire.safeParse({ access_token: "t", token_type: "mac" }).success);
    assert.ok(!TokenWire.safeParse({ token_type: "Bearer" }).success);
  });

  it("reads error_v2, the legacy error object and OAuth errors", () => {
    assert.deepEqual(parseErrorBody({ error_v2: { error_code: "DEVELOPER_7005", message: "used", additional_info: { k: 1 } }, error: {} }), {
      errorCode: "DEVELOPER_7005",
      message: "used",
      additionalInfo: { k: 1 },
    });
    assert.deepEqual(parseErrorBody({ error: "invalid_client", error_description: "nope" }), { errorCode: "invalid_client", message: "nope", additionalInfo: null });
    assert.deepEqual(parseErrorBody({ error: { error_code: "X", message: "legacy" } }), { errorCode: "X", message: "legacy", additionalInfo: null });
    assert.deepEqual(parseErrorBody("<html>"), { errorCode: null, message: null, additionalInfo: null });
    assert.deepEqual(parseErrorBody({ ramp_error_code: "DEVELOPER_7002", message: "gone" }), { errorCode: "DEVELOPER_7002", message: "gone", additionalInfo: null });
  });

  it("reads a task's result in either shape", () => {
    assert.deepEqual(toDeferredTask("t1", DeferredTaskWire.parse({ status: "success", data: { user_id: "u" } })), { id: "t1", status: "SUCCESS", userId: "u", error: null });
    assert.equal(toDeferredTask("t1", DeferredTaskWire.parse({ id: "t1", status: "ERROR", data: { error: { message: "boom" } } })).error, "boom");
  });
});

describe("deferred task polling (unit)", () => {
  const task = (status: string, extra: Partial<DeferredTask> = {}): DeferredTask => ({ id: "t1", status, userId: null, error: null, ...extra });

  it("polls until SUCCESS and returns the user id (also for a duplicate answered with the existing id)", async () => {
    const getTask = sinon.stub();
    getTask.onCall(0).resolves(task("STARTED"));
    getTask.onCall(1).resolves(task("IN_PROGRESS"));
    getTask.onCall(2).resolves(task("SOMETHING_NEW"));
    getTask.onCall(3).resolves(task("SUCCESS", { userId: "u9" }));
    assert.equal(await waitForTask("t1", getTask, { pollIntervalMs: 1, timeoutMs: 1_000 }), "u9");
    assert.equal(getTask.callCount, 4);
  });

  it("turns ERROR and a SUCCESS without user into RampTaskError", async () => {
    const e1 = await waitForTask("t1", async () => task("ERROR", { error: "User with this email already exists." }), { pollIntervalMs: 1, timeoutMs: 100 }).catch((e: unknown) => e);
    assert.ok(e1 instanceof RampTaskError && e1.emailAlreadyExists && e1.taskId === "t1");
    const e2 = await waitForTask("t1", async () => task("SUCCESS"), { pollIntervalMs: 1, timeoutMs: 100 }).catch((e: unknown) => e);
    assert.ok(e2 instanceof RampTaskError && !e2.emailAlreadyExists);
    record(e1);
    record(e2);
  });

  it("is bounded by timeoutMs (fake clock)", async () => {
    const clock = sinon.useFakeTimers();
    try {
      const getTask = sinon.stub().resolves(task("IN_PROGRESS"));
      const p = waitForTask("t1", getTask, { pollIntervalMs: 500, timeoutMs: 60_000 }).catch((e: unknown) => e);
      await clock.tickAsync(61_000);
      const err = await p;
      assert.ok(err instanceof RampTaskTimeoutError);
      assert.equal(err.lastStatus, "IN_PROGRESS");
      assert.equal(getTask.callCount, 120); // t = 500, 1 000, ..., 60 000: no poll right after the create
      const found = pollUntil(async () => (Date.now() >= 2_000 ? "x" : undefined), { pollIntervalMs: 500, timeoutMs: 10_000 });
      await clock.tickAsync(3_000);
      assert.equal((await found).value, "x");
    } finally {
      clock.restore();
    }
  });
});

describe("FirstPollDelay (unit)", () => {
  const task = (status: string, extra: Partial<DeferredTask> = {}): DeferredTask => ({ id: "t1", status, userId: null, error: null, ...extra });

  /** First polls, one task after another, each taking `taskMs`: how many came too early. */
  function early(delay: FirstPollDelay, taskMs: number, tasks: number): number {
    let tooEarly = 0;
    for (let i = 0; i < tasks; i++) {
      const waited = delay.ms;
      if (waited < taskMs) tooEarly++;
      delay.record(waited, waited >= taskMs);
    }
    return tooEarly;
  }

  it("learns the tasks' timing so that about one first poll in 25 comes too early", () => {
    for (const taskMs of [0, 200, 1_200, 4_000]) {
      const delay = new FirstPollDelay(500, 100, 10_000);
      early(delay, taskMs, 100); // learning
      const tooEarly = early(delay, taskMs, 1_000);
      assert.ok(tooEarly <= 50, `${taskMs} ms tasks: ${tooEarly} of 1,000 first polls too early`);
      assert.ok(delay.ms <= Math.max(100, 2 * taskMs), `${taskMs} ms tasks: first poll after ${delay.ms} ms`);
    }
  });

  it("stays within its bounds, and a burst of early polls counts once", () => {
    const delay = new FirstPollDelay(500, 100, 10_000);
    for (let i = 0; i < 8; i++) delay.record(500, false); // eight invites in flight, all polled at 500 ms
    assert.equal(delay.ms, 1_000);
    for (let i = 0; i < 10; i++) delay.record(delay.ms, false);
    assert.equal(delay.ms, 10_000);
    for (let i = 0; i < 500; i++) delay.record(delay.ms, true);
    assert.equal(delay.ms, 100);
  });

  it("sets when waitForTask polls first (fake clock)", async () => {
    const clock = sinon.useFakeTimers();
    try {
      const delay = new FirstPollDelay(2_000, 100, 10_000);
      const getTask = sinon.stub().callsFake(async () => task(Date.now() >= 2_000 ? "SUCCESS" : "IN_PROGRESS", { userId: "u1" }));
      const p = waitForTask("t1", getTask, { pollIntervalMs: 500, timeoutMs: 60_000, firstPoll: delay });
      await clock.tickAsync(1_999);
      assert.equal(getTask.callCount, 0);
      await clock.tickAsync(1);
      assert.equal(await p, "u1");
      assert.equal(getTask.callCount, 1);
      assert.equal(delay.ms, 1_940); // finished at the first poll: 3 % sooner next time
    } finally {
      clock.restore();
    }
  });
});

describe("TokenManager (unit)", () => {
  it("builds the Basic header and the form body as Ramp expects", () => {
    assert.equal(basicAuthorization("id", "secret-x"), `Basic ${Buffer.from("id:secret-x").toString("base64")}`);
    assert.equal(tokenRequestBody(["users:read", "users:write"]), "grant_type=client_credentials&scope=users%3Aread+users%3Awrite");
    assert.equal(refreshMarginMs(864_000_000), 300_000);
    assert.equal(refreshMarginMs(1_000), 100);
  });

  it("caches until shortly before expiry, shares one in-flight fetch, and invalidates only the stale token", async () => {
    const clock = sinon.useFakeTimers({ now: 0 });
    try {
      let n = 0;
      let release: (g: TokenGrant) => void = () => {};
      const fetchToken = sinon.spy(
        () =>
          new Promise<TokenGrant>((resolve) => {
            n++;
            release = resolve;
          }),
      );
      const tm = new TokenManager({ fetchToken });
      const waiting = Promise.all([tm.get(), tm.get(), tm.get()]);
      release({ accessToken: `tok-${n}`, expiresInSeconds: 100 });
      assert.deepEqual(await waiting, ["tok-1", "tok-1", "tok-1"]);
      assert.equal(fetchToken.callCount, 1);
      await clock.tickAsync(89_999);
      assert.equal(await tm.get(), "tok-1");
      await clock.tickAsync(1); // 90 s = 100 s minus the 10 % margin
      const refreshed = tm.get();
      release({ accessToken: `tok-${n}`, expiresInSeconds: 100 });
      assert.equal(await refreshed, "tok-2");
      tm.invalidate("tok-1"); // a late 401 for the old token: keep the new one
      assert.equal(await tm.get(), "tok-2");
      tm.invalidate("tok-2");
      const third = tm.get();
      release({ accessToken: `tok-${n}`, expiresInSeconds: undefined });
      assert.equal(await third, "tok-3");
      assert.equal(fetchToken.callCount, 3);
    } finally {
      clock.restore();
    }
  });

  it("lets every waiter see a failed fetch, then tries again on the next call", async () => {
    let calls = 0;
    const tm = new TokenManager({
      fetchToken: async () => {
        calls++;
        if (calls === 1) throw new Error("refused");
        return { accessToken: "ok", expiresInSeconds: 10 };
      },
    });
    const results = await Promise.allSettled([tm.get(), tm.get()]);
    assert.deepEqual(results.map((r) => r.status), ["rejected", "rejected"]);
    assert.equal(await tm.get(), "ok");
    assert.equal(calls, 2);
  });
});
