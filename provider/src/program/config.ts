// The program's settings: stack config under the `ramp` namespace, with one-run confirmations from the
// environment. An unknown `ramp:` key is an error naming the closest known key: a typo in a guard setting must
// not silently fall back to the default. The Ramp connection settings are not config at all (resources/settings.ts):
// a stack that still sets them is refused with how to move them, since the state would record them.
import * as pulumi from "@pulumi/pulumi";
import { CONFIRM_DEACTIVATIONS_ENV, parseCount, parseEmailList } from "../resources/guard-settings.js";
import { FORMER_CONFIG_KEYS } from "../resources/settings.js";
import { editDistance } from "../text.js";
import { DEFAULT_GUARDS, type GuardSettings } from "./guards.js";

/** Every config key this project reads. */
export const KNOWN_RAMP_KEYS = [
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

export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 4)) ? best.key : undefined;
}

/**
 * The running stack's config by full key. A stack with no config at all is normal now that credentials are not
 * config, but then the engine hands the program `null` as its config, on which the SDK's `allConfig` throws a
 * TypeError (it runs Object.keys on it).
 */
export function stackConfig(): Record<string, string> {
  try {
    return pulumi.runtime.allConfig();
  } catch (err) {
    if (err instanceof TypeError) return {};
    throw err;
  }
}

/** Names the keys and the variables that replace them, never the values. */
function movedKeysProblem(keys: (keyof typeof FORMER_CONFIG_KEYS)[]): string {
  return (
    `${keys.join(", ")} ${keys.length === 1 ? "is" : "are"} no longer read from stack config: Pulumi records the ` +
    `provider's config in the state, and refresh would replay it (a rotated secret would then break every run). ` +
    `Set ${keys.map((key) => FORMER_CONFIG_KEYS[key]).join(", ")} in the environment of every pulumi run instead ` +
    `(CI secrets; see the README, "Run it from CI"), then remove the config: ` +
    keys.map((key) => `pulumi config rm ${key}`).join("; ")
  );
}

/**
 * @param config every stack config value by full key ("ramp:minAdmins"), as `pulumi.runtime.allConfig()` gives it
 * @param env where the one-run confirmations RAMP_CONFIRM_DEACTIVATIONS / RAMP_CONFIRM_ADMINS are read
 */
export function readProgramSettings(config: Record<string, string>, env: NodeJS.ProcessEnv = process.env): ProgramSettings {
  const problems: string[] = [];
  const isFormer = (key: string): key is keyof typeof FORMER_CONFIG_KEYS => Object.hasOwn(FORMER_CONFIG_KEYS, key);
  const moved = Object.keys(FORMER_CONFIG_KEYS).filter((key) => Object.hasOwn(config, key)).filter(isFormer);
  if (moved.length > 0) problems.push(movedKeysProblem(moved));
  for (const key of Object.keys(config)) {
    if (!key.startsWith("ramp:") || isFormer(key) || (KNOWN_RAMP_KEYS as readonly string[]).includes(key)) continue;
    const hint = closestKey(key, [...KNOWN_RAMP_KEYS, ...Object.keys(FORMER_CONFIG_KEYS)]);
    const meant = !hint ? "" : isFormer(hint) ? ` (${hint}? that is now ${FORMER_CONFIG_KEYS[hint]} in the environment)` : ` (did you mean '${hint}'?)`;
    problems.push(`unknown config key '${key}'${meant}; known keys: ${KNOWN_RAMP_KEYS.join(", ")}`);
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
