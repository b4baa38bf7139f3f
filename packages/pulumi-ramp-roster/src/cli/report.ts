// `ramp-roster report`: what needs a person's attention in Ramp now, from one read-only listing and the roster.
import { countIssues, formatIssue, loadRoster } from "../roster/index.js";
import { CommandError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type Command, type CommandIo } from "./command.js";
import { parseCommandArgs } from "./dispatch.js";
import { formatOption, json } from "./format.js";
import { inviteDatesFromGit } from "./invite-dates.js";
import { envOf, nowOf } from "./io.js";
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connectionFrom, readRamp } from "./ramp-access.js";
import { commandRoster, ROSTER_OPTIONS, ROSTER_USAGE } from "./roster-option.js";
import { buildReport } from "./report-model.js";
import { reportMarkdown, reportText } from "./report-format.js";

export const DEFAULT_PENDING_DAYS = 14;

const USAGE = `Usage: ramp-roster report [--roster PATH | --stack NAME] [--pending-days N] [--format text|markdown|json] [connection]

What needs a person's attention in Ramp now, from one read-only listing of Ramp and the roster:
  - invites pending for more than N days, and expired invites (resend them in Ramp, or remove the person)
  - suspended users
  - people in Ramp the roster does not manage (the owner is listed with the admins instead)
  - drift: fields that differ between Ramp and the roster (a change made by hand in Ramp)
  - roster users, departments and locations Ramp does not have yet
and, for the record, every Admin (and the owner) by name.

Ramp's API gives no invite date: a pending invite's age is the age of the commit that last changed the line
with the user's email (git blame in the roster's folder; fetch the history in CI, e.g. fetch-depth: 0).
Without git history the age is unknown, and such invites are listed but do not count as needing attention.

Options:
  --pending-days N    an invite pending longer than this needs attention (default ${DEFAULT_PENDING_DAYS})
  --format F          text (default), markdown (an issue, a job summary) or json
  -h, --help          show this help

${ROSTER_USAGE}

${CONNECTION_USAGE}

Exit status: 0 nothing needs attention, 1 something does, 2 usage error, an invalid roster, or Ramp could not
be read.
`;

export const reportCommand: Command = {
  name: "report",
  summary: "list what needs attention in Ramp: stale invites, suspended users, unmanaged users, drift",
  usage: USAGE,
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      ...ROSTER_OPTIONS,
      "pending-days": { type: "string" },
      format: { type: "string" },
      ...CONNECTION_OPTIONS,
    });
    const format = formatOption(values.format, ["text", "markdown", "json"], "text");
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals.join(" ")} (the roster goes with --roster)`);
    const days = values["pending-days"] === undefined ? DEFAULT_PENDING_DAYS : Number(values["pending-days"]);
    if (!Number.isInteger(days) || days < 0) throw new UsageError(`--pending-days must be a whole number of days, not '${String(values["pending-days"])}'`);
    const { path } = commandRoster(values.roster, values.stack, io);
    const connection = connectionFrom(values, envOf(io));

    const { roster, issues } = loadRoster(path);
    if (!roster) {
      throw new CommandError(`the roster ${path} is invalid (${countIssues(issues)}):\n${issues.map(formatIssue).join("\n")}`, EXIT_USAGE);
    }
    const snapshot = await readRamp(connection, EXIT_USAGE);
    const report = buildReport(snapshot, roster, { now: nowOf(io), pendingDays: days, inviteDates: inviteDatesFromGit(roster) });
    io.stdout(format === "json" ? json(report) : format === "markdown" ? reportMarkdown(report) : reportText(report));
    return report.needsAttention === 0 ? EXIT_OK : EXIT_FAILED;
  },
};
