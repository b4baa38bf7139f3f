// `ramp-roster validate <file-or-folder> [--format text|json]`: check a roster, print every issue, exit 1 on errors.
import { countIssues, formatIssue, loadRoster, plural, todayUtc, type RosterIssue, type RosterResult } from "../roster/index.js";
import { EXIT_FAILED, EXIT_OK, UsageError, type Command, type CommandIo } from "./command.js";
import { parseCommandArgs } from "./dispatch.js";
import { cwdOf, nowOf } from "./io.js";
import { commandRoster, ROSTER_OPTIONS, ROSTER_USAGE } from "./roster-option.js";
import { checkStackConfig } from "./stack-checks.js";

const USAGE = `Usage: ramp-roster validate [<file-or-folder>] [--stack NAME] [--format text|json]

Check a roster (one YAML file, or a folder of *.yaml / *.yml files) and its policy, without contacting Ramp.
Prints every issue as file:line:column: error|warning: message, then a summary line. A user's deactivateOn
before today (UTC) is a warning: Ramp has deactivated them on that day. With a stack, also the stack's ramp:
settings in Pulumi.<stack>.yaml, and its guard confirmations against the roster: one that cannot match this roster
is stale (a warning).

Options:
  --format text|json  text (default) for people and CI logs; json for tools
  -h, --help          show this help

${ROSTER_USAGE}

Exit status: 0 valid (warnings allowed), 1 the roster has errors, 2 usage error.
`;

/** The roster's result with the stack's issues after its own; an error there makes it invalid, as in the preview. */
function withIssues(result: RosterResult, more: RosterIssue[]): RosterResult {
  const issues = [...result.issues, ...more];
  return more.some((i) => i.severity === "error") ? { issues } : { ...result, issues };
}

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
    const { values, positionals } = parseCommandArgs(args, { format: { type: "string" }, ...ROSTER_OPTIONS });
    const format = values.format ?? "text";
    if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not '${String(format)}'`);
    if (positionals.length > 1) throw new UsageError(`one roster file or folder, not ${positionals.length}: ${positionals.join(" ")}`);
    if (positionals.length === 1 && values.roster !== undefined) throw new UsageError("give the roster as an argument or with --roster, not both");
    const { path, stack } = commandRoster(positionals[0] ?? values.roster, values.stack, io);

    const loaded = loadRoster(path, { today: todayUtc(nowOf(io)) });
    const result = stack ? withIssues(loaded, checkStackConfig(stack, loaded.roster, cwdOf(io))) : loaded;
    if (format === "json") io.stdout(json(path, result));
    else io.stdout([...result.issues.map(formatIssue), summary(path, result)].join("\n") + "\n");
    return result.roster ? EXIT_OK : EXIT_FAILED;
  },
};
