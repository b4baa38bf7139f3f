// Live Ramp → a roster draft that, applied as it is, changes nothing: UI role names, managers by email, departments
// and locations by name, `active: false` for deactivated users, the deactivation dates Ramp has. What a roster cannot hold is said in comments: users
// it leaves out (the owner, suspended users, roles it cannot express), and values the first `pulumi up` would change.
// Pure: a snapshot in, a draft and a summary out.
import { isCalendarDate } from "../calendar-date.js";
import type { RampUserRecord } from "../client/index.js";
import { ADMIN_ROLE, emailKey, EXPIRED_INVITE_STATUS, INACTIVE_STATUS, MAX_NAME_LENGTH, OWNER_ROLE, PENDING_INVITE_STATUS, SUSPENDED_STATUS } from "../ramp-facts.js";
import {
  emailProblem,
  plural,
  toApiRole,
  toDisplayRole,
  type DraftLocation,
  type DraftUser,
  type RosterDraft,
} from "../roster/index.js";
import type { RampSnapshot } from "./ramp-access.js";

/** A Ramp user the roster leaves out, and why. */
export interface LeftOut {
  email: string;
  name: string;
  status: string;
  reason: string;
}

/** A value the roster cannot hold as Ramp has it: the first `pulumi up` with this roster changes it. */
export interface FirstRunChange {
  email: string;
  change: string;
}

export interface ExportSummary {
  users: number;
  inactive: number;
  pendingInvites: number;
  expiredInvites: number;
  departments: number;
  locations: number;
  leftOut: LeftOut[];
  firstRunChanges: FirstRunChange[];
}

export interface ExportResult {
  draft: RosterDraft;
  summary: ExportSummary;
}

const STATUS_REMARKS: Readonly<Record<string, string>> = {
  INVITE_PENDING: "invite pending",
  INVITE_EXPIRED: "invite expired: resend it from Ramp (the roster cannot)",
  USER_ONBOARDING: "onboarding",
  USER_DRAFT: "draft in Ramp: not invited yet",
};

const byText = (a: string, b: string) => a.localeCompare(b, "en", { sensitivity: "base" }) || (a < b ? -1 : a > b ? 1 : 0);

function fullName(user: RampUserRecord): string {
  return `${user.firstName} ${user.lastName}`.trim() || "(no name)";
}

/** Why this Ramp user cannot be a roster entry, or undefined if they can. */
function leftOutReason(user: RampUserRecord): string | undefined {
  if (user.role === OWNER_ROLE) return "the business owner (Owner): Ramp's API can neither invite nor assign this role";
  if (user.status === SUSPENDED_STATUS) return "suspended in Ramp, which a roster cannot express";
  const role = toApiRole(user.role);
  if (!role || role === OWNER_ROLE || role !== user.role) return `role ${user.role}, which a roster cannot express`;
  const problem = emailProblem(user.email.trim());
  if (problem) return `an email a roster cannot hold: ${problem}`;
  for (const [field, value] of [
    ["first name", user.firstName],
    ["last name", user.lastName],
  ] as const) {
    if (value.trim() === "") return `no ${field}, which a roster requires`;
    if ([...value.trim()].length > MAX_NAME_LENGTH) return `a ${field} longer than ${MAX_NAME_LENGTH} characters, which a roster cannot hold`;
  }
  return undefined;
}

