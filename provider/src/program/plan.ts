// What a run will do to people, worked out before any resource is registered, so the guards can stop a bad merge
// at `pulumi preview`. Pure: the roster and the previous run's record in, a plan out.
import type { Roster } from "../roster/index.js";

/** One user as the previous run left them; the stack exports this list as `managedUsers`. */
export interface ManagedUserRecord {
  email: string;
  active: boolean;
  role: string;
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

/** The record the stack exports for the next run's plan. */
export function managedUserRecords(roster: Roster): ManagedUserRecord[] {
  return roster.users
    .map((user) => ({
      email: user.key,
      active: user.active,
      role: user.role,
      ...(user.retainOnDelete ? { retainOnDelete: true } : {}),
    }))
    .sort((a, b) => a.email.localeCompare(b.email));
}
