// A faithful local Ramp (see /shared/ramp-api.md in the project notes and DESIGN.md): the developer API under
// /developer/v1 plus an admin API under /_admin. `startSimulator()` is the whole public entry point.
import type { AddressInfo } from "node:net";
import { createAdmin, type SimulatorAdmin } from "./admin.js";
import { DEFAULT_SCOPES, TokenStore, tokenHandler, type AppCredentials } from "./auth.js";
import { BusinessDate } from "./business-date.js";
import { adminRoutes } from "./admin-routes.js";
import type { SimulatorCore } from "./core.js";
import { FaultInjector } from "./faults.js";
import { newId } from "./ids.js";
import { SimulatedRateLimit } from "./rate-limit.js";
import { RequestLog } from "./request-log.js";
import { orgRoutes } from "./routes-org.js";
import { userRoutes } from "./routes-users.js";
import type { Route } from "./router.js";
import { createSimulatorServer } from "./server.js";
import { SimulatorState } from "./state.js";
import { TaskRunner } from "./tasks.js";
import { Timers } from "./timers.js";
import type { RateLimit } from "./types.js";

export type { SimulatorAdmin } from "./admin.js";
export type { AppCredentials } from "./auth.js";
export { addMonths, isIsoDate } from "./business-date.js";
export type { Fault, RequestFault, TaskFault } from "./faults.js";
export { SimulatorAdminError, ErrorCode } from "./errors.js";
export { DUPLICATE_EMAIL_MESSAGE } from "./tasks.js";
export { API_PREFIX, ADMIN_PREFIX, MALFORMED_BODY } from "./server.js";
export * from "./types.js";

export interface SimulatorOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Default "sim-client-id". */
  clientId?: string;
  /** Default "sim-client-secret". */
  clientSecret?: string;
  /** Scopes the client may request; default all six users/departments/locations read/write scopes. */
  grantedScopes?: string[];
  /** Further apps (OAuth clients) of the same business, each with its own credentials and granted scopes. */
  otherApps?: AppCredentials[];
  /** Default 864000 (10 days). */
  tokenTtlSeconds?: number;
  /** How long a deferred create task stays STARTED/IN_PROGRESS; default 200. */
  taskDelayMs?: number;
  /** Per client IP, rolling window; default {requests: 200, windowMs: 10_000}; false disables it. */
  rateLimit?: RateLimit | false;
  /** Default: a random UUID. */
  businessId?: string;
}

export interface RunningSimulator {
  /** Origin, e.g. "http://127.0.0.1:40123". The API is under /developer/v1, the admin API under /_admin. */
  readonly baseUrl: string;
  readonly admin: SimulatorAdmin;
  /** Closes the server and every open socket. */
  close(): Promise<void>;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { requests: 200, windowMs: 10_000 };

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? "127.0.0.1";
  const state = new SimulatorState(options.businessId ?? newId(), newId());
  const timers = new Timers();
  const core: SimulatorCore = {
    config: {
      auth: {
        clientId: options.clientId ?? "sim-client-id",
        clientSecret: options.clientSecret ?? "sim-client-secret",
        grantedScopes: [...(options.grantedScopes ?? DEFAULT_SCOPES)],
        tokenTtlSeconds: options.tokenTtlSeconds ?? 864_000,
        otherApps: (options.otherApps ?? []).map((app) => ({ ...app, grantedScopes: [...app.grantedScopes] })),
      },
      taskDelayMs: options.taskDelayMs ?? 200,
    },
    state,
    tasks: new TaskRunner(state, timers),
    faults: new FaultInjector(),
    log: new RequestLog(),
    tokens: new TokenStore(),
    rateLimiter: new SimulatedRateLimit(options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit),
    timers,
    businessDate: new BusinessDate(),
  };
  const admin = createAdmin(core);
  const apiRoutes: Route[] = [
    { method: "POST", pattern: "/token", scope: null, handler: tokenHandler(() => core.config.auth, core.tokens) },
    ...userRoutes(core),
    ...orgRoutes(core),
  ];
  let authority = host;
  const server = createSimulatorServer(core, apiRoutes, adminRoutes(admin), () => authority);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  authority = `${host.includes(":") ? `[${host}]` : host}:${port}`;
  const baseUrl = `http://${authority}`;

  let closing: Promise<void> | undefined;
  return {
    baseUrl,
    admin,
    close() {
      closing ??= new Promise<void>((resolve) => {
        timers.clearAll();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
