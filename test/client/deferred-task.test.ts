import { strict as assert } from "node:assert";
import sinon from "sinon";
import { RampTaskError, RampTaskTimeoutError, type DeferredTask } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { FirstPollDelay, pollUntil, waitForTask } from "../../packages/pulumi-ramp-roster/src/client/deferred-task.js";
import { record } from "./helpers.js";

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
