// Where the provider's Ramp connection settings come from: stack config handed to `configure`, else the
// environment. Read at run time inside the provider process, never captured in the serialized provider.
import { RampConfigError } from "./errors.js";

export interface RampSettings {
  clientId: string;
  clientSecret: string;
  baseUrl: string;
  rateLimit?: { requests: number; windowMs: number };
}

/** The subset of Pulumi's dynamic-provider config object that we read. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export const CONFIG_KEYS = {
  clientId: "ramp:clientId",
  clientSecret: "ramp:clientSecret",
  baseUrl: "ramp:baseUrl",
  rateLimit: "ramp:rateLimit",
} as const;

export const ENV_KEYS = {
  clientId: "RAMP_CLIENT_ID",
  clientSecret: "RAMP_CLIENT_SECRET",
  baseUrl: "RAMP_API_URL",
  rateLimit: "RAMP_RATE_LIMIT",
} as const;

export const DEFAULT_BASE_URL = "https://api.ramp.com";

export type RawSettings = Partial<Record<keyof typeof CONFIG_KEYS, string>>;

/** Copies the settings out of Pulumi's config object; no validation yet (configure must stay cheap). */
export function readConfig(config: ConfigSource): RawSettings {
  const raw: RawSettings = {};
  for (const [name, key] of Object.entries(CONFIG_KEYS) as [keyof typeof CONFIG_KEYS, string][]) {
    const value = config.get(key);
    if (value !== undefined && value !== "") raw[name] = value;
  }
  return raw;
}

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

/** Config wins over the environment, key by key. Missing credentials name both ways to set them. */
export function resolveSettings(config: RawSettings, env: NodeJS.ProcessEnv = process.env): RampSettings {
  const pick = (name: keyof typeof CONFIG_KEYS) => {
    if (config[name] !== undefined) return { value: config[name], source: CONFIG_KEYS[name] };
    const fromEnv = env[ENV_KEYS[name]];
    return fromEnv ? { value: fromEnv, source: ENV_KEYS[name] } : undefined;
  };
  const clientId = pick("clientId");
  const clientSecret = pick("clientSecret");
  const missing = [
    clientId ? undefined : `${CONFIG_KEYS.clientId} (or ${ENV_KEYS.clientId})`,
    clientSecret ? undefined : `${CONFIG_KEYS.clientSecret} as a secret (or ${ENV_KEYS.clientSecret})`,
  ].filter((m): m is string => m !== undefined);
  if (!clientId || !clientSecret) {
    throw new RampConfigError(
      `Ramp credentials are not set: missing ${missing.join(" and ")}. ` +
        `Set them with 'pulumi config set ramp:clientId <id>' and 'pulumi config set --secret ramp:clientSecret <secret>'.`,
    );
  }
  const rateLimit = pick("rateLimit");
  return {
    clientId: clientId.value,
    clientSecret: clientSecret.value,
    baseUrl: pick("baseUrl")?.value ?? DEFAULT_BASE_URL,
    ...(rateLimit ? { rateLimit: parseRateLimit(rateLimit.value, rateLimit.source) } : {}),
  };
}
