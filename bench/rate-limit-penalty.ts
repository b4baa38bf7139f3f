import type { ClientEvent } from "../packages/pulumi-ramp-roster/src/client/index.js";
import { formatInt, mapLimit, timed, type Benchmark, type Row } from "./lib/harness.js";
import { client, ENGINE_PARALLELISM, RAMP_LIMIT, simulator } from "./lib/ramp.js";

const CALLS = 1_000;

/** How each client is set up: what it knows of Ramp's limit. */
const CLIENTS: Array<{ label: string; rateLimit: { requests: number; windowMs: number }; notes: string }> = [
  { label: "knows the limit", rateLimit: RAMP_LIMIT, notes: "client at 200/10s: paces itself" },
  {
    label: "does not know the limit",
    rateLimit: { requests: 1_000_000, windowMs: RAMP_LIMIT.windowMs },
    notes: "no client-side pacing; after a 429 every caller pauses 10 s",
  },
  {
    label: "pauses only 1 s",
    rateLimit: { requests: 1_000_000, windowMs: 1_000 },
    notes: "no pacing, 1 s pause: its knocks keep extending Ramp's window",
  },
];

// 1,000 getUser calls, 8 at a time, against a simulator enforcing Ramp's 200 per rolling 10 s where requests sent
// while limited extend the window: the 429s and the time it takes, by what the client knows of the limit.
export const rateLimitPenalty: Benchmark = {
  id: "rate-limit-penalty",
  skipWhenQuick: true, // about 3 minutes: 50 to 75 s per client
  async run({ log }) {
    const sim = await simulator({ rateLimit: RAMP_LIMIT });
    const rows: Row[] = [];
    try {
      const ids = sim.admin.seedUsers(CALLS).map((u) => u.id);
      for (const setup of CLIENTS) {
        sim.admin.setRateLimit(RAMP_LIMIT); // empty windows
        sim.admin.resetRequestLog();
        log(`rate-limit-penalty: ${CALLS} getUser calls, client that ${setup.label} (about a minute)`);
        let pauses = 0;
        const onEvent = (e: ClientEvent): void => {
          if (e.type === "rate_limit_pause") pauses++;
        };
        const ramp = client(sim, { rateLimit: setup.rateLimit, onEvent });
        try {
          let failed = 0;
          const { ms } = await timed(() =>
            mapLimit(ids, ENGINE_PARALLELISM, (id) =>
              ramp.getUser(id).catch(() => {
                failed++;
              }),
            ),
          );
          const entries = sim.admin.requestLog();
          const rejected = entries.filter((e) => e.status === 429).length;
          rows.push({
            benchmark: `429 penalty: ${setup.label}`,
            size: CALLS,
            timesMs: [ms],
            requests: formatInt(entries.filter((e) => e.route !== "POST /token").length),
            notes: `${formatInt(rejected)} x 429, ${formatInt(pauses)} pauses, ${formatInt(failed)} calls failed; ${setup.notes}`,
          });
        } finally {
          await ramp.close();
        }
      }
    } finally {
      await sim.close();
    }
    return rows;
  },
};
