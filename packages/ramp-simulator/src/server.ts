// The node:http server: Ramp's API under /developer/v1 (trace id, request log, faults, rate limit, auth, route)
// and the simulator's admin API under /_admin.
import { STATUS_CODES, createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { z } from "zod";
import { authorize } from "./auth.js";
import { catchUp, type SimulatorCore } from "./core.js";
import { ApiError, ErrorCode, SimulatorAdminError, errorBody, notFound } from "./errors.js";
import type { RequestFault } from "./faults.js";
import { makeContext, readBody, writeReply, type Reply } from "./http-util.js";
import { newTraceId } from "./ids.js";
import { matchRoute, type Route } from "./router.js";

export const API_PREFIX = "/developer/v1";
export const ADMIN_PREFIX = "/_admin";

/** What a `malformed` fault answers: a 200 whose JSON body is cut off. */
export const MALFORMED_BODY = '{"data": [{"id": "';

function underPrefix(pathname: string, prefix: string): string | undefined {
  if (pathname === prefix) return "/";
  return pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : undefined;
}

function retryAfter(seconds: number | undefined): Record<string, string> {
  return seconds === undefined ? {} : { "retry-after": String(Math.ceil(seconds)) };
}

const rateLimited = (retryAfterSeconds?: number): ApiError =>
  new ApiError(429, ErrorCode.rateLimited, "Rate limit exceeded. Please retry later.", {}, {
    ...retryAfter(retryAfterSeconds),
  });

function faultError(fault: Extract<RequestFault, { kind: "status" }>): ApiError {
  const code = fault.errorCode ?? (fault.status >= 500 ? ErrorCode.internal : ErrorCode.validation);
  const message = fault.message ?? STATUS_CODES[fault.status] ?? `HTTP ${fault.status}`;
  return new ApiError(fault.status, code, message, {}, retryAfter(fault.retryAfterSeconds));
}

/** Token requests never carry the secret in the body with Basic auth, but a client may try client_secret_post. */
function loggableBody(path: string, text: string): string {
  if (path !== "/token") return text;
  const form = new URLSearchParams(text);
  if (form.has("client_secret")) form.set("client_secret", "[redacted]");
  return form.toString();
}

function requestUrl(req: IncomingMessage, fallbackHost: string): URL {
  try {
    return new URL(req.url ?? "/", `http://${req.headers.host ?? fallbackHost}`);
  } catch {
    return new URL(req.url ?? "/", `http://${fallbackHost}`);
  }
}

async function serveApi(
  core: SimulatorCore,
  routes: readonly Route[],
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  res.setHeader("x-trace-id", newTraceId());
  const method = (req.method ?? "GET").toUpperCase();
  const apiPath = underPrefix(url.pathname, API_PREFIX);
  const path = apiPath ?? url.pathname;
  const match = apiPath === undefined ? ({ kind: "none" } as const) : matchRoute(routes, method, apiPath);
  const entry = core.log.record({
    method,
    path,
    route: match.kind === "none" ? `${method} ${path}` : match.name,
    query: Object.fromEntries(url.searchParams),
    at: Date.now(),
  });
  // A `drop` fault with `after`: the request is processed as usual, then the answer is lost with the connection
  // (the status stays 0 in the log): the client cannot tell whether its request took effect.
  let dropAnswer = false;
  const reply = (r: Reply): void => {
    if (res.destroyed) return;
    if (dropAnswer) {
      req.socket.destroy();
      return;
    }
    entry.status = r.status;
    writeReply(res, r);
  };

  try {
    // Read the whole body first (requests are small), so the log has it whatever the answer is.
    const body = await readBody(req);
    if (body !== "") entry.body = loggableBody(path, body);
    const fault = core.faults.takeRequestFault(method, path);
    switch (fault?.kind) {
      case "drop":
        if (fault.after) {
          dropAnswer = true;
          break;
        }
        req.socket.destroy();
        return;
      case "malformed":
        return reply({ status: 200, raw: MALFORMED_BODY, headers: { "content-type": "application/json" } });
      case "status":
        throw faultError(fault);
      case "rate_limit":
        throw rateLimited(fault.retryAfterSeconds);
      case "latency":
        await core.timers.sleep(fault.ms);
        if (res.destroyed) return;
        break;
      case undefined:
        break;
    }
    if (!core.rateLimiter.admit(req.socket.remoteAddress ?? "unknown")) throw rateLimited();
    if (match.kind === "none") throw notFound(`No route for ${method} ${url.pathname}`);
    if (match.kind === "method_not_allowed") {
      throw new ApiError(405, ErrorCode.methodNotAllowed, `Method ${method} not allowed`, {}, {
        allow: match.allowed.join(", "),
      });
    }
    catchUp(core);
    const ctx = makeContext(req, method, apiPath ?? path, url, match.params, body);
    if (match.route.scope !== null) ctx.token = authorize(req.headers, core.tokens, match.route.scope);
    reply(await match.route.handler(ctx));
  } catch (error) {
    if (error instanceof ApiError) {
      reply({ status: error.status, body: error.body(), headers: error.headers });
    } else {
      const message = error instanceof Error ? error.message : String(error);
      reply({ status: 500, body: errorBody(ErrorCode.internal, `Simulator error: ${message}`) });
    }
  }
}

async function serveAdmin(routes: readonly Route[], req: IncomingMessage, res: ServerResponse, url: URL, path: string) {
  const method = (req.method ?? "GET").toUpperCase();
  const fail = (status: number, message: string): void => writeReply(res, { status, body: { error: message } });
  try {
    const match = matchRoute(routes, method, path);
    if (match.kind === "none") return fail(404, `No admin route ${method} ${url.pathname}`);
    if (match.kind === "method_not_allowed") return fail(405, `Method ${method} not allowed`);
    writeReply(res, await match.route.handler(makeContext(req, method, path, url, match.params)));
  } catch (error) {
    if (error instanceof SimulatorAdminError) return fail(error.status, error.message);
    if (error instanceof ApiError) return fail(error.status, error.message);
    if (error instanceof z.ZodError) return fail(400, z.prettifyError(error));
    return fail(500, error instanceof Error ? error.message : String(error));
  }
}

export function createSimulatorServer(
  core: SimulatorCore,
  apiRoutes: readonly Route[],
  adminRoutes: readonly Route[],
  fallbackHost: () => string,
): Server {
  return createServer((req, res) => {
    const url = requestUrl(req, fallbackHost());
    const adminPath = underPrefix(url.pathname, ADMIN_PREFIX);
    const served =
      adminPath === undefined
        ? serveApi(core, apiRoutes, req, res, url)
        : serveAdmin(adminRoutes, req, res, url, adminPath);
    served.catch(() => res.destroy());
  });
}
