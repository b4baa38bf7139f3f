// Where the provider's Ramp connection settings come from: the environment of the run that is happening, and
// nothing else. Stack config is no place for them: the engine records the dynamic provider's whole configuration in
// the state, and `refresh` and `destroy` configure the provider from that record rather than from the current
// config (pulumi/pulumi#4981, #13860). Credentials from config would therefore be stored with the state, and a
// rotated secret would be replayed from the record by the next refresh, which Ramp then refuses. The environment is
// not recorded: CI injects it per job, so a rotation takes effect on the very next run and a pull request's job can
// hold a read-only app. Read at run time inside the provider process, never captured in the serialized provider.
import { DEFAULT_BASE_URL } from "../ramp-facts.js";
import { RampConfigError } from "./errors.js";

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
} as const;

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
        `the state would record it and later runs would replay it. See the README, "Run it from CI".`,
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
