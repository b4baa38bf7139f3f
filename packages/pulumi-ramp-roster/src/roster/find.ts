// Where the roster is: the one rule the program and every `ramp-roster` command follow, so that what a pull request
// validates, plans and reports is what the merge applies. Reads only whether paths exist; no Pulumi here (the
// caller passes `ramp:roster` as the stack config gives it).
import { existsSync } from "node:fs";
import * as path from "node:path";

/** Tried in this order when `ramp:roster` is not set, relative to the Pulumi project's folder. */
export const DEFAULT_ROSTER_PATHS = ["roster.yaml", "roster.yml", "roster"] as const;

export interface FoundRoster {
  /** As configured, or the default found (relative to the project folder). */
  path: string;
  /** Where the path came from, for messages: "ramp:roster", or "default". */
  from: "ramp:roster" | "default";
}

/** Neither `ramp:roster` nor any of the default paths. */
export class RosterNotFoundError extends Error {
  constructor(folder: string) {
    super(
      `no roster found in ${folder}: neither ${DEFAULT_ROSTER_PATHS.map((p, i) => (i === DEFAULT_ROSTER_PATHS.length - 1 ? `${p}/` : p)).join(", ")} ` +
        `exists; add one, or set the stack's 'ramp:roster' (pulumi config set ramp:roster <file-or-folder>)`,
    );
    this.name = "RosterNotFoundError";
  }
}

/**
 * The roster of a Pulumi project: `ramp:roster` when set (whether or not it exists: loading it then says what is
 * wrong), else the first of roster.yaml, roster.yml, roster/ that exists in `projectFolder`.
 * @throws RosterNotFoundError when nothing is configured and no default exists
 */
export function findRoster(configured: string | undefined, projectFolder: string): FoundRoster {
  if (configured !== undefined && configured.trim() !== "") return { path: configured, from: "ramp:roster" };
  const found = DEFAULT_ROSTER_PATHS.find((candidate) => existsSync(path.join(projectFolder, candidate)));
  if (found === undefined) throw new RosterNotFoundError(projectFolder === "." ? "this folder" : projectFolder);
  return { path: found, from: "default" };
}

/** Whether two roster paths, relative to `projectFolder`, name the same file or folder ("roster/" = "./roster"). */
export function sameRosterPath(a: string, b: string, projectFolder: string): boolean {
  return path.resolve(projectFolder, a) === path.resolve(projectFolder, b);
}
