// `pulumi preview --json` → what a roster change does to people, in roster terms: who is invited, changed,
// deactivated, reactivated or replaced (new email), privilege changes first, and whether the guards let it run.
// Works from each step's old inputs (Ramp as the refresh read it) and new inputs (the roster); ids become department
// and location names and manager emails through the resources of the same preview, and an id not known yet (a
// resource this run creates) through the step's property dependencies. Pure: parsed JSON in, a plan out.
import { DRAFT_STATUS, INACTIVE_STATUS, PRIVILEGED_ROLES } from "../ramp-facts.js";
import { toDisplayRole } from "../roster/index.js";
import { z } from "zod";
import { CONFIRMED_PREFIX, STALE_CONFIRMATION_PREFIX } from "../program/guards.js";
import type { DiagnosticWire, PreviewWire, ResourceStateWire, StepWire } from "./preview-json.js";

/** The engine's placeholder for a value not known during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** How the provider records a roster user kept inactive without a Ramp account. */
const NO_ACCOUNT = "NO_ACCOUNT";
const ABSENT_ID = "absent:";

type Kind = "user" | "department" | "location";
type Props = Record<string, unknown>;

/** A field as a person reads it: role names, department and location names, manager emails; null = none. */
export interface FieldChange {
  field: string;
  label: string;
  from: string | null;
  to: string | null;
}

export interface PlanUser {
  email: string;
  name: string;
  /** UI role name (Admin ...). */
  role: string;
}

export interface Invitation extends PlanUser {
  department: string | null;
  location: string | null;
  manager: string | null;
  /** Set when the user was in the roster before, inactive and without a Ramp account. */
  note?: string;
}

export interface UserChange extends PlanUser {
  fields: FieldChange[];
}

export interface Deactivation extends PlanUser {
  reason: string;
}

/** A user new to the roster whom Ramp already has: the run takes over that account instead of inviting them. */
export interface Adoption extends PlanUser {
  /** The account's status in Ramp (USER_ACTIVE, INVITE_PENDING, USER_INACTIVE ...). */
  status: string;
  /** The account's role in Ramp (UI name). */
  rampRole: string;
  /** What adopting changes in Ramp; empty when Ramp already matches the roster. */
  fields: FieldChange[];
}

/** A user made active again: the roster took their access away before, or a confirmation names them. */
export interface Reactivation extends PlanUser {
  /** Set when only a confirmation allows it (the access was removed outside the roster). */
  note?: string;
}

/** A user the roster lists as active who stays inactive: their access was removed outside the roster. */
export interface HeldUser extends PlanUser {
  status: string;
  reason: string;
}

export interface EmailReplacement extends PlanUser {
  from: string;
  to: string;
  /** Other fields that change with it. */
  fields: FieldChange[];
  /** The old record had retainOnDelete: the old account is left as it is in Ramp. */
  oldAccountKept?: boolean;
}

/** Removed from the roster or added to it without anything happening in Ramp. */
export interface QuietChange extends PlanUser {
  reason: string;
}

export type PrivilegeKind = "invited" | "role" | "deactivated" | "reactivated" | "replaced" | "open-ended";

export interface PrivilegeChange extends PlanUser {
  kind: PrivilegeKind;
  /** The privileged roles gained and lost (UI names). */
  gains: string[];
  loses: string[];
  /** In words: "Cardholder → Bookkeeper", "invited as Admin". */
  summary: string;
}

export interface OrgChange {
  kind: "department" | "location";
  change: "added" | "renamed" | "removed";
  name: string;
  /** The former name of a renamed one. */
  from?: string;
}

export type GuardState = "passed" | "refused" | "failed";

export interface GuardStatus {
  state: GuardState;
  /** The program's one-line plan ("roster plan: 2 new, ..."), when it got that far. */
  summary: string | null;
  /** Error diagnostics: the guard's refusal, the roster's errors, or why the preview failed. */
  errors: string[];
  /** Guards a confirmation in the stack's config let this change past, each with who it names. */
  confirmed: string[];
  /** Confirmations that match nothing in this change: to be removed from the stack's config. */
  staleConfirmations: string[];
  /** The program's other notices. */
  notices: string[];
}

