// What needs a person's attention in Ramp now, from one listing and the roster: invites pending too long, expired
// invites, suspended users, people in Ramp the roster does not manage, drift (fields that differ from the roster),
// roster users missing from Ramp; and, for the record, the admins by name. Pure: data in, a report out.
import type { RampUserRecord } from "../client/index.js";
import { ADMIN_ROLE, emailKey, EXPIRED_INVITE_STATUS, INACTIVE_STATUS, OWNER_ROLE, PENDING_INVITE_STATUS, SUSPENDED_STATUS } from "../ramp-facts.js";
import { toDisplayRole, type Roster, type RosterUser } from "../roster/index.js";
import type { RampSnapshot } from "./ramp-access.js";

export interface ReportUser {
  email: string;
  name: string;
  /** UI role name, or Ramp's name for a role the roster does not know. */
  role: string;
  status: string;
}

export interface PendingInvite extends ReportUser {
  /** When the invite was sent, as far as it is known (see InviteDates); null when unknown. */
  since: string | null;
  days: number | null;
  /** Pending for more than the report's limit. */
  stale: boolean;
}

export interface UnmanagedUser extends ReportUser {
  note?: string;
}

export interface DriftField {
  field: string;
  roster: string | null;
  ramp: string | null;
}

export interface DriftedUser {
  email: string;
  name: string;
  fields: DriftField[];
}

export interface AdminUser extends ReportUser {
  inRoster: boolean;
}

export interface Report {
  generatedAt: string;
  pendingDays: number;
  pendingInvites: PendingInvite[];
  expiredInvites: ReportUser[];
  suspended: ReportUser[];
  unmanaged: UnmanagedUser[];
  /** Deactivated users in Ramp that the roster does not list: nothing to do, counted for the record. */
  unmanagedInactive: number;
  drift: DriftedUser[];
  /** Active roster users Ramp does not have (the next `pulumi up` invites them). */
  missing: ReportUser[];
  /** Departments and locations of the roster that Ramp does not have. */
  missingOrganization: string[];
  admins: AdminUser[];
  /** How many people (and departments or locations) above need a person's attention: 0 means nothing to do. */
  needsAttention: number;
}

/** Email key → when the user's invite was sent (or an approximation of it). */
export type InviteDates = ReadonlyMap<string, Date>;

const DAY_MS = 86_400_000;
const byEmail = <T extends { email: string }>(a: T, b: T) => a.email.localeCompare(b.email);

function reportUser(user: RampUserRecord): ReportUser {
  return { email: user.email, name: `${user.firstName} ${user.lastName}`.trim(), role: toDisplayRole(user.role), status: user.status };
}

const same = (a: string | null, b: string | null) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

function driftOf(user: RosterUser, live: RampUserRecord, names: { department: Map<string, string>; location: Map<string, string>; email: Map<string, string> }): DriftField[] {
  const fields: DriftField[] = [];
  const add = (field: string, roster: string | null, ramp: string | null, equal = roster === ramp) => {
    if (!equal) fields.push({ field, roster, ramp });
  };
  if (emailKey(live.email) !== user.key) add("email", user.email, live.email);
  add("first name", user.firstName, live.firstName);
  add("last name", user.lastName, live.lastName);
  add("role", toDisplayRole(user.role), toDisplayRole(live.role));
  // Fields a roster leaves out are not managed: whatever Ramp has is fine. `~` (null) is managed: "none".
  if (user.department !== undefined) {
    const department = live.departmentId === null ? null : (names.department.get(live.departmentId) ?? `id ${live.departmentId}`);
    add("department", user.department, department, same(user.department, department));
  }
  if (user.location !== undefined) {
    const location = live.locationId === null ? null : (names.location.get(live.locationId) ?? `id ${live.locationId}`);
    add("location", user.location, location, same(user.location, location));
  }
  // The manager is always managed: none written is none (the program clears a manager Ramp has).
  const manager = live.managerId === null ? null : (names.email.get(live.managerId) ?? `Ramp user ${live.managerId}`);
  add("manager", user.manager ?? null, manager, same(user.manager ?? null, manager));
  if (user.employeeId !== undefined) add("employee id", user.employeeId, live.employeeId);
  if (user.isManager !== undefined) add("is manager", user.isManager ? "yes" : "no", live.isManager ? "yes" : "no");
  if (user.deactivateOn !== undefined) add("deactivation date", user.deactivateOn, live.scheduledDeactivationDate ?? null);
  // A suspension is reported on its own; the roster cannot express it.
  if (live.status !== SUSPENDED_STATUS) {
    const active = live.status !== INACTIVE_STATUS;
    if (user.active !== active) add("active", user.active ? "active" : "inactive", active ? `active (${live.status})` : "inactive");
  }
  return fields;
}

