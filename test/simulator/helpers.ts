// Test helpers: a simulator per suite, and a bare HTTP caller (undici) speaking Ramp's wire format directly.
import { request } from "undici";
import type { RunningSimulator, SimulatorOptions } from "../../packages/ramp-simulator/src/index.js";
import { useSuiteSimulator } from "../support/simulator.js";

export const CLIENT_ID = "test-client";
export const CLIENT_SECRET = "test-secret";
export const ALL = "users:read users:write departments:read departments:write locations:read locations:write";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary JSON
  body: any;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export class Api {
  private cachedToken: string | undefined;

  /** `scopes`: what `token()` asks for (space separated); the simulator must have granted them. */
  constructor(
    readonly baseUrl: string,
    readonly scopes: string = ALL,
  ) {}

  /** Raw HTTP call; `path` is under /developer/v1 unless it is a full URL or starts with /_admin. */
  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const admin = path.startsWith("/_admin");
    const url = new URL(/^https?:/.test(path) || admin ? path : `/developer/v1${path}`, this.baseUrl);
    const headers: Record<string, string> = { ...options.headers };
    const token = admin ? null : options.token === undefined ? await this.token() : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["content-type"] = "application/json";
    }
    const res = await request(url, { method: method as "GET", headers, body });
    const text = await res.body.text();
    let parsed: unknown;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.statusCode, headers: res.headers, text, body: parsed };
  }

  get(path: string, options?: CallOptions): Promise<Answer> {
    return this.call("GET", path, options);
  }

  post(path: string, body: unknown, options?: CallOptions): Promise<Answer> {
    return this.call("POST", path, { ...options, body });
  }

  patch(path: string, body?: unknown, options?: CallOptions): Promise<Answer> {
    return this.call("PATCH", path, { ...options, body });
  }

  /** `POST /token` exactly as Ramp wants it: Basic auth and a form body. */
  async requestToken(
    scope: string | null = ALL,
    id = CLIENT_ID,
    secret = CLIENT_SECRET,
    extra: Record<string, string> = {},
  ): Promise<Answer> {
    const form = new URLSearchParams({ grant_type: "client_credentials", ...extra });
    if (scope !== null) form.set("scope", scope);
    const res = await request(new URL("/developer/v1/token", this.baseUrl), {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: form.toString(),
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text, body: text ? JSON.parse(text) : undefined };
  }

  /** A token with `scopes` (all six by default: Ramp requires the scopes to be named), cached. */
  async token(): Promise<string> {
    if (this.cachedToken === undefined) {
      const answer = await this.requestToken(this.scopes);
      if (answer.status !== 200) throw new Error(`token: ${answer.status} ${answer.text}`);
      this.cachedToken = answer.body.access_token as string;
    }
    return this.cachedToken;
  }

  forgetToken(): void {
    this.cachedToken = undefined;
  }

  /** Creates a user through the deferred endpoint and waits for its task to end; returns the final task. */
  async invite(fields: Record<string, unknown>): Promise<Answer> {
    const created = await this.post("/users/deferred", {
      first_name: "Ada",
      last_name: "Lovelace",
      role: "BUSINESS_USER",
      idempotency_key: `key-${Math.random()}`,
      ...fields,
    });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
    return this.waitForTask(created.body.id as string);
  }

  async waitForTask(taskId: string, timeoutMs = 5000): Promise<Answer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await this.get(`/users/deferred/status/${taskId}`);
      if (answer.status !== 200 || ["SUCCESS", "ERROR"].includes(answer.body.status as string)) return answer;
      if (Date.now() > deadline) throw new Error(`task ${taskId} still ${answer.body.status}`);
      await sleep(5);
    }
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface Harness {
  sim: RunningSimulator;
  api: Api;
}

/**
 * Starts one simulator for the enclosing `describe` (fast tasks, no rate limit unless asked) and resets it,
 * faults and log included, before each test; the helper then asks for a new token on first use.
 */
export function useSimulator(options: SimulatorOptions = {}): Harness {
  const harness = {} as Harness;
  return useSuiteSimulator(harness, { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...options }, () => {
    harness.api ??= new Api(harness.sim.baseUrl, options.grantedScopes?.join(" ") ?? ALL);
    harness.api.forgetToken(); // each test's log starts with its own POST /token
  });
}

export function errorCode(answer: Answer): string | undefined {
  return answer.body?.error_v2?.error_code as string | undefined;
}