export interface RosterPlan {
  guard: GuardStatus;
  privilegeChanges: PrivilegeChange[];
  invitations: Invitation[];
  /** Existing Ramp accounts the roster takes over (no invite), with what that changes. */
  adoptions: Adoption[];
  changes: UserChange[];
  deactivations: Deactivation[];
  reactivations: Reactivation[];
  /** Active in the roster, inactive in Ramp, and not reactivated (no confirmation names them). */
  held: HeldUser[];
  emailReplacements: EmailReplacement[];
  /** In the roster or out of it without a call to Ramp: added inactive, removed with retainOnDelete or already inactive. */
  quiet: QuietChange[];
  organization: OrgChange[];
  warnings: string[];
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  firstName: "first name",
  lastName: "last name",
  role: "role",
  departmentId: "department",
  locationId: "location",
  managerId: "manager",
  employeeId: "employee id",
  isManager: "is manager",
  deactivateOn: "deactivate on",
};
const KNOWN_ORDER = Object.keys(FIELD_LABELS);
/** Inputs that are not the user's fields: the identity, the state, and the serialized provider. */
const NOT_FIELDS = new Set(["email", "active", "__provider", "confirmReactivation", "rampAccount"]);

function kindOf(state: ResourceStateWire | null | undefined, urn: string): Kind | undefined {
  const type = state?.type ?? urn.split("::")[2] ?? "";
  const match = /ramp:(User|Department|Location)$/.exec(type);
  if (match) return match[1]!.toLowerCase() as Kind;
  // Older stacks: the generic dynamic type, told apart by the resource name the program gives.
  const name = urn.split("::").pop() ?? "";
  if (type.startsWith("pulumi-nodejs:dynamic")) return (["user", "department", "location"] as const).find((k) => name.startsWith(`${k}:`));
  return undefined;
}

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : null);
const inputsOf = (state: ResourceStateWire | null | undefined): Props => state?.inputs ?? {};
const outputsOf = (state: ResourceStateWire | null | undefined): Props => state?.outputs ?? {};

/** Names of departments and locations and emails of users, by Ramp id and by URN, as Ramp has them and as planned. */
class Directory {
  private readonly before = new Map<string, string>();
  private readonly after = new Map<string, string>();
  private readonly byUrn = new Map<string, string>();

  constructor(steps: readonly StepWire[]) {
    for (const step of steps) {
      const planned = step.op !== "refresh" && step.op !== "read";
      for (const [state, isNew] of [
        [step.oldState, false],
        [step.newState, planned],
      ] as const) {
        const kind = kindOf(state, step.urn);
        if (!state || !kind) continue;
        const label = text(inputsOf(state)[kind === "user" ? "email" : "name"]) ?? text(outputsOf(state)[kind === "user" ? "email" : "name"]);
        if (label === null) continue;
        if (isNew) this.byUrn.set(state.urn, label);
        // A planned state carries no id; an update (or a step that changes nothing) keeps the resource's id.
        const keptId = isNew && (step.op === "update" || step.op === "same") ? step.oldState?.id : undefined;
        for (const id of [state.id ?? keptId, text(outputsOf(state).userId)]) {
          if (!id || id === UNKNOWN) continue;
          (isNew ? this.after : this.before).set(id, label);
        }
      }
    }
  }

  /** A department or location name, or a manager's email, for the id in `field` of `state`. */
  resolve(state: ResourceStateWire, field: string, side: "before" | "after"): string | null {
    const value = inputsOf(state)[field];
    if (value === null || value === undefined || value === "") return null;
    const id = String(value);
    if (id === UNKNOWN) {
      const urn = state.propertyDependencies?.[field]?.[0];
      const label = urn ? this.byUrn.get(urn) : undefined;
      return label ?? `(${FIELD_LABELS[field] ?? field} created in this run)`;
    }
    const [first, second] = side === "before" ? [this.before, this.after] : [this.after, this.before];
    const label = first.get(id) ?? second.get(id);
    if (label !== undefined) return label;
    return field === "managerId" ? `Ramp user ${id} (not in the roster)` : `${FIELD_LABELS[field] ?? field} id ${id}`;
  }
}

/** A user's field in roster terms. */
function fieldValue(dir: Directory, state: ResourceStateWire, field: string, side: "before" | "after"): string | null {
  const value = inputsOf(state)[field];
  switch (field) {
    case "departmentId":
    case "locationId":
    case "managerId":
      return dir.resolve(state, field, side);
    case "role":
      return typeof value === "string" ? toDisplayRole(value) : null;
    case "isManager":
      return value === true ? "yes" : "no";
    case "deactivateOn":
      // Written `~`: no end date, an explicit grant of open-ended access.
      return value === null ? "none (open-ended access)" : value === undefined || value === "" ? null : String(value);
    default:
      return value === null || value === undefined || value === "" ? null : typeof value === "object" ? JSON.stringify(value) : String(value);
  }
}

