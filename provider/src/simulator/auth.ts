// OAuth client_credentials as Ramp speaks it: `POST /token` with Basic auth and a form body; bearer tokens
// carrying scopes; 401 for a missing/expired/unknown token, 403 for a valid token without the route's scope.
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

export interface AuthConfig {
  clientId: string;
  clientSecret: string;
  grantedScopes: string[];
  tokenTtlSeconds: number;
}

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  issue(scopes: string[], ttlSeconds: number, now = Date.now()): IssuedToken {
    const issued = { token: newAccessToken(), scopes, expiresAt: now + ttlSeconds * 1000 };
    this.tokens.set(issued.token, issued);
    return issued;
  }

  lookup(token: string, now = Date.now()): IssuedToken | undefined {
    const issued = this.tokens.get(token);
    if (issued && issued.expiresAt <= now) {
      this.tokens.delete(token);
      return undefined;
    }
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
    const { clientId, clientSecret, grantedScopes, tokenTtlSeconds } = config();
    const credentials = basicCredentials(ctx.headers.authorization);
    if (!credentials || credentials.id !== clientId || credentials.secret !== clientSecret) {
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
    const requested = (form.get("scope") ?? "").split(/\s+/).filter((s) => s !== "");
    const refused = requested.filter((s) => !grantedScopes.includes(s));
    if (refused.length > 0) {
      return oauthError(400, "invalid_scope", `Scope not granted to this client: ${refused.join(" ")}.`);
    }
    const scopes = requested.length > 0 ? [...new Set(requested)] : [...grantedScopes];
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
  if (!issued) {
    const message = match ? "Invalid or expired access token" : "Missing access token";
    throw new ApiError(401, ErrorCode.unauthorized, message, {}, { "www-authenticate": 'Bearer realm="ramp"' });
  }
  if (!issued.scopes.includes(scope)) {
    throw new ApiError(403, ErrorCode.forbidden, `Access token is missing the required scope ${scope}`, {
      required_scope: scope,
    });
  }
  return issued;
}

export const DEFAULT_SCOPES: string[] = [...ALL_SCOPES];
