import { strict as assert } from "node:assert";
import sinon from "sinon";
import { RateLimiter } from "../../packages/pulumi-ramp-roster/src/client/rate-limiter.js";
import { useSimulator } from "./helpers.js";

describe("RampClient under concurrency", () => {
  const h = useSimulator();
  afterEach(() => sinon.restore());

  it("50 concurrent calls share one token request", async () => {
    const users = h.sim.admin.seedUsers(50);
    const client = h.client();
    const got = await Promise.all(users.map((u) => client.getUser(u.id)));
    assert.deepEqual(
      got.map((u) => u.id),
      users.map((u) => u.id),
    );
    assert.equal(h.count("POST /token"), 1);
    assert.equal(h.count("GET /users/{id}"), 50);
  });

  it("concurrent calls needing different scopes make one token request per scope", async () => {
    const users = h.sim.admin.seedUsers(20);
    const client = h.client();
    await Promise.all([
      ...users.map((u) => client.getUser(u.id)),
      ...users.map((u) => client.updateUser(u.id, { firstName: "Same" })),
      ...Array.from({ length: 10 }, () => client.listDepartments()),
    ]);
    const scopes = h.sim.admin
      .requestLog()
      .filter((e) => e.route === "POST /token")
      .map((e) => new URLSearchParams(e.body).get("scope"))
      .sort();
    assert.deepEqual(scopes, ["departments:read", "users:read", "users:write"]);
  });

  it("50 concurrent calls that all get a 401 cause one token refresh, not fifty", async () => {
    const users = h.sim.admin.seedUsers(50);
    const client = h.client();
    await client.getUser(users[0]?.id as string);
    h.sim.admin.expireTokens();
    await Promise.all(users.map((u) => client.getUser(u.id)));
    assert.equal(h.count("POST /token"), 2);
    assert.ok(h.sim.admin.requestLog().filter((e) => e.status === 401).length >= 1);
  });

  it("50 concurrent calls go through one limiter: never more than 10 per 500 ms, spread over 2 s", async function () {
    this.timeout(10_000);
    const users = h.sim.admin.seedUsers(49);
    // Record when the shared limiter grants each request (client side: the server's arrival stamps would add
    // network and scheduling noise).
    const grants: number[] = [];
    const original = RateLimiter.prototype.acquire;
    sinon.stub(RateLimiter.prototype, "acquire").callsFake(function (this: RateLimiter, options) {
      // acquire() resolves with the exact time waited (grant.waitedMs): call time + wait is the grant time, whenever this callback runs.
      const calledAt = Date.now();
      return original.call(this, options).then((grant) => {
        grants.push(calledAt + grant.waitedMs);
        return grant;
      });
    });
    const client = h.client({ rateLimit: { requests: 10, windowMs: 500 } });
    const started = Date.now();
    const got = await Promise.all([client.listUsers().then((l) => l.length), ...users.map((u) => client.getUser(u.id).then(() => 1))]);
    const elapsed = Date.now() - started;
    assert.equal(got[0], 49);
    // 51 requests (1 token + 50 calls) at 10 per 500 ms: the last ones go in the 6th window, at >= 2.5 s.
    assert.ok(elapsed >= 2_500, `took only ${elapsed} ms`);
    assert.ok(elapsed < 6_000, `took ${elapsed} ms`);
    const times = [...grants].sort((a, b) => a - b);
    assert.equal(times.length, 51);
    assert.equal(h.sim.admin.requestLog().length, 51);
    // Exact to the millisecond (the call-time clock read and the limiter's own may straddle one tick).
    for (let i = 10; i < times.length; i++) {
      const gap = (times[i] as number) - (times[i - 10] as number);
      assert.ok(gap >= 499, `requests ${i - 10} and ${i} only ${gap} ms apart`);
    }
    const waits = h.events.filter((e) => e.type === "rate_limit_wait");
    assert.ok(waits.length >= 40, `only ${waits.length} callers waited`);
    assert.equal(h.count("POST /token"), 1);
  });

  it("keeps to Ramp's limit when the server is stricter than the client, through 429 retries", async function () {
    this.timeout(10_000);
    h.sim.admin.setRateLimit({ requests: 10, windowMs: 300 });
    const users = h.sim.admin.seedUsers(30);
    // The client knows the window (it pauses that long after a 429), not the number of requests.
    const client = h.client({ rateLimit: { requests: 1_000, windowMs: 300 }, retry: { maxAttempts: 20, baseDelayMs: 50, maxDelayMs: 300 } });
    const got = await Promise.all(users.map((u) => client.getUser(u.id)));
    assert.equal(got.length, 30);
    assert.ok(h.sim.admin.requestLog().some((e) => e.status === 429), "the server did rate-limit");
  });

  it("after a 429 every caller pauses for the window, so Ramp's window is not extended by retries", async function () {
    this.timeout(15_000);
    const windowMs = 600;
    h.sim.admin.setRateLimit({ requests: 10, windowMs });
    const users = h.sim.admin.seedUsers(40);
    // A client that knows Ramp's window but not its limit: it only learns from the 429s.
    const client = h.client({ rateLimit: { requests: 1_000, windowMs }, retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 40 } });
    let next = 0;
    const caller = async (): Promise<void> => {
      while (next < users.length) await client.getUser(users[next++]!.id);
    };
    await Promise.all(Array.from({ length: 8 }, caller));
    const log = h.sim.admin.requestLog();
    const limited = log.filter((e) => e.status === 429);
    assert.ok(limited.length > 0, "the server did rate-limit");
    assert.ok(limited.length <= 40, `${limited.length} requests refused: callers kept knocking`);
    for (const refused of limited) {
      // Requests already in flight when the 429 came back may arrive just after it; then nothing for the window.
      const knocks = log.filter((e) => e.at > refused.at + 150 && e.at < refused.at + windowMs - 50);
      assert.deepEqual(knocks.map((e) => e.at - refused.at), [], "requests sent while the client should have paused");
    }
  });

  it("fails calls waiting in the limiter when the client closes", async () => {
    // 2 requests per minute: the token and the first call go, the other four wait in the limiter.
    const client = h.client({ rateLimit: { requests: 2, windowMs: 60_000 } });
    const first = client.listUsers();
    const waiting = Array.from({ length: 4 }, () =>
      client.listUsers().then(
        () => "ok",
        (e: { code?: string }) => e.code,
      ),
    );
    assert.deepEqual(await first, []);
    await client.close();
    assert.deepEqual(await Promise.all(waiting), Array(4).fill("RAMP_CLIENT_CLOSED"));
    assert.equal(h.count("GET /users"), 1);
  });
});