/** What the program found in Ramp under a new user's email (UserInputs.rampAccount), as the preview carries it. */
const RampAccountWire = z.object({
  userId: z.string(),
  status: z.string(),
  role: z.string(),
  changes: z.array(z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
  removedFromRoster: z.boolean().optional(),
});
type RampAccountWire = z.infer<typeof RampAccountWire>;

function rampAccountOf(state: ResourceStateWire): RampAccountWire | undefined {
  const parsed = RampAccountWire.safeParse(inputsOf(state).rampAccount);
  return parsed.success ? parsed.data : undefined;
}

const HELD_REASON =
  "removed outside the roster (by an admin, an identity provider, or Ramp on a scheduled date): stays inactive; " +
  "confirm with ramp:confirmReactivations naming them, or mark them 'active: false'";
const HELD_ADOPTED_REASON =
  "an inactive Ramp account (a former person's, or someone deactivated by hand) has this email: adopted as inactive, " +
  "not reactivated; confirm with ramp:confirmReactivations naming them to give the account back its access";

/** The managed fields that differ between old and new inputs; a field the new inputs leave out is not managed. */
function fieldChanges(dir: Directory, old: ResourceStateWire, now: ResourceStateWire): FieldChange[] {
  const before = inputsOf(old);
  const after = inputsOf(now);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !NOT_FIELDS.has(k) && after[k] !== undefined);
  keys.sort((a, b) => {
    const [ia, ib] = [KNOWN_ORDER.indexOf(a), KNOWN_ORDER.indexOf(b)];
    return (ia < 0 ? KNOWN_ORDER.length : ia) - (ib < 0 ? KNOWN_ORDER.length : ib) || a.localeCompare(b);
  });
  const changes: FieldChange[] = [];
  for (const field of keys) {
    if (JSON.stringify(before[field] ?? null) === JSON.stringify(after[field] ?? null)) continue;
    const from = fieldValue(dir, old, field, "before");
    const to = fieldValue(dir, now, field, "after");
    if (from === to) continue;
    changes.push({ field, label: FIELD_LABELS[field] ?? field, from, to });
  }
  return changes;
}

function isActive(state: ResourceStateWire): boolean {
  const status = outputsOf(state).status;
  if (status === INACTIVE_STATUS || status === NO_ACCOUNT) return false;
  return inputsOf(state).active !== false;
}

function hasAccount(state: ResourceStateWire): boolean {
  return !(state.id ?? "").startsWith(ABSENT_ID) && outputsOf(state).status !== NO_ACCOUNT;
}

function person(state: ResourceStateWire): PlanUser {
  const inputs = inputsOf(state);
  const name = [text(inputs.firstName), text(inputs.lastName)].filter((s) => s !== null).join(" ");
  return { email: text(inputs.email) ?? "?", name, role: toDisplayRole(text(inputs.role) ?? "?") };
}

const PRIVILEGED = PRIVILEGED_ROLES.map((r) => toDisplayRole(r));
const privileged = (role: string | null): role is string => role !== null && PRIVILEGED.includes(role);

const byEmail = <T extends { email: string }>(a: T, b: T) => a.email.localeCompare(b.email);

function guardStatus(diagnostics: readonly DiagnosticWire[]): { guard: GuardStatus; warnings: string[] } {
  const clean = (message: string) => message.replace(/^error: /, "").trimEnd();
  const errors: string[] = [];
  const notices: string[] = [];
  const confirmed: string[] = [];
  const staleConfirmations: string[] = [];
  const warnings: string[] = [];
  let summary: string | null = null;
  for (const d of diagnostics) {
    const message = clean(d.message);
    if (message === "") continue;
    if (d.severity === "error") errors.push(message);
    else if (d.severity === "warning") warnings.push(message);
    else if (d.severity === "info" && message.startsWith("roster plan:")) summary = message;
    // The program's own notices; `info#err` is what it printed to stderr (Node's warnings), not meant for people.
    else if (d.severity === "info" && !d.urn) {
      if (message.startsWith(CONFIRMED_PREFIX)) confirmed.push(message.slice(CONFIRMED_PREFIX.length).trim());
      else if (message.startsWith(STALE_CONFIRMATION_PREFIX)) staleConfirmations.push(message.slice(STALE_CONFIRMATION_PREFIX.length).trim());
      else notices.push(message);
    }
  }
  const state: GuardState = errors.length === 0 ? "passed" : errors.some((e) => /^guard\b|\bguard:/.test(e)) ? "refused" : "failed";
  return { guard: { state, summary, errors, confirmed, staleConfirmations, notices }, warnings };
}

