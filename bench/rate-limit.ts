import type { ClientEvent } from "../packages/pulumi-ramp-roster/src/client/index.js";
import { countRange, mapLimit, measure, timed, type Benchmark, type Row } from "./lib/harness.js";
import { client, ENGINE_PARALLELISM, RAMP_LIMIT, simulator } from "./lib/ramp.js";

const CALLS = 300;

// 300 getUser calls with client and simulator both at Ramp's 200 per 10 s: expected ~10 s and no 429 from Ramp.
export const rateLimit: Benchmark = {
  id: "rate-limit",
  skipWhenQuick: true, // about 10 s per run, whatever the size
  async run({ quick, log }) {
    const sim = await simulator({ rateLimit: RAMP_LIMIT });
    const rows: Row[] = [];
    try {
      const ids = sim.admin.seedUsers(CALLS).map((u) => u.id);
      // Warm-up: code paths and connections, with a client of its own; the simulator's windows are cleared after it.
      const warm = client(sim);
      await mapLimit(ids.slice(0, 20), ENGINE_PARALLELISM, (id) => warm.getUser(id));
      await warm.close();

      log(`rate-limit: ${CALLS} getUser calls at 200/10s (about 10 s per run)`);
      const results = await measure({ runs: quick ? 1 : 2, warmups: 0 }, async () => {
        sim.admin.setRateLimit(RAMP_LIMIT); // empty windows
        sim.admin.resetRequestLog();
        let retries = 0;
        const onEvent = (e: ClientEvent): void => {
          if (e.type === "retry") retries++;
        };
        // A fresh client at Ramp's limit (the client's default); its token request counts in both windows.
        const ramp = client(sim, { rateLimit: RAMP_LIMIT, onEvent });
        try {
          const { ms } = await timed(() => mapLimit(ids, ENGINE_PARALLELISM, (id) => ramp.getUser(id)));
          const entries = sim.admin.requestLog();
          return { ms, sent: entries.filter((e) => e.route !== "POST /token").length, rejected: entries.filter((e) => e.status === 429).length, retries };
        } finally {
          await ramp.close();
        }
      });
      rows.push({
        benchmark: "rate limit: getUser",
        size: CALLS,
        timesMs: results.map((r) => r.ms),
        requests: countRange(results.map((r) => r.sent)),
        notes:
          `client and simulator at 200/10s, +1 token request; ${countRange(results.map((r) => r.rejected))} x 429 ` +
          `(${countRange(results.map((r) => r.retries))} retries); ideal ~10,000 ms`,
      });
    } finally {
      await sim.close();
    }
    return rows;
  },
};
