// `ramp-roster changed --base REF`: does this change touch what the stack applies (the roster, the program, its
// config, its dependencies)? The pull-request workflow runs on every pull request, so that branch protection can
// require its check, and asks this first: when nothing that matters changed it passes in seconds. It fails closed:
// every file counts unless it is one of a few kinds that cannot change what a run does (documentation, ownership),
// and a base it cannot compare with counts as a change.
import { execFile } from "node:child_process";
import { EXIT_OK, UsageError, type Command, type CommandIo } from "./command.js";
import { parseCommandArgs } from "./dispatch.js";
import { cwdOf, envOf } from "./io.js";

const USAGE = `Usage: ramp-roster changed --base REF [--head REF] [--event NAME]

Whether the change from REF to --head (default HEAD) touches anything a Pulumi run of this project reads.
Prints changed=true or changed=false (append it to $GITHUB_OUTPUT), and on standard error why.

Every changed file counts, except documentation and repository housekeeping, which no run reads:
  *.md, *.txt, docs/, LICENSE*, CODEOWNERS, .gitignore, .gitattributes, .editorconfig,
  .github/CODEOWNERS, .github/dependabot.yml, .github/ISSUE_TEMPLATE/, .github/pull_request_template.md
So the roster, Pulumi.yaml, Pulumi.<stack>.yaml (its guards and confirmations), the program, package.json and
its lock file, and the workflows themselves count. When REF cannot be compared with (unknown, all zeros, not
fetched) the answer is changed=true: the full check runs.

In a pull request's merge commit (actions/checkout's default, fetch-depth: 2) use --base HEAD^1: the change
merging would make. On a push, --base \${{ github.event.before }} (fetch-depth: 0).

A scheduled run (--event schedule, the workflow's github.event_name) compares nothing: the roster on main was
reviewed when it merged, and what such a run carries out is what dates made due (a joiner held until their first
day because Ramp refused drafts: docs/joiners.md). It answers changed=true only when the repository variable
RAMP_DAILY_APPLY is 'true' in its environment, so the daily apply is a choice a company makes, off by default.

Options:
  --base REF     the commit to compare with (not needed with --event schedule)
  --head REF     the commit to compare (default HEAD)
  --event NAME   the event that started the run (github.event_name); only 'schedule' changes the answer
  -h, --help     show this help

Exit status: 0 (the answer is on standard output), 2 usage error.
`;

const IGNORED: readonly RegExp[] = [
  /\.(md|markdown|txt)$/i,
  /^docs\//,
  /(^|\/)LICEN[SC]E[^/]*$/i,
  /(^|\/)CODEOWNERS$/,
  /(^|\/)\.(gitignore|gitattributes|editorconfig)$/,
  /^\.github\/dependabot\.ya?ml$/,
  /^\.github\/ISSUE_TEMPLATE\//,
  /^\.github\/pull_request_template\.md$/i,
];

/** Whether a Pulumi run can read this file (fail closed: anything not known not to). */
export function fileMatters(file: string): boolean {
  return !IGNORED.some((pattern) => pattern.test(file));
}

function git(args: readonly string[], cwd: string): Promise<{ ok: true; stdout: string } | { ok: false; problem: string }> {
  return new Promise((resolve) => {
    execFile("git", [...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) resolve({ ok: false, problem: (stderr.trim().split("\n")[0] ?? "") || error.message });
      else resolve({ ok: true, stdout });
    });
  });
}

export const changedCommand: Command = {
  name: "changed",
  summary: "whether a change touches the roster, the program or its config (for a required CI check)",
  usage: USAGE,
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { base: { type: "string" }, head: { type: "string" }, event: { type: "string" } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals.join(" ")}`);
    const answer = (changed: boolean, why: string) => {
      io.stderr(`${why}\n`);
      io.stdout(`changed=${changed}\n`);
      return EXIT_OK;
    };
    if (values.event === "schedule") {
      const daily = envOf(io).RAMP_DAILY_APPLY?.trim().toLowerCase() === "true";
      return answer(
        daily,
        daily
          ? "a scheduled run with RAMP_DAILY_APPLY=true: it applies the reviewed roster, for what dates made due"
          : "a scheduled run, and the daily apply is off (set the repository variable RAMP_DAILY_APPLY to 'true' to turn it on)",
      );
    }
    if (typeof values.base !== "string") throw new UsageError("--base REF is required");
    const head = typeof values.head === "string" ? values.head : "HEAD";
    if (values.base.trim() === "" || /^0+$/.test(values.base)) return answer(true, `no base to compare with (${JSON.stringify(values.base)}): counting it as a change`);
    const diff = await git(["diff", "--name-only", "--no-renames", "-z", values.base, head, "--"], cwdOf(io));
    if (!diff.ok) return answer(true, `cannot compare ${values.base} with ${head} (${diff.problem}): counting it as a change`);
    const files = diff.stdout.split("\0").filter((f) => f !== "");
    const mattering = files.filter(fileMatters);
    if (mattering.length === 0) {
      return answer(false, files.length === 0 ? "no file changed" : `only files no run reads changed: ${files.join(", ")}`);
    }
    const shown = mattering.slice(0, 20).join(", ") + (mattering.length > 20 ? `, and ${mattering.length - 20} more` : "");
    return answer(true, `changed: ${shown}`);
  },
};
