// Running `ramp-roster` commands in-process, as the bin does, with the environment, input and clock a test gives.
import { commands } from "../../packages/pulumi-ramp-roster/src/cli/commands.js";
import { dispatch } from "../../packages/pulumi-ramp-roster/src/cli/dispatch.js";
import type { RunningSimulator } from "../../packages/ramp-simulator/src/index.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  stdin?: string;
  now?: Date;
  /** The folder the command works in (default: this process's). */
  cwd?: string;
}

export async function cli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await dispatch(args, commands, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: options.env ?? {},
    readStdin: async () => options.stdin ?? "",
    ...(options.now ? { now: () => options.now! } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  return { code, stdout, stderr };
}

export const SIM_CREDENTIALS = { clientId: "cli-test-client", clientSecret: "cli-test-secret-9b1e" };

/** The environment variables that point the CLI at a simulator. */
export function simEnv(sim: RunningSimulator): NodeJS.ProcessEnv {
  return { RAMP_CLIENT_ID: SIM_CREDENTIALS.clientId, RAMP_CLIENT_SECRET: SIM_CREDENTIALS.clientSecret, RAMP_API_URL: sim.baseUrl };
}

/** Routes of the Ramp API called since the last reset, token requests left out. */
export function routesCalled(sim: RunningSimulator): string[] {
  return [...new Set(sim.admin.requestLog().map((r) => r.route))].filter((r) => r !== "POST /token").sort();
}
