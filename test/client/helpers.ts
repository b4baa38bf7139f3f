// Shared test support for the Ramp client tests: a simulator per suite, clients that record their events, a
// collector of every error the suite produced, and a root hook that checks none of it leaks a secret.
import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { RampClient, type ClientEvent, type RampClientOptions } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import type { RunningSimulator, SimulatorOptions } from "../../packages/ramp-simulator/src/index.js";
import { useSuiteSimulator } from "../support/simulator.js";

export const CLIENT_ID = "client-test-id-7f3a";
export const CLIENT_SECRET = "s3cret-Zq9xV3pL7wK2-do-not-leak";
export const BASIC = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64");
/** Simulator access tokens look like this. */
export const TOKEN_PATTERN = /ramp_tok_[A-Za-z0-9_-]{8,}/;

/** Retry settings that keep tests fast. */
export const FAST_RETRY = { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 40 };
export const FAST_TASKS = { pollIntervalMs: 10, timeoutMs: 2_000 };

/** Everything the suite produced that must not contain a secret: errors, events, other strings. */
const produced: unknown[] = [];
/** Every access token a client sent (captured by tests that look at the wire). */
export const seenTokens = new Set<string>();

export function record(value: unknown): void {
  produced.push(value);
}

/** Awaits a promise that must reject; records and returns the error. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    record(err);
    assert.ok(err instanceof Error, `expected an Error, got ${inspect(err)}`);
    return err;
  }
  assert.fail("expected the promise to reject");
}

/** All renderings of a value a log line or a report could contain. */
export function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: 8, showHidden: true }), String(value)];
  try {
    out.push(JSON.stringify(value) ?? "");
  } catch {
    // circular: inspect covers it
  }
  if (value instanceof Error) {
    out.push(value.message, value.stack ?? "", value.toString());
    let cause: unknown = value.cause;
    for (let i = 0; i < 5 && cause; i++) {
      out.push(...renderings(cause));
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  return out;
}

export function assertNoSecret(value: unknown): void {
  for (const text of renderings(value)) {
    assert.ok(!text.includes(CLIENT_SECRET), `client secret leaked: ${text.slice(0, 300)}`);
    assert.ok(!text.includes(BASIC), `Basic credentials leaked: ${text.slice(0, 300)}`);
    assert.ok(!TOKEN_PATTERN.test(text), `access token leaked: ${text.slice(0, 300)}`);
    for (const token of seenTokens) assert.ok(!text.includes(token), `access token leaked: ${text.slice(0, 300)}`);
  }
}

after(function checkNoSecretLeaked() {
  for (const value of produced) assertNoSecret(value);
});

export interface Harness {
  sim: RunningSimulator;
  events: ClientEvent[];
  /** A client on the simulator, with fast retries and task polling unless overridden; closed after the test. */
  client(options?: Partial<RampClientOptions>): RampClient;
  counts(): Record<string, number>;
  count(route: string): number;
}

/**
 * Starts one simulator for the enclosing `describe` (reset before each test) and closes clients after each test.
 */
export function useSimulator(options: SimulatorOptions = {}): Harness {
  const clients: RampClient[] = [];
  const events: ClientEvent[] = [];
  const harness = {
    events,
    client(overrides: Partial<RampClientOptions> = {}): RampClient {
      const c = new RampClient({
        baseUrl: harness.sim.baseUrl,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        retry: FAST_RETRY,
        deferredTask: FAST_TASKS,
        deadlineMs: 10_000,
        requestTimeoutMs: 5_000,
        ...overrides,
        onEvent: (e) => {
          events.push(e);
          record(e);
          overrides.onEvent?.(e);
        },
      });
      clients.push(c);
      return c;
    },
    counts: () => harness.sim.admin.requestCounts(),
    count: (route: string) => harness.sim.admin.requestCounts()[route] ?? 0,
  } as Harness;

  useSuiteSimulator(harness, { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...options }, () => {
    events.length = 0;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  return harness;
}
