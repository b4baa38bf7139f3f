// Helpers of the roster tests: fixture paths, and issues printed the way `ramp-roster validate` prints them.
import { relative, resolve } from "node:path";
import { formatIssue, loadRoster, parseRoster, type RosterIssue, type RosterResult } from "../../packages/pulumi-ramp-roster/src/roster/index.js";

export const REPO = resolve(__dirname, "../..");
export const FIXTURES = resolve(__dirname, "../fixtures/rosters");
export const EXAMPLES = resolve(REPO, "examples");

export function fixture(name: string): string {
  return resolve(FIXTURES, name);
}

/** `file:line:column: severity: message`, with the file relative to the fixtures folder. */
export function printed(issues: readonly RosterIssue[], base = FIXTURES): string[] {
  return issues.map((i) => formatIssue({ ...i, file: relative(base, i.file) }));
}

/** Load a fixture (file or folder) and print its issues. */
export function issuesOf(name: string): string[] {
  return printed(loadRoster(fixture(name)).issues);
}

/** parseRoster of one in-memory file called `roster.yaml`. */
export function parseText(text: string): RosterResult {
  return parseRoster([{ path: "roster.yaml", text }]);
}

export function printedText(text: string): string[] {
  return parseText(text).issues.map(formatIssue);
}
