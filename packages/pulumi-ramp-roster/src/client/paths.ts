// Ids are validated before they go into a URL path, so that no value (from a roster, state or a server answer) can
// change which endpoint a request reaches ("../", "?", "/", "%2F", whitespace, ...).
import { InvalidIdError } from "./errors.js";

export const API_PREFIX = "/developer/v1";

const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function isSafeId(value: unknown): value is string {
  return typeof value === "string" && SAFE_SEGMENT.test(value);
}

/** Returns `value` if it is a safe path segment, else throws InvalidIdError naming `kind` (e.g. "user id"). */
export function assertId(value: unknown, kind: string): string {
  if (!isSafeId(value)) throw new InvalidIdError(kind, value);
  return value;
}

/** Builds an API path from fixed parts and ids: `apiPath("users", userId, "deactivate")`, each id validated. */
export function apiPath(...parts: Array<string | { id: unknown; kind: string }>): string {
  const segments = parts.map((p) => (typeof p === "string" ? p : assertId(p.id, p.kind)));
  return `${API_PREFIX}/${segments.join("/")}`;
}
