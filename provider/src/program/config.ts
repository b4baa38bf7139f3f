// The program's settings: stack config under the `ramp` namespace, with one-run confirmations from the
// environment. An unknown `ramp:` key is an error naming the closest known key: a typo in a guard setting must
// not silently fall back to the default.
import { CONFIRM_DEACTIVATIONS_ENV, parseCount, parseEmailList } from "../resources/guard-settings.js";
import { DEFAULT_GUARDS, type GuardSettings } from "./guards.js";

/** Every config key this project reads, provider and program alike. */
export const KNOWN_RAMP_KEYS = [
  "ramp:clientId",
  "ramp:clientSecret",
  "ramp:baseUrl",
  "ramp:rateLimit",
  "ramp:roster",
  "ramp:maxDeactivations",
  "ramp:minAdmins",
  "ramp:confirmDeactivations",
  "ramp:confirmAdmins",
] as const;

export class ProgramConfigError extends Error {
  override readonly name = "ProgramConfigError";
}

export interface ProgramSettings {
  /** The roster file or folder, as configured (relative to the program directory). */
  rosterPath?: string;
  guards: GuardSettings;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 4)) ? best.key : undefined;
}

/**
 * @param config every stack config value by full key ("ramp:minAdmins"), as `pulumi.runtime.allConfig()` gives it
 * @param env where the one-run confirmations RAMP_CONFIRM_DEACTIVATIONS / RAMP_CONFIRM_ADMINS are read
 */
export function readProgramSettings(config: Record<string, string>, env: NodeJS.ProcessEnv = process.env): ProgramSettings {
  const problems: string[] = [];
  for (const key of Object.keys(config)) {
    if (!key.startsWith("ramp:") || (KNOWN_RAMP_KEYS as readonly string[]).includes(key)) continue;
    const hint = closestKey(key, KNOWN_RAMP_KEYS);
    problems.push(`unknown config key '${key}'${hint ? ` (did you mean '${hint}'?)` : ""}; known keys: ${KNOWN_RAMP_KEYS.join(", ")}`);
  }
  let guards: GuardSettings = DEFAULT_GUARDS;
  try {
    const confirmDeactivations = parseEmailList(env[CONFIRM_DEACTIVATIONS_ENV] ?? config["ramp:confirmDeactivations"]);
    const confirmAdmins = parseEmailList(env.RAMP_CONFIRM_ADMINS ?? config["ramp:confirmAdmins"]);
    guards = {
      maxDeactivations: parseCount("ramp:maxDeactivations", config["ramp:maxDeactivations"], DEFAULT_GUARDS.maxDeactivations),
      minAdmins: parseCount("ramp:minAdmins", config["ramp:minAdmins"], DEFAULT_GUARDS.minAdmins),
      ...(confirmDeactivations ? { confirmDeactivations } : {}),
      ...(confirmAdmins ? { confirmAdmins } : {}),
    };
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (problems.length > 0) throw new ProgramConfigError(problems.join("\n"));
  const rosterPath = config["ramp:roster"];
  return { ...(rosterPath ? { rosterPath } : {}), guards };
}
