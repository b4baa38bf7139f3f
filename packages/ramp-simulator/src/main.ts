#!/usr/bin/env node
// CLI: run the simulator until SIGINT/SIGTERM.
//   node packages/ramp-simulator/dist/main.js --port <N> --client-id <ID> --client-secret <SECRET>
//        [--host 127.0.0.1] [--task-delay-ms N] [--seed-users N] [--no-rate-limit] [--scopes "users:read ..."]
import { parseArgs } from "node:util";
import { startSimulator } from "./index.js";

const USAGE = `Usage: npm run simulator -- [--port N] [--client-id ID] [--client-secret SECRET]
                              [--host 127.0.0.1] [--task-delay-ms N] [--seed-users N] [--no-rate-limit]
                              [--scopes "users:read departments:read locations:read"]
  --scopes  the scopes the app is granted (space separated); default all six users/departments/locations scopes`;

function nonNegativeInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string" },
      port: { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "task-delay-ms": { type: "string" },
      "seed-users": { type: "string" },
      "no-rate-limit": { type: "boolean" },
      scopes: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = nonNegativeInt("port", values.port);
  const taskDelayMs = nonNegativeInt("task-delay-ms", values["task-delay-ms"]);
  const seedUsers = nonNegativeInt("seed-users", values["seed-users"]);
  const clientId = values["client-id"] ?? "sim-client-id";
  const grantedScopes = values.scopes?.split(/\s+/).filter((s) => s !== "");
  if (grantedScopes !== undefined && grantedScopes.length === 0) throw new Error("--scopes needs at least one scope");
  const simulator = await startSimulator({
    ...(values.host !== undefined && { host: values.host }),
    ...(port !== undefined && { port }),
    clientId,
    ...(values["client-secret"] !== undefined && { clientSecret: values["client-secret"] }),
    ...(taskDelayMs !== undefined && { taskDelayMs }),
    ...(values["no-rate-limit"] && { rateLimit: false as const }),
    ...(grantedScopes !== undefined && { grantedScopes }),
  });
  if (seedUsers) simulator.admin.seedUsers(seedUsers);

  console.log(`Ramp simulator listening on ${simulator.baseUrl}`);
  console.log(
    `Get a token: curl -s -u '${clientId}:<client secret>' -d grant_type=client_credentials ` +
      `-d scope='users:read' ${simulator.baseUrl}/developer/v1/token\n` +
      `Then:        curl -s -H "Authorization: Bearer <access_token>" ${simulator.baseUrl}/developer/v1/users\n` +
      `Admin API:   ${simulator.baseUrl}/_admin/users (see packages/ramp-simulator/src/admin-routes.ts). Ctrl-C stops it.`,
  );

  const stop = (): void => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  console.error(USAGE);
  process.exit(1);
});
