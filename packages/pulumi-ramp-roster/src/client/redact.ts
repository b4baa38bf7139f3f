// Redaction of secrets from anything the client lets out: error messages, stacks, JSON, events.
//
// The client registers every secret it handles (the client secret, the Basic header value, each access token) in a
// process-wide registry; `redact` replaces any occurrence of them, and of anything that looks like an Authorization
// header value or an `access_token` field, with a placeholder. Errors call it in their constructor, so an error built
// from a server message or a low-level cause cannot carry a secret out even by accident.

const PLACEHOLDER = "[REDACTED]";
const MIN_SECRET_LENGTH = 4;
const MAX_REGISTERED = 10_000;

const registry = new Set<string>();
let sortedCache: string[] | undefined;

/** Registers a secret (and its URL-encoded and base64 forms) so that `redact` scrubs it everywhere. */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) return;
  const forms = new Set([value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]);
  for (const form of forms) {
    if (registry.has(form)) continue;
    registry.add(form);
    sortedCache = undefined;
  }
  while (registry.size > MAX_REGISTERED) {
    const oldest = registry.values().next().value as string;
    registry.delete(oldest);
  }
}

const PATTERNS: Array<[RegExp, string]> = [
  // Authorization header values, wherever they appear.
  [/\b(Bearer|Basic)(\s+|%20|\+)[A-Za-z0-9._~+/=%-]{12,}/gi, `$1$2${PLACEHOLDER}`],
  // OAuth token fields in JSON or form bodies.
  [/("?(?:access_token|refresh_token|client_secret)"?\s*[:=]\s*"?)[^"&\s,}]+/gi, `$1${PLACEHOLDER}`],
  // Credentials embedded in a URL.
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${PLACEHOLDER}@`],
];

/** Returns `text` with every registered secret and every credential-looking fragment replaced. */
export function redact(text: string): string {
  let out = text;
  if (registry.size > 0) {
    sortedCache ??= [...registry].sort((a, b) => b.length - a.length);
    for (const secret of sortedCache) {
      if (out.includes(secret)) out = out.split(secret).join(PLACEHOLDER);
    }
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Deep copy of a JSON-like value with every string redacted (objects, arrays; other values kept). */
export function redactDeep<T>(value: T, depth = 0): T {
  if (typeof value === "string") return redact(value) as T;
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1)) as T;
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactDeep(v, depth + 1);
  return out as T;
}

/** True when the text contains a registered secret (used to decide whether an error cause must be replaced). */
export function containsSecret(text: string): boolean {
  return redact(text) !== text;
}
