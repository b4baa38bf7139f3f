// The one reader of this project's settings: the `ramp:` stack config namespace (the roster and the run guards, read
// by the program and, for the deactivation guard, by the provider process too) and the RAMP_* environment variables.
// Every problem is a RampConfigError, and no message carries a value that could be a secret.
//
// The provider's Ramp connection settings come from the environment of the run that is happening, and
// nothing else. Stack config is no place for them: the engine records the dynamic provider's whole configuration in
// the state, and `refresh` and `destroy` configure the provider from that record rather than from the current
// config (pulumi/pulumi#4981, #13860). Credentials from config would therefore be stored with the state, and a
// rotated secret would be replayed from the record by the next refresh, which Ramp then refuses. The environment is
// not recorded: CI injects it per job, so a rotation takes effect on the very next run and a pull request's job can
// hold a read-only app. Read at run time inside the provider process, never captured in the serialized provider.
import { RampConfigError } from "../client/errors.js";
import { DEFAULT_BASE_URL, emailKey } from "../ramp-facts.js";
import { editDistance } from "../text.js";

export interface RampSettings {
  clientId: string;
  clientSecret: string;
  baseUrl: string;
  rateLimit?: { requests: number; windowMs: number };
}

export const ENV_KEYS = {
  clientId: "RAMP_CLIENT_ID",
  clientSecret: "RAMP_CLIENT_SECRET",
  baseUrl: "RAMP_API_URL",
  rateLimit: "RAMP_RATE_LIMIT",
  /** Confirms one run's deactivations by email; wins over `ramp:confirmDeactivations`. */
  confirmDeactivations: "RAMP_CONFIRM_DEACTIVATIONS",
  /** Confirms the admins that remain below `ramp:minAdmins`; wins over `ramp:confirmAdmins`. */
  confirmAdmins: "RAMP_CONFIRM_ADMINS",
  /** Confirms, by email, giving access back to people the roster did not remove; wins over `ramp:confirmReactivations`. */
  confirmReactivations: "RAMP_CONFIRM_REACTIVATIONS",
} as const;

/** Every stack config key this project reads. */
export const KNOWN_RAMP_KEYS = [
  "ramp:roster",
  "ramp:maxDeactivations",
  "ramp:minAdmins",
  "ramp:confirmDeactivations",
  "ramp:confirmAdmins",
  "ramp:confirmReactivations",
] as const;

/**
 * The stack config keys earlier versions read for these settings, with the variable that replaces each. The base
 * URL goes with the credentials: taken from a record, it would send this run's secret wherever an earlier run (or
 * whoever can write the state) pointed it. The rate limit is only a pacing knob, but from the record a change would
 * not reach `refresh`, so it moved too.
 */
export const FORMER_CONFIG_KEYS = {
  "ramp:clientId": ENV_KEYS.clientId,
  "ramp:clientSecret": ENV_KEYS.clientSecret,
  "ramp:baseUrl": ENV_KEYS.baseUrl,
  "ramp:rateLimit": ENV_KEYS.rateLimit,
} as const;

/** Parses "200/10s", "100/1m" or "50/500ms" into a rolling-window limit. */
export function parseRateLimit(text: string, source: string): { requests: number; windowMs: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)?\s*(ms|s|m)\s*$/.exec(text);
  if (!match) throw new RampConfigError(`${source} must look like "200/10s" or "100/1m", got ${JSON.stringify(text)}`);
  const requests = Number(match[1]);
  const amount = match[2] === undefined ? 1 : Number(match[2]);
  const unit = match[3] === "ms" ? 1 : match[3] === "s" ? 1000 : 60_000;
  if (requests < 1 || amount < 1) throw new RampConfigError(`${source} must be positive, got ${JSON.stringify(text)}`);
  return { requests, windowMs: amount * unit };
}

