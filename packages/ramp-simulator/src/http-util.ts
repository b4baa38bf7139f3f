// Small node:http helpers: what a route handler sees, what it returns, and reading a body.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { ApiError, ErrorCode, badRequest } from "./errors.js";
import type { IssuedToken } from "./auth.js";

export const MAX_BODY_BYTES = 1024 * 1024;

export interface RequestContext {
  method: string;
  /** Path after /developer/v1 (or after /_admin for admin routes). */
  path: string;
  /** Full request URL, origin taken from the Host header. */
  url: URL;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Raw body text ("" when there is none); read once, cached. */
  text(): Promise<string>;
  /** JSON body, `undefined` when empty; invalid JSON → 400. */
  json(): Promise<unknown>;
  /** The bearer token, set once the route's scope check passed. */
  token?: IssuedToken;
}

export interface Reply {
  status: number;
  /** Serialized as JSON unless `raw` is given. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  body,
  headers,
});

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, ErrorCode.validation, "Request body too large"));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest("Request body is not valid JSON", { _schema: ["Invalid JSON."] });
  }
}

/** `body`: the body text if already read; otherwise it is read on first use. */
export function makeContext(
  req: IncomingMessage,
  method: string,
  path: string,
  url: URL,
  params: Record<string, string> = {},
  body?: string,
): RequestContext {
  let cached: Promise<string> | undefined = body === undefined ? undefined : Promise.resolve(body);
  const text = (): Promise<string> => (cached ??= readBody(req));
  return {
    method,
    path,
    url,
    params,
    headers: req.headers,
    text,
    json: async () => parseJson(await text()),
  };
}

/** Writes a reply unless the socket is already gone. */
export function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  const payload = reply.raw ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (payload !== "" && !res.hasHeader("content-type")) res.setHeader("content-type", "application/json");
  res.setHeader("content-length", Buffer.byteLength(payload));
  res.end(payload);
}
