import assert from "node:assert/strict";
import { request } from "undici";
import { MALFORMED_BODY } from "../../packages/ramp-simulator/src/index.js";
import { errorCode, sleep, useSimulator } from "./helpers.js";

describe("simulator: fault injection", () => {
  const h = useSimulator();
  const base = { first_name: "Ada", last_name: "Lovelace", role: "BUSINESS_USER" };

  it("status: answers the given status with an error_v2 body, `count` times, then serves normally", async () => {
    await h.api.token();
    h.sim.admin.injectFault({ kind: "status", status: 503, path: "/users", count: 2 });
    for (let i = 0; i < 2; i++) {
      const answer = await h.api.get("/users");
      assert.equal(answer.status, 503);
      assert.ok(errorCode(answer));
      assert.ok(answer.headers["x-trace-id"]);
      assert.equal(answer.headers["retry-after"], undefined);
    }
    assert.equal((await h.api.get("/users")).status, 200);
    assert.deepEqual(h.sim.admin.faults(), []);
  });

  it("status: can carry an error code, message and Retry-After", async () => {
    await h.api.token();
    h.sim.admin.injectFault({
      kind: "status",
      status: 504,
      message: "Gateway timeout",
      errorCode: "X",
      retryAfterSeconds: 3,
    });
    const answer = await h.api.get("/users");
    assert.equal(answer.status, 504);
    assert.equal(answer.body.error_v2.message, "Gateway timeout");
    assert.equal(answer.body.error_v2.error_code, "X");
    assert.equal(answer.headers["retry-after"], "3");
  });

  it("matches by method and path prefix only", async () => {
    await h.api.token();
    h.sim.admin.injectFault({ kind: "status", status: 500, method: "POST", path: "/users/deferred" });
    assert.equal((await h.api.get("/users")).status, 200);
    assert.equal((await h.api.get("/departments")).status, 200);
    const hit = await h.api.post("/users/deferred", { ...base, email: "a@example.com", idempotency_key: "k1" });
    assert.equal(hit.status, 500);
    const ok = await h.api.post("/users/deferred", { ...base, email: "a@example.com", idempotency_key: "k1" });
    assert.equal(ok.status, 201, "the faulted request consumed no idempotency key");
  });

  it("fires faults in injection order, one per request; clearFaults() disarms all", async () => {
    await h.api.token();
    h.sim.admin.injectFault([
      { kind: "status", status: 502 },
      { kind: "status", status: 500, path: "*" },
    ]);
    assert.equal((await h.api.get("/users")).status, 502);
    assert.equal((await h.api.get("/users")).status, 500);
    h.sim.admin.injectFault({ kind: "status", status: 500, count: 10 });
    h.sim.admin.clearFaults();
    assert.equal((await h.api.get("/users")).status, 200);
  });

  it("rate_limit: 429 with error_v2, with or without Retry-After", async () => {
    await h.api.token();
    h.sim.admin.injectFault([{ kind: "rate_limit" }, { kind: "rate_limit", retryAfterSeconds: 2 }]);
    const bare = await h.api.get("/users");
    assert.equal(bare.status, 429);
    assert.ok(errorCode(bare));
    assert.equal(bare.headers["retry-after"], undefined);
    const told = await h.api.get("/users");
    assert.equal(told.status, 429);
    assert.equal(told.headers["retry-after"], "2");
  });

  it("latency: delays the answer, then serves normally", async () => {
    await h.api.token();
    h.sim.admin.injectFault({ kind: "latency", ms: 150 });
    const started = Date.now();
    const answer = await h.api.get("/users");
    assert.equal(answer.status, 200);
    assert.ok(Date.now() - started >= 140, `took ${Date.now() - started} ms`);
  });

  it("drop: destroys the socket without an answer (logged with status 0)", async () => {
    await h.api.token();
    h.sim.admin.injectFault({ kind: "drop", path: "/users" });
    await assert.rejects(h.api.get("/users"), (error: Error & { code?: string }) => {
      assert.match(String(error.code ?? error.message), /SOCKET|ECONNRESET|closed/i);
      return true;
    });
    assert.equal((await h.api.get("/users")).status, 200);
    const log = h.sim.admin.requestLog().filter((e) => e.route === "GET /users");
    assert.deepEqual(
      log.map((e) => e.status),
      [0, 200],
    );
  });

  it("drop after: the request takes effect, then the socket is destroyed without an answer", async () => {
    await h.api.token();
    h.sim.admin.injectFault({ kind: "drop", after: true, method: "POST", path: "/users/deferred" });
    const invite = { ...base, email: "lost.answer@example.com", idempotency_key: "lost-1" };
    await assert.rejects(h.api.post("/users/deferred", invite), (error: Error & { code?: string }) => {
      assert.match(String(error.code ?? error.message), /SOCKET|ECONNRESET|closed/i);
      return true;
    });
    // The invite was accepted: the key is used, and the task creates the user.
    const again = await h.api.post("/users/deferred", invite);
    assert.equal(again.status, 400);
    assert.equal(errorCode(again), "DEVELOPER_7005");
    await sleep(100);
    assert.deepEqual(
      h.sim.admin.users().map((u) => u.email),
      ["lost.answer@example.com"],
    );
    const log = h.sim.admin.requestLog().filter((e) => e.route === "POST /users/deferred");
    assert.deepEqual(
      log.map((e) => e.status),
      [0, 400],
    );
  });

  it("drop after: an error answer is lost too, and the fault is used up", async () => {
    await h.api.token();
    h.sim.admin.injectFault({ kind: "drop", after: true, method: "PATCH", path: "/users/" });
    await assert.rejects(h.api.patch("/users/no-such-user", { role: "BUSINESS_USER" }));
    assert.equal((await h.api.patch("/users/no-such-user", { role: "BUSINESS_USER" })).status, 400);
    assert.deepEqual(h.sim.admin.faults(), []);
  });

  it("malformed: 200 with a body that is not valid JSON", async () => {
    await h.api.token();
    h.sim.admin.injectFault({ kind: "malformed" });
    const res = await request(`${h.sim.baseUrl}/developer/v1/users`, {
      headers: { authorization: `Bearer ${await h.api.token()}` },
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /application\/json/);
    const text = await res.body.text();
    assert.equal(text, MALFORMED_BODY);
    assert.throws(() => JSON.parse(text));
  });

  it("task_error: the next task ends ERROR with the given message and creates nobody", async () => {
    h.sim.admin.injectFault({ kind: "task_error", message: "Something broke." });
    const task = await h.api.invite({ email: "a@example.com" });
    assert.equal(task.body.status, "ERROR");
    assert.equal(task.body.data.error, "Something broke.");
    assert.equal(h.sim.admin.users().length, 0);
    const next = await h.api.invite({ email: "a@example.com" });
    assert.equal(next.body.status, "SUCCESS");
  });

  it("task_stuck: the next task never leaves IN_PROGRESS", async () => {
    h.sim.admin.injectFault({ kind: "task_stuck" });
    const created = await h.api.post("/users/deferred", { ...base, email: "a@example.com", idempotency_key: "s" });
    await sleep(100);
    for (let i = 0; i < 3; i++) {
      const task = await h.api.get(`/users/deferred/status/${created.body.id as string}`);
      assert.equal(task.body.status, "IN_PROGRESS");
      assert.equal(task.body.data, null);
    }
    assert.equal(h.sim.admin.users().length, 0);
  });

  it("faults can hit the token endpoint too", async () => {
    h.sim.admin.injectFault({ kind: "status", status: 500, path: "/token" });
    assert.equal((await h.api.requestToken()).status, 500);
    assert.equal((await h.api.requestToken()).status, 200);
  });

  it("rejects an invalid fault", () => {
    assert.throws(() => h.sim.admin.injectFault({ kind: "status" } as never), /status/);
    assert.throws(() => h.sim.admin.injectFault({ kind: "explode" } as never));
    assert.deepEqual(h.sim.admin.faults(), []);
  });
});

describe("simulator faults: a path with a * segment", () => {
  it("matches any one segment, for routes that carry an id", async () => {
    const { pathMatches } = await import("../../packages/ramp-simulator/src/faults.js");
    assert.equal(pathMatches("/users/*/invite", "/users/0b7e7c0e-0000-4000-8000-000000000000/invite"), true);
    assert.equal(pathMatches("/users/*/invite", "/users/deferred"), false);
    assert.equal(pathMatches("/users/*/invite", "/users/x/deactivate"), false);
  });
});
