// `ramp-roster github-comment` and `github-issue`: keep one pull-request comment (the plan) and one issue (the drift
// report) up to date through GitHub's REST API, with the job's GITHUB_TOKEN. In a tested command rather than a
// workflow script, so the workflow stays wiring, and no third-party action holds a token that can write.
import { readFileSync } from "node:fs";
import { fetch } from "undici";
import { CommandError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type Command, type CommandIo } from "./command.js";
import { parseCommandArgs } from "./dispatch.js";
import { envOf } from "./io.js";

const GITHUB_ENV = `Environment (GitHub Actions sets all but the token, which the step passes: GITHUB_TOKEN: \${{ github.token }}):
  GITHUB_TOKEN        a token allowed to write pull-request comments / issues
  GITHUB_REPOSITORY   owner/name
  GITHUB_API_URL      the REST API (default https://api.github.com)
  GITHUB_EVENT_PATH   the event, for the pull request's number (or give --pr)`;

interface GitHub {
  api: string;
  repository: string;
  token: string;
}

/** A GitHub API call that failed; the message names the call and the status, never the token. */
export class GitHubApiError extends Error {
  constructor(
    readonly call: string,
    readonly status: number,
    detail: string,
  ) {
    super(`GitHub ${call} failed with HTTP ${status}${detail ? `: ${detail}` : ""}`);
    this.name = "GitHubApiError";
  }
}

function githubFrom(env: NodeJS.ProcessEnv): GitHub {
  const token = env.GITHUB_TOKEN?.trim();
  const repository = env.GITHUB_REPOSITORY?.trim();
  if (!token) throw new UsageError("GITHUB_TOKEN is not set: give the step GITHUB_TOKEN: ${{ github.token }}");
  if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository)) throw new UsageError("GITHUB_REPOSITORY must be owner/name");
  return { api: (env.GITHUB_API_URL?.trim() || "https://api.github.com").replace(/\/+$/, ""), repository, token };
}

async function call<T>(gh: GitHub, method: string, route: string, body?: unknown): Promise<{ data: T; next?: string }> {
  const url = route.startsWith("http") ? route : `${gh.api}/repos/${gh.repository}${route}`;
  const response = await fetch(url, {
    method,
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${gh.token}`,
      "x-github-api-version": "2022-11-28",
      "user-agent": "ramp-roster",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const name = `${method} ${new URL(url).pathname}`;
  if (!response.ok) {
    let detail = "";
    try {
      detail = String((JSON.parse(text) as { message?: unknown }).message ?? "");
    } catch {
      detail = "";
    }
    throw new GitHubApiError(name, response.status, detail.split(gh.token).join("[redacted]").slice(0, 300));
  }
  const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
  return { data: (text === "" ? undefined : JSON.parse(text)) as T, ...(next ? { next } : {}) };
}

async function all<T>(gh: GitHub, route: string): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = route;
  while (next) {
    const page: { data: T[]; next?: string } = await call<T[]>(gh, "GET", next);
    items.push(...page.data);
    next = page.next;
  }
  return items;
}

/** The body, and its first line, which must be an HTML comment: how the command finds what it wrote before. */
function bodyWithMarker(file: unknown): { body: string; marker: string } {
  if (typeof file !== "string") throw new UsageError("--body-file FILE is required");
  let body: string;
  try {
    body = readFileSync(file, "utf8");
  } catch (err) {
    throw new CommandError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, EXIT_USAGE);
  }
  const marker = body.split("\n", 1)[0]!.trim();
  if (!/^<!--.*-->$/.test(marker)) throw new CommandError(`${file} must start with a marker line such as <!-- ramp-roster-plan -->`, EXIT_USAGE);
  return { body, marker };
}

function pullRequestNumber(given: unknown, env: NodeJS.ProcessEnv): number {
  if (typeof given === "string") {
    if (!/^[1-9]\d*$/.test(given)) throw new UsageError(`--pr must be a pull request number, not '${given}'`);
    return Number(given);
  }
  const eventPath = env.GITHUB_EVENT_PATH;
  if (eventPath) {
    try {
      const event = JSON.parse(readFileSync(eventPath, "utf8")) as { pull_request?: { number?: unknown } };
      if (typeof event.pull_request?.number === "number") return event.pull_request.number;
    } catch {
      // Reported below, as a missing number.
    }
  }
  throw new UsageError("no pull request: give --pr N, or run on a pull_request event (GITHUB_EVENT_PATH)");
}

async function guarded(io: CommandIo, work: () => Promise<string>): Promise<number> {
  try {
    io.stdout(`${await work()}\n`);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof GitHubApiError) throw new CommandError(err.message, EXIT_FAILED);
    if (err instanceof TypeError) throw new CommandError(`cannot reach GitHub's API: ${(err.cause as Error | undefined)?.message ?? err.message}`, EXIT_FAILED);
    throw err;
  }
}

interface CommentWire {
  id: number;
  body?: string | null;
  html_url?: string;
  user?: { type?: string } | null;
}

export const githubCommentCommand: Command = {
  name: "github-comment",
  summary: "keep one pull request comment (found by its first line) up to date",
  usage: `Usage: ramp-roster github-comment --body-file FILE [--pr N]

Posts FILE as a comment on the pull request, or updates the comment posted before: the one by a bot (the
workflow's token) whose first line is FILE's first line, an HTML comment such as <!-- ramp-roster-plan -->.

${GITHUB_ENV}

Exit status: 0 posted or updated (its address on standard output), 1 GitHub refused or could not be reached, 2 usage.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { "body-file": { type: "string" }, pr: { type: "string" } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals.join(" ")}`);
    const env = envOf(io);
    const { body, marker } = bodyWithMarker(values["body-file"]);
    const gh = githubFrom(env);
    const pr = pullRequestNumber(values.pr, env);
    return guarded(io, async () => {
      const comments = await all<CommentWire>(gh, `/issues/${pr}/comments?per_page=100`);
      const ours = comments.find((c) => c.user?.type === "Bot" && (c.body ?? "").startsWith(marker));
      const { data } = ours
        ? await call<CommentWire>(gh, "PATCH", `/issues/comments/${ours.id}`, { body })
        : await call<CommentWire>(gh, "POST", `/issues/${pr}/comments`, { body });
      return `${ours ? "updated" : "created"} ${data.html_url ?? `comment ${data.id}`}`;
    });
  },
};

