import { strict as assert } from "node:assert";
import sinon from "sinon";
import {
  backoffDelay,
  errorCodeOf,
  isConnectionError,
  parseRetryAfter,
  retryDelay,
  sleep,
  wasNotSent,
} from "../../packages/pulumi-ramp-roster/src/client/retry.js";

describe("retry policy (unit)", () => {
  const opts = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

  it("backs off exponentially with full jitter, capped at maxDelayMs", () => {
    assert.equal(backoffDelay(1, opts, () => 0.999999), 499);
    assert.equal(backoffDelay(2, opts, () => 0.999999), 999);
    assert.equal(backoffDelay(4, opts, () => 0.5), 2_000);
    assert.equal(backoffDelay(7, opts, () => 0.999999), 29_999);
    assert.equal(backoffDelay(30, opts, () => 0.999999), 29_999);
    assert.equal(backoffDelay(3, opts, () => 0), 0);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, opts);
      assert.ok(d >= 0 && d < 2_000);
    }
  });

  it("parses Retry-After as seconds or an HTTP-date", () => {
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    assert.equal(parseRetryAfter("120", now), 120_000);
    assert.equal(parseRetryAfter(" 0 ", now), 0);
    assert.equal(parseRetryAfter("1.5", now), 1_500);
    assert.equal(parseRetryAfter(["3", "9"], now), 3_000);
    assert.equal(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", now), 10_000);
    assert.equal(parseRetryAfter("Wednesday, 21-Oct-15 07:28:30 GMT", now), 30_000);
    assert.equal(parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now), 0, "a date in the past means now");
    for (const bad of [undefined, null, "", "soon", "-5", "1e3", "12abc"]) assert.equal(parseRetryAfter(bad, now), null, String(bad));
  });

  it("never waits less than Retry-After, and does not cap it at maxDelayMs", () => {
    assert.equal(retryDelay(1, 60_000, opts, () => 0), 60_000);
    assert.ok(retryDelay(1, 60_000, opts, () => 0.99) >= 60_000);
    assert.ok(retryDelay(1, 60_000, opts, () => 0.99) < 60_500);
    assert.equal(retryDelay(2, null, opts, () => 0.5), 500);
    const small = { ...opts, baseDelayMs: 5 };
    assert.ok(retryDelay(6, 1_000, small, () => 0.99) <= 1_005);
  });

  it("classifies connection errors, looking through causes", () => {
    const wrapped = Object.assign(new Error("fetch failed"), { cause: Object.assign(new Error("socket"), { code: "UND_ERR_SOCKET" }) });
    assert.equal(errorCodeOf(wrapped), "UND_ERR_SOCKET");
    assert.ok(isConnectionError(wrapped));
    assert.ok(isConnectionError(Object.assign(new Error(), { code: "ECONNRESET" })));
    assert.ok(!isConnectionError(Object.assign(new Error(), { code: "UND_ERR_INVALID_ARG" })));
    assert.ok(!isConnectionError(new Error("plain")));
    assert.ok(wasNotSent(Object.assign(new Error(), { code: "ECONNREFUSED" })));
    assert.ok(!wasNotSent(Object.assign(new Error(), { code: "ECONNRESET" })));
  });

  it("sleeps without a busy loop and can be cancelled", async () => {
    const clock = sinon.useFakeTimers();
    try {
      let done = false;
      const p = sleep(1_000).then(() => (done = true));
      await clock.tickAsync(999);
      assert.equal(done, false);
      await clock.tickAsync(1);
      await p;
      assert.equal(done, true);
      const ac = new AbortController();
      const q = sleep(5_000, ac.signal);
      ac.abort(new Error("closed"));
      await assert.rejects(q, /closed/);
      assert.equal(clock.countTimers(), 0);
    } finally {
      clock.restore();
    }
  });
});
