// Reading a roster from disk: one file, or a folder of *.yaml / *.yml files read in name order.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { sep } from "node:path";
import { RosterValidationError, error } from "./errors.js";
import type { Roster, RosterFileText, RosterIssue, RosterResult } from "./model.js";
import { parseRoster } from "./parse.js";
import { startOfFile } from "./positions.js";

const ROSTER_FILE = /\.ya?ml$/i;

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === "ENOENT") return "no such file or folder";
  if (err.code === "EACCES") return "permission denied";
  return err.message;
}

/** `dir/name`, keeping `dir` as given (`./roster/` stays `./roster/`), so issues name files the way the user did. */
function join(dir: string, name: string): string {
  return dir.endsWith("/") || dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/**
 * The roster files at `path`: the file itself, or the folder's `*.yaml` / `*.yml` files (not in sub-folders,
 * not hidden ones), sorted by name.
 */
export function readRosterFiles(path: string): { files: RosterFileText[] } | { issue: RosterIssue } {
  let names: string[] | undefined;
  try {
    if (statSync(path).isDirectory()) {
      names = readdirSync(path)
        .filter((name) => ROSTER_FILE.test(name) && !name.startsWith(".") && statSync(join(path, name)).isFile())
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    }
  } catch (e) {
    return { issue: error(startOfFile(path), `cannot read the roster: ${reason(e)}`) };
  }
  if (names?.length === 0) return { issue: error(startOfFile(path), "no *.yaml or *.yml files in this folder") };
  const paths = names ? names.map((name) => join(path, name)) : [path];
  const files: RosterFileText[] = [];
  for (const file of paths) {
    try {
      files.push({ path: file, text: readFileSync(file, "utf8") });
    } catch (e) {
      return { issue: error(startOfFile(file), `cannot read the roster: ${reason(e)}`) };
    }
  }
  return { files };
}

/** Load a roster file or folder. File paths in issues and in `roster.files` start with `path` as given. */
export function loadRoster(path: string): RosterResult {
  const read = readRosterFiles(path);
  return "issue" in read ? { issues: [read.issue] } : parseRoster(read.files);
}

export interface LoadRosterOptions {
  /** Called with each warning of a roster that is valid (warnings do not stop the load). */
  onWarning?: (issue: RosterIssue) => void;
}

/** Load a roster, or throw a `RosterValidationError` listing every issue if it has errors. */
export function loadRosterOrThrow(path: string, options: LoadRosterOptions = {}): Roster {
  const result = loadRoster(path);
  if (!result.roster) throw new RosterValidationError(result.issues);
  for (const issue of result.issues) options.onWarning?.(issue);
  return result.roster;
}