interface IssueWire {
  number: number;
  body?: string | null;
  html_url?: string;
  pull_request?: unknown;
}

export const githubIssueCommand: Command = {
  name: "github-issue",
  summary: "keep one issue (found by its first line and label) up to date, closed when resolved",
  usage: `Usage: ramp-roster github-issue --body-file FILE --title TITLE --label LABEL --state open|closed

Keeps one issue with LABEL whose body starts with FILE's first line (an HTML comment such as
<!-- ramp-roster-report -->): --state open updates it, or opens it when there is none; --state closed updates and
closes it if it is open, and does nothing otherwise.

${GITHUB_ENV}

Exit status: 0 done (what was done on standard output), 1 GitHub refused or could not be reached, 2 usage.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      "body-file": { type: "string" },
      title: { type: "string" },
      label: { type: "string" },
      state: { type: "string" },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals.join(" ")}`);
    const { body, marker } = bodyWithMarker(values["body-file"]);
    if (typeof values.title !== "string" || values.title.trim() === "") throw new UsageError("--title TITLE is required");
    if (typeof values.label !== "string" || values.label.trim() === "") throw new UsageError("--label LABEL is required");
    if (values.state !== "open" && values.state !== "closed") throw new UsageError(`--state must be open or closed, not '${String(values.state)}'`);
    const { title, label, state } = { title: values.title, label: values.label, state: values.state };
    const gh = githubFrom(envOf(io));
    return guarded(io, async () => {
      const open = await all<IssueWire>(gh, `/issues?state=open&labels=${encodeURIComponent(label)}&per_page=100`);
      const ours = open.find((i) => !i.pull_request && (i.body ?? "").startsWith(marker));
      if (ours) {
        const { data } = await call<IssueWire>(gh, "PATCH", `/issues/${ours.number}`, { body, ...(state === "closed" ? { state: "closed" } : {}) });
        return `${state === "closed" ? "closed" : "updated"} ${data.html_url ?? `issue ${data.number}`}`;
      }
      if (state === "closed") return "nothing to do: no open issue";
      const { data } = await call<IssueWire>(gh, "POST", "/issues", { title, body, labels: [label] });
      return `opened ${data.html_url ?? `issue ${data.number}`}`;
    });
  },
};
