// OAuth client_credentials as Ramp speaks it: `POST /token` with Basic auth and a form body naming the scopes (a
// subset of those granted to the app, else `invalid_scope`); bearer tokens carrying scopes; 401 for a missing,
// expired or unknown token, 403 DEVELOPER_7100 for a valid token without the route's scope.
import type { IncomingHttpHeaders } from "node:http";
import { ApiError, ErrorCode } from "./errors.js";
import type { Handler, Reply } from "./http-util.js";
import { newAccessToken } from "./ids.js";
import { ALL_SCOPES } from "./types.js";

export interface IssuedToken {
  token: string;
  scopes: string[];
  expiresAt: number;
}

/** One Ramp app (OAuth client) of the business, and the scopes it was granted. */
export interface AppCredentials {
  clientId: string;
  clientSecret: string;
  grantedScopes: string[];
}

export interface AuthConfig extends AppCredentials {
  tokenTtlSeconds: number;
  /** Further apps of the same business (say, a read-only one for CI), each with its own granted scopes. */
  otherApps: AppCredentials[];
}

/** The app with these credentials, if any. */
export function appFor(config: AuthConfig, clientId: string, clientSecret: string): AppCredentials | undefined {
  return [config, ...config.otherApps].find((app) => app.clientId === clientId && app.clientSecret === clientSecret);
}

/** The app with this client id, if any. */
export function appById(config: AuthConfig, clientId: string): AppCredentials | undefined {
  return [config, ...config.otherApps].find((app) => app.clientId === clientId);
}

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  issue(scopes: string[], ttlSeconds: number, now = Date.now()): IssuedToken {
    const issued = { token: newAccessToken(), scopes, expiresAt: now + ttlSeconds * 1000 };
    this.tokens.set(issued.token, issued);
    return issued;
  }

  /** The token if it is valid; "expired" for one that was issued and ran out; undefined for one never issued. */
  lookup(token: string, now = Date.now()): IssuedToken | "expired" | undefined {
    const issued = this.tokens.get(token);
    if (issued && issued.expiresAt <= now) return "expired";
    return issued;
  }

  /** Every token issued so far stops working. */
  expireAll(): void {
    this.tokens.clear();
  }
}

const oauthError = (
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): Reply => ({
  status,
  body: { error, error_description: description },
  headers: { "cache-control": "no-store", ...headers },
});

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

export function tokenHandler(config: () => AuthConfig, store: TokenStore): Handler {
  return async (ctx) => {
    const auth = config();
    const credentials = basicCredentials(ctx.headers.authorization);
    const app = credentials ? appFor(auth, credentials.id, credentials.secret) : undefined;
    if (!app) {
      return oauthError(401, "invalid_client", "Client authentication failed.", {
        "www-authenticate": 'Basic realm="ramp"',
      });
    }
    const contentType = ctx.headers["content-type"] ?? "";
    if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      return oauthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.");
    }
    const form = new URLSearchParams(await ctx.text());
    const grantType = form.get("grant_type");
    if (grantType === null || grantType === "") {
      return oauthError(400, "invalid_request", "Missing grant_type.");
    }
    if (grantType !== "client_credentials") {
      return oauthError(400, "unsupported_grant_type", `Unsupported grant_type ${grantType}.`);
    }
    // Ramp's spec: `scope` is required for client_credentials, and must be a subset of the app's granted scopes.
    const requested = (form.get("scope") ?? "").split(/\s+/).filter((s) => s !== "");
    if (requested.length === 0) return oauthError(400, "invalid_request", "Missing scope: name the scopes the token needs.");
    const refused = requested.filter((s) => !app.grantedScopes.includes(s));
    if (refused.length > 0) {
      return oauthError(400, "invalid_scope", `Scope not granted to this client: ${refused.join(" ")}.`);
    }
    const scopes = [...new Set(requested)];
    const { tokenTtlSeconds } = auth;
    const issued = store.issue(scopes, tokenTtlSeconds);
    return {
      status: 200,
      body: {
        access_token: issued.token,
        token_type: "Bearer",
        expires_in: tokenTtlSeconds,
        scope: scopes.join(" "),
      },
      headers: { "cache-control": "no-store" },
    };
  };
}

/** The bearer token of a request if it is valid and carries `scope`; throws Ramp's 401 or 403 otherwise. */
export function authorize(headers: IncomingHttpHeaders, store: TokenStore, scope: string): IssuedToken {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "");
  const issued = match?.[1] ? store.lookup(match[1]) : undefined;
  const challenge = { "www-authenticate": 'Bearer realm="ramp"' };
  if (issued === "expired") throw new ApiError(401, ErrorCode.tokenExpired, "Access token has expired", {}, challenge);
  if (!issued) {
    const message = match ? "Access token with given access_token not found" : "Missing access token";
    throw new ApiError(401, ErrorCode.tokenNotFound, message, {}, challenge);
  }
  if (!issued.scopes.includes(scope)) {
    throw new ApiError(403, ErrorCode.missingScope, `These scopes are not allowed for this token: ${scope}`, {
      required_scope: scope,
    });
  }
  return issued;
}

export const DEFAULT_SCOPES: string[] = [...ALL_SCOPES];
