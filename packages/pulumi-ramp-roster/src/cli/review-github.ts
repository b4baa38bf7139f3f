// The pull requests behind the roster's grants, from GitHub's REST API: the pull request (author, merge time, merge
// commit, head), its reviews and its commits' authors. undici, a few requests at a time, `GITHUB_TOKEN` as a bearer
// token that never appears in a message; `GITHUB_API_URL` (what GitHub Actions sets, and GitHub Enterprise uses)
// or https://api.github.com.
import { Pool } from "undici";
import { isLoopbackHost } from "../client/transport.js";
import type { PullRequestRecord, PullRequestReview } from "./review-approval.js";

export const DEFAULT_GITHUB_API_URL = "https://api.github.com";

/** GitHub could not be read: the message names the request and GitHub's answer, never the token. */
export class GitHubError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "GitHubError";
  }
}

export interface GitHubOptions {
  apiUrl: string;
  token: string;
  /** owner/name */
  repository: string;
  /** Requests in flight at once. */
  concurrency?: number;
  userAgent?: string;
}

interface Page<T> {
  items: T;
  next: string | null;
}

const nextLink = (link: string | string[] | undefined): string | null => {
  const header = Array.isArray(link) ? link.join(",") : (link ?? "");
  return /<([^>]+)>;\s*rel="next"/.exec(header)?.[1] ?? null;
};

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const login = (v: unknown): string | null => (typeof v === "object" && v !== null ? str((v as Json).login) : null);

export class GitHubClient {
  private readonly origin: URL;
  private readonly pool: Pool;

  constructor(private readonly options: GitHubOptions) {
    let url: URL;
    try {
      url = new URL(options.apiUrl);
    } catch {
      throw new GitHubError(`GITHUB_API_URL is not a URL: ${options.apiUrl}`, null);
    }
    if (url.username || url.password) throw new GitHubError("GITHUB_API_URL must not carry credentials", null);
    if (!(url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname)))) {
      throw new GitHubError(`GITHUB_API_URL must be https (plain http only on loopback): ${url.origin}`, null);
    }
    if (!/^[\w.-]+\/[\w.-]+$/.test(options.repository)) throw new GitHubError(`the GitHub repository must be owner/name, not '${options.repository}'`, null);
    this.origin = url;
    this.pool = new Pool(url.origin, { connections: options.concurrency ?? 4 });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private path(rest: string): string {
    const base = this.origin.pathname.replace(/\/$/, "");
    return `${base}/repos/${this.options.repository}${rest}`;
  }

  /** GET a path (or a `next` link on the same origin); null on 404. */
  private async get<T>(pathOrUrl: string): Promise<Page<T> | null> {
    let path = pathOrUrl;
    if (/^https?:/.test(pathOrUrl)) {
      const url = new URL(pathOrUrl);
      if (url.origin !== this.origin.origin) throw new GitHubError(`GitHub sent a link to another origin (${url.origin}); not following it with the token`, null);
      path = url.pathname + url.search;
    }
    let response;
    try {
      response = await this.pool.request({
        method: "GET",
        path,
        headers: {
          accept: "application/vnd.github+json",
          authorization: `Bearer ${this.options.token}`,
          "x-github-api-version": "2022-11-28",
          "user-agent": this.options.userAgent ?? "pulumi-ramp-roster-review",
        },
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
    } catch (e) {
      throw new GitHubError(`cannot reach GitHub at ${this.origin.origin}: ${(e as Error).message}`, null);
    }
    const text = await response.body.text();
    const where = `GET ${path.split("?")[0]}`;
    if (response.statusCode === 404) return null;
    if (response.statusCode !== 200) {
      let message = "";
      try {
        message = str((JSON.parse(text) as Json).message) ?? "";
      } catch {
        message = "";
      }
      const remaining = response.headers["x-ratelimit-remaining"];
      const reset = Number(response.headers["x-ratelimit-reset"]);
      const limited = (response.statusCode === 403 || response.statusCode === 429) && remaining === "0";
      const why =
        response.statusCode === 401
          ? "GitHub refused the token (GITHUB_TOKEN): it is invalid or expired"
          : limited
            ? `GitHub's rate limit is used up until ${Number.isFinite(reset) ? new Date(reset * 1000).toISOString() : "later"}`
            : response.statusCode === 403
              ? "the token may not read this repository's pull requests (it needs pull-requests: read, contents: read)"
              : `HTTP ${response.statusCode}`;
      throw new GitHubError(`${where} failed: ${why}${message ? ` (GitHub: ${message.slice(0, 200)})` : ""}`, response.statusCode);
    }
    let items: T;
    try {
      items = JSON.parse(text) as T;
    } catch {
      throw new GitHubError(`${where}: GitHub's answer is not JSON`, response.statusCode);
    }
    return { items, next: nextLink(response.headers.link) };
  }

  private async all(path: string): Promise<Json[] | null> {
    const out: Json[] = [];
    let next: string | null = path;
    for (let first = true; next !== null; first = false) {
      const page: Page<Json[]> | null = await this.get<Json[]>(next);
      if (page === null) {
        if (first) return null;
        throw new GitHubError(`GET ${next}: a page of the listing disappeared`, 404);
      }
      if (!Array.isArray(page.items)) throw new GitHubError(`GET ${path}: GitHub's answer is not a list`, 200);
      out.push(...page.items);
      next = page.next;
    }
    return out;
  }

  /** The pull request with its reviews and commit authors; null when the repository has no such pull request. */
  async pullRequest(number: number): Promise<PullRequestRecord | null> {
    const pr = await this.get<Json>(this.path(`/pulls/${number}`));
    if (pr === null) return null;
    const [reviews, commits] = await Promise.all([this.all(this.path(`/pulls/${number}/reviews?per_page=100`)), this.all(this.path(`/pulls/${number}/commits?per_page=100`))]);
    const head = pr.items.head as Json | undefined;
    return {
      number,
      author: login(pr.items.user) ?? "",
      mergedAt: str(pr.items.merged_at),
      mergeCommitSha: str(pr.items.merge_commit_sha),
      headSha: str(head?.sha) ?? "",
      commitAuthors: [...new Set((commits ?? []).flatMap((c) => [login(c.author), login(c.committer)]).filter((l): l is string => l !== null && l !== "web-flow"))].sort(),
      reviews: (reviews ?? []).map(
        (r): PullRequestReview => ({ login: login(r.user) ?? "", state: str(r.state) ?? "", submittedAt: str(r.submitted_at), commitId: str(r.commit_id) }),
      ),
    };
  }

  /** Each pull request once, a few at a time. */
  async pullRequests(numbers: readonly number[]): Promise<Map<number, PullRequestRecord | null>> {
    const unique = [...new Set(numbers)].sort((a, b) => a - b);
    const out = new Map<number, PullRequestRecord | null>();
    let next = 0;
    const worker = async () => {
      while (next < unique.length) {
        const n = unique[next++]!;
        out.set(n, await this.pullRequest(n));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 4, unique.length) }, worker));
    return out;
  }
}

/** owner/name from a remote URL of GitHub (https or ssh), else null. */
export function repositoryFromRemote(url: string): string | null {
  const m = /(?:^https?:\/\/(?:[^@/]+@)?[^/]+\/|^git@[^:]+:|^ssh:\/\/git@[^/]+\/)([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(url.trim());
  return m ? m[1]! : null;
}
