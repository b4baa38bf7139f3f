import type { RampUserRecord } from "../packages/pulumi-ramp-roster/src/client/index.js";
import { outputsFromLive, type UserOutputs } from "../packages/pulumi-ramp-roster/src/resources/user-model.js";
import { createUserProvider } from "../packages/pulumi-ramp-roster/src/resources/user-provider.js";
import { countRange, formatInt, mapLimit, measure, timed, type Benchmark, type Row } from "./lib/harness.js";
import { apiRequests, client, context, ENGINE_PARALLELISM, NO_CLIENT_LIMIT, RAMP_LIMIT, simulator } from "./lib/ramp.js";


/** Seconds N requests need at least under Ramp's limit (a full window may go at once, then one window per batch). */
function floorAtRampLimit(requests: number): number {
  return (Math.max(0, Math.ceil(requests / RAMP_LIMIT.requests) - 1) * RAMP_LIMIT.windowMs) / 1000;
}

function limitNote(requests: number): string {
  const s = floorAtRampLimit(requests);
  return s === 0 ? "fits one window of Ramp's 200/10s" : `>= ${s} s at Ramp's 200/10s`;
}

// Refresh of N users: the provider's read(id, props) for each (fresh context, list-once cache) vs one getUser per user.
export const refresh: Benchmark = {
  id: "refresh",
  async run({ quick, all, log }) {
    const sizes = quick ? [100] : all ? [100, 1_000, 5_000] : [100, 1_000];
    const sim = await simulator({ rateLimit: false });
    const rows: Row[] = [];
    try {
      let seeded = 0;
      for (const size of sizes) {
        sim.admin.seedUsers(size - seeded);
        seeded = size;
        // What the state holds for each user: the outputs of the last run.
        const setup = client(sim);
        const state: Array<{ id: string; props: UserOutputs }> = (await setup.listUsers()).map((user: RampUserRecord) => ({
          id: user.id,
          props: outputsFromLive(user, { departmentId: null, locationId: null, managerId: null }),
        }));
        await setup.close();
        const runs = quick ? 1 : 5;

        log(`refresh: provider read of ${size} users`);
        const provider = await measure({ runs, warmups: 1 }, async () => {
          const ctx = context(sim, NO_CLIENT_LIMIT); // a new provider process per refresh
          try {
            const users = createUserProvider(ctx);
            await ctx.getClient().listDepartments(); // token and connection first, so only the reads are timed
            sim.admin.resetRequestLog();
            const { ms, value } = await timed(() => mapLimit(state, ENGINE_PARALLELISM, ({ id, props }) => users.read(id, props)));
            if (value.some((r, i) => r.id !== state[i]?.id)) throw new Error("provider read lost a user");
            return { ms, requests: apiRequests(sim).total };
          } finally {
            await ctx.close();
          }
        });
        rows.push({
          benchmark: "refresh: provider read (list once)",
          size,
          timesMs: provider.map((r) => r.ms),
          requests: countRange(provider.map((r) => r.requests)),
          notes: `${ENGINE_PARALLELISM} reads at a time; ${limitNote(Math.max(...provider.map((r) => r.requests)))}`,
        });

        log(`refresh: naive getUser of ${size} users`);
        const naive = await measure({ runs, warmups: 1 }, async () => {
          const ctx = context(sim, NO_CLIENT_LIMIT);
          try {
            const ramp = ctx.getClient();
            await ramp.listDepartments();
            sim.admin.resetRequestLog();
            const { ms, value } = await timed(() =>
              mapLimit(state, ENGINE_PARALLELISM, async ({ id, props }) => outputsFromLive(await ramp.getUser(id), props)),
            );
            if (value.some((r, i) => r.userId !== state[i]?.id)) throw new Error("naive read lost a user");
            return { ms, requests: apiRequests(sim).total };
          } finally {
            await ctx.close();
          }
        });
        const requests = Math.max(...naive.map((r) => r.requests));
        rows.push({
          benchmark: "refresh: naive getUser per user",
          size,
          timesMs: naive.map((r) => r.ms),
          requests: countRange(naive.map((r) => r.requests)),
          notes: `${ENGINE_PARALLELISM} at a time; ${limitNote(requests)} (${formatInt(requests / Math.max(1, Math.max(...provider.map((r) => r.requests))))}x the requests)`,
        });
      }
    } finally {
      await sim.close();
    }
    return rows;
  },
};
