// `ramp-roster review`: the access review an auditor accepts, read-only. Everyone Ramp lists with access, matched to
// the roster and to the reviewed Git change that granted it, the leavers of the period, and the findings first.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { countIssues, formatIssue, loadRoster } from "../roster/index.js";
import { isCalendarDate } from "../calendar-date.js";
import { CommandError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type Command, type CommandIo } from "./command.js";
import { parseCommandArgs } from "./dispatch.js";
import { commandRoster, ROSTER_OPTIONS, ROSTER_USAGE } from "./roster-option.js";
import { envOf, nowOf } from "./io.js";
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connectionFrom, readRamp } from "./ramp-access.js";
import type { PullRequestRecord } from "./review-approval.js";
import { reviewByManager, reviewCsv, reviewJson, reviewMarkdown } from "./review-format.js";
import { GitHistoryError, openRosterRepository, readRosterHistory, uncommittedRosterFiles } from "./review-git.js";
import { DEFAULT_GITHUB_API_URL, GitHubClient, GitHubError, repositoryFromRemote } from "./review-github.js";
import { reviewHtml } from "./review-html.js";
import { buildReview, type Review } from "./review-model.js";

export const DEFAULT_PERIOD_DAYS = 90;
const FORMATS = ["html", "csv", "json", "markdown"] as const;
type ReviewFormat = (typeof FORMATS)[number];

const USAGE = `Usage: ramp-roster review [--format html|csv|json|markdown] [--by-manager] [--out FILE | --out-dir DIR] [--since DATE]
                          [--roster PATH] [--stack NAME] [--github-repo OWNER/NAME] [connection]

The access review, as of now, from one read-only listing of Ramp and the roster's Git history (run it in the
roster's repository, with its whole history: in CI, fetch-depth: 0):
  - everyone Ramp lists with access (every status but inactive; inactive ones with a scheduled change too), with
    role, status, manager, department, location, end date, and the roster line that manages them, if any
  - for each, the change that gave them access and the one that gave their current role: when it reached the
    main branch, who wrote it, and its pull request; with GITHUB_TOKEN, who approved it and when
  - the leavers of the period: removed from the roster or set active: false, and whether Ramp shows them inactive
  - findings first: leavers still active, grants without an approved pull request (in the period), privileged roles
    outside the policy's privilegedRoleFiles, accounts the roster does not manage, self-approval, guests and
    contractors (emails outside the policy's emailDomains) without an end date, expired invites, drift
  - evidence: when Ramp was listed, the roster's commit, the tool's version and a SHA-256 of the content; the same
    inputs give the same bytes

Options:
  --format F            html (a page to open or print), csv, json, or markdown (default markdown)
  --by-manager          Markdown: one checklist per manager of their direct reports, for an issue (attestation)
  --out FILE            write the review to FILE (default: standard output)
  --out-dir DIR         write every format from the one listing: DIR/review.html, review.csv, review.json,
                        review.md and by-manager.md (what a quarterly job keeps)
  --since DATE          start of the review period, YYYY-MM-DD (default: ${DEFAULT_PERIOD_DAYS} days before today)
  --github-repo O/N     the GitHub repository of the pull requests (default: GITHUB_REPOSITORY, else the remote origin)
  -h, --help            show this help

GitHub (optional; without it approvals are not checked, and that is a finding):
  GITHUB_TOKEN          a token that may read the repository's pull requests (never printed)
  GITHUB_API_URL        default ${DEFAULT_GITHUB_API_URL}

${ROSTER_USAGE}

${CONNECTION_USAGE}

Exit status: 0 no findings, 1 findings, 2 usage error, an invalid roster, uncommitted roster changes, or Ramp, Git
or GitHub could not be read.
`;

function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { name: string; version: string };
  return `${pkg.name} ${pkg.version}`;
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

function render(review: Review, format: ReviewFormat, byManager: boolean): string {
  if (byManager) return reviewByManager(review);
  switch (format) {
    case "html":
      return reviewHtml(review);
    case "csv":
      return reviewCsv(review);
    case "json":
      return reviewJson(review);
    case "markdown":
      return reviewMarkdown(review);
  }
}

