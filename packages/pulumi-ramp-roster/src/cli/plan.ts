// `ramp-roster plan [FILE | --run]`: `pulumi preview --json` → what the roster change does to people, for the
// reviewers of a pull request (finance and IT, not Pulumi experts).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { CommandError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type Command, type CommandIo } from "./command.js";
import { parseCommandArgs } from "./dispatch.js";
import { formatOption, json } from "./format.js";
import { envOf, stdinOf } from "./io.js";
import { buildPlan } from "./plan-model.js";
import { planJson, planMarkdown, planText } from "./plan-format.js";
import { parsePreviewJson, PreviewJsonError } from "./preview-json.js";

const USAGE = `Usage: ramp-roster plan [FILE | -] [--format text|markdown|json]
       ramp-roster plan --run [--cwd DIR] [--format ...] [-- PREVIEW-ARGS...]

Turn \`pulumi preview --json\` into what merging the roster change does to people, in roster terms (role
names, department and location names, manager emails): privilege changes first (anyone gaining or losing
Admin, IT Admin or Bookkeeper), then invitations, changes (before → after), deactivations, reactivations,
email replacements, departments and locations, and whether the guards let the change run.

  pulumi preview --json > preview.json; ramp-roster plan preview.json --format markdown

Options:
  FILE | -               the JSON that \`pulumi preview --json\` printed; '-' or nothing: standard input
  --run                  run \`pulumi preview --json\` here (pulumi on PATH) and read its output
  --cwd DIR              with --run: the Pulumi project folder (default: the current folder)
  -- PREVIEW-ARGS        with --run: more arguments for pulumi preview (e.g. -- --stack acme/prod)
  --format F             text (default) for a terminal, markdown for a pull request comment, json for tools
  -h, --help             show this help

Exit status: 0 the guards passed (or nothing to do), 1 the preview failed or a guard refused the change (the
plan says why), 2 usage error or input that is not the output of \`pulumi preview --json\`.
`;

/** Runs `pulumi preview --json`; its JSON is on stdout even when the preview fails (exit 255). */
function runPreview(cwd: string, extra: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("pulumi", ["preview", "--json", ...extra], { cwd, env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && stdout.trim() === "") {
        const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "pulumi is not on PATH" : stderr.trim().split("\n").slice(-5).join("\n") || error.message;
        reject(new CommandError(`pulumi preview --json failed: ${reason}`, EXIT_USAGE));
      } else resolve(stdout);
    });
  });
}

export const planCommand: Command = {
  name: "plan",
  summary: "summarize `pulumi preview --json` for the reviewers of a roster change",
  usage: USAGE,
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const split = args.indexOf("--");
    const own = split < 0 ? args : args.slice(0, split);
    const extra = split < 0 ? [] : args.slice(split + 1);
    const { values, positionals } = parseCommandArgs(own, { format: { type: "string" }, run: { type: "boolean" }, cwd: { type: "string" } });
    const format = formatOption(values.format, ["text", "markdown", "json"], "text");
    const run = values.run === true;
    if (run && positionals.length > 0) throw new UsageError("give a FILE or --run, not both");
    if (!run && (values.cwd !== undefined || extra.length > 0)) throw new UsageError("--cwd and preview arguments go with --run");
    if (positionals.length > 1) throw new UsageError(`one FILE, not ${positionals.length}`);

    let input: string;
    if (run) input = await runPreview(typeof values.cwd === "string" ? values.cwd : process.cwd(), extra, envOf(io));
    else if (positionals.length === 0 || positionals[0] === "-") {
      // Waiting on a terminal for JSON nobody will type helps no one.
      if (!io.readStdin && process.stdin.isTTY) throw new UsageError("give the preview as FILE or on standard input, or use --run");
      input = await stdinOf(io);
    }
    else {
      try {
        input = readFileSync(positionals[0]!, "utf8");
      } catch (err) {
        throw new CommandError(`cannot read ${positionals[0]}: ${(err as Error).message}`, EXIT_USAGE);
      }
    }
    let plan;
    try {
      plan = buildPlan(parsePreviewJson(input));
    } catch (err) {
      if (err instanceof PreviewJsonError) throw new CommandError(err.message, EXIT_USAGE);
      throw err;
    }
    io.stdout(format === "json" ? json(planJson(plan)) : format === "markdown" ? planMarkdown(plan) : planText(plan));
    return plan.guard.state === "passed" ? EXIT_OK : EXIT_FAILED;
  },
};
