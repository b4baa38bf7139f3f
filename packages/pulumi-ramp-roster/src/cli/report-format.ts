// A report as people read it (text, Markdown for an issue or a job summary) and as tools read it (JSON).
import { count, md } from "./format.js";
import type { DriftField, PendingInvite, Report, ReportUser } from "./report-model.js";

/** The first line of the Markdown: how a workflow finds the issue or comment it keeps up to date. */
export const REPORT_MARKER = "<!-- ramp-roster-report -->";

const NONE = "(none)";

function age(p: PendingInvite): string {
  return p.days === null ? "since an unknown date" : `for ${count(p.days, "day")}${p.since ? ` (since ${p.since.slice(0, 10)})` : ""}`;
}

function titles(report: Report) {
  return {
    stale: `Invites pending more than ${count(report.pendingDays, "day")}`,
    expired: "Expired invites",
    suspended: "Suspended users",
    unmanaged: "In Ramp, not in the roster",
    drift: "Drift: Ramp differs from the roster",
    missing: "In the roster, not in Ramp",
    organization: "Roster departments and locations not in Ramp",
    recent: "Other pending invites",
  };
}

function headline(report: Report): string {
  return report.needsAttention === 0 ? "nothing needs attention" : `${count(report.needsAttention, "item")} need${report.needsAttention === 1 ? "s" : ""} attention`;
}

const who = (u: { email: string; name: string }) => (u.name ? `${u.email} (${u.name})` : u.email);
const driftText = (f: DriftField) => `${f.field}: roster ${f.roster ?? NONE}, Ramp ${f.ramp ?? NONE}`;

export function reportText(report: Report): string {
  const t = titles(report);
  const out = [`Ramp roster report (${report.generatedAt.slice(0, 10)}): ${headline(report)}`];
  const list = (title: string, lines: readonly string[]) => {
    if (lines.length > 0) out.push("", `${title} (${lines.length}):`, ...lines.map((l) => `  - ${l}`));
  };
  list(t.stale, report.pendingInvites.filter((p) => p.stale).map((p) => `${who(p)}, ${p.role}: pending ${age(p)}`));
  list(t.expired, report.expiredInvites.map((u) => `${who(u)}, ${u.role}`));
  list(t.suspended, report.suspended.map((u) => `${who(u)}, ${u.role}`));
  list(t.unmanaged, report.unmanaged.map((u) => `${who(u)}, ${u.role}, ${u.status}`));
  list(t.drift, report.drift.map((d) => `${who(d)}: ${d.fields.map(driftText).join("; ")}`));
  list(t.missing, report.missing.map((u) => `${who(u)}, ${u.role}: the next \`pulumi up\` invites them`));
  list(t.organization, report.missingOrganization);
  list(t.recent, report.pendingInvites.filter((p) => !p.stale).map((p) => `${who(p)}, ${p.role}: pending ${age(p)}`));
  list(
    "Upcoming joiners and leavers",
    report.upcoming.map((u) => `${u.date}: ${who(u)}, ${u.role}: ${u.change}${u.source === "roster" ? " (the roster's date; Ramp holds no schedule yet)" : ""}`),
  );
  list("Admins", report.admins.map((a) => `${a.name} <${a.email}>, ${a.role}, ${a.status}${a.inRoster ? "" : a.role === "Owner" ? "" : ", not in the roster"}`));
  if (report.unmanagedInactive > 0) out.push("", `${count(report.unmanagedInactive, "deactivated user")} in Ramp not in the roster (nothing to do).`);
  return `${out.join("\n")}\n`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

const cell = (value: string | null) => (value === null || value === "" ? "—" : md(value));
/** Ramp's statuses read best as written (INVITE_PENDING), in a code span. */
const status = (value: string) => (/^[A-Z_]+$/.test(value) ? `\`${value}\`` : md(value));

export function reportMarkdown(report: Report): string {
  const t = titles(report);
  const out = [REPORT_MARKER, `### Ramp roster report, ${report.generatedAt.slice(0, 10)}`, "", `**${headline(report)[0]!.toUpperCase()}${headline(report).slice(1)}.**`];
  const section = (title: string, n: number, body: readonly string[]) => {
    if (n > 0) out.push("", `#### ${title} (${n})`, "", ...body);
  };
  const people = (items: readonly ReportUser[]) => table(["Email", "Name", "Role", "Status"], items.map((u) => [md(u.email), cell(u.name), cell(u.role), status(u.status)]));
  const pending = (items: readonly PendingInvite[]) =>
    table(["Email", "Name", "Role", "Pending since", "Days"], items.map((p) => [md(p.email), cell(p.name), cell(p.role), cell(p.since?.slice(0, 10) ?? null), p.days === null ? "unknown" : String(p.days)]));
  const stale = report.pendingInvites.filter((p) => p.stale);
  section(t.stale, stale.length, pending(stale));
  section(t.expired, report.expiredInvites.length, people(report.expiredInvites));
  section(t.suspended, report.suspended.length, people(report.suspended));
  section(t.unmanaged, report.unmanaged.length, people(report.unmanaged));
  section(
    t.drift,
    report.drift.length,
    table(["Email", "Field", "Roster", "Ramp"], report.drift.flatMap((d) => d.fields.map((f, i) => [i === 0 ? md(d.email) : "", md(f.field), cell(f.roster), cell(f.ramp)]))),
  );
  section(t.missing, report.missing.length, [...people(report.missing), "", "The next `pulumi up` invites them."]);
  section(t.organization, report.missingOrganization.length, report.missingOrganization.map((o) => `- ${md(o)}`));
  const recent = report.pendingInvites.filter((p) => !p.stale);
  section(t.recent, recent.length, pending(recent));
  section(
    "Upcoming joiners and leavers",
    report.upcoming.length,
    table(
      ["Date", "Email", "Name", "Role", "Change"],
      report.upcoming.map((u) => [u.date, md(u.email), cell(u.name), cell(u.role), md(`${u.change}${u.source === "roster" ? " (the roster's date; Ramp holds no schedule yet)" : ""}`)]),
    ),
  );
  section(
    "Admins",
    report.admins.length,
    table(["Name", "Email", "Role", "Status", "In the roster"], report.admins.map((a) => [cell(a.name), md(a.email), cell(a.role), status(a.status), a.role === "Owner" ? "— (owner)" : a.inRoster ? "yes" : "**no**"])),
  );
  if (report.unmanagedInactive > 0) out.push("", `${count(report.unmanagedInactive, "deactivated user")} in Ramp not in the roster (nothing to do).`);
  out.push("", `Invite dates come from the roster's git history (the commit that added the user's email): Ramp's API gives no invite date.`);
  return `${out.join("\n")}\n`;
}
