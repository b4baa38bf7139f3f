// Route templates like `/users/{id}`: matching, params, and the `METHOD /template` name the request log uses.
import type { Handler } from "./http-util.js";

export interface Route {
  method: string;
  pattern: string;
  /** OAuth scope the bearer token must carry; `null` for the token endpoint (no bearer). */
  scope: string | null;
  handler: Handler;
}

export type RouteMatch =
  | { kind: "route"; route: Route; params: Record<string, string>; name: string }
  | { kind: "method_not_allowed"; name: string; allowed: string[] }
  | { kind: "none" };

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? "";
    const g = got[i] ?? "";
    if (w.startsWith("{") && w.endsWith("}")) {
      if (g === "") return undefined;
      try {
        params[w.slice(1, -1)] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}

/** Literal routes are listed before parameterised ones by the caller, so the first match wins. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const normalized = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  const allowed: string[] = [];
  let pattern: string | undefined;
  for (const route of routes) {
    const params = matchPattern(route.pattern, normalized);
    if (!params) continue;
    if (route.method === method) return { kind: "route", route, params, name: `${method} ${route.pattern}` };
    allowed.push(route.method);
    pattern ??= route.pattern;
  }
  if (pattern !== undefined) return { kind: "method_not_allowed", name: `${method} ${pattern}`, allowed };
  return { kind: "none" };
}
