// Reading a roster from disk: one file, or a folder of *.yaml / *.yml files read in name order. Sizes are checked
// before anything is read, and a file is read only up to its limit (a file can grow, or be a device that never ends).
import { closeSync, fstatSync, opendirSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { sep } from "node:path";
import { RosterValidationError, error, warning } from "./errors.js";
import { limitMessages, rosterLimits, type RosterLimits } from "./limits.js";
import type { Roster, RosterFileText, RosterIssue, RosterResult, SourcePosition } from "./model.js";
import { parseRoster } from "./parse.js";
import { startOfFile } from "./positions.js";
import { decodeUtf8 } from "./utf8.js";

const ROSTER_FILE = /\.ya?ml$/i;

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === "ENOENT") return "no such file or folder";
  if (err.code === "EACCES") return "permission denied";
  if (err.code === "ELOOP") return "a loop of symbolic links";
  return err.message;
}

/** `dir/name`, keeping `dir` as given (`./roster/` stays `./roster/`), so issues name files the way the user did. */
function join(dir: string, name: string): string {
  return dir.endsWith("/") || dir.endsWith(sep) ? dir + name : dir + sep + name;
}

function cannotRead(path: string, e: unknown): { issue: RosterIssue } {
  return { issue: error(startOfFile(path), `cannot read the roster: ${reason(e)}`) };
}

/** A folder's entry that is not read, and why: a renamed or misplaced roster file must not drop people silently. */
export interface SkippedEntry {
  name: string;
  why: string;
}

/** Skipped entries named one by one; past this, the rest are counted (a folder may hold anything). */
const NAMED_SKIPPED = 20;

/**
 * The folder's roster file names (`*.yaml`, `*.yml`, not hidden), at most one more than the limit (the folder may be
 * huge), and the entries it leaves out with the reason.
 */
