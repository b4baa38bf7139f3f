// What a run will do to people, worked out before any resource is registered, so the guards can stop a bad merge
// at `pulumi preview`. Pure: the roster and the previous run's record in, a plan out.
import type { Roster } from "../roster/index.js";

/** One user as the previous run left them; the stack exports this list as `managedUsers`. */
export interface ManagedUserRecord {
  email: string;
  active: boolean;
  retainOnDelete?: boolean;
}

/** Why a run deactivates a user; an email change names the new email (`email changed to new@x.com`). */
export type DeactivationReason = "removed from the roster" | "marked active: false" | `email changed to ${string}`;

export interface Deactivation {
  email: string;
  reason: DeactivationReason;
}

/** A user the stack managed under `from` whose roster entry is now `to` (listing `from` in `formerEmails`). */
export interface EmailChange {
  from: string;
  to: string;
}

export interface RunPlan {
  /**
   * Users the run will deactivate in Ramp. The old account of an email change is counted here: the replacement
   * deactivates it unless Ramp already has the new email (the same person, changed in Ramp first), which only the
   * provider finds out, with the network, when it runs.
   */
  deactivations: Deactivation[];
  /**
   * Users whose email changed: the engine replaces each (the new email is invited, or adopted if Ramp has it), then
   * deletes the old one. Not counted as additions.
   */
  emailChanges: EmailChange[];
  /** Users removed from the roster with retainOnDelete: dropped from the stack, left as they are in Ramp. */
  released: string[];
  /** Users the run will reactivate (active again, or back in the roster after removal). */
  reactivations: string[];
  /** Users new to the stack, other than an email change: invited, or adopted if Ramp already has them. */
  additions: string[];
  /** Admins (BUSINESS_ADMIN) that are active in the roster after the run. */
  activeAdmins: string[];
}

export const ADMIN_ROLE = "BUSINESS_ADMIN";

/**
 * Former email → the new email of the user that carries over the record kept under it. As the engine resolves
 * aliases: only for a user whose own email the stack does not know yet, and only the first former email (in roster
 * order) the stack knows; any other one the stack knows is deleted like a user removed from the roster.
 */
function carriedOver(roster: Roster, before: ReadonlyMap<string, ManagedUserRecord>): Map<string, string> {
  const carried = new Map<string, string>();
  for (const user of roster.users) {
    if (before.has(user.key)) continue;
    const former = user.formerEmails?.find((email) => before.has(email));
    if (former !== undefined) carried.set(former, user.key);
  }
  return carried;
}

export function planRun(roster: Roster, previous: readonly ManagedUserRecord[] | undefined): RunPlan {
  const before = new Map((previous ?? []).map((record) => [record.email.toLowerCase(), record]));
  const after = new Map(roster.users.map((user) => [user.key, user]));
  const carried = carriedOver(roster, before);
  const plan: RunPlan = { deactivations: [], emailChanges: [], released: [], reactivations: [], additions: [], activeAdmins: [] };

  for (const [email, record] of before) {
    const wanted = after.get(email);
    const newEmail = carried.get(email);
    if (newEmail !== undefined) {
      // A replacement: the new email's resource is created, then this one is deleted (its account deactivated).
      plan.emailChanges.push({ from: email, to: newEmail });
      if (record.retainOnDelete) plan.released.push(email);
      else if (record.active) plan.deactivations.push({ email, reason: `email changed to ${newEmail}` });
    } else if (!wanted) {
      if (record.retainOnDelete) plan.released.push(email);
      else if (record.active) plan.deactivations.push({ email, reason: "removed from the roster" });
    } else if (record.active && !wanted.active) {
      plan.deactivations.push({ email, reason: "marked active: false" });
    } else if (!record.active && wanted.active) {
      plan.reactivations.push(email);
    }
  }
  const newEmails = new Set(carried.values());
  for (const [email, user] of after) {
    if (!before.has(email) && !newEmails.has(email)) plan.additions.push(email);
    if (user.active && user.role === ADMIN_ROLE) plan.activeAdmins.push(email);
  }
  for (const list of [plan.released, plan.reactivations, plan.additions, plan.activeAdmins]) list.sort();
  plan.deactivations.sort((a, b) => a.email.localeCompare(b.email));
  plan.emailChanges.sort((a, b) => a.from.localeCompare(b.from));
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
    ...(plan.emailChanges.length > 0 ? [`${plan.emailChanges.length} replaced (new email)`] : []),
    `${plan.deactivations.length} to deactivate`,
    `${plan.reactivations.length} to reactivate`,
    ...(plan.released.length > 0 ? [`${plan.released.length} released (retainOnDelete)`] : []),
    `${plan.activeAdmins.length} active admins`,
  ];
  return `roster plan: ${parts.join(", ")}`;
}