/** The settings from the environment. Missing credentials name the variables and why config will not do. */
export function resolveSettings(env: NodeJS.ProcessEnv = process.env): RampSettings {
  const read = (name: keyof typeof ENV_KEYS): string | undefined => {
    const value = env[ENV_KEYS[name]]?.trim();
    return value ? value : undefined;
  };
  const clientId = read("clientId");
  const clientSecret = read("clientSecret");
  if (!clientId || !clientSecret) {
    const missing = [clientId ? undefined : ENV_KEYS.clientId, clientSecret ? undefined : ENV_KEYS.clientSecret].filter(Boolean);
    throw new RampConfigError(
      `Ramp credentials are not set: ${missing.join(" and ")} must be in the environment of every pulumi run ` +
        `(and ${ENV_KEYS.baseUrl} for Ramp's sandbox). Stack config (ramp:clientId, ramp:clientSecret) is not read: ` +
        `the state would record it and later runs would replay it. See docs/credentials.md.`,
    );
  }
  const rateLimit = read("rateLimit");
  return {
    clientId,
    clientSecret,
    baseUrl: read("baseUrl") ?? DEFAULT_BASE_URL,
    ...(rateLimit ? { rateLimit: parseRateLimit(rateLimit, ENV_KEYS.rateLimit) } : {}),
  };
}

// ---- The run guards (see program/guards.ts): read the same way by the program, before any resource is registered,
// and by the provider process (the backstop, which also serves `pulumi destroy`, where no program runs).

export interface GuardSettings {
  /** Most users one run may deactivate without confirmation. */
  maxDeactivations: number;
  /** Fewest active admins (BUSINESS_ADMIN) the roster may leave. */
  minAdmins: number;
  /** Emails of exactly the deactivations this run is allowed to make beyond the limit. */
  confirmDeactivations?: string[];
  /** Emails of exactly the admins that will remain, confirming a roster below the floor. */
  confirmAdmins?: string[];
  /**
   * Emails of people whose access was removed outside the roster (by Ramp on a date, by an admin, or a former
   * person's account under a roster email) that this run may make active again.
   */
  confirmReactivations?: string[];
}

export const DEFAULT_GUARDS: GuardSettings = { maxDeactivations: 3, minAdmins: 1 };

export function parseCount(key: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new RampConfigError(`${key} must be a whole number ≥ 0, got ${JSON.stringify(value)}`);
  return n;
}

/** "a@x.com, b@x.com" → lower-cased emails; "none" → an empty list (confirming that nobody remains). */
export function parseEmailList(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  if (value.trim().toLowerCase() === "none") return [];
  return value
    .split(",")
    .map(emailKey)
    .filter((e) => e !== "");
}

export interface DeactivationLimits {
  /** Most users one run may deactivate without confirmation; 0 when no program ran (see deactivationLimits). */
  max: number;
  /** Emails (lower-cased) confirmed for this run: deactivated whatever the count. */
  confirmed: ReadonlySet<string>;
  /** No program ran in this process (see deactivationLimits): only confirmed users are deactivated. */
  withoutProgram?: true;
}

/**
 * The guard values from `ramp:` config (`get` by full key) and the one-run confirmations in the environment
 * (RAMP_CONFIRM_DEACTIVATIONS / RAMP_CONFIRM_ADMINS, which win over config). A malformed value throws.
 */
function readGuards(get: (key: string) => string | undefined, env: NodeJS.ProcessEnv): GuardSettings {
  const confirmDeactivations = parseEmailList(env[ENV_KEYS.confirmDeactivations] ?? get("ramp:confirmDeactivations"));
  const confirmAdmins = parseEmailList(env[ENV_KEYS.confirmAdmins] ?? get("ramp:confirmAdmins"));
  const confirmReactivations = parseEmailList(env[ENV_KEYS.confirmReactivations] ?? get("ramp:confirmReactivations"));
  return {
    maxDeactivations: parseCount("ramp:maxDeactivations", get("ramp:maxDeactivations"), DEFAULT_GUARDS.maxDeactivations),
    minAdmins: parseCount("ramp:minAdmins", get("ramp:minAdmins"), DEFAULT_GUARDS.minAdmins),
    ...(confirmDeactivations ? { confirmDeactivations } : {}),
    ...(confirmAdmins ? { confirmAdmins } : {}),
    ...(confirmReactivations ? { confirmReactivations } : {}),
  };
}

