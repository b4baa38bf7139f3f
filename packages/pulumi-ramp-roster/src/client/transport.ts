// HTTP transport: one undici Pool per client (keep-alive connections to Ramp's origin), a per-attempt timeout, and the
// URL rules: HTTPS only (plain HTTP only to loopback), no credentials in URLs, every request on the configured origin.
import { Pool } from "undici";
import { AttemptTimeoutError, InsecureUrlError, RampConfigError } from "./errors.js";
import { API_PREFIX } from "./paths.js";
import { DEFAULT_BASE_URL } from "../ramp-facts.js";

/** The URL without credentials, query or fragment: safe to show in an error. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "[::1]" || host === "::1") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Checks that a URL may carry credentials: HTTPS, or HTTP to a loopback address; no user:password. */
export function assertSecureUrl(url: URL): void {
  if (url.username || url.password) throw new InsecureUrlError(displayUrl(url), "URLs must not embed credentials");
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return;
  throw new InsecureUrlError(displayUrl(url), "HTTPS is required (plain HTTP is only allowed to localhost, 127.0.0.0/8 and ::1)");
}

/**
 * Parses the `baseUrl` option into an origin URL. Accepts an origin, optionally followed by `/developer/v1` and a
 * trailing slash; refuses other paths, queries, fragments, credentials and insecure schemes.
 */
export function parseBaseUrl(baseUrl: string | undefined): URL {
  const raw = (baseUrl ?? DEFAULT_BASE_URL).trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RampConfigError("baseUrl is not a valid absolute URL (expected e.g. https://api.ramp.com)");
  }
  assertSecureUrl(url);
  if (url.search || url.hash) throw new RampConfigError(`baseUrl must not have a query or fragment: ${displayUrl(url)}`);
  const path = url.pathname.replace(/\/+$/, "");
  if (path !== "" && path !== API_PREFIX) {
    throw new RampConfigError(`baseUrl must be an origin such as https://api.ramp.com (optionally ending in ${API_PREFIX}), got ${displayUrl(url)}`);
  }
  return new URL(url.origin);
}

export interface HttpRequest {
  method: "GET" | "POST" | "PATCH";
  /** Path and query, starting with "/". */
  pathAndQuery: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface TransportOptions {
  userAgent: string;
  connections?: number;
}

export class Transport {
  private readonly pool: Pool;
  private closed = false;

  constructor(
    readonly origin: URL,
    private readonly options: TransportOptions,
  ) {
    assertSecureUrl(origin);
    this.pool = new Pool(origin.origin, {
      connections: options.connections ?? 16,
      pipelining: 1,
      keepAliveTimeout: 4_000,
      connect: { timeout: 10_000 },
    });
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    if (!req.pathAndQuery.startsWith("/")) throw new RampConfigError("request path must start with /");
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new AttemptTimeoutError(req.timeoutMs));
    }, Math.max(1, req.timeoutMs));
    const outer = req.signal;
    const onOuterAbort = (): void => controller.abort(outer?.reason);
    if (outer?.aborted) onOuterAbort();
    else outer?.addEventListener("abort", onOuterAbort, { once: true });
    const signal = controller.signal;
    try {
      const res = await this.pool.request({
        origin: this.origin.origin,
        path: req.pathAndQuery,
        method: req.method,
        headers: { "user-agent": this.options.userAgent, accept: "application/json", ...req.headers },
        body: req.body,
        signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      const body = await res.body.text();
      return { status: res.statusCode, headers: res.headers, body };
    } catch (err) {
      if (timedOut) throw new AttemptTimeoutError(req.timeoutMs);
      if (req.signal?.aborted) throw req.signal.reason;
      throw err;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onOuterAbort);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close();
  }

  /** Closes immediately, aborting requests in flight. */
  async destroy(): Promise<void> {
    this.closed = true;
    await this.pool.destroy();
  }
}