/** Names by id, the first of each name (case-insensitive) kept: a roster cannot declare two that differ only in case. */
function namesById(items: readonly { id: string; name: string }[]): { names: string[]; byId: Map<string, string>; merged: Set<string> } {
  const byKey = new Map<string, string>();
  const byId = new Map<string, string>();
  const merged = new Set<string>();
  for (const item of items) {
    const name = item.name.trim();
    if (name === "") continue;
    const kept = byKey.get(name.toLowerCase());
    if (kept === undefined) byKey.set(name.toLowerCase(), name);
    else merged.add(item.id);
    byId.set(item.id, kept ?? name);
  }
  return { names: [...byKey.values()].sort(byText), byId, merged };
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

/** A policy matching the export, for people to review and turn on: the usual domains, the rest as exceptions. */
function suggestedPolicy(users: readonly DraftUser[]): string[] {
  const active = users.filter((u) => u.active);
  const perDomain = new Map<string, number>();
  for (const user of active) perDomain.set(domainOf(user.email), (perDomain.get(domainOf(user.email)) ?? 0) + 1);
  const domains = [...perDomain].filter(([, n]) => n > 1).map(([d]) => d).sort(byText);
  const exceptions = active.filter((u) => !domains.includes(domainOf(u.email))).map((u) => u.email).sort(byText);
  const admins = active.filter((u) => u.role === "Admin").length;
  return [
    "A policy for this roster, checked by `ramp-roster validate` and by every `pulumi preview` (see docs/roster-reference.md).",
    "Suggested from what Ramp has today: review it, then remove the '# ' in front of the lines below.",
    "policy:",
    ...(domains.length > 0 ? [`  emailDomains: [${domains.join(", ")}]`] : []),
    ...(exceptions.length > 0 && domains.length > 0 ? [`  emailExceptions: [${exceptions.join(", ")}]`] : []),
    `  maxAdmins: ${admins}`,
  ];
}

export function exportRoster(snapshot: RampSnapshot, now: Date): ExportResult {
  const departments = namesById(snapshot.departments);
  const locations = namesById(snapshot.locations);
  const entityIds = new Set(snapshot.locations.map((l) => l.entityId).filter((e) => e !== null));
  // One business entity is the usual case: its id on every location would be noise.
  const withEntity = entityIds.size > 1;
  const locationList: DraftLocation[] = locations.names.map((name) => {
    const entityId = snapshot.locations.find((l) => l.name.trim() === name)?.entityId;
    return withEntity && entityId ? { name, entityId } : { name };
  });

  const leftOut: LeftOut[] = [];
  const exported = new Map<string, RampUserRecord>(); // by Ramp id
  const seen = new Set<string>();
  // Of two users with one email (in different case), the first Ramp lists is kept.
  for (const user of snapshot.users) {
    const key = emailKey(user.email);
    const reason = seen.has(key) ? "a second Ramp user with the same email" : leftOutReason(user);
    seen.add(key);
    if (reason) leftOut.push({ email: user.email.trim(), name: fullName(user), status: user.status, reason });
    else exported.set(user.id, user);
  }
  leftOut.sort((a, b) => byText(a.email, b.email));
  const leftOutById = new Map(snapshot.users.filter((u) => !exported.has(u.id)).map((u) => [u.id, u]));

  const firstRunChanges: FirstRunChange[] = [];
  const users: DraftUser[] = [];
  for (const user of exported.values()) {
    const email = user.email.trim();
    const notes: string[] = [];
    const change = (what: string, why: string) => {
      firstRunChanges.push({ email, change: what });
      notes.push(`${why}: the first \`pulumi up\` will ${what}.`);
    };
    const draft: DraftUser = {
      email,
      firstName: user.firstName.trim(),
      lastName: user.lastName.trim(),
      role: toDisplayRole(user.role),
      active: user.status !== INACTIVE_STATUS,
    };
    if (draft.firstName !== user.firstName || draft.lastName !== user.lastName) {
      change("remove the blanks around their name", `Ramp has the name '${user.firstName}' '${user.lastName}'`);
    }
    for (const [field, id, names] of [
      ["department", user.departmentId, departments],
      ["location", user.locationId, locations],
    ] as const) {
      if (id === null) continue;
      const name = names.byId.get(id);
      if (name === undefined) change(`clear their ${field}`, `Ramp has ${field} id ${id}, which its listing of ${field}s does not have`);
      else {
        draft[field] = name;
        if (names.merged.has(id)) change(`move them to the ${field} '${name}'`, `Ramp has two ${field}s named '${name}' (in different case)`);
      }
    }
    if (user.managerId !== null) {
      const manager = exported.get(user.managerId);
      const absent = leftOutById.get(user.managerId);
      if (user.role === ADMIN_ROLE) {
        const who = manager?.email.trim() ?? absent?.email.trim() ?? `Ramp user ${user.managerId}`;
        change("clear their manager", `Ramp has ${who} as this Admin's manager, and Ramp's API refuses a manager on an Admin`);
      } else if (user.managerId === user.id) {
        change("clear their manager", "Ramp has this user as their own manager");
      } else if (manager) {
        draft.manager = manager.email.trim();
      } else if (absent) {
        change("clear their manager", `Ramp has ${absent.email.trim()} as manager, whom this roster leaves out (see the end of the file)`);
      } else {
        change("clear their manager", `Ramp has manager id ${user.managerId}, which is not a user in Ramp's listing`);
      }
    }
    if (user.employeeId !== null && user.employeeId.trim() !== "") {
      draft.employeeId = user.employeeId.trim();
      if (draft.employeeId !== user.employeeId) change("remove the blanks around their employee id", `Ramp has the employee id '${user.employeeId}'`);
    }
    if (user.isManager === true) draft.isManager = true;
    // The date Ramp has, so the first `pulumi up` keeps it (a contractor's end, a guest's default). None is written as
    // nothing: the roster then does not manage the date, rather than granting open-ended access with `~`.
    const date = user.scheduledDeactivationDate;
    if (typeof date === "string") {
      if (!isCalendarDate(date)) notes.push(`Ramp has the deactivation date '${date}', which is not a date a roster can hold: it is left as Ramp has it.`);
      else if (user.role === ADMIN_ROLE) notes.push(`Ramp has the deactivation date ${date} on this Admin, which a roster cannot hold: it is left as Ramp has it.`);
      else draft.deactivateOn = date;
    }
    const remark = STATUS_REMARKS[user.status];
    if (remark) draft.remark = remark;
    if (notes.length > 0) draft.notes = notes;
    users.push(draft);
  }
  firstRunChanges.sort((a, b) => byText(a.email, b.email));
  const departmentOrder = new Map(departments.names.map((name, i) => [name, i]));
  users.sort(
    (a, b) =>
      (departmentOrder.get(a.department ?? "") ?? Infinity) - (departmentOrder.get(b.department ?? "") ?? Infinity) ||
      byText(a.lastName, b.lastName) ||
      byText(a.firstName, b.firstName) ||
      byText(a.email, b.email),
  );

  const summary: ExportSummary = {
    users: users.length,
    inactive: users.filter((u) => !u.active).length,
    pendingInvites: [...exported.values()].filter((u) => u.status === PENDING_INVITE_STATUS).length,
    expiredInvites: [...exported.values()].filter((u) => u.status === EXPIRED_INVITE_STATUS).length,
    departments: departments.names.length,
    locations: locations.names.length,
    leftOut,
    firstRunChanges,
  };
  const outcome =
    firstRunChanges.length === 0
      ? "Applied as it is, the first `pulumi up` invites, changes and deactivates no one."
      : `Applied as it is, the first \`pulumi up\` invites and deactivates no one, and changes only what the comments on ${plural(new Set(firstRunChanges.map((c) => c.email)).size, "user")} say.`;
  const header = [
    `Ramp roster exported from ${snapshot.baseUrl} by \`ramp-roster export\` on ${now.toISOString().slice(0, 10)}:`,
    `${plural(summary.users, "user")} (${summary.inactive} inactive, ${plural(summary.pendingInvites, "invite")} pending, ` +
      `${summary.expiredInvites} expired), ${plural(summary.departments, "department")}, ${plural(summary.locations, "location")}.`,
    outcome,
    "Review it (roles, managers, who should still be here), commit it, and from then on change Ramp by changing this roster.",
  ];
  const footer =
    leftOut.length === 0
      ? []
      : [
          `Ramp users this roster leaves out (${leftOut.length}): they stay as they are in Ramp, and nothing here changes them.`,
          ...leftOut.map((u) => `  - ${u.email} (${u.name}, ${u.status}): ${u.reason}`),
        ];
  return {
    draft: { header, departments: departments.names, locations: locationList, beforeUsers: suggestedPolicy(users), users, footer },
    summary,
  };
}
