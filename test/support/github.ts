// A local stand-in for the few GitHub REST endpoints the workflows call (pull-request comments, issues), over real
// HTTP on 127.0.0.1: it checks the token and what the token's job may do (its `permissions:`), pages lists with
// Link headers as GitHub does, and keeps what was written so a test sees the comment a reviewer would see.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Permission = "read" | "write" | "none";

export interface StandInComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; type: "Bot" | "User" };
}

export interface StandInIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
}

export interface GitHubStandIn {
  url: string;
  repository: string;
  comments: StandInComment[];
  issues: StandInIssue[];
  /** "METHOD /path" of every request, in order. */
  requests: string[];
  /** A token for a job with these permissions (GitHub's `permissions:` keys: issues, pull-requests, contents). */
  tokenFor(permissions: Record<string, Permission>): string;
  /** A comment written by a person, to check the workflow never takes it for its own. */
  addHumanComment(issue: number, body: string): void;
  close(): Promise<void>;
}

const PAGE = 30;

export async function startGitHubStandIn(repository = "acme/roster"): Promise<GitHubStandIn> {
  const comments: StandInComment[] = [];
  const issues: StandInIssue[] = [];
  const requests: string[] = [];
  const tokens = new Map<string, Record<string, Permission>>();
  let nextId = 1000;
  let nextNumber = 100;
  let base = "";

  const may = (token: Record<string, Permission>, write: boolean, ...scopes: string[]) =>
    scopes.some((scope) => (write ? token[scope] === "write" : token[scope] === "read" || token[scope] === "write"));

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

  function page<T>(res: ServerResponse, url: URL, items: T[]): void {
    const perPage = Math.min(Number(url.searchParams.get("per_page") ?? PAGE) || PAGE, 100);
    const at = Number(url.searchParams.get("page") ?? 1) || 1;
    const slice = items.slice((at - 1) * perPage, at * perPage);
    const headers: Record<string, string> = {};
    if (at * perPage < items.length) {
      const next = new URL(url.toString());
      next.searchParams.set("page", String(at + 1));
      headers.link = `<${base}${next.pathname}${next.search}>; rel="next"`;
    }
    send(res, 200, slice, headers);
  }

  const commentWire = (c: StandInComment) => ({ id: c.id, body: c.body, user: c.user, html_url: `${base}/${repository}/pull/${c.issue}#issuecomment-${c.id}` });
  const issueWire = (i: StandInIssue) => ({ number: i.number, title: i.title, body: i.body, state: i.state, labels: i.labels.map((name) => ({ name })), html_url: `${base}/${repository}/issues/${i.number}` });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
    requests.push(`${req.method} ${url.pathname}`);
    const token = tokens.get((req.headers.authorization ?? "").replace(/^Bearer /, ""));
    if (!token) return send(res, 401, { message: "Bad credentials" });
    const prefix = `/repos/${repository}`;
    if (!url.pathname.startsWith(`${prefix}/`)) return send(res, 404, { message: "Not Found" });
    const route = url.pathname.slice(prefix.length);
    const forbidden = () => send(res, 403, { message: "Resource not accessible by integration" });
    let m: RegExpExecArray | null;

    if ((m = /^\/issues\/(\d+)\/comments$/.exec(route))) {
      const issue = Number(m[1]);
      if (req.method === "GET") {
        if (!may(token, false, "issues", "pull-requests")) return forbidden();
        return page(res, url, comments.filter((c) => c.issue === issue).map(commentWire));
      }
      if (req.method === "POST") {
        if (!may(token, true, "issues", "pull-requests")) return forbidden();
        const comment: StandInComment = { id: nextId++, issue, body: String(body.body), user: { login: "github-actions[bot]", type: "Bot" } };
        comments.push(comment);
        return send(res, 201, commentWire(comment));
      }
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(route)) && req.method === "PATCH") {
      if (!may(token, true, "issues", "pull-requests")) return forbidden();
      const comment = comments.find((c) => c.id === Number(m![1]));
      if (!comment) return send(res, 404, { message: "Not Found" });
      if (comment.user.type !== "Bot") return forbidden();
      comment.body = String(body.body);
      return send(res, 200, commentWire(comment));
    }
    if (route === "/issues") {
      if (req.method === "GET") {
        if (!may(token, false, "issues")) return forbidden();
        const state = url.searchParams.get("state") ?? "open";
        const labels = (url.searchParams.get("labels") ?? "").split(",").filter(Boolean);
        return page(res, url, issues.filter((i) => (state === "all" || i.state === state) && labels.every((l) => i.labels.includes(l))).map(issueWire));
      }
      if (req.method === "POST") {
        if (!may(token, true, "issues")) return forbidden();
        const issue: StandInIssue = { number: nextNumber++, title: String(body.title), body: String(body.body), state: "open", labels: (body.labels as string[] | undefined) ?? [] };
        issues.push(issue);
        return send(res, 201, issueWire(issue));
      }
    }
    if ((m = /^\/issues\/(\d+)$/.exec(route)) && req.method === "PATCH") {
      if (!may(token, true, "issues")) return forbidden();
      const issue = issues.find((i) => i.number === Number(m![1]));
      if (!issue) return send(res, 404, { message: "Not Found" });
      if (typeof body.body === "string") issue.body = body.body;
      if (body.state === "open" || body.state === "closed") issue.state = body.state;
      return send(res, 200, issueWire(issue));
    }
    send(res, 404, { message: "Not Found" });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let tokenCount = 0;
  return {
    url: base,
    repository,
    comments,
    issues,
    requests,
    tokenFor(permissions) {
      const token = `ghs_standin_${++tokenCount}_${Math.random().toString(36).slice(2)}`;
      tokens.set(token, permissions);
      return token;
    },
    addHumanComment(issue, body) {
      comments.push({ id: nextId++, issue, body, user: { login: "someone", type: "User" } });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
