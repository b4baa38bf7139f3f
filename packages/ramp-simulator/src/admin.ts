// Out-of-band operations on the simulated Ramp, for tests, benchmarks and the demo: what a person would do in
// Ramp's UI (accept an invite, edit or delete a user), plus faults, the request log and knobs. In-process and
// synchronous; the HTTP admin API (admin-routes.ts) exposes the same operations.
import { z } from "zod";
import { appById, type AppCredentials } from "./auth.js";
import { isIsoDate } from "./business-date.js";
import { catchUp, type SimulatorCore } from "./core.js";
import { ApiError, SimulatorAdminError } from "./errors.js";
import { newClientSecret } from "./ids.js";
import type { Fault } from "./faults.js";
import { createDepartment, createLocation } from "./routes-org.js";
import type {
  RateLimit,
  RequestLogEntry,
  StoredUserPatch,
  WireDepartment,
  WireLocation,
  WireUser,
} from "./types.js";

export interface SimulatorAdmin {
  /** INVITE_PENDING / INVITE_EXPIRED / USER_ONBOARDING → USER_ACTIVE (no-op if already active). */
  acceptInvite(idOrEmail: string): WireUser;
  /** INVITE_PENDING → INVITE_EXPIRED (no-op if already expired). */
  expireInvite(idOrEmail: string): WireUser;
  /** Out-of-band change with wire field names (`manager_id`; `direct_manager_id` is accepted as an alias);
   *  any field, any status, no validation — this is drift made in Ramp's UI or by SCIM. */
  updateUser(idOrEmail: string, patch: StoredUserPatch): WireUser;
  /** The user disappears entirely, as when deleted in Ramp's UI. */
  deleteUser(idOrEmail: string): void;
  /** Adds `n` USER_ACTIVE users with emails seed-00001@example.com, ...; `template` sets other fields. */
  seedUsers(n: number, template?: StoredUserPatch): WireUser[];
  /** Puts a user in any state directly; missing fields get defaults (active cardholder). */
  addUser(user: StoredUserPatch & { email: string }): WireUser;
  addDepartment(name: string): WireDepartment;
  addLocation(name: string, entityId?: string): WireLocation;
  users(): WireUser[];
  departments(): WireDepartment[];
  locations(): WireLocation[];
  /** Validates and arms one fault or several (throws on an invalid one). */
  injectFault(fault: Fault | Fault[]): void;
  clearFaults(): void;
  /** Faults still armed, `count` = firings left. */
  faults(): Fault[];
  requestLog(): RequestLogEntry[];
  requestCounts(): Record<string, number>;
  resetRequestLog(): void;
  /** Every token issued so far becomes invalid: its next use answers 401. */
  expireTokens(): void;
  /**
   * A Ramp admin rotates the app's client secret: from now on the token endpoint accepts only the new one (`secret`,
   * else a random one) and answers the old one 401 invalid_client. Tokens already issued keep working until they
   * expire, as OAuth tokens do (`expireTokens` ends them). Returns the new secret.
   */
  rotateClientSecret(clientId: string, secret?: string): string;
  /** Empty users, departments, locations, tasks, idempotency keys, faults, log and rate-limit windows, and the
   *  business date back on the real clock. Keeps tokens, apps and their scopes, task delay and rate-limit settings. */
  reset(): void;
  setTaskDelay(ms: number): void;
  setRateLimit(limit: RateLimit | false): void;
  /** The scopes an app may request from now on (default: the app started with). Tokens already issued keep theirs. */
  setGrantedScopes(scopes: string[], clientId?: string): void;
  /** Adds another app (OAuth client) of the business, e.g. a read-only app for CI. */
  addApp(app: AppCredentials): void;
  /** Pins "today" (`YYYY-MM-DD`) for scheduled deactivations, or follows the real clock again with null. */
  setBusinessDate(date: string | null): void;
  /** Ramp's beta refusal: from now on draft users and invitation calls are refused (403) for the business, or allowed again. */
  refuseDrafts(refused: boolean): void;
  /** How many invitations Ramp has sent to drafts (SEND_NOW or their scheduled day), by email. */
  invitationsSent(): Record<string, number>;
}

const copy = <T>(value: T): T => structuredClone(value);

/** Ramp API errors raised by shared code (duplicate names, unknown entity) become admin errors. */
function asAdmin<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ApiError) throw new SimulatorAdminError(error.status === 404 ? 404 : 409, error.message);
    if (error instanceof z.ZodError) throw new SimulatorAdminError(400, z.prettifyError(error));
    throw error;
  }
}

