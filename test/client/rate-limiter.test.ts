import { strict as assert } from "node:assert";
import sinon from "sinon";
import { RateLimiter } from "../../packages/pulumi-ramp-roster/src/client/rate-limiter.js";

describe("RateLimiter (unit, fake timers)", () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => clock.restore());

  it("grants up to N at once, then one more each time the oldest grant leaves the rolling window", async () => {
    const limiter = new RateLimiter({ requests: 3, windowMs: 1_000 });
    const granted: Array<[number, number]> = [];
    const order = Array.from({ length: 7 }, (_, i) => limiter.acquire().then(() => granted.push([i, Date.now() - 1_000_000])));
    await clock.tickAsync(0);
    assert.deepEqual(granted, [
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
    assert.equal(limiter.pending, 4);
    assert.equal(clock.countTimers(), 1, "one timer, no polling");
    await clock.tickAsync(999);
    assert.equal(granted.length, 3);
    await clock.tickAsync(1);
    assert.equal(granted.length, 6);
    await clock.tickAsync(1_000);
    await Promise.all(order);
    assert.deepEqual(granted.map(([i]) => i), [0, 1, 2, 3, 4, 5, 6], "first come, first served");
    assert.deepEqual(granted.map(([, t]) => t), [0, 0, 0, 1_000, 1_000, 1_000, 2_000]);
  });

  it("counts a request from when its response arrived, as the server counts its arrival", async () => {
    const limiter = new RateLimiter({ requests: 1, windowMs: 1_000 });
    const first = await limiter.acquire(); // sent at t=0
    let second: number | undefined;
    void limiter.acquire().then(() => (second = Date.now() - 1_000_000));
    await clock.tickAsync(300);
    first.done(); // its response came back at t=300: the server saw it somewhere in 0..300
    await clock.tickAsync(999);
    assert.equal(second, undefined, "not at t=1000, when a send-time window would have let it go");
    await clock.tickAsync(1);
    assert.equal(second, 1_300);
  });

  it("is rolling, not fixed: grants spaced out free up one by one", async () => {
    const limiter = new RateLimiter({ requests: 2, windowMs: 1_000 });
    await limiter.acquire(); // t=0
    await clock.tickAsync(400);
    await limiter.acquire(); // t=400
    let third = -1;
    void limiter.acquire().then(() => (third = Date.now() - 1_000_000));
    let fourth = -1;
    void limiter.acquire().then(() => (fourth = Date.now() - 1_000_000));
    await clock.tickAsync(2_000);
    assert.equal(third, 1_000);
    assert.equal(fourth, 1_400);
  });

  it("does not let a newcomer jump the queue", async () => {
    const limiter = new RateLimiter({ requests: 1, windowMs: 100 });
    await limiter.acquire();
    const order: string[] = [];
    void limiter.acquire().then(() => order.push("queued"));
    await clock.tickAsync(100);
    void limiter.acquire().then(() => order.push("newcomer"));
    await clock.tickAsync(500);
    assert.deepEqual(order, ["queued", "newcomer"]);
  });

  it("reports the wait, and a waiter past its deadline leaves the queue with the given error", async () => {
    const limiter = new RateLimiter({ requests: 1, windowMs: 1_000 });
    assert.equal((await limiter.acquire()).waitedMs, 0);
    const late = limiter.acquire({ deadlineAt: Date.now() + 300, onDeadline: () => new Error("deadline") });
    const patient = limiter.acquire();
    const lateResult = assert.rejects(late, /deadline/);
    await clock.tickAsync(300);
    await lateResult;
    assert.equal(limiter.pending, 1);
    await clock.tickAsync(700);
    assert.equal((await patient).waitedMs, 1_000);
  });

  it("pauses everyone until a Retry-After has passed", async () => {
    const limiter = new RateLimiter({ requests: 100, windowMs: 1_000 });
    limiter.pauseUntil(Date.now() + 5_000);
    let at = -1;
    void limiter.acquire().then(() => (at = Date.now() - 1_000_000));
    await clock.tickAsync(4_999);
    assert.equal(at, -1);
    await clock.tickAsync(1);
    assert.equal(at, 5_000);
    limiter.pauseUntil(Date.now() - 10); // in the past: no effect
    assert.equal((await limiter.acquire()).waitedMs, 0);
  });

  it("rejects waiting and future callers when closed", async () => {
    const limiter = new RateLimiter({ requests: 1, windowMs: 1_000 });
    await limiter.acquire();
    const waiting = limiter.acquire();
    limiter.close(() => new Error("closed"));
    await assert.rejects(waiting, /closed/);
    await assert.rejects(limiter.acquire(), /closed/);
    assert.equal(clock.countTimers(), 0);
  });

  it("validates its settings", () => {
    assert.throws(() => new RateLimiter({ requests: 0, windowMs: 1 }), RangeError);
    assert.throws(() => new RateLimiter({ requests: 1.5, windowMs: 1 }), RangeError);
    assert.throws(() => new RateLimiter({ requests: 1, windowMs: 0 }), RangeError);
  });
});
