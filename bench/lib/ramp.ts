// The Ramp side of the benchmarks: the in-process simulator on 127.0.0.1, clients and provider contexts wired to
// it over real HTTP, and the simulator's request log read as counts.
import { RampClient, type ClientEvent } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import type { RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { contextFor, startTestSimulator, TEST_CLIENT_ID, TEST_CLIENT_SECRET } from "../../test/support/simulator.js";

const CREDENTIALS = { clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET };

/** The engine's default `--parallel` on this kind of machine (pulumi 3.248: 4 x CPUs, 8 on 2 cores). */
export const ENGINE_PARALLELISM = 8;

/** Ramp's documented limit, also the client's and the simulator's default. */
export const RAMP_LIMIT = { requests: 200, windowMs: 10_000 };

/** A client-side limit no benchmark reaches, for measuring the work rather than the limiter. */
export const NO_CLIENT_LIMIT = { requests: 1_000_000, windowMs: 1_000 };

/** A simulator for the benchmarks, with the simulator's own defaults (200 ms tasks) unless `options` say otherwise. */
export const simulator = startTestSimulator;

/** A client of the simulator; by default with a limit no benchmark reaches. */
export function client(
  sim: RunningSimulator,
  { rateLimit = NO_CLIENT_LIMIT, onEvent }: { rateLimit?: { requests: number; windowMs: number }; onEvent?: (e: ClientEvent) => void } = {},
): RampClient {
  return new RampClient({ baseUrl: sim.baseUrl, ...CREDENTIALS, rateLimit, userAgent: "pulumi-ramp-roster-bench", ...(onEvent ? { onEvent } : {}) });
}

/** A fresh provider context, as a new provider process has (test/support/simulator.ts), with RAMP_RATE_LIMIT when given. */
export const context = contextFor;

/** Ramp API requests since the last reset of the request log, by route, without token requests. */
export function apiRequests(sim: RunningSimulator): { total: number; byRoute: Record<string, number> } {
  const byRoute = { ...sim.admin.requestCounts() };
  delete byRoute["POST /token"];
  return { total: Object.values(byRoute).reduce((sum, n) => sum + n, 0), byRoute };
}
