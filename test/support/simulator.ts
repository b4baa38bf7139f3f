// Test support: a simulator plus a provider context wired to it, so provider tests read like the engine's calls.
import { RampContext } from "../../packages/pulumi-ramp-roster/src/resources/context.js";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../packages/ramp-simulator/src/index.js";

export const TEST_CLIENT_ID = "test-client";
export const TEST_CLIENT_SECRET = "test-secret-do-not-leak-7f3a";

/** A simulator on 127.0.0.1 for the test app, with the simulator's own defaults unless `options` say otherwise. */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET, ...options });
}

/** A simulator for unit tests: tasks finish in 10 ms. */
export async function simulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startTestSimulator({ taskDelayMs: 10, ...options });
}

/** The environment a provider process of a run against `sim` has (RAMP_RATE_LIMIT too, when given). */
export function rampEnv(sim: RunningSimulator, rateLimit?: { requests: number; windowMs: number }): NodeJS.ProcessEnv {
  return {
    RAMP_CLIENT_ID: TEST_CLIENT_ID,
    RAMP_CLIENT_SECRET: TEST_CLIENT_SECRET,
    RAMP_API_URL: sim.baseUrl,
    ...(rateLimit ? { RAMP_RATE_LIMIT: `${rateLimit.requests}/${rateLimit.windowMs}ms` } : {}),
  };
}

/** A fresh provider context, as a new provider process of a run against `sim` has. */
export function contextFor(sim: RunningSimulator, rateLimit?: { requests: number; windowMs: number }): RampContext {
  return new RampContext(rampEnv(sim, rateLimit));
}

/** Requests to the Ramp API since the last reset, by route, leaving out token requests. */
export function apiCalls(sim: RunningSimulator): Record<string, number> {
  const counts = { ...sim.admin.requestCounts() };
  delete counts["POST /token"];
  return counts;
}

/** A simulator shared by the tests of one `describe`; `sim` is set once its `before` hook has run. */
export interface SuiteSimulator {
  sim: RunningSimulator;
}

/**
 * Starts one simulator for the enclosing `describe` (fast tasks and no rate limit unless `options` say otherwise),
 * puts it back as it started before each test (users, tasks, faults, request log, task delay and rate limit), and
 * closes it after. `eachTest` runs after that reset, for what the caller keeps per test.
 */
export function useSuiteSimulator<H extends SuiteSimulator>(harness: H, options: SimulatorOptions, eachTest?: () => void | Promise<void>): H {
  const taskDelayMs = options.taskDelayMs ?? 20;
  const rateLimit = options.rateLimit ?? false;
  before(async () => {
    harness.sim = await startSimulator({ ...options, taskDelayMs, rateLimit });
  });
  beforeEach(async () => {
    harness.sim.admin.reset();
    harness.sim.admin.setTaskDelay(taskDelayMs);
    harness.sim.admin.setRateLimit(rateLimit);
    await eachTest?.();
  });
  after(async () => {
    await harness.sim?.close();
  });
  return harness;
}
