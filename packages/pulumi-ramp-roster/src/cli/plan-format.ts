// A roster plan as people read it: text for a terminal, Markdown for a pull request comment (tables, privilege
// changes first), and JSON for tools.
import { count, md } from "./format.js";
import { planCounts, type Adoption, type EmailReplacement, type FieldChange, type Invitation, type PlanUser, type RosterPlan } from "./plan-model.js";

/** The first line of the comment: how the preview workflow finds its own comment to update it. */
export const PLAN_MARKER = "<!-- ramp-roster-plan -->";

const NONE = "(none)";

function headline(plan: RosterPlan): string {
  const c = planCounts(plan);
  const adoptedUnchanged = plan.adoptions.filter((a) => a.fields.length === 0).length;
  const parts = [
    count(c.invitations, "invitation"),
    ...(c.adoptions > 0
      ? [`${count(c.adoptions, "adoption")} of existing Ramp accounts (${adoptedUnchanged === c.adoptions ? "no change" : `${c.adoptions - adoptedUnchanged} with changes`})`]
      : []),
    count(c.changes, "change"),
    count(c.deactivations, "deactivation"),
    count(c.reactivations, "reactivation"),
    ...(c.held > 0 ? [`${c.held} held inactive`] : []),
    count(c.emailReplacements, "email replacement"),
  ];
  return parts.join(", ");
}

function nothing(plan: RosterPlan): boolean {
  const c = planCounts(plan);
  return Object.values(c).every((n) => n === 0) && plan.quiet.length === 0;
}

const guardWords = { passed: "passed", refused: "REFUSED: this change cannot be applied as it is", failed: "the preview FAILED" } as const;

const fieldText = (f: FieldChange) => `${f.label} ${f.from ?? NONE} → ${f.to ?? NONE}`;

function who(user: PlanUser): string {
  return user.name ? `${user.email} (${user.name})` : user.email;
}

function invitationDetails(i: Invitation): string {
  const parts = [i.role];
  if (i.department) parts.push(`department ${i.department}`);
  if (i.location) parts.push(`location ${i.location}`);
  if (i.manager) parts.push(`manager ${i.manager}`);
  if (i.note) parts.push(i.note);
  return parts.join(", ");
}

const adoptionText = (a: Adoption) =>
  `${a.status} in Ramp as ${a.rampRole}${a.fields.length > 0 ? `; ${a.fields.map(fieldText).join("; ")}` : "; no change"}`;

const replacementKept = (r: EmailReplacement) => (r.oldAccountKept ? " (retainOnDelete: the old account is left as it is in Ramp)" : "");

const REPLACEMENT_NOTE =
  "Ramp cannot change a user's email: the new email is adopted if Ramp already has it (the same person), else invited, " +
  "and then the old account is deactivated, unless it is that same Ramp user or its record has retainOnDelete.";

export function planText(plan: RosterPlan): string {
  const out: string[] = [];
  out.push(`Ramp roster plan: ${nothing(plan) ? (plan.guard.state === "passed" ? "no changes" : "nothing will run") : headline(plan)}`);
  out.push(`Guards: ${guardWords[plan.guard.state]}${plan.guard.summary ? ` (${plan.guard.summary})` : ""}`);
  for (const error of plan.guard.errors) out.push("", ...error.split("\n").map((l) => `  ${l}`));
  for (const confirmation of plan.guard.confirmed) out.push(`Confirmed in the stack's config: ${confirmation}`);
  for (const stale of plan.guard.staleConfirmations) out.push(`Stale confirmation: ${stale}`);
  for (const notice of plan.guard.notices) out.push(`Note: ${notice}`);
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push("", `${title} (${lines.length}):`, ...lines.map((l) => `  - ${l}`));
  };
  section("PRIVILEGE CHANGES", plan.privilegeChanges.map((p) => `${who(p)}: ${p.summary}`));
  section("Invitations", plan.invitations.map((i) => `${who(i)}: ${invitationDetails(i)}`));
  section("Adoptions of existing Ramp accounts (no invite)", plan.adoptions.map((a) => `${who(a)}, ${a.role}: ${adoptionText(a)}`));
  section("Changes", plan.changes.map((c) => `${who(c)}: ${c.fields.map(fieldText).join("; ")}`));
  section("Deactivations", plan.deactivations.map((d) => `${who(d)}, ${d.role}: ${d.reason}`));
  section("Reactivations", plan.reactivations.map((r) => `${who(r)}, ${r.role}${r.note ? `: ${r.note}` : ""}`));
  section("HELD INACTIVE (access removed outside the roster; not reactivated)", plan.held.map((h) => `${who(h)}, ${h.role}, ${h.status}: ${h.reason}`));
  section(
    "Email replacements",
    plan.emailReplacements.map(
      (r) => `${r.from} → ${r.to} (${r.name}, ${r.role})${r.fields.length > 0 ? `; ${r.fields.map(fieldText).join("; ")}` : ""}${replacementKept(r)}`,
    ),
  );
  if (plan.emailReplacements.length > 0) out.push(`  ${REPLACEMENT_NOTE}`);
  section("No call to Ramp", plan.quiet.map((q) => `${who(q)}: ${q.reason}`));
  section(
    "Departments and locations",
    plan.organization.map((o) => (o.change === "renamed" ? `${o.kind} ${o.from} → ${o.name}: renamed` : `${o.kind} ${o.name}: ${o.change === "added" ? "added" : "removed from the roster (it stays in Ramp, which cannot delete it)"}`)),
  );
  section("Warnings", plan.warnings);
  return `${out.join("\n")}\n`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

