// OAuth client-credentials tokens, one per scope (least privilege: a read asks for a read scope only, a user write for
// `users:write` only). Each is fetched lazily, cached until shortly before it expires, shared by concurrent callers
// through one in-flight request, and invalidated when Ramp answers 401 with it.
import { registerSecret } from "./redact.js";

/** Every scope the client's calls use: users, departments and locations, read and write. */
export const DEFAULT_SCOPES: readonly string[] = [
  "users:read",
  "users:write",
  "departments:read",
  "departments:write",
  "locations:read",
  "locations:write",
];

/** When `expires_in` is missing, assume a short life rather than Ramp's 10 days. */
const DEFAULT_LIFETIME_S = 3600;
const MAX_REFRESH_MARGIN_MS = 5 * 60_000;

export interface TokenGrant {
  accessToken: string;
  /** `expires_in`, when Ramp sent it. */
  expiresInSeconds: number | undefined;
}

/** The scopes of a token response's `scope` (space separated; commas tolerated), or undefined when Ramp sent none. */
export function grantedScopesOf(scope: string | null | undefined): Set<string> | undefined {
  const scopes = (scope ?? "").split(/[\s,]+/).filter((s) => s !== "");
  return scopes.length > 0 ? new Set(scopes) : undefined;
}

/** The `Authorization` header value for the token endpoint. Registered as a secret for redaction. */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encoded = Buffer.from(`${clientId}:${clientSecret}`, "utf8").toString("base64");
  registerSecret(encoded);
  return `Basic ${encoded}`;
}

/** The token request body: `grant_type=client_credentials&scope=<space separated>`. */
export function tokenRequestBody(scopes: readonly string[]): string {
  return new URLSearchParams({ grant_type: "client_credentials", scope: scopes.join(" ") }).toString();
}

/** How long before expiry a cached token is replaced: 10% of its life, at most 5 minutes. */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(MAX_REFRESH_MARGIN_MS, Math.floor(lifetimeMs / 10));
}

export interface TokenManagerOptions {
  /** Performs the token request (with its own retries and deadline). */
  fetchToken: () => Promise<TokenGrant>;
  onIssued?: (grant: TokenGrant) => void;
  onInvalidated?: () => void;
}

export class TokenManager {
  // ECMAScript private fields: util.inspect and JSON.stringify do not show them, so the token is not printed by
  // accident when someone logs the client.
  #cached: { token: string; refreshAt: number } | undefined;
  #inflight: Promise<string> | undefined;

  constructor(private readonly options: TokenManagerOptions) {}

  /** A valid token: the cached one, the one being fetched, or a new one. */
  get(): Promise<string> {
    if (this.#cached && Date.now() < this.#cached.refreshAt) return Promise.resolve(this.#cached.token);
    this.#inflight ??= this.fetch().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  /**
   * Drops the cached token if it is still `token` (the one a 401 was answered to): concurrent 401s for the same old
   * token cause one refresh, not one each.
   */
  invalidate(token: string): void {
    if (this.#cached?.token === token) {
      this.#cached = undefined;
      this.options.onInvalidated?.();
    }
  }

  /** Forgets the cached token. */
  clear(): void {
    this.#cached = undefined;
  }

  private async fetch(): Promise<string> {
    const startedAt = Date.now();
    const grant = await this.options.fetchToken();
    registerSecret(grant.accessToken);
    const lifetimeMs = (grant.expiresInSeconds ?? DEFAULT_LIFETIME_S) * 1000;
    this.#cached = { token: grant.accessToken, refreshAt: startedAt + lifetimeMs - refreshMarginMs(lifetimeMs) };
    this.options.onIssued?.(grant);
    return grant.accessToken;
  }
}

/** One TokenManager per scope, created on first use: each call gets a token carrying only the scope it needs. */
export class ScopedTokens {
  readonly #managers = new Map<string, TokenManager>();

  constructor(private readonly create: (scope: string) => TokenManager) {}

  /** A valid token with `scope`. */
  get(scope: string): Promise<string> {
    let manager = this.#managers.get(scope);
    if (!manager) {
      manager = this.create(scope);
      this.#managers.set(scope, manager);
    }
    return manager.get();
  }

  /** After a 401 with `token`: the next `get(scope)` fetches a new one (once, however many calls saw the 401). */
  invalidate(scope: string, token: string): void {
    this.#managers.get(scope)?.invalidate(token);
  }

  clear(): void {
    for (const manager of this.#managers.values()) manager.clear();
  }
}
