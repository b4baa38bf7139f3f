// Which roster a command reads: the one the stack's program applies (roster/find.ts: `ramp:roster`, else roster.yaml,
// roster.yml, roster/), so a pull request validates and reports exactly what the merge will apply.
import * as path from "node:path";
import { findRoster, RosterNotFoundError, sameRosterPath } from "../roster/index.js";
import { UsageError, type CommandIo } from "./command.js";
import { cwdOf, envOf } from "./io.js";
import { readStackConfig, stackOption, type StackConfig } from "./stack-config.js";

/** The options every roster-reading command takes. */
export const ROSTER_OPTIONS = { roster: { type: "string" }, stack: { type: "string" } } as const;

export const ROSTER_USAGE = `Which roster: the one the Pulumi program applies. With --stack NAME (or PULUMI_STACK, which pulumi reads
too), 'ramp:roster' from Pulumi.<stack>.yaml; else roster.yaml, roster.yml or roster/ in this folder.
  --roster PATH       this roster instead (also RAMP_ROSTER); with a stack it must be the one the stack applies
  --stack NAME        the stack whose config names the roster (default: PULUMI_STACK)`;

export interface CommandRoster {
  /** As given or configured (relative to the project folder), to read from here. */
  path: string;
  /** The stack's config, when a stack was named. */
  stack?: StackConfig;
}

/** A path relative to the command's folder, as this process opens it: as given when that is the process's folder. */
function fromHere(rosterPath: string, io: CommandIo): string {
  return io.cwd === undefined || path.isAbsolute(rosterPath) ? rosterPath : path.join(io.cwd, rosterPath);
}

/**
 * The roster for a command: `given` (an argument, --roster, or RAMP_ROSTER) or the program's rule. With a stack, a
 * roster given that is not the one the stack applies is refused: checking one roster and applying another is how a
 * review misses a change.
 */
export function commandRoster(given: unknown, stackGiven: unknown, io: CommandIo): CommandRoster {
  const env = envOf(io);
  const folder = cwdOf(io);
  const explicit = typeof given === "string" && given !== "" ? given : env.RAMP_ROSTER?.trim() ? env.RAMP_ROSTER.trim() : undefined;
  const stackName = stackOption(stackGiven, env);
  const stack = stackName ? readStackConfig(folder, stackName) : undefined;
  let applied: string;
  try {
    applied = findRoster(stack?.values["ramp:roster"], folder).path;
  } catch (err) {
    if (!(err instanceof RosterNotFoundError)) throw err;
    if (explicit !== undefined && !stack) return { path: fromHere(explicit, io) };
    throw new UsageError(err.message);
  }
  if (explicit !== undefined && stack && !sameRosterPath(explicit, applied, folder)) {
    const configured = stack.values["ramp:roster"];
    throw new UsageError(
      `the roster given, ${explicit}, is not the one stack ${stack.stack} applies: ${applied} ` +
        (configured ? `('ramp:roster' in ${stack.file})` : `(the first default found; set 'ramp:roster' in ${stack.file} to use another)`),
    );
  }
  return { path: fromHere(explicit ?? applied, io), ...(stack ? { stack } : {}) };
}