/**
 * The provider's backstop limits. During an `up` (the program registered users in this process) they are the run's
 * own: `ramp:maxDeactivations` and the confirmations, from the config the engine hands over or the environment.
 * Without a program (`pulumi destroy`, or a run whose roster registers nobody) the config is a record an earlier run
 * left, and there is no plan to count against: every deactivation must then be confirmed by name in this run's
 * environment, so a retried destroy cannot deactivate another batch, nor a stale recorded confirmation wave one
 * through. A malformed value throws: the backstop must not guess a limit.
 */
export function deactivationLimits(
  config: (key: string) => string | undefined,
  programRan: boolean,
  env: NodeJS.ProcessEnv = process.env,
): DeactivationLimits {
  if (!programRan) {
    const confirmed = parseEmailList(env[ENV_KEYS.confirmDeactivations]) ?? [];
    parseCount("ramp:maxDeactivations", config("ramp:maxDeactivations"), DEFAULT_GUARDS.maxDeactivations); // still refuse a malformed one
    return { max: 0, confirmed: new Set(confirmed), withoutProgram: true };
  }
  const guards = readGuards(config, env);
  return { max: guards.maxDeactivations, confirmed: new Set(guards.confirmDeactivations ?? []) };
}

// ---- The whole `ramp:` namespace, as the program reads it. An unknown key is an error naming the closest known key:
// a typo in a guard setting must not silently fall back to the default. A stack that still sets the connection
// settings is refused with how to move them, since the state would record them.

export interface StackSettings {
  /** The roster file or folder, as configured (relative to the program directory). */
  rosterPath?: string;
  guards: GuardSettings;
}

export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 4)) ? best.key : undefined;
}

/** Names the keys and the variables that replace them, never the values. */
function movedKeysProblem(keys: (keyof typeof FORMER_CONFIG_KEYS)[]): string {
  return (
    `${keys.join(", ")} ${keys.length === 1 ? "is" : "are"} no longer read from stack config: Pulumi records the ` +
    `provider's config in the state, and refresh would replay it (a rotated secret would then break every run). ` +
    `Set ${keys.map((key) => FORMER_CONFIG_KEYS[key]).join(", ")} in the environment of every pulumi run instead ` +
    `(CI secrets; see docs/credentials.md), then remove the config: ` +
    keys.map((key) => `pulumi config rm ${key}`).join("; ")
  );
}

/**
 * @param config every stack config value by full key ("ramp:minAdmins"), as `pulumi.runtime.allConfig()` gives it
 * @param env where the one-run confirmations RAMP_CONFIRM_DEACTIVATIONS / RAMP_CONFIRM_ADMINS are read
 * @throws RampConfigError naming every problem at once
 */
export function readStackSettings(config: Record<string, string>, env: NodeJS.ProcessEnv = process.env): StackSettings {
  const problems: string[] = [];
  const isFormer = (key: string): key is keyof typeof FORMER_CONFIG_KEYS => Object.hasOwn(FORMER_CONFIG_KEYS, key);
  const moved = Object.keys(FORMER_CONFIG_KEYS).filter((key) => Object.hasOwn(config, key)).filter(isFormer);
  if (moved.length > 0) problems.push(movedKeysProblem(moved));
  for (const key of Object.keys(config)) {
    if (!key.startsWith("ramp:") || isFormer(key) || (KNOWN_RAMP_KEYS as readonly string[]).includes(key)) continue;
    const hint = closestKey(key, [...KNOWN_RAMP_KEYS, ...Object.keys(FORMER_CONFIG_KEYS)]);
    const meant = !hint ? "" : isFormer(hint) ? ` (${hint}? that is now ${FORMER_CONFIG_KEYS[hint]} in the environment)` : ` (did you mean '${hint}'?)`;
    problems.push(`unknown config key '${key}'${meant}; known keys: ${KNOWN_RAMP_KEYS.join(", ")}`);
  }
  let guards: GuardSettings = DEFAULT_GUARDS;
  try {
    guards = readGuards((key) => config[key], env);
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (problems.length > 0) throw new RampConfigError(problems.join("\n"));
  const rosterPath = config["ramp:roster"];
  return { ...(rosterPath ? { rosterPath } : {}), guards };
}