const cell = (value: string | null) => (value === null || value === "" ? "—" : md(value));

export function planMarkdown(plan: RosterPlan): string {
  const out: string[] = [PLAN_MARKER, "### Ramp roster plan", ""];
  out.push(nothing(plan) ? (plan.guard.state === "passed" ? "**No changes**: Ramp already matches the roster." : "**Nothing will run.**") : `**${headline(plan)}**`);
  out.push("");
  const guard = plan.guard.state === "passed" ? "Guards: **passed**" : `Guards: **${guardWords[plan.guard.state]}**`;
  const confirmedGuard = plan.guard.state === "passed" && plan.guard.confirmed.length > 0 ? `${guard}, **with a confirmation**` : guard;
  out.push(plan.guard.summary ? `${confirmedGuard} (${md(plan.guard.summary)})` : confirmedGuard);
  for (const confirmation of plan.guard.confirmed) out.push("", `Confirmed in the stack's config: ${md(confirmation)}`);
  for (const stale of plan.guard.staleConfirmations) out.push("", `> **Stale confirmation**: ${md(stale)}`);
  for (const error of plan.guard.errors) out.push("", "```text", error, "```");
  for (const notice of plan.guard.notices) out.push("", `> ${md(notice)}`);
  const section = (title: string, n: number, body: string[]) => {
    if (n === 0) return;
    out.push("", `#### ${title} (${n})`, "", ...body);
  };
  section(
    "Privilege changes",
    plan.privilegeChanges.length,
    plan.privilegeChanges.map((p) => `- **${md(p.email)}**${p.name ? ` (${md(p.name)})` : ""}: ${md(p.summary)}`),
  );
  const noted = plan.invitations.filter((i) => i.note);
  section("Invitations", plan.invitations.length, [
    ...table(
      ["Email", "Name", "Role", "Department", "Location", "Manager"],
      plan.invitations.map((i) => [md(i.email), cell(i.name), cell(i.role), cell(i.department), cell(i.location), cell(i.manager)]),
    ),
    ...(noted.length > 0 ? ["", ...noted.map((i) => `- ${md(i.email)}: ${md(i.note ?? "")}`)] : []),
  ]);
  section(
    "Adoptions of existing Ramp accounts (no invite)",
    plan.adoptions.length,
    table(
      ["Email", "Name", "Role", "In Ramp now", "Adopting changes"],
      plan.adoptions.map((a) => [md(a.email), cell(a.name), cell(a.role), cell(`${a.rampRole}, ${a.status}`), cell(a.fields.map(fieldText).join("; ") || "no change")]),
    ),
  );
  section(
    "Changes",
    plan.changes.length,
    table(
      ["Email", "Field", "Before", "After"],
      plan.changes.flatMap((c) => c.fields.map((f, i) => [i === 0 ? md(c.email) : "", f.label, cell(f.from), cell(f.to)])),
    ),
  );
  section("Deactivations", plan.deactivations.length, table(["Email", "Name", "Role", "Why"], plan.deactivations.map((d) => [md(d.email), cell(d.name), cell(d.role), cell(d.reason)])));
  section(
    "Reactivations",
    plan.reactivations.length,
    table(["Email", "Name", "Role", "Note"], plan.reactivations.map((r) => [md(r.email), cell(r.name), cell(r.role), cell(r.note ?? null)])),
  );
  section(
    "Held inactive: access removed outside the roster, not reactivated",
    plan.held.length,
    table(["Email", "Name", "Role", "Status in Ramp", "Why"], plan.held.map((h) => [md(h.email), cell(h.name), cell(h.role), cell(h.status), cell(h.reason)])),
  );
  section("Email replacements", plan.emailReplacements.length, [
    ...table(
      ["Old email", "New email", "Name", "Role", "Also changes"],
      plan.emailReplacements.map((r) => [
        md(r.from),
        md(r.to),
        cell(r.name),
        cell(r.role),
        cell([r.fields.map(fieldText).join("; "), r.oldAccountKept ? "old account kept (retainOnDelete)" : ""].filter(Boolean).join("; ") || null),
      ]),
    ),
    "",
    REPLACEMENT_NOTE,
  ]);
  section("No call to Ramp", plan.quiet.length, plan.quiet.map((q) => `- ${md(q.email)}: ${md(q.reason)}`));
  section(
    "Departments and locations",
    plan.organization.length,
    plan.organization.map((o) =>
      o.change === "renamed"
        ? `- ${o.kind} ${md(o.from ?? "")} → **${md(o.name)}** (renamed)`
        : `- ${o.kind} **${md(o.name)}**: ${o.change === "added" ? "added" : "removed from the roster (it stays in Ramp, which cannot delete it)"}`,
    ),
  );
  section("Warnings", plan.warnings.length, plan.warnings.map((w) => `- ${md(w)}`));
  return `${out.join("\n")}\n`;
}

export function planJson(plan: RosterPlan): unknown {
  return { counts: planCounts(plan), ...plan };
}