/** A draft removed (or marked inactive) before their first day: nobody loses access. */
const JOINER_WITHDRAWN = "withdrawn before their first day: the scheduled invite is cancelled and the draft deactivated (no access taken)";

export function buildPlan(preview: PreviewWire): RosterPlan {
  const steps = preview.steps ?? [];
  const dir = new Directory(steps);
  const { guard, warnings } = guardStatus(preview.diagnostics ?? []);
  const plan: RosterPlan = {
    guard,
    privilegeChanges: [],
    invitations: [],
    adoptions: [],
    changes: [],
    deactivations: [],
    reactivations: [],
    held: [],
    emailReplacements: [],
    quiet: [],
    organization: [],
    warnings,
  };
  const privilege = (who: PlanUser, kind: PrivilegeKind, from: string | null, to: string | null, summary: string) => {
    const gains = privileged(to) && to !== from ? [to] : [];
    const loses = privileged(from) && from !== to ? [from] : [];
    if (kind === "role" && gains.length === 0 && loses.length === 0) return;
    plan.privilegeChanges.push({ ...who, kind, gains, loses, summary });
  };
  const invite = (state: ResourceStateWire, note?: string) => {
    const who = person(state);
    // A joiner whose first day is ahead: a draft now, the invitation Ramp sends on the day.
    const startOn = text(inputsOf(state).startOn);
    if (startOn) note = [`invite scheduled for ${startOn}`, note].filter(Boolean).join("; ");
    plan.invitations.push({
      ...who,
      department: fieldValue(dir, state, "departmentId", "after"),
      location: fieldValue(dir, state, "locationId", "after"),
      manager: fieldValue(dir, state, "managerId", "after"),
      ...(note ? { note } : {}),
    });
    if (privileged(who.role)) privilege(who, "invited", null, who.role, `invited as ${who.role}`);
  };
  const reactivate = (who: PlanUser, note?: string) => {
    plan.reactivations.push({ ...who, ...(note ? { note } : {}) });
    if (privileged(who.role)) privilege(who, "reactivated", null, who.role, `${who.role}, reactivated`);
  };
  const openEnded = (who: PlanUser, change: FieldChange | undefined) => {
    if (change && change.from !== null && change.to === "none (open-ended access)") {
      plan.privilegeChanges.push({ ...who, kind: "open-ended", gains: [], loses: [], summary: `end date ${change.from} removed: open-ended access` });
    }
  };
  const adopt = (state: ResourceStateWire, account: RampAccountWire) => {
    const who = person(state);
    const fields: FieldChange[] = account.changes.map((c) => ({ field: c.field, label: c.field, from: c.from, to: c.to }));
    const rampRole = toDisplayRole(account.role);
    plan.adoptions.push({ ...who, status: account.status, rampRole, fields });
    if (rampRole !== who.role) privilege(who, "role", rampRole, who.role, `existing Ramp account adopted: ${rampRole} → ${who.role}`);
    if (account.status !== INACTIVE_STATUS) return;
    if (inputsOf(state).active === false) return;
    if (inputsOf(state).confirmReactivation === true) {
      reactivate(
        who,
        account.removedFromRoster
          ? "removed from the roster in an earlier change, added back: the same Ramp account"
          : `a former account (${account.status} in Ramp) under this email: reactivation confirmed by name`,
      );
    }
    else plan.held.push({ ...who, status: account.status, reason: `${HELD_ADOPTED_REASON}` });
  };
  const seen = new Set<string>();

  for (const step of steps) {
    const kind = kindOf(step.newState ?? step.oldState, step.urn);
    if (!kind || seen.has(`${step.op}\0${step.urn}`)) continue;
    seen.add(`${step.op}\0${step.urn}`);
    const { oldState: old, newState: now } = step;
    const op = step.op === "create-replacement" ? "replace" : step.op;

    if (kind !== "user") {
      const name = text(inputsOf(now).name) ?? text(inputsOf(old).name) ?? "?";
      if (op === "create" && now) plan.organization.push({ kind, change: "added", name });
      else if (op === "delete" && old) plan.organization.push({ kind, change: "removed", name });
      else if ((op === "update" || op === "replace") && old && now) {
        const from = text(inputsOf(old).name);
        if (from !== null && from !== name) plan.organization.push({ kind, change: "renamed", name, from });
      }
      continue;
    }

    if (op === "create" && now) {
      const account = rampAccountOf(now);
      if (account) adopt(now, account);
      else if (inputsOf(now).active === false) plan.quiet.push({ ...person(now), reason: "added as inactive: not invited (deactivated if Ramp already has them, active)" });
      else invite(now);
    } else if (op === "update" && old && now) {
      const who = person(now);
      const fields = fieldChanges(dir, old, now);
      const draft = outputsOf(old).status === DRAFT_STATUS;
      const [dayBefore, dayAfter] = [text(outputsOf(old).startOn) ?? null, text(inputsOf(now).startOn) ?? null];
      if (draft && inputsOf(now).active !== false && dayBefore !== dayAfter) {
        fields.push({ field: "startOn", label: "invitation", from: dayBefore ? `scheduled for ${dayBefore}` : "not scheduled", to: dayAfter ? `invite scheduled for ${dayAfter}` : "invite sent now" });
      }
      if (fields.length > 0) plan.changes.push({ ...who, fields });
      const role = fields.find((f) => f.field === "role");
      if (role) privilege(who, "role", role.from, role.to, `${role.from ?? "no role"} → ${role.to ?? "no role"}`);
      openEnded(who, fields.find((f) => f.field === "deactivateOn"));
      const [was, will] = [isActive(old), inputsOf(now).active !== false];
      const roleBefore = role?.from ?? who.role;
      if (was && !will && draft) {
        plan.quiet.push({ ...who, reason: JOINER_WITHDRAWN });
      } else if (was && !will) {
        plan.deactivations.push({ ...person(old), role: roleBefore, reason: "marked active: false" });
        if (privileged(roleBefore)) privilege(who, "deactivated", roleBefore, null, `${roleBefore}, deactivated (marked active: false)`);
      } else if (!was && will) {
        const status = text(outputsOf(old).status) ?? INACTIVE_STATUS;
        if (outputsOf(old).rosterActive === false) reactivate(who);
        else if (inputsOf(now).confirmReactivation === true) reactivate(who, `${status} in Ramp, removed outside the roster: reactivation confirmed by name`);
        else plan.held.push({ ...who, status, reason: HELD_REASON });
      }
    } else if (op === "replace" && old && now) {
      const [from, to] = [person(old), person(now)];
      if (from.email.toLowerCase() === to.email.toLowerCase()) {
        // The same email replaced: a user recorded without a Ramp account who is active now gets their invite.
        invite(now, hasAccount(old) ? undefined : "was in the roster as inactive, without a Ramp account");
        continue;
      }
      plan.emailReplacements.push({
        ...to,
        from: from.email,
        to: to.email,
        fields: fieldChanges(dir, old, now),
        ...(old.retainOnDelete === true || inputsOf(old).retainOnDelete === true ? { oldAccountKept: true } : {}),
      });
      if (privileged(to.role) || privileged(from.role)) {
        privilege(to, "replaced", from.role, to.role, `${to.role === from.role ? to.role : `${from.role} → ${to.role}`} moves from ${from.email} to ${to.email} (email change)`);
      }
    } else if (op === "delete" && old) {
      const who = person(old);
      if (old.retainOnDelete) plan.quiet.push({ ...who, reason: "removed from the roster with retainOnDelete: left as it is in Ramp" });
      else if (!hasAccount(old)) plan.quiet.push({ ...who, reason: "removed from the roster: had no Ramp account" });
      else if (!isActive(old)) plan.quiet.push({ ...who, reason: "removed from the roster: already inactive in Ramp" });
      else if (outputsOf(old).status === DRAFT_STATUS) plan.quiet.push({ ...who, reason: JOINER_WITHDRAWN });
      else {
        plan.deactivations.push({ ...who, reason: "removed from the roster" });
        if (privileged(who.role)) privilege(who, "deactivated", who.role, null, `${who.role}, deactivated (removed from the roster)`);
      }
    }
  }
  for (const list of [plan.privilegeChanges, plan.invitations, plan.adoptions, plan.changes, plan.deactivations, plan.reactivations, plan.held, plan.quiet]) {
    list.sort(byEmail);
  }
  plan.emailReplacements.sort((a, b) => a.from.localeCompare(b.from));
  plan.organization.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  return plan;
}

/** How many things of each kind the plan does, for its headline. */
export function planCounts(plan: RosterPlan) {
  return {
    invitations: plan.invitations.length,
    adoptions: plan.adoptions.length,
    changes: plan.changes.length,
    deactivations: plan.deactivations.length,
    reactivations: plan.reactivations.length,
    held: plan.held.length,
    emailReplacements: plan.emailReplacements.length,
    privilegeChanges: plan.privilegeChanges.length,
    organization: plan.organization.length,
  };
}
