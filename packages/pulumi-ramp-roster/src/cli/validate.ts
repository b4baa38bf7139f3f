// `ramp-roster validate <file-or-folder> [--format text|json]`: check a roster, print every issue, exit 1 on errors.
import { countIssues, formatIssue, loadRoster, plural, todayUtc, type RosterIssue, type RosterResult } from "../roster/index.js";
import { EXIT_FAILED, EXIT_OK, UsageError, type Command, type CommandIo } from "./command.js";
import { parseCommandArgs } from "./dispatch.js";
import { nowOf } from "./io.js";

const USAGE = `Usage: ramp-roster validate <file-or-folder> [--format text|json]

Check a roster (one YAML file, or a folder of *.yaml / *.yml files) and its policy, without contacting Ramp.
Prints every issue as file:line:column: error|warning: message, then a summary line. A user's deactivateOn
before today (UTC) is a warning: Ramp has deactivated them on that day.

Options:
  --format text|json  text (default) for people and CI logs; json for tools
  -h, --help          show this help

Exit status: 0 valid (warnings allowed), 1 the roster has errors, 2 usage error.
`;

function summary(path: string, result: RosterResult): string {
  const { roster, issues } = result;
  if (!roster) return `${path}: ${countIssues(issues)}`;
  const counts = [plural(roster.users.length, "user"), plural(roster.departments.length, "department"), plural(roster.locations.length, "location")];
  const warnings = issues.length > 0 ? `, ${plural(issues.length, "warning")}` : "";
  return `${path}: ${counts.join(", ")} — valid${warnings}`;
}

function json(path: string, result: RosterResult): string {
  const { roster, issues } = result;
  const count = (severity: RosterIssue["severity"]) => issues.filter((i) => i.severity === severity).length;
  const report = {
    path,
    valid: roster !== undefined,
    errors: count("error"),
    warnings: count("warning"),
    ...(roster && {
      files: roster.files,
      users: roster.users.length,
      departments: roster.departments.length,
      locations: roster.locations.length,
    }),
    issues,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

export const validateCommand: Command = {
  name: "validate",
  summary: "check a roster file or folder; print each issue as file:line:column",
  usage: USAGE,
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { format: { type: "string" } });
    const format = values.format ?? "text";
    if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not '${String(format)}'`);
    if (positionals.length === 0) throw new UsageError("missing the roster file or folder");
    if (positionals.length > 1) throw new UsageError(`one roster file or folder, not ${positionals.length}: ${positionals.join(" ")}`);
    const path = positionals[0] as string;

    const result = loadRoster(path, { today: todayUtc(nowOf(io)) });
    if (format === "json") io.stdout(json(path, result));
    else io.stdout([...result.issues.map(formatIssue), summary(path, result)].join("\n") + "\n");
    return result.roster ? EXIT_OK : EXIT_FAILED;
  },
};