async function originRepository(top: string): Promise<string | null> {
  const { execFileSync } = await import("node:child_process");
  try {
    return repositoryFromRemote(execFileSync("git", ["remote", "get-url", "origin"], { cwd: top, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  } catch {
    return null;
  }
}

export const reviewCommand: Command = {
  name: "review",
  summary: "the access review for auditors: who has access, who approved it, leavers, findings",
  usage: USAGE,
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      format: { type: "string" },
      "by-manager": { type: "boolean" },
      out: { type: "string" },
      "out-dir": { type: "string" },
      since: { type: "string" },
      ...ROSTER_OPTIONS,
      "github-repo": { type: "string" },
      ...CONNECTION_OPTIONS,
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals.join(" ")} (the roster goes with --roster)`);
    const byManager = values["by-manager"] === true;
    const format = (values.format ?? "markdown") as ReviewFormat;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be html, csv, json or markdown, not '${String(values.format)}'`);
    if (byManager && format !== "markdown") throw new UsageError("--by-manager writes Markdown: leave out --format, or use --format markdown");
    const outDir = typeof values["out-dir"] === "string" && values["out-dir"] !== "" ? values["out-dir"] : undefined;
    if (outDir && (values.out !== undefined || values.format !== undefined || byManager)) throw new UsageError("--out-dir writes every format: leave out --out, --format and --by-manager");
    let since: Date | undefined;
    if (values.since !== undefined) {
      if (typeof values.since !== "string" || !isCalendarDate(values.since)) throw new UsageError(`--since must be a date written YYYY-MM-DD, not '${String(values.since)}'`);
      since = new Date(`${values.since}T00:00:00Z`);
    }
    const env = envOf(io);
    const { path } = commandRoster(values.roster, values.stack, io);
    const connection = connectionFrom(values, env);
    const token = env.GITHUB_TOKEN && env.GITHUB_TOKEN !== "" ? env.GITHUB_TOKEN : undefined;

    const { roster, issues } = loadRoster(path);
    if (!roster) throw new CommandError(`the roster ${path} is invalid (${countIssues(issues)}):\n${issues.map(formatIssue).join("\n")}`, EXIT_USAGE);
    let repo;
    try {
      repo = await openRosterRepository(path, statSync(path).isDirectory());
      const dirty = await uncommittedRosterFiles(repo);
      if (dirty.length > 0) throw new GitHistoryError(`the roster has changes that are not committed (${dirty.join(", ")}): a review is made from a commit; commit or stash them`);
    } catch (e) {
      if (e instanceof GitHistoryError) throw new CommandError(e.message, EXIT_USAGE);
      throw e;
    }
    const repository = typeof values["github-repo"] === "string" ? values["github-repo"] : env.GITHUB_REPOSITORY || (await originRepository(repo.top));
    if (token && !repository) throw new UsageError("GITHUB_TOKEN is set but the GitHub repository is unknown: pass --github-repo OWNER/NAME");

    const startedAt = nowOf(io);
    const snapshot = await readRamp(connection, EXIT_USAGE);
    const finishedAt = nowOf(io);
    const periodStart = since ?? new Date(Date.UTC(startedAt.getUTCFullYear(), startedAt.getUTCMonth(), startedAt.getUTCDate() - DEFAULT_PERIOD_DAYS));

    let history;
    try {
      history = await readRosterHistory(repo);
    } catch (e) {
      if (e instanceof GitHistoryError) throw new CommandError(e.message, EXIT_USAGE);
      throw e;
    }

    // Approvals are checked for the grants of the period: those before it were the earlier reviews' to check.
    let pullRequests: Map<number, PullRequestRecord | null> | undefined;
    const apiUrl = env.GITHUB_API_URL && env.GITHUB_API_URL !== "" ? env.GITHUB_API_URL : DEFAULT_GITHUB_API_URL;
    if (token && repository) {
      const numbers = new Set<number>();
      for (const h of history.people.values()) {
        for (const c of [h.granted, h.role]) {
          if (c && c.commit.pullRequest !== null && Date.parse(c.commit.mergedAt) >= periodStart.getTime()) numbers.add(c.commit.pullRequest);
        }
      }
      let github: GitHubClient | undefined;
      try {
        github = new GitHubClient({ apiUrl, token, repository });
        pullRequests = await github.pullRequests([...numbers]);
      } catch (e) {
        if (e instanceof GitHubError) throw new CommandError(e.message.split(token).join("<GITHUB_TOKEN>"), EXIT_USAGE);
        throw e;
      } finally {
        await github?.close();
      }
    }

    const review = buildReview(
      {
        snapshot,
        roster,
        rosterFileName: repo.fromTop,
        history,
        pullRequests,
        listing: { startedAt, finishedAt },
        since: periodStart,
        tool: toolVersion(),
        github: { api: apiUrl, repository: repository ?? null },
      },
      sha256,
    );
    const write = (file: string, text: string) => {
      try {
        writeFileSync(file, text);
      } catch (e) {
        throw new CommandError(`cannot write ${file}: ${(e as Error).message}`, EXIT_USAGE);
      }
    };
    const summary = `${review.summary.people} people, ${review.summary.findings} findings`;
    if (outDir) {
      try {
        mkdirSync(outDir, { recursive: true });
      } catch (e) {
        throw new CommandError(`cannot create ${outDir}: ${(e as Error).message}`, EXIT_USAGE);
      }
      const files: [string, string][] = [
        ["review.html", render(review, "html", false)],
        ["review.csv", render(review, "csv", false)],
        ["review.json", render(review, "json", false)],
        ["review.md", render(review, "markdown", false)],
        ["by-manager.md", render(review, "markdown", true)],
      ];
      for (const [name, text] of files) write(join(outDir, name), text);
      io.stderr(`ramp-roster review: ${summary}; written to ${files.map(([name]) => join(outDir, name)).join(", ")}\n`);
      return review.findings.length === 0 ? EXIT_OK : EXIT_FAILED;
    }
    const text = render(review, format, byManager);
    if (typeof values.out === "string" && values.out !== "") {
      write(values.out, text);
      io.stderr(`ramp-roster review: ${summary}; written to ${values.out}\n`);
    } else io.stdout(text);
    return review.findings.length === 0 ? EXIT_OK : EXIT_FAILED;
  },
};