export function createAdmin(core: SimulatorCore): SimulatorAdmin {
  const { state } = core;

  const userOrThrow = (idOrEmail: string): WireUser => {
    catchUp(core);
    const user = state.findUser(idOrEmail);
    if (!user) throw new SimulatorAdminError(404, `No user with id or email ${idOrEmail}`);
    return user;
  };

  const addUser = (fields: StoredUserPatch & { email: string }): WireUser => {
    if (typeof fields.email !== "string" || fields.email === "") {
      throw new SimulatorAdminError(400, "email is required");
    }
    if (state.userByEmail(fields.email)) throw new SimulatorAdminError(409, `${fields.email} already exists`);
    if (fields.id !== undefined && state.users.sequenceOf(fields.id) !== undefined) {
      throw new SimulatorAdminError(409, `id ${fields.id} already used`);
    }
    return copy(state.users.add(state.buildUser(copy(fields))));
  };

  return {
    acceptInvite(idOrEmail) {
      const user = userOrThrow(idOrEmail);
      if (["INVITE_PENDING", "INVITE_EXPIRED", "USER_ONBOARDING"].includes(user.status)) {
        state.setStatus(user, "USER_ACTIVE");
      } else if (user.status !== "USER_ACTIVE") {
        throw new SimulatorAdminError(409, `${user.email} has no invite to accept (status ${user.status})`);
      }
      return copy(user);
    },

    expireInvite(idOrEmail) {
      const user = userOrThrow(idOrEmail);
      if (user.status === "INVITE_PENDING") state.setStatus(user, "INVITE_EXPIRED");
      else if (user.status !== "INVITE_EXPIRED") {
        throw new SimulatorAdminError(409, `${user.email} has no pending invite (status ${user.status})`);
      }
      return copy(user);
    },

    updateUser(idOrEmail, patch) {
      const user = userOrThrow(idOrEmail);
      const { id: _id, status, direct_manager_id: directManagerId, ...rest } = copy(patch);
      if (directManagerId !== undefined && rest.manager_id === undefined) {
        rest.manager_id = directManagerId as string | null;
      }
      if (rest.email !== undefined) {
        const other = state.userByEmail(rest.email);
        if (other && other.id !== user.id) throw new SimulatorAdminError(409, `${rest.email} already exists`);
      }
      Object.assign(user, rest);
      if (status !== undefined) {
        state.setStatus(user, status);
        if (rest.lifecycle_status !== undefined) user.lifecycle_status = rest.lifecycle_status;
      }
      return copy(user);
    },

    deleteUser(idOrEmail) {
      state.deleteUser(userOrThrow(idOrEmail).id);
    },

    seedUsers(n, template = {}) {
      if (!Number.isInteger(n) || n < 0) throw new SimulatorAdminError(400, "n must be a non-negative integer");
      const { id: _id, email: _email, ...fields } = template;
      const out: WireUser[] = [];
      for (let i = 0; i < n; i++) {
        const email = state.nextSeedEmail();
        const number = email.slice("seed-".length, email.indexOf("@"));
        out.push(addUser({ first_name: "Seed", last_name: `User ${number}`, ...copy(fields), email }));
      }
      return out;
    },

    addUser,
    addDepartment: (name) => asAdmin(() => copy(createDepartment(core, name))),
    addLocation: (name, entityId) => asAdmin(() => copy(createLocation(core, name, entityId))),
    users: () => {
      catchUp(core);
      return state.users.values().map(copy);
    },
    departments: () => state.departments.values().map(copy),
    locations: () => state.locations.values().map(copy),
    injectFault: (fault) => asAdmin(() => core.faults.inject(fault)),
    clearFaults: () => core.faults.clear(),
    faults: () => core.faults.pending(),
    requestLog: () => core.log.snapshot(),
    requestCounts: () => core.log.counts(),
    resetRequestLog: () => core.log.reset(),
    expireTokens: () => core.tokens.expireAll(),

    rotateClientSecret(clientId, secret) {
      const app = appById(core.config.auth, clientId);
      if (!app) throw new SimulatorAdminError(404, `No client with id ${clientId}`);
      if (secret !== undefined && (secret === "" || secret === app.clientSecret)) {
        throw new SimulatorAdminError(400, "the new secret must be non-empty and differ from the current one");
      }
      app.clientSecret = secret ?? newClientSecret();
      return app.clientSecret;
    },

    reset() {
      core.tasks.clear();
      state.reset();
      core.faults.clear();
      core.log.reset();
      core.rateLimiter.reset();
      core.businessDate.pin(null);
    },

    setTaskDelay(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new SimulatorAdminError(400, "ms must be a non-negative number");
      core.config.taskDelayMs = ms;
    },

    setRateLimit(limit) {
      if (limit !== false && !(limit.requests > 0 && limit.windowMs > 0)) {
        throw new SimulatorAdminError(400, "requests and windowMs must be positive");
      }
      core.rateLimiter.set(limit === false ? false : { requests: limit.requests, windowMs: limit.windowMs });
    },

    setGrantedScopes(scopes, clientId) {
      if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== "string" || !/^\S+$/.test(s))) {
        throw new SimulatorAdminError(400, "scopes must be a list of scope names without spaces");
      }
      const auth = core.config.auth;
      const app = clientId === undefined ? auth : appById(auth, clientId);
      if (!app) throw new SimulatorAdminError(404, `No app with client id ${clientId}`);
      app.grantedScopes = [...new Set(scopes)];
    },

    addApp(app) {
      const auth = core.config.auth;
      if (!app.clientId || !app.clientSecret) throw new SimulatorAdminError(400, "clientId and clientSecret are required");
      if (appById(auth, app.clientId)) throw new SimulatorAdminError(409, `An app with client id ${app.clientId} exists`);
      auth.otherApps.push({ clientId: app.clientId, clientSecret: app.clientSecret, grantedScopes: [...app.grantedScopes] });
    },

    refuseDrafts(refused) {
      state.draftsRefused = refused;
    },

    invitationsSent() {
      catchUp(core);
      const sent: Record<string, number> = {};
      for (const [id, count] of state.invitationsSent) {
        const user = state.users.get(id);
        if (user) sent[user.email.toLowerCase()] = count;
      }
      return sent;
    },

    setBusinessDate(date) {
      if (date !== null && !isIsoDate(date)) throw new SimulatorAdminError(400, `not a date (YYYY-MM-DD): ${date}`);
      core.businessDate.pin(date);
      catchUp(core);
    },
  };
}
