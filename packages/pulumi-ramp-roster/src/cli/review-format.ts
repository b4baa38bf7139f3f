// The review as tools read it (JSON, CSV) and as people attest it (Markdown: the review, or one checklist per manager
// for a GitHub issue). Every format states the same evidence, with the same content digest.
import { count, md } from "./format.js";
import { FINDING_TITLES, type Review, type ReviewChange, type ReviewPerson } from "./review-model.js";

/** The first line of the Markdown, for a workflow that finds the issue it opened. */
export const REVIEW_MARKER = "<!-- ramp-roster-review -->";

export function reviewJson(review: Review): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}

export function changeText(c: ReviewChange | null): string {
  if (!c) return "";
  const pr = c.pullRequest !== null ? `#${c.pullRequest}` : `no pull request`;
  return `${c.mergedAt.slice(0, 10)} ${c.commit.slice(0, 12)} ${pr} by ${c.authors.join(", ")}`;
}

export function approvalText(c: ReviewChange | null): string {
  if (!c) return "";
  const a = c.approval;
  if (a.status === "approved") return `approved by ${a.approvers.map((r) => `@${r.login} ${r.at}`).join(", ")}`;
  return `${a.status}: ${a.note}`;
}

/** The columns of the people table, in the order of the CSV and the HTML page. */
export const PEOPLE_COLUMNS: readonly { title: string; value(p: ReviewPerson): string }[] = [
  { title: "Name", value: (p) => p.name },
  { title: "Email", value: (p) => p.email },
  { title: "Role", value: (p) => p.role },
  { title: "Privileged", value: (p) => (p.privileged ? "yes" : "no") },
  { title: "Status", value: (p) => p.status },
  { title: "Manager", value: (p) => p.manager ?? "" },
  { title: "Department", value: (p) => p.department ?? "" },
  { title: "Location", value: (p) => p.location ?? "" },
  { title: "End date", value: (p) => p.endDate ?? "" },
  { title: "Roster", value: (p) => p.roster ?? "not managed by the roster" },
  { title: "Access granted", value: (p) => (p.granted ? `${p.granted.what}: ${changeText(p.granted)}` : p.provenanceNote) },
  { title: "Access approval", value: (p) => approvalText(p.granted) },
  { title: "Role granted", value: (p) => (p.roleGranted ? changeText(p.roleGranted) : "") },
  { title: "Role approval", value: (p) => approvalText(p.roleGranted) },
  { title: "Drift", value: (p) => p.drift.map((f) => `${f.field}: roster ${f.roster ?? "(none)"}, Ramp ${f.ramp ?? "(none)"}`).join("; ") },
  { title: "Findings", value: (p) => p.findings.join(" ") },
  { title: "Note", value: (p) => p.note },
];