export interface ReportOptions {
  now: Date;
  /** An invite pending longer than this many days needs attention. */
  pendingDays: number;
  inviteDates: InviteDates;
}

export function buildReport(snapshot: RampSnapshot, roster: Roster, options: ReportOptions): Report {
  const names = {
    department: new Map(snapshot.departments.map((d) => [d.id, d.name])),
    location: new Map(snapshot.locations.map((l) => [l.id, l.name])),
    email: new Map(snapshot.users.map((u) => [u.id, u.email])),
  };
  const live = new Map(snapshot.users.map((u) => [emailKey(u.email), u]));
  const rosterKeys = new Set(roster.users.map((u) => u.key));
  const report: Report = {
    generatedAt: options.now.toISOString(),
    pendingDays: options.pendingDays,
    pendingInvites: [],
    expiredInvites: [],
    suspended: [],
    unmanaged: [],
    unmanagedInactive: 0,
    drift: [],
    missing: [],
    missingOrganization: [],
    admins: [],
    needsAttention: 0,
  };

  // The roster's users as Ramp has them: by email, or by a former email while the change is not applied yet.
  const matched = new Set<string>();
  for (const user of roster.users) {
    const found = live.get(user.key) ?? user.formerEmails?.map((e) => live.get(e)).find((u) => u !== undefined);
    if (!found) {
      if (user.active) report.missing.push({ email: user.email, name: `${user.firstName} ${user.lastName}`, role: toDisplayRole(user.role), status: "not in Ramp" });
      continue;
    }
    matched.add(found.id);
    const fields = driftOf(user, found, names);
    if (fields.length > 0) report.drift.push({ email: user.email, name: `${user.firstName} ${user.lastName}`, fields });
  }

  for (const user of snapshot.users) {
    const key = emailKey(user.email);
    const inRoster = matched.has(user.id);
    if (user.status === PENDING_INVITE_STATUS) {
      const since = options.inviteDates.get(key);
      const days = since ? Math.floor((options.now.getTime() - since.getTime()) / DAY_MS) : null;
      report.pendingInvites.push({ ...reportUser(user), since: since ? since.toISOString() : null, days, stale: days !== null && days > options.pendingDays });
    }
    if (user.status === EXPIRED_INVITE_STATUS) report.expiredInvites.push(reportUser(user));
    if (user.status === SUSPENDED_STATUS) report.suspended.push(reportUser(user));
    if ((user.role === ADMIN_ROLE || user.role === OWNER_ROLE) && user.status !== INACTIVE_STATUS) {
      report.admins.push({ ...reportUser(user), inRoster });
    }
    // The owner and suspended users cannot be in a roster: they are listed on their own, not as unmanaged.
    if (inRoster || rosterKeys.has(key) || user.role === OWNER_ROLE || user.status === SUSPENDED_STATUS) continue;
    if (user.status === INACTIVE_STATUS) report.unmanagedInactive += 1;
    else report.unmanaged.push(reportUser(user));
  }

  const liveNames = (items: readonly { name: string }[]) => new Set(items.map((i) => i.name.toLowerCase()));
  const [departments, locations] = [liveNames(snapshot.departments), liveNames(snapshot.locations)];
  for (const d of roster.departments) if (!departments.has(d.name.toLowerCase())) report.missingOrganization.push(`department ${d.name}`);
  for (const l of roster.locations) if (!locations.has(l.name.toLowerCase())) report.missingOrganization.push(`location ${l.name}`);

  for (const list of [report.pendingInvites, report.expiredInvites, report.suspended, report.unmanaged, report.drift, report.missing]) list.sort(byEmail);
  report.admins.sort((a, b) => (a.role === "Owner" ? -1 : b.role === "Owner" ? 1 : a.name.localeCompare(b.name) || byEmail(a, b)));
  // Each person once: an unmanaged user whose invite expired is one thing to look at, not two.
  const people = [
    ...report.pendingInvites.filter((p) => p.stale),
    ...report.expiredInvites,
    ...report.suspended,
    ...report.unmanaged,
    ...report.drift,
    ...report.missing,
  ].map((u) => emailKey(u.email));
  report.needsAttention = new Set(people).size + report.missingOrganization.length;
  return report;
}
