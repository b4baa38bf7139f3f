// `ramp-roster validate --stack`: the stack's `ramp:` settings checked as the program reads them, and its guard
// confirmations checked against the roster, offline. A confirmation names exactly the change it lets through, so one
// the roster alone shows cannot match is stale: reported here, before the preview (which reports the rest: a
// confirmation of deactivations that already happened needs the stack's state and live Ramp to tell).
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ADMIN_ROLE } from "../ramp-facts.js";
import { readStackSettings } from "../resources/settings.js";
import type { Roster, RosterIssue } from "../roster/index.js";
import type { StackConfig } from "./stack-config.js";

/** Where `key` is written in the stack's file (line and column of the key), or the file's first line. */
function positionOf(file: string, projectFolder: string, key: string): { line: number; column: number } {
  let lines: string[] = [];
  try {
    lines = readFileSync(path.join(projectFolder, file), "utf8").split(/\r?\n/);
  } catch {
    return { line: 1, column: 1 };
  }
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`^(\\s*)["']?${escaped}["']?\\s*:`);
  const index = lines.findIndex((line) => pattern.test(line));
  return index < 0 ? { line: 1, column: 1 } : { line: index + 1, column: pattern.exec(lines[index]!)![1]!.length + 1 };
}

/**
 * Problems with the stack's `ramp:` config (errors: the preview would stop on them too) and stale confirmations
 * (warnings: harmless, but a confirmation left behind should not wait for a future change it happens to match).
 */
export function checkStackConfig(stack: StackConfig, roster: Roster | undefined, projectFolder: string): RosterIssue[] {
  const at = (key: string) => ({ file: stack.file, ...positionOf(stack.file, projectFolder, key) });
  let guards;
  try {
    // Confirmations are read from the file only: the environment's one-run variables are not the pull request's.
    guards = readStackSettings(stack.values, {}).guards;
  } catch (err) {
    return (err as Error).message.split("\n").map((message) => ({ ...at("config"), severity: "error", message }));
  }
  if (!roster) return [];
  const issues: RosterIssue[] = [];
  const warn = (key: string, message: string) => issues.push({ ...at(key), severity: "warning", message: `stale confirmation: ${key} ${message}; remove it` });

  const confirmedDeactivations = guards.confirmDeactivations;
  if (confirmedDeactivations && confirmedDeactivations.length > 0) {
    const activeInRoster = new Set(roster.users.filter((u) => u.active).map((u) => u.key));
    const kept = confirmedDeactivations.filter((email) => activeInRoster.has(email));
    if (kept.length > 0) warn("ramp:confirmDeactivations", `names ${kept.join(", ")}, whom the roster keeps active: no run of this roster deactivates them`);
    else if (confirmedDeactivations.length <= guards.maxDeactivations) {
      warn("ramp:confirmDeactivations", `names ${confirmedDeactivations.length}, no more than ramp:maxDeactivations (${guards.maxDeactivations}): the guard needs no confirmation for that`);
    }
  }
  // The admin guard counts admins who can sign in to Ramp, which only the preview knows: offline, a confirmation is
  // stale only when it names someone the roster does not keep as an active admin.
  const confirmedAdmins = guards.confirmAdmins;
  if (confirmedAdmins && confirmedAdmins.length > 0) {
    const admins = new Set(roster.users.filter((u) => u.active && u.role === ADMIN_ROLE).map((u) => u.key));
    const others = confirmedAdmins.filter((email) => !admins.has(email));
    if (others.length > 0) warn("ramp:confirmAdmins", `names ${others.join(", ")}, who the roster does not keep as an active admin`);
  }
  const confirmedReactivations = guards.confirmReactivations;
  if (confirmedReactivations && confirmedReactivations.length > 0) {
    const active = new Set(roster.users.filter((u) => u.active).map((u) => u.key));
    const others = confirmedReactivations.filter((email) => !active.has(email));
    if (others.length > 0) warn("ramp:confirmReactivations", `names ${others.join(", ")}, whom the roster does not list as active: no run of this roster reactivates them`);
  }
  return issues;
}