const csvCell = (value: string) => (/[",\r\n]/.test(value) || /^[=+\-@\t]/.test(value) ? `"${(/^[=+\-@\t]/.test(value) ? `'${value}` : value).replace(/"/g, '""')}"` : value);

/** One row per person; each row also carries the evidence, so a sheet cut from it still says where it came from. */
export function reviewCsv(review: Review): string {
  const e = review.evidence;
  const evidence = [
    ["Ramp listed at", e.listing.startedAt],
    ["Git commit", e.git.commit],
    ["Tool", e.tool],
    ["Content SHA-256", e.contentSha256],
  ];
  const header = [...PEOPLE_COLUMNS.map((c) => c.title), ...evidence.map(([k]) => k!)];
  const rows = review.people.map((p) => [...PEOPLE_COLUMNS.map((c) => c.value(p)), ...evidence.map(([, v]) => v!)]);
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export function evidenceLines(review: Review): string[] {
  const e = review.evidence;
  return [
    `Ramp listing: ${e.rampApi}, started ${e.listing.startedAt}, finished ${e.listing.finishedAt}, ${count(e.listing.usersListed, "user")} listed (read-only scopes ${e.listing.scopes.join(", ")})`,
    `Roster: commit ${e.git.commit}, ${e.git.rosterFiles.join(", ")}`,
    `Approvals: ${e.github.checked ? `GitHub pull requests of ${e.github.repository} (${e.github.api})` : "not checked (no GITHUB_TOKEN)"}; review period ${e.period.since} to ${e.period.until}`,
    `Tool: ${e.tool}`,
    `Content SHA-256: ${e.contentSha256}`,
  ];
}

const cell = (value: string | null) => (value === null || value === "" ? "—" : md(value));

function findingsMarkdown(review: Review): string[] {
  if (review.findings.length === 0) return ["**No findings.**"];
  return [
    `**${count(review.findings.length, "finding")}:**`,
    "",
    ...review.findings.map((f) => `- **${FINDING_TITLES[f.kind]}**${f.email ? `: ${md(f.name ? `${f.name} <${f.email}>` : f.email)}` : ""} — ${md(f.detail)}`),
  ];
}

export function reviewMarkdown(review: Review): string {
  const s = review.summary;
  const out = [
    REVIEW_MARKER,
    `### Ramp access review, ${review.evidence.listing.startedAt.slice(0, 10)}`,
    "",
    `${count(s.people, "person", "people")} with access (${s.privileged} privileged, ${s.unmanaged} not managed by the roster); ${count(s.leavers, "leaver")} in the period.`,
    "",
    ...findingsMarkdown(review),
    "",
    "| Name | Email | Role | Status | Manager | Roster | Access granted | Approval |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...review.people.map((p) => `| ${cell(p.name)} | ${md(p.email)} | ${cell(p.role)} | \`${p.status}\` | ${cell(p.manager)} | ${cell(p.roster ?? "not managed")} | ${cell(changeText(p.granted))} | ${cell(approvalText(p.granted))} |`),
  ];
  if (review.leavers.length > 0) {
    out.push("", "#### Leavers in the period", "", "| Email | Change | Merged | Commit | Ramp now |", "| --- | --- | --- | --- | --- |");
    for (const l of review.leavers) out.push(`| ${md(l.email)} | ${l.change} | ${l.mergedAt.slice(0, 10)} | ${l.commit.slice(0, 12)}${l.pullRequest !== null ? ` (#${l.pullRequest})` : ""} | ${l.rampStatus ?? "not in Ramp"}${l.inactiveNow ? "" : " **(still active)**"} |`);
  }
  out.push("", "<details><summary>Evidence</summary>", "", ...evidenceLines(review).map((l) => `- ${md(l)}`), "", "</details>");
  return `${out.join("\n")}\n`;
}

/** One checklist per manager of their direct reports (by Ramp's manager), and the privileged roles for the system owner. */
export function reviewByManager(review: Review): string {
  const byManager = new Map<string, ReviewPerson[]>();
  for (const p of review.people) {
    const key = p.manager ?? "";
    byManager.set(key, [...(byManager.get(key) ?? []), p]);
  }
  const nameOf = new Map(review.people.map((p) => [p.email.toLowerCase(), p.name]));
  const managers = [...byManager.keys()].filter((m) => m !== "").sort((a, b) => (nameOf.get(a.toLowerCase()) ?? a).localeCompare(nameOf.get(b.toLowerCase()) ?? b) || a.localeCompare(b));
  const item = (p: ReviewPerson) => {
    const facts = [p.role, p.status === "USER_ACTIVE" ? "" : p.status, p.department ?? "", p.location ?? "", p.endDate ? `until ${p.endDate}` : "", p.findings.length > 0 ? `findings: ${p.findings.join(", ")}` : ""].filter((f) => f !== "");
    return `- [ ] ${md(p.name || p.email)} (${md(p.email)}): ${md(facts.join(", "))}`;
  };
  const out = [
    REVIEW_MARKER,
    `### Ramp access review, ${review.evidence.listing.startedAt.slice(0, 10)}: attestation by manager`,
    "",
    "Tick each person whose access is still needed as it is. For anyone else, write under their line `remove` or the change (role, department), and open a pull request on the roster.",
    "",
    ...findingsMarkdown(review),
  ];
  for (const manager of managers) {
    const reports = byManager.get(manager)!;
    const name = nameOf.get(manager.toLowerCase());
    out.push("", `#### ${md(name ? `${name} <${manager}>` : manager)} (${count(reports.length, "direct report")})`, "", ...reports.map(item));
  }
  const privileged = review.people.filter((p) => p.privileged);
  if (privileged.length > 0) out.push("", `#### Privileged roles, for the system owner (${privileged.length})`, "", ...privileged.map(item));
  const orphans = byManager.get("") ?? [];
  if (orphans.length > 0) out.push("", `#### No manager in Ramp, for the system owner (${orphans.length})`, "", ...orphans.map(item));
  out.push("", "<details><summary>Evidence</summary>", "", ...evidenceLines(review).map((l) => `- ${md(l)}`), "", "</details>");
  return `${out.join("\n")}\n`;
}
