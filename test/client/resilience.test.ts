import { strict as assert } from "node:assert";
import {
  RampApiError,
  RampDeadlineError,
  RampNetworkError,
  RampResponseError,
} from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { rejectionOf, useSimulator } from "./helpers.js";

describe("RampClient retries, backoff and deadlines", () => {
  const h = useSimulator();

  it("after a 429 without Retry-After, pauses for the rate-limit window, then retries", async () => {
    h.sim.admin.seedUsers(2);
    const client = h.client({ rateLimit: { requests: 200, windowMs: 300 } });
    await client.listUsers(); // token first
    h.sim.admin.resetRequestLog();
    h.sim.admin.injectFault({ kind: "rate_limit", path: "/users", count: 2 });
    assert.equal((await client.listUsers()).length, 2);
    const log = h.sim.admin.requestLog();
    assert.deepEqual(
      log.map((e) => e.status),
      [429, 429, 200],
    );
    for (let i = 1; i < log.length; i++) {
      const gap = (log[i]?.at ?? 0) - (log[i - 1]?.at ?? 0);
      assert.ok(gap >= 299, `retried after ${gap} ms, not after the 300 ms window`);
    }
    const pauses = h.events.filter((e) => e.type === "rate_limit_pause");
    assert.deepEqual(pauses, [
      { type: "rate_limit_pause", pauseMs: 300, retryAfterMs: null },
      { type: "rate_limit_pause", pauseMs: 300, retryAfterMs: null },
    ]);
  });

  it("waits at least Retry-After seconds on a 429 that carries it, even above maxDelayMs", async () => {
    const client = h.client({ retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 } });
    await client.listUsers();
    h.sim.admin.resetRequestLog();
    h.sim.admin.injectFault({ kind: "rate_limit", path: "/users", retryAfterSeconds: 1 });
    const started = Date.now();
    await client.listUsers();
    const log = h.sim.admin.requestLog();
    assert.deepEqual(
      log.map((e) => e.status),
      [429, 200],
    );
    const gap = (log[1]?.at ?? 0) - (log[0]?.at ?? 0);
    assert.ok(gap >= 1_000, `retried after ${gap} ms`);
    assert.ok(Date.now() - started < 3_000);
    const retry = h.events.find((e) => e.type === "retry");
    assert.ok(retry?.type === "retry" && retry.retryAfterMs === 1_000 && retry.delayMs >= 1_000);
    assert.ok(h.events.some((e) => e.type === "rate_limit_pause" && e.pauseMs === 1_000));
  });

  it("holds other calls of the client during a 429's Retry-After (one limiter)", async () => {
    const client = h.client();
    await client.listUsers();
    h.sim.admin.resetRequestLog();
    h.sim.admin.injectFault({ kind: "rate_limit", path: "/users", retryAfterSeconds: 1 });
    const first = client.listUsers();
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await client.listDepartments();
    assert.ok(Date.now() - t0 >= 900, "the other call waited for the pause");
    await first;
  });

  for (const status of [500, 502, 503, 504]) {
    it(`retries HTTP ${status}`, async () => {
      h.sim.admin.seedUsers(1);
      h.sim.admin.injectFault({ kind: "status", status, path: "/users", count: 2 });
      assert.equal((await h.client().listUsers()).length, 1);
      assert.equal(h.count("GET /users"), 3);
    });
  }

  it("gives up after maxAttempts with the last RampApiError", async () => {
    h.sim.admin.injectFault({ kind: "status", status: 503, path: "/users", count: 100, message: "Service Unavailable" });
    const err = await rejectionOf(h.client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } }).listUsers());
    assert.ok(err instanceof RampApiError);
    assert.equal(err.status, 503);
    assert.equal(err.attempts, 3);
    assert.match(err.message, /after 3 attempts/);
    assert.equal(h.count("GET /users"), 3);
  });

  it("does not retry other 4xx", async () => {
    for (const status of [400, 403, 404, 409, 422]) {
      h.sim.admin.resetRequestLog();
      h.sim.admin.injectFault({ kind: "status", status, path: "/users" });
      const err = await rejectionOf(h.client().listUsers());
      assert.ok(err instanceof RampApiError && err.status === status);
      assert.equal(h.count("GET /users"), 1);
    }
  });

  it("retries a dropped connection", async () => {
    h.sim.admin.seedUsers(1);
    const client = h.client();
    await client.listUsers();
    h.sim.admin.injectFault({ kind: "drop", path: "/users", count: 2 });
    assert.equal((await client.listUsers()).length, 1);
    assert.equal(h.count("GET /users"), 4);
    const retries = h.events.filter((e) => e.type === "retry");
    assert.equal(retries.length, 2);
    assert.ok(retries.every((r) => r.type === "retry" && /UND_ERR_SOCKET|ECONNRESET/.test(r.reason)), JSON.stringify(retries));
  });

  it("gives up on connections that keep dropping with RampNetworkError", async () => {
    h.sim.admin.injectFault({ kind: "drop", path: "/users", count: 100 });
    const err = await rejectionOf(h.client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } }).listUsers());
    assert.ok(err instanceof RampNetworkError);
    assert.equal(err.code, "RAMP_NETWORK_ERROR");
    assert.equal(err.attempts, 3);
    assert.match(err.causeCode ?? "", /UND_ERR_SOCKET|ECONNRESET/);
    assert.match(err.message, /GET \/developer\/v1\/users/);
  });

  it("throws RampNetworkError when nothing listens", async () => {
    const client = h.client({ baseUrl: "http://127.0.0.1:9", retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const err = await rejectionOf(client.listUsers());
    assert.ok(err instanceof RampNetworkError);
    assert.equal(err.causeCode, "ECONNREFUSED");
  });

  it("retries after the per-attempt timeout", async () => {
    h.sim.admin.seedUsers(1);
    const client = h.client({ requestTimeoutMs: 100 });
    await client.listUsers();
    // The slow answer would take 5 s; the retry's answer comes long before (bounds wide enough for a loaded machine).
    h.sim.admin.injectFault({ kind: "latency", path: "/users", ms: 5_000 });
    const started = Date.now();
    assert.equal((await client.listUsers()).length, 1);
    assert.ok(Date.now() - started < 4_000, `took ${Date.now() - started} ms`);
    assert.ok(h.events.some((e) => e.type === "retry" && /no response within 100 ms/.test(e.reason)));
  });

  it("ends with a clear RampDeadlineError when the total deadline runs out", async () => {
    h.sim.admin.injectFault({ kind: "status", status: 503, path: "/users", count: 1000 });
    const client = h.client({ deadlineMs: 300, retry: { maxAttempts: 100, baseDelayMs: 20, maxDelayMs: 40 } });
    const started = Date.now();
    const err = await rejectionOf(client.listUsers());
    const elapsed = Date.now() - started;
    assert.ok(err instanceof RampDeadlineError, String(err));
    assert.equal(err.code, "RAMP_DEADLINE_EXCEEDED");
    assert.equal(err.deadlineMs, 300);
    assert.ok(err.attempts >= 2, `attempts ${err.attempts}`); // about 6 in 300 ms; fewer on a loaded machine
    assert.ok(elapsed < 1_000, `took ${elapsed} ms`);
    assert.match(err.message, /GET \/developer\/v1\/users did not complete within its 300 ms deadline/);
    assert.match(err.message, /attempts/);
    assert.match(err.lastCause ?? "", /HTTP 503/);
    assert.ok(err.cause instanceof RampApiError);
  });

  it("fails at once when Retry-After asks for more than the time left", async () => {
    h.sim.admin.injectFault({ kind: "rate_limit", path: "/users", retryAfterSeconds: 30 });
    const started = Date.now();
    const err = await rejectionOf(h.client({ deadlineMs: 2_000 }).listUsers());
    assert.ok(err instanceof RampDeadlineError);
    assert.match(err.message, /Retry-After/);
    assert.ok(Date.now() - started < 1_000);
  });

  it("bounds a slow answer by the deadline too", async () => {
    h.sim.admin.injectFault({ kind: "latency", path: "/users", ms: 2_000 });
    const err = await rejectionOf(h.client({ deadlineMs: 250 }).listUsers());
    assert.ok(err instanceof RampDeadlineError);
  });

  it("retries malformed JSON on a GET, and reports it with the trace id when it persists", async () => {
    h.sim.admin.seedUsers(1);
    const client = h.client();
    h.sim.admin.injectFault({ kind: "malformed", path: "/users" });
    assert.equal((await client.listUsers()).length, 1);
    h.sim.admin.injectFault({ kind: "malformed", path: "/users", count: 10 });
    const err = await rejectionOf(h.client({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).listUsers());
    assert.ok(err instanceof RampResponseError);
    assert.equal(err.code, "RAMP_RESPONSE_INVALID");
    assert.match(err.message, /not valid JSON/);
    assert.ok(err.traceId);
  });

  it("does not retry malformed JSON on a non-idempotent POST", async () => {
    h.sim.admin.injectFault({ kind: "malformed", method: "POST", path: "/departments" });
    const err = await rejectionOf(h.client().createDepartment("Eng"));
    assert.ok(err instanceof RampResponseError);
    assert.equal(h.count("POST /departments"), 1);
  });

  it("reports a body of the wrong shape with the zod issue paths", async () => {
    const [user] = h.sim.admin.seedUsers(1);
    h.sim.admin.updateUser(user?.id as string, { is_manager: "yes" as unknown as boolean, role: null as unknown as string });
    const err = await rejectionOf(h.client().getUser(user?.id as string));
    assert.ok(err instanceof RampResponseError);
    assert.deepEqual(err.issues.map((i) => i.path).sort(), ["is_manager", "role"]);
    assert.match(err.message, /is_manager: /);
    assert.equal(h.count("GET /users/{id}"), 1, "a shape error is not retried");
  });
});
