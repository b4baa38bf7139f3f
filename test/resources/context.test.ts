// The provider process's shared context: one listing of users, found by id or by email without a request each.
import { strict as assert } from "node:assert";
import type { RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { apiCalls, contextFor, simulator } from "../support/simulator.js";

describe("RampContext users", () => {
  let sim: RunningSimulator;
  before(async () => (sim = await simulator({ rateLimit: false })));
  after(async () => sim.close());
  beforeEach(() => sim.admin.reset());

  it("finds users by email in any case from one listing, and follows its own writes", async () => {
    sim.admin.seedUsers(250);
    const ada = sim.admin.addUser({ email: "Ada.Lovelace@example.com" });
    const ctx = contextFor(sim);
    try {
      assert.equal((await ctx.cachedUserByEmail(" ada.lovelace@EXAMPLE.com"))?.id, ada.id);
      assert.equal((await ctx.cachedUserByEmail("seed-00250@example.com"))?.email, "seed-00250@example.com");
      assert.equal(await ctx.cachedUserByEmail("nobody@example.com"), undefined);
      // one listing (3 pages of 100), and one page each of the suspended and draft users it leaves out
      assert.deepEqual(apiCalls(sim), { "GET /users": 5 }, "one listing, 100 per page");

      // Ada's email changed (as our own update would record it): found under the new one only.
      const found = (await ctx.cachedUserById(ada.id))!;
      await ctx.users.remember({ ...found, email: "ada@example.org" });
      assert.equal(await ctx.cachedUserByEmail("ada.lovelace@example.com"), undefined);
      assert.equal((await ctx.cachedUserByEmail("ada@example.org"))?.id, ada.id);
      await ctx.users.forget(ada.id);
      assert.equal(await ctx.cachedUserByEmail("ada@example.org"), undefined);
      assert.deepEqual(apiCalls(sim), { "GET /users": 5 });
    } finally {
      await ctx.close();
    }
  });
});