function rosterFileNames(folder: string, limit: number): { names: string[]; skipped: SkippedEntry[]; moreSkipped: number } {
  const names: string[] = [];
  const skipped: SkippedEntry[] = [];
  let moreSkipped = 0;
  const skip = (name: string, why: string) => {
    if (skipped.length < NAMED_SKIPPED) skipped.push({ name, why });
    else moreSkipped++;
  };
  const dir = opendirSync(folder);
  try {
    for (let entry = dir.readSync(); entry !== null && names.length <= limit; entry = dir.readSync()) {
      if (entry.isDirectory()) skip(entry.name, "a subfolder: only the folder's own files are read");
      else if (entry.name.startsWith(".")) skip(entry.name, "a hidden file");
      else if (!ROSTER_FILE.test(entry.name)) skip(entry.name, "not a *.yaml or *.yml file");
      else names.push(entry.name);
    }
  } finally {
    dir.closeSync();
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { names: names.sort(byName), skipped: skipped.sort((a, b) => byName(a.name, b.name)), moreSkipped };
}

/** One warning per skipped entry, at the entry, so that `validate` and every preview show what was left out. */
function skippedWarnings(folder: string, skipped: readonly SkippedEntry[], moreSkipped: number): RosterIssue[] {
  const warnings = skipped.map((s) => warning(startOfFile(join(folder, s.name)), `not read as part of the roster: ${s.why}`));
  if (moreSkipped > 0) warnings.push(warning(startOfFile(folder), `${moreSkipped} more entries of this folder not read as part of the roster`));
  return warnings;
}

/** The file's bytes, at most `limit` + 1 of them (so a file that grew past its limit since `stat` is still caught). */
function readBytes(path: string, limit: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const size = Math.min(fstatSync(fd).size, limit + 1);
    const chunks: Buffer[] = [];
    let total = 0;
    let buffer = Buffer.allocUnsafe(Math.max(size, 64 * 1024));
    for (;;) {
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, limit + 1 - total), null);
      if (read === 0) break;
      chunks.push(buffer.subarray(0, read));
      total += read;
      if (total > limit) break;
      buffer = Buffer.allocUnsafe(64 * 1024);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** The text of a UTF-8 file, or an issue at the first byte that is not UTF-8. */
function decode(path: string, bytes: Buffer): { text: string } | { issue: RosterIssue } {
  const decoded = decodeUtf8(bytes);
  if ("text" in decoded) return decoded;
  const at: SourcePosition = { file: path, line: decoded.line, column: decoded.column };
  return { issue: error(at, decoded.message) };
}

/**
 * The roster files at `path`: the file itself, or the folder's `*.yaml` / `*.yml` files (not in sub-folders,
 * not hidden ones), sorted by name; each read as UTF-8, within the limits on files and bytes.
 */
export function readRosterFiles(
  path: string,
  limitsOverrides: Partial<RosterLimits> = {},
): { files: RosterFileText[]; skipped: RosterIssue[] } | { issue: RosterIssue } {
  const limits = rosterLimits(limitsOverrides);
  let paths: string[];
  let skipped: RosterIssue[] = [];
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) {
      const listed = rosterFileNames(path, limits.files);
      const names = listed.names;
      if (names.length === 0) {
        const others = listed.skipped.map((s) => s.name).concat(listed.moreSkipped > 0 ? [`${listed.moreSkipped} more`] : []);
        const found = others.length > 0 ? ` (it holds ${others.join(", ")})` : "";
        return { issue: error(startOfFile(path), `no *.yaml or *.yml files in this folder${found}`) };
      }
      skipped = skippedWarnings(path, listed.skipped, listed.moreSkipped);
      if (names.length > limits.files) return { issue: error(startOfFile(path), limitMessages.files(limits.files)) };
      paths = names.map((name) => join(path, name));
    } else {
      paths = [path];
    }
  } catch (e) {
    return cannotRead(path, e);
  }

  // Every size first, so that a roster too large is refused before any of it is read.
  const sized: Array<{ path: string; stats: Stats }> = [];
  let totalBytes = 0;
  for (const file of paths) {
    let stats: Stats;
    try {
      stats = statSync(file);
    } catch (e) {
      return cannotRead(file, e);
    }
    // A link to a folder, with a roster file's name, is not read, like any sub-folder.
    if (stats.isDirectory() && file !== path) {
      skipped.push(warning(startOfFile(file), "not read as part of the roster: a subfolder: only the folder's own files are read"));
      continue;
    }
    // A device or a pipe may never end, or block the read: only regular files are rosters.
    if (!stats.isFile()) return { issue: error(startOfFile(file), "cannot read the roster: not a regular file") };
    if (stats.size > limits.fileBytes) return { issue: error(startOfFile(file), limitMessages.fileBytes(stats.size, limits.fileBytes)) };
    totalBytes += stats.size;
    if (totalBytes > limits.totalBytes) return { issue: error(startOfFile(file), limitMessages.totalBytes(totalBytes, limits.totalBytes)) };
    sized.push({ path: file, stats });
  }
  if (sized.length === 0) return { issue: error(startOfFile(path), "no *.yaml or *.yml files in this folder") };

  const files: RosterFileText[] = [];
  for (const file of sized) {
    let bytes: Buffer;
    try {
      bytes = readBytes(file.path, limits.fileBytes);
    } catch (e) {
      return cannotRead(file.path, e);
    }
    if (bytes.length > limits.fileBytes) return { issue: error(startOfFile(file.path), limitMessages.fileBytes(bytes.length, limits.fileBytes)) };
    const decoded = decode(file.path, bytes);
    if ("issue" in decoded) return decoded;
    files.push({ path: file.path, text: decoded.text });
  }
  return { files, skipped };
}

export interface LoadRosterOptions {
  /** Called with each warning of a roster that is valid (warnings do not stop the load). */
  onWarning?: (issue: RosterIssue) => void;
  /** Limits other than the defaults (`ROSTER_LIMITS`), e.g. tighter ones. */
  limits?: Partial<RosterLimits>;
  /** Today (`YYYY-MM-DD`, UTC): when given, an active user's `deactivateOn` that has passed is a warning (`ParseRosterOptions`). */
  today?: string;
}

/** Load a roster file or folder. File paths in issues and in `roster.files` start with `path` as given. */
export function loadRoster(path: string, options: Pick<LoadRosterOptions, "limits" | "today"> = {}): RosterResult {
  const read = readRosterFiles(path, options.limits);
  if ("issue" in read) return { issues: [read.issue] };
  const result = parseRoster(read.files, { limits: options.limits ?? {}, today: options.today });
  // What the folder left out comes first: it may explain the issues that follow (an unknown manager, say).
  return { ...result, issues: [...read.skipped, ...result.issues] };
}

/** Load a roster, or throw a `RosterValidationError` listing every issue if it has errors. */
export function loadRosterOrThrow(path: string, options: LoadRosterOptions = {}): Roster {
  const result = loadRoster(path, options);
  if (!result.roster) throw new RosterValidationError(result.issues);
  for (const issue of result.issues) options.onWarning?.(issue);
  return result.roster;
}
