import assert from "node:assert/strict";
import { errorCode, sleep, useSimulator } from "./helpers.js";

describe("simulator: rolling-window rate limit", () => {
  const h = useSimulator({ rateLimit: { requests: 5, windowMs: 300 } });

  it("answers 429 with error_v2 and no Retry-After past the limit, then recovers as the window rolls", async () => {
    await h.api.token(); // 1 of 5
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await h.api.get("/users")).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429]);
    const limited = await h.api.get("/users");
    assert.equal(limited.status, 429);
    assert.ok(errorCode(limited));
    assert.ok(limited.headers["x-trace-id"]);
    assert.equal(limited.headers["retry-after"], undefined);
    await sleep(320);
    assert.equal((await h.api.get("/users")).status, 200);
    assert.equal(h.sim.admin.requestCounts()["GET /users"], 8, "rejected requests are logged");
  });

  it("does not count admin requests", async () => {
    await h.api.token();
    for (let i = 0; i < 4; i++) await h.api.get("/users");
    for (let i = 0; i < 10; i++) await h.api.get("/_admin/users");
    assert.equal((await h.api.get("/users")).status, 429);
    await sleep(320);
    for (let i = 0; i < 5; i++) assert.equal((await h.api.get("/users")).status, 200, `request ${i}`);
  });

  it("counts refused requests too: retrying while limited extends the window (Ramp's rate-limit doc)", async () => {
    await h.api.token();
    for (let i = 0; i < 4; i++) assert.equal((await h.api.get("/users")).status, 200);
    await sleep(200);
    // Five refused requests 200 ms in: they count, so the window stays full after the first five have left it.
    for (let i = 0; i < 5; i++) assert.equal((await h.api.get("/users")).status, 429, `knock ${i}`);
    await sleep(150);
    assert.equal((await h.api.get("/users")).status, 429, "350 ms in, limited by the refused requests alone");
    await sleep(320);
    assert.equal((await h.api.get("/users")).status, 200, "a pause of a whole window lifts it");
  });

  it("can be changed or switched off at run time", async () => {
    h.sim.admin.setRateLimit(false);
    for (let i = 0; i < 20; i++) assert.equal((await h.api.get("/users")).status, 200);
    h.sim.admin.setRateLimit({ requests: 2, windowMs: 10_000 });
    assert.equal((await h.api.get("/users")).status, 200);
    assert.equal((await h.api.get("/users")).status, 200);
    assert.equal((await h.api.get("/users")).status, 429);
    h.sim.admin.setRateLimit({ requests: 5, windowMs: 300 });
  });

  it("defaults to Ramp's 200 requests per 10 s", async () => {
    const { startSimulator } = await import("../../packages/ramp-simulator/src/index.js");
    const sim = await startSimulator();
    try {
      const { Api } = await import("./helpers.js");
      const api = new Api(sim.baseUrl);
      const token = (await api.requestToken("departments:read", "sim-client-id", "sim-client-secret")).body.access_token as string;
      const answers = await Promise.all(Array.from({ length: 205 }, () => api.get("/departments", { token })));
      const limited = answers.filter((a) => a.status === 429).length;
      assert.equal(limited, 6, "200 admitted including the token request");
    } finally {
      await sim.close();
    }
  });
});
