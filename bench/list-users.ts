import { apiRequests, client, simulator } from "./lib/ramp.js";
import { countRange, measure, timed, type Benchmark, type Row } from "./lib/harness.js";

// RampClient.listUsers() of 100 / 1,000 / 5,000 users with every rate limit off: the client's own cost and its GET /users pages.
export const listUsers: Benchmark = {
  id: "list-users",
  async run({ quick, all, log }) {
    const sizes = quick ? [100, 1_000] : all ? [100, 1_000, 5_000, 10_000] : [100, 1_000, 5_000];
    const sim = await simulator({ rateLimit: false });
    const ramp = client(sim);
    const rows: Row[] = [];
    try {
      let seeded = 0;
      for (const size of sizes) {
        log(`list-users: ${size} users`);
        sim.admin.seedUsers(size - seeded);
        seeded = size;
        const results = await measure({ runs: quick ? 1 : size >= 5_000 ? 5 : 10, warmups: 1 }, async () => {
          sim.admin.resetRequestLog();
          const { ms, value: users } = await timed(() => ramp.listUsers());
          if (users.length !== size) throw new Error(`listUsers returned ${users.length} users, expected ${size}`);
          return { ms, pages: apiRequests(sim).byRoute["GET /users"] ?? 0 };
        });
        rows.push({
          benchmark: "client listUsers",
          size,
          timesMs: results.map((r) => r.ms),
          requests: countRange(results.map((r) => r.pages)),
          notes: "GET /users, page_size 100; rate limits off",
        });
      }
    } finally {
      await ramp.close();
      await sim.close();
    }
    return rows;
  },
};
