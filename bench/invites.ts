import { DEFAULT_TASK_POLL } from "../packages/pulumi-ramp-roster/src/client/index.js";
import type { RampContext } from "../packages/pulumi-ramp-roster/src/resources/context.js";
import { createUserProvider } from "../packages/pulumi-ramp-roster/src/resources/user-provider.js";
import type { RunningSimulator } from "../packages/ramp-simulator/src/index.js";
import { countRange, mapLimit, measure, timed, type Benchmark, type Row } from "./lib/harness.js";
import { apiRequests, context, ENGINE_PARALLELISM, NO_CLIENT_LIMIT, RAMP_LIMIT, simulator } from "./lib/ramp.js";

const TASK_DELAY_MS = 200;

/** A gap between requests much longer than a poll interval is the client's limiter holding everything back. */
function pauseNote(longestGapMs: number): string {
  return longestGapMs > 2 * DEFAULT_TASK_POLL.pollIntervalMs ? `limiter paused ${(longestGapMs / 1000).toFixed(1)} s` : "no limiter pause";
}

/** Creates `n` new users through the provider, 8 at a time, as `pulumi up` does for a roster of newcomers. */
async function inviteAll(sim: RunningSimulator, ctx: RampContext, n: number): Promise<void> {
  const users = createUserProvider(ctx);
  await mapLimit(Array.from({ length: n }, (_, i) => i), ENGINE_PARALLELISM, async (i) => {
    const number = String(i + 1).padStart(4, "0");
    const { inputs, failures } = await users.check({}, {
      email: `new-${number}@example.com`,
      firstName: "New",
      lastName: `Hire ${number}`,
      role: "BUSINESS_USER",
      departmentId: null,
      locationId: null,
      managerId: null,
      active: true,
    });
    if (failures) throw new Error(`check failed: ${JSON.stringify(failures)}`);
    const { outs } = await users.create(inputs);
    if (outs.status !== "INVITE_PENDING") throw new Error(`invite of ${inputs.email} ended as ${outs.status}`);
  });
  const pending = sim.admin.users().filter((u) => u.status === "INVITE_PENDING").length;
  if (pending !== n) throw new Error(`${pending} pending invites in Ramp, expected ${n}`);
}

// Inviting N new users through the provider's create (deferred task 200 ms, polled every 500 ms), 8 at a time.
export const invites: Benchmark = {
  id: "invites",
  async run({ quick, log }) {
    const n = quick ? 16 : 50;
    const runs = quick ? 1 : 3;
    const rows: Row[] = [];
    // At Ramp's limit (client default and simulator) as in production, then without limits to isolate the polling.
    for (const limited of [true, false]) {
      log(`invites: ${n} new users${limited ? " at Ramp's rate limit" : " without rate limits"}`);
      const sim = await simulator({ rateLimit: limited ? RAMP_LIMIT : false, taskDelayMs: TASK_DELAY_MS });
      try {
        const results = await measure({ runs, warmups: 1 }, async (_run, warmup) => {
          sim.admin.reset(); // no users, no rate-limit window: every run starts from the same empty Ramp
          // A new provider process per run; limited: the default client limit, as configured by nothing but credentials.
          const ctx = context(sim, limited ? undefined : NO_CLIENT_LIMIT);
          let longestGapMs = 0;
          try {
            const { ms } = await timed(() => inviteAll(sim, ctx, warmup ? ENGINE_PARALLELISM : n));
            const entries = sim.admin.requestLog().filter((e) => e.route !== "POST /token");
            // A limiter pause shows as the longest gap between two consecutive requests.
            for (let i = 1; i < entries.length; i++) longestGapMs = Math.max(longestGapMs, (entries[i]?.at ?? 0) - (entries[i - 1]?.at ?? 0));
            const { total, byRoute } = apiRequests(sim);
            return { ms, total, polls: byRoute["GET /users/deferred/status/{id}"] ?? 0, rejected: entries.filter((e) => e.status === 429).length, longestGapMs };
          } finally {
            await ctx.close();
          }
        });
        const fewest = Math.min(...results.map((r) => r.total)); // a retried 429 adds one to a run
        const polls = Math.max(...results.map((r) => r.polls));
        const gap = Math.max(...results.map((r) => r.longestGapMs));
        rows.push({
          benchmark: "invites: provider create",
          size: n,
          timesMs: results.map((r) => r.ms),
          requests: `${countRange(results.map((r) => r.total))} (${(fewest / n).toFixed(2)}/invite)`,
          notes:
            `${(polls / n).toFixed(1)} polls/invite (task ${TASK_DELAY_MS} ms, poll ${DEFAULT_TASK_POLL.pollIntervalMs} ms), ${ENGINE_PARALLELISM} at a time` +
            (limited ? `; 200/10s both sides: ${pauseNote(gap)}, ${countRange(results.map((r) => r.rejected))} x 429` : "; no rate limits"),
        });
      } finally {
        await sim.close();
      }
    }
    return rows;
  },
};
