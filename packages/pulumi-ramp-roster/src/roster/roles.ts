// Role names: Ramp's API names (BUSINESS_ADMIN ...) and the names people use in Ramp's UI (Admin ...).
// The roles themselves are Ramp facts (ramp-facts.ts).
import { API_ROLES, type ApiRole, ROLES } from "../ramp-facts.js";

/** UI name → API name, in the order the UI lists them. */
const DISPLAY_TO_API: ReadonlyArray<readonly [display: string, api: ApiRole]> = ROLES.map((r) => [r.display, r.api]);

export const DISPLAY_ROLES: readonly string[] = ROLES.map((r) => r.display);

/** Roles a roster may assign: Ramp can neither invite nor assign the Owner role through its API. */
export const ASSIGNABLE_DISPLAY_ROLES: readonly string[] = ROLES.filter((r) => r.assignable).map((r) => r.display);

/** "IT  admin" → "it admin": UI names compare case-insensitively, with runs of blanks as one space. */
function normalizeDisplay(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * The API role for a UI name (case-insensitive: "admin", "IT Admin") or an API name (exact: "BUSINESS_ADMIN").
 * undefined for anything else, including read-only roles Ramp may report (UNBUNDLED_*, COORDINATOR).
 */
export function toApiRole(name: string): ApiRole | undefined {
  const trimmed = name.trim();
  const api = API_ROLES.find((r) => r === trimmed);
  if (api) return api;
  const wanted = normalizeDisplay(trimmed);
  return DISPLAY_TO_API.find(([display]) => normalizeDisplay(display) === wanted)?.[1];
}

/** The UI name for an API role ("BUSINESS_ADMIN" → "Admin"); a role this code does not know is returned as is. */
export function toDisplayRole(role: string): string {
  return DISPLAY_TO_API.find(([, api]) => api === role)?.[0] ?? role;
}

/** "Admin (BUSINESS_ADMIN)": how messages name a role. */
export function describeRole(role: ApiRole): string {
  return `${toDisplayRole(role)} (${role})`;
}
