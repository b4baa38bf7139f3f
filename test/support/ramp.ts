// Test support: a simulator plus a provider context wired to it, so provider tests read like the engine's calls.
import { RampContext } from "../../provider/src/resources/context.js";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../provider/src/simulator/index.js";

export const TEST_CLIENT_ID = "test-client";
export const TEST_CLIENT_SECRET = "test-secret-do-not-leak-7f3a";

export async function simulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET, taskDelayMs: 10, ...options });
}

/** The environment a provider process of a run against `sim` has. */
export function rampEnv(sim: RunningSimulator): NodeJS.ProcessEnv {
  return { RAMP_CLIENT_ID: TEST_CLIENT_ID, RAMP_CLIENT_SECRET: TEST_CLIENT_SECRET, RAMP_API_URL: sim.baseUrl };
}

export function contextFor(sim: RunningSimulator): RampContext {
  return new RampContext(rampEnv(sim));
}

/** Requests to the Ramp API since the last reset, by route, leaving out token requests. */
export function apiCalls(sim: RunningSimulator): Record<string, number> {
  const counts = { ...sim.admin.requestCounts() };
  delete counts["POST /token"];
  return counts;
}
