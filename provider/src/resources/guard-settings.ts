// The deactivation guard's settings, read the same way by the program (before any resource is registered) and by
// the provider process (the backstop, which also serves `pulumi destroy`, where no program runs).
import { emailKey } from "../ramp-facts.js";

export const DEFAULT_MAX_DEACTIVATIONS = 3;

/** The environment variable that confirms one run's deactivations by email; it wins over `ramp:confirmDeactivations`. */
export const CONFIRM_DEACTIVATIONS_ENV = "RAMP_CONFIRM_DEACTIVATIONS";

export class GuardSettingError extends Error {
  override readonly name = "GuardSettingError";
}

export function parseCount(key: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new GuardSettingError(`${key} must be a whole number ≥ 0, got ${JSON.stringify(value)}`);
  return n;
}

/** "a@x.com, b@x.com" → lower-cased emails; "none" → an empty list (confirming that nobody remains). */
export function parseEmailList(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  if (value.trim().toLowerCase() === "none") return [];
  return value
    .split(",")
    .map(emailKey)
    .filter((e) => e !== "");
}

export interface DeactivationLimits {
  /** Most users one run may deactivate without confirmation. */
  max: number;
  /** Emails (lower-cased) confirmed for this run: deactivated whatever the count. */
  confirmed: ReadonlySet<string>;
}

/**
 * The limits from the provider's config (`ramp:maxDeactivations`, `ramp:confirmDeactivations`) and the environment
 * (`RAMP_CONFIRM_DEACTIVATIONS`, which wins). A malformed value throws: the backstop must not guess a limit.
 */
export function deactivationLimits(config: (key: string) => string | undefined, env: NodeJS.ProcessEnv = process.env): DeactivationLimits {
  const max = parseCount("ramp:maxDeactivations", config("ramp:maxDeactivations"), DEFAULT_MAX_DEACTIVATIONS);
  const confirmed = parseEmailList(env[CONFIRM_DEACTIVATIONS_ENV] ?? config("ramp:confirmDeactivations")) ?? [];
  return { max, confirmed: new Set(confirmed) };
}
