// How the commands that read Ramp (export, report) connect and read: credentials from flags or the same environment
// variables the program reads, read-only scopes, and one listing of users, departments and locations.
import { RampClient, RampError, type RampDepartmentRecord, type RampLocationRecord, type RampUserRecord } from "../client/index.js";
import { DEFAULT_BASE_URL } from "../ramp-facts.js";
import { ENV_KEYS } from "../resources/settings.js";
import { CommandError, UsageError } from "./command.js";

/** Reading is all these commands do: an app granted only these scopes is enough. */
export const READ_ONLY_SCOPES = ["users:read", "departments:read", "locations:read"];

export const CONNECTION_OPTIONS = {
  "client-id": { type: "string" },
  "client-secret": { type: "string" },
  "api-url": { type: "string" },
} as const;

export const CONNECTION_USAGE = `Ramp connection (flags win over the environment):
  --client-id ID      env ${ENV_KEYS.clientId}
  --client-secret S   env ${ENV_KEYS.clientSecret} (prefer the environment: a flag shows in the process list)
  --api-url URL       env ${ENV_KEYS.baseUrl}, default ${DEFAULT_BASE_URL} (https://demo-api.ramp.com: the sandbox)
  Only the scopes ${READ_ONLY_SCOPES.join(", ")} are requested.`;

export interface RampConnection {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

export function connectionFrom(values: Record<string, unknown>, env: NodeJS.ProcessEnv): RampConnection {
  const pick = (flag: string, variable: string): string | undefined => {
    const value = values[flag];
    if (typeof value === "string" && value !== "") return value;
    const fromEnv = env[variable];
    return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
  };
  const clientId = pick("client-id", ENV_KEYS.clientId);
  const clientSecret = pick("client-secret", ENV_KEYS.clientSecret);
  const missing = [
    clientId ? undefined : `--client-id (or ${ENV_KEYS.clientId})`,
    clientSecret ? undefined : `--client-secret (or ${ENV_KEYS.clientSecret})`,
  ].filter((m): m is string => m !== undefined);
  if (!clientId || !clientSecret) throw new UsageError(`Ramp credentials are missing: ${missing.join(" and ")}`);
  return { clientId, clientSecret, baseUrl: pick("api-url", ENV_KEYS.baseUrl) ?? DEFAULT_BASE_URL };
}

/** Everything the commands look at, read once: no request per user. */
export interface RampSnapshot {
  baseUrl: string;
  /** Every user, the suspended ones included. */
  users: RampUserRecord[];
  departments: RampDepartmentRecord[];
  locations: RampLocationRecord[];
}

/** @param failureExit the exit code when Ramp cannot be read (each command documents its own) */
export async function readRamp(connection: RampConnection, failureExit: number): Promise<RampSnapshot> {
  let client: RampClient | undefined;
  try {
    client = new RampClient({ ...connection, scopes: READ_ONLY_SCOPES, userAgent: "pulumi-ramp-roster-cli" });
    // listAllUsers: the default listing leaves suspended (and draft) users out; it asks for them too.
    const [users, departments, locations] = await Promise.all([client.listAllUsers(), client.listDepartments(), client.listLocations()]);
    return { baseUrl: connection.baseUrl, users, departments, locations };
  } catch (err) {
    // The client's errors are typed and carry no secret: their message is what a person needs.
    if (err instanceof RampError) throw new CommandError(`cannot read Ramp at ${connection.baseUrl}: ${err.message}`, failureExit);
    throw err;
  } finally {
    await client?.close();
  }
}
