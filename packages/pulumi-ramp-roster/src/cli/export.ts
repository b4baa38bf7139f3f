// `ramp-roster export --out PATH`: read a live Ramp (read-only) and write it as a roster that changes nothing when
// first applied; then load what was written, as `validate` would, to prove it.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { countIssues, formatIssue, parseRoster, plural, renderRosterFile, renderRosterFolder, type RosterFileText, type RosterResult } from "../roster/index.js";
import { CommandError, EXIT_FAILED, EXIT_OK, UsageError, type Command, type CommandIo } from "./command.js";
import { parseCommandArgs } from "./dispatch.js";
import { exportRoster, type ExportSummary } from "./export-roster.js";
import { count, formatOption, json } from "./format.js";
import { envOf, nowOf } from "./io.js";
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connectionFrom, readRamp } from "./ramp-access.js";

const USAGE = `Usage: ramp-roster export --out PATH [--by-department] [--force] [--format text|json] [connection]

Read a live Ramp (only list calls: users, departments, locations) and write it as a roster: UI role names
(Admin, Cardholder ...), managers by email, departments and locations by name, active: false for deactivated
users, deactivateOn for the users Ramp has a deactivation date for (none written where Ramp has none). Applied as it is, the first \`pulumi up\` invites, changes and deactivates no one; where Ramp holds
something a roster cannot (the owner, suspended users, roles such as UNBUNDLED_*, a manager on an Admin),
comments in the roster say so, and so does the summary. The roster written is loaded back and checked as
\`ramp-roster validate\` does.

Options:
  --out PATH          the roster file to write (PATH '-' writes it to standard output), or with
                      --by-department the folder to write it to
  --by-department     write a folder: company.yaml (departments, locations, users without a department)
                      and one file per department
  --force             replace an existing file, or the *.yaml / *.yml files of an existing folder
  --format text|json  the summary: text (default) for people, json for tools
  -h, --help          show this help

${CONNECTION_USAGE}

Exit status: 0 written and valid, 1 Ramp could not be read, the files could not be written, or what was
written does not validate (its issues are printed), 2 usage error.
`;

const ROSTER_FILE = /\.ya?ml$/i;

function writeFiles(out: string, files: readonly RosterFileText[], byDepartment: boolean, force: boolean): RosterFileText[] {
  try {
    if (!byDepartment) {
      if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`${out} is a folder: pass --by-department to write a roster folder`);
      if (existsSync(out) && !force) throw new UsageError(`${out} exists: pass --force to replace it`);
      writeFileSync(out, files[0]!.text);
      return [{ path: out, text: files[0]!.text }];
    }
    if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`${out} is a file: --by-department writes a folder`);
    mkdirSync(out, { recursive: true });
    const existing = readdirSync(out).filter((name) => ROSTER_FILE.test(name));
    if (existing.length > 0 && !force) {
      throw new UsageError(`${out} already holds roster files (${existing.join(", ")}): pass --force to replace them`);
    }
    // A stale file left beside the new ones would be read as part of the roster.
    for (const name of existing) rmSync(join(out, name));
    return files.map((file) => {
      const path = join(out, file.path);
      writeFileSync(path, file.text);
      return { path, text: file.text };
    });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new CommandError(`cannot write ${out}: ${(err as Error).message}`, EXIT_FAILED);
  }
}

function textSummary(where: string, summary: ExportSummary, check: RosterResult): string {
  const lines = [
    `Wrote ${where}: ${plural(summary.users, "user")} (${summary.inactive} inactive, ${count(summary.pendingInvites, "invite")} pending, ` +
      `${summary.expiredInvites} expired), ${plural(summary.departments, "department")}, ${plural(summary.locations, "location")}.`,
  ];
  if (summary.leftOut.length > 0) {
    lines.push(`Left out (${summary.leftOut.length}; they stay as they are in Ramp, listed at the end of the roster):`);
    for (const user of summary.leftOut) lines.push(`  - ${user.email}: ${user.reason}`);
  }
  if (summary.firstRunChanges.length > 0) {
    lines.push(`The first \`pulumi up\` with this roster will change ${count(summary.firstRunChanges.length, "value")} a roster cannot hold as Ramp has it:`);
    for (const change of summary.firstRunChanges) lines.push(`  - ${change.email}: ${change.change}`);
  } else {
    lines.push("The first `pulumi up` with this roster will invite, change and deactivate no one.");
  }
  for (const issue of check.issues) lines.push(formatIssue(issue));
  lines.push(check.roster ? `Checked: valid${check.issues.length > 0 ? ` (${plural(check.issues.length, "warning")})` : ""}.` : `Checked: ${countIssues(check.issues)}.`);
  return `${lines.join("\n")}\n`;
}

export const exportCommand: Command = {
  name: "export",
  summary: "write a live Ramp as a roster that changes nothing when first applied",
  usage: USAGE,
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      out: { type: "string" },
      "by-department": { type: "boolean" },
      force: { type: "boolean" },
      format: { type: "string" },
      ...CONNECTION_OPTIONS,
    });
    const format = formatOption(values.format, ["text", "json"], "text");
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals.join(" ")}`);
    const out = values.out;
    if (typeof out !== "string" || out === "") throw new UsageError("missing --out PATH");
    const byDepartment = values["by-department"] === true;
    if (out === "-" && byDepartment) throw new UsageError("--by-department writes a folder, not standard output");
    const connection = connectionFrom(values, envOf(io));

    const snapshot = await readRamp(connection, EXIT_FAILED);
    const { draft, summary } = exportRoster(snapshot, nowOf(io));
    const rendered = byDepartment ? renderRosterFolder(draft) : [{ path: out === "-" ? "roster.yaml" : out, text: renderRosterFile(draft) }];
    const written = out === "-" ? rendered : writeFiles(out, rendered, byDepartment, values.force === true);
    const check = parseRoster(written);
    // With the roster on standard output, the summary goes to standard error.
    const report = out === "-" ? io.stderr : io.stdout;
    if (out === "-") io.stdout(rendered[0]!.text);
    const where = out === "-" ? "the roster to standard output" : byDepartment ? `${out} (${plural(written.length, "file")})` : out;
    if (format === "json") {
      report(json({ out, files: written.map((f) => f.path), ...summary, valid: check.roster !== undefined, issues: check.issues }));
    } else {
      report(textSummary(where, summary, check));
    }
    return check.roster ? EXIT_OK : EXIT_FAILED;
  },
};
