// What needs a person's attention in Ramp now, from one listing and the roster: invites pending too long, expired
// invites, suspended users, people in Ramp the roster does not manage, drift (fields that differ from the roster),
// roster users missing from Ramp; and, for the record, the admins by name. Pure: data in, a report out.
import type { RampUserRecord } from "../client/index.js";
import { ADMIN_ROLE, emailKey, EXPIRED_INVITE_STATUS, INACTIVE_STATUS, OWNER_ROLE, PENDING_INVITE_STATUS, SUSPENDED_STATUS } from "../ramp-facts.js";
import { toDisplayRole, type Roster } from "../roster/index.js";
import type { RampSnapshot } from "./ramp-access.js";
import { rosterDifferences, type FieldDifference } from "../program/drift.js";

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

/** A field in which Ramp differs from the roster (program/drift.ts). */
export type DriftField = FieldDifference;

export interface DriftedUser {
  email: string;
  name: string;
  fields: DriftField[];
}

export interface AdminUser extends ReportUser {
  inRoster: boolean;
}

/** A first day or a last day still to come: a joiner's scheduled invitation, or a scheduled deactivation. */
export interface UpcomingChange {
  /** `YYYY-MM-DD` */
  date: string;
  email: string;
  name: string;
  role: string;
  change: "invited (first day)" | "deactivated (end date)";
  /** Where the date comes from: Ramp's schedule, or the roster when Ramp has no schedule yet. */
  source: "Ramp" | "roster";
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
  /** Joiners and leavers by date, from today on: for the record, not counted as needing attention. */
  upcoming: UpcomingChange[];
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
    upcoming: [],
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
    const fields = rosterDifferences(user, found, names);
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

  // Joiners and leavers from today on: Ramp's schedules, and a roster's first day Ramp does not hold yet.
  const today = options.now.toISOString().slice(0, 10);
  const upcoming = (user: RampUserRecord | undefined, email: string, name: string, role: string, date: string, change: UpcomingChange["change"], source: UpcomingChange["source"]) => {
    if (date >= today) report.upcoming.push({ date, email, name: user ? `${user.firstName} ${user.lastName}`.trim() : name, role, change, source });
  };
  for (const user of snapshot.users) {
    if (user.status === INACTIVE_STATUS) continue;
    if (user.scheduledInvitationDate) upcoming(user, user.email, "", toDisplayRole(user.role), user.scheduledInvitationDate.slice(0, 10), "invited (first day)", "Ramp");
    if (user.scheduledDeactivationDate) upcoming(user, user.email, "", toDisplayRole(user.role), user.scheduledDeactivationDate.slice(0, 10), "deactivated (end date)", "Ramp");
  }
  for (const user of roster.users) {
    const found = live.get(user.key);
    if (user.active && user.startOn && !found?.scheduledInvitationDate) {
      upcoming(undefined, user.email, `${user.firstName} ${user.lastName}`, toDisplayRole(user.role), user.startOn, "invited (first day)", "roster");
    }
  }
  report.upcoming.sort((a, b) => a.date.localeCompare(b.date) || byEmail(a, b));

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
