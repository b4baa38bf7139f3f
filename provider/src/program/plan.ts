// What a run will do to people, worked out before any resource is registered, so the guards can stop a bad merge
// at `pulumi preview`. Pure: the roster and the previous run's record in, a plan out.
import type { Roster } from "../roster/index.js";

/** One user as the previous run left them; the stack exports this list as `managedUsers`. */
export interface ManagedUserRecord {
  email: string;
  active: boolean;
  retainOnDelete?: boolean;
}

export type DeactivationReason = "removed from the roster" | "marked active: false";

export interface Deactivation {
  email: string;
  reason: DeactivationReason;
}

export interface RunPlan {
  /** Users the run will deactivate in Ramp. */
  deactivations: Deactivation[];
  /** Users removed from the roster with retainOnDelete: dropped from the stack, left as they are in Ramp. */
  released: string[];
  /** Users the run will reactivate (active again, or back in the roster after removal). */
  reactivations: string[];
  /** Users new to the stack: invited, or adopted if Ramp already has them. */
  additions: string[];
  /** Admins (BUSINESS_ADMIN) that are active in the roster after the run. */
  activeAdmins: string[];
}

export const ADMIN_ROLE = "BUSINESS_ADMIN";

export function planRun(roster: Roster, previous: readonly ManagedUserRecord[] | undefined): RunPlan {
  const before = new Map((previous ?? []).map((record) => [record.email.toLowerCase(), record]));
  const after = new Map(roster.users.map((user) => [user.key, user]));
  const plan: RunPlan = { deactivations: [], released: [], reactivations: [], additions: [], activeAdmins: [] };

  for (const [email, record] of before) {
    const wanted = after.get(email);
    if (!wanted) {
      if (record.retainOnDelete) plan.released.push(email);
      else if (record.active) plan.deactivations.push({ email, reason: "removed from the roster" });
    } else if (record.active && !wanted.active) {
      plan.deactivations.push({ email, reason: "marked active: false" });
    } else if (!record.active && wanted.active) {
      plan.reactivations.push(email);
    }
  }
  for (const [email, user] of after) {
    if (!before.has(email)) plan.additions.push(email);
    if (user.active && user.role === ADMIN_ROLE) plan.activeAdmins.push(email);
  }
  for (const list of [plan.released, plan.reactivations, plan.additions, plan.activeAdmins]) list.sort();
  plan.deactivations.sort((a, b) => a.email.localeCompare(b.email));
  return plan;
}

/**
 * The stack output the next run plans from: email → "active" or "inactive", with ", retainOnDelete" when removing
 * the user from the roster leaves them in Ramp. One line per user in a preview.
 */
export type ManagedUsersOutput = Record<string, string>;

export function managedUsersOutput(roster: Roster): ManagedUsersOutput {
  const entries = [...roster.users]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((user) => [user.key, `${user.active ? "active" : "inactive"}${user.retainOnDelete ? ", retainOnDelete" : ""}`] as const);
  return Object.fromEntries(entries);
}

/** Reads the output back; undefined when it is not in that shape (the guards then refuse to guess). */
export function parseManagedUsersOutput(value: unknown): ManagedUserRecord[] | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const records: ManagedUserRecord[] = [];
  for (const [email, state] of Object.entries(value)) {
    if (typeof state !== "string") return undefined;
    const flags = state.split(",").map((f) => f.trim());
    if (flags[0] !== "active" && flags[0] !== "inactive") return undefined;
    records.push({ email, active: flags[0] === "active", ...(flags.includes("retainOnDelete") ? { retainOnDelete: true } : {}) });
  }
  return records;
}

/** One line for the run's log: what it will do to people. */
export function describePlan(plan: RunPlan): string {
  const parts = [
    `${plan.additions.length} new`,
    `${plan.deactivations.length} to deactivate`,
    `${plan.reactivations.length} to reactivate`,
    ...(plan.released.length > 0 ? [`${plan.released.length} released (retainOnDelete)`] : []),
    `${plan.activeAdmins.length} active admins`,
  ];
  return `roster plan: ${parts.join(", ")}`;
}
