// A local stand-in for the GitHub REST endpoints `ramp-roster review` reads, on 127.0.0.1 over real HTTP: a pull
// request, its reviews and its commits, paginated with Link headers as GitHub does, behind a bearer token. It logs
// every request, so a test can see what was asked and with which headers.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandInPullRequest {
  number: number;
  author: string;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  headSha: string;
  /** GitHub logins of the commits' authors. */
  commitAuthors: string[];
  reviews: { login: string; state: string; submittedAt: string; commitId: string }[];
}

export interface GitHubStandIn {
  url: string;
  requests: { path: string; authorization: string | undefined; apiVersion: string | undefined }[];
  close(): Promise<void>;
}

/** Items per page; the stand-in pages at this size whatever per_page asks, so pagination is always exercised. */
const PAGE = 1;

export async function startGitHubStandIn(options: { repository: string; token: string; pullRequests: StandInPullRequest[] }): Promise<GitHubStandIn> {
  const requests: GitHubStandIn["requests"] = [];
  const byNumber = new Map(options.pullRequests.map((p) => [p.number, p]));
  let base = "";
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? "/", base);
    requests.push({ path: url.pathname + url.search, authorization: req.headers.authorization, apiVersion: req.headers["x-github-api-version"] as string | undefined });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${options.token}`) return send(401, { message: "Bad credentials" });
    const m = new RegExp(`^/repos/${options.repository}/pulls/(\\d+)(/reviews|/commits)?$`).exec(url.pathname);
    const pr = m ? byNumber.get(Number(m[1])) : undefined;
    if (!m || !pr) return send(404, { message: "Not Found" });
    const paged = (items: unknown[]) => {
      const page = Number(url.searchParams.get("page") ?? "1");
      const slice = items.slice((page - 1) * PAGE, page * PAGE);
      const headers: Record<string, string> = {};
      if (page * PAGE < items.length) {
        const next = new URL(url);
        next.searchParams.set("page", String(page + 1));
        headers.link = `<${next.toString()}>; rel="next", <${base}/last>; rel="last"`;
      }
      send(200, slice, headers);
    };
    if (m[2] === "/reviews") {
      return paged(pr.reviews.map((r, i) => ({ id: i + 1, user: { login: r.login, type: "User" }, state: r.state, submitted_at: r.submittedAt, commit_id: r.commitId, body: "" })));
    }
    if (m[2] === "/commits") {
      return paged(pr.commitAuthors.map((login, i) => ({ sha: `${i}`.padStart(40, "0"), author: { login }, committer: { login: "web-flow" } })));
    }
    return send(200, {
      number: pr.number,
      state: pr.mergedAt ? "closed" : "open",
      user: { login: pr.author },
      merged_at: pr.mergedAt,
      merge_commit_sha: pr.mergeCommitSha,
      head: { sha: pr.headSha, ref: `branch-${pr.number}` },
      base: { ref: "main" },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
