// Everything one running simulator owns, passed explicitly to the routes and the admin operations.
import type { AuthConfig, TokenStore } from "./auth.js";
import type { BusinessDate } from "./business-date.js";
import type { FaultInjector } from "./faults.js";
import type { SimulatedRateLimit } from "./rate-limit.js";
import type { RequestLog } from "./request-log.js";
import type { SimulatorState } from "./state.js";
import type { TaskRunner } from "./tasks.js";
import type { Timers } from "./timers.js";

export interface SimulatorConfig {
  auth: AuthConfig;
  taskDelayMs: number;
}

export interface SimulatorCore {
  readonly config: SimulatorConfig;
  readonly state: SimulatorState;
  readonly tasks: TaskRunner;
  readonly faults: FaultInjector;
  readonly log: RequestLog;
  readonly tokens: TokenStore;
  readonly rateLimiter: SimulatedRateLimit;
  readonly timers: Timers;
  /** "Today" for scheduled deactivations. */
  readonly businessDate: BusinessDate;
}

/** Brings the state up to date with the business date (scheduled invitations and deactivations that fell due). */
export function catchUp(core: SimulatorCore): void {
  core.state.sendScheduledInvitations(core.businessDate.today());
  core.state.applyScheduledDeactivations(core.businessDate.today());
}
