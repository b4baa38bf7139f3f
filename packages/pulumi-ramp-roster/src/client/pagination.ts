// Pagination: Ramp answers `{data, page: {next}}` where `next` is a full URL (carrying `start` and the original
// filters) or null. A bare cursor is accepted too and sent as `start`. A `next` URL must stay on the API's origin and
// on the same listing path: the bearer token is never sent anywhere else.
import { InsecureUrlError, RampError } from "./errors.js";
import { displayUrl } from "./transport.js";

export const PAGE_SIZE = 100;
const MAX_PAGES = 100_000;

export interface PageRequest {
  path: string;
  query: URLSearchParams;
}

export interface Page<T> {
  data: T[];
  next: string | null;
}

/** The request for the page after one whose `page.next` was `next`. */
export function nextPageRequest(origin: URL, current: PageRequest, next: string): PageRequest {
  const trimmed = next.trim();
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith("/");
  if (!isUrl) {
    const query = new URLSearchParams(current.query);
    query.set("start", trimmed);
    return { path: current.path, query };
  }
  let url: URL;
  try {
    url = new URL(trimmed, origin);
  } catch {
    throw new InsecureUrlError("(unparsable page.next)", "page.next is not a valid URL");
  }
  if (url.username || url.password) throw new InsecureUrlError(displayUrl(url), "page.next embeds credentials");
  if (url.origin !== origin.origin) {
    throw new InsecureUrlError(displayUrl(url), `page.next leaves the API origin ${origin.origin}; the access token is not sent elsewhere`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  if (path !== current.path) {
    throw new InsecureUrlError(displayUrl(url), `page.next points at another endpoint than ${current.path}`);
  }
  const query = new URLSearchParams(url.search);
  if (!query.has("page_size")) query.set("page_size", String(PAGE_SIZE));
  return { path: current.path, query };
}

/** Yields every page, following `next` until it is null. Stops with an error if Ramp repeats a page link. */
export async function* paginate<T>(
  origin: URL,
  first: PageRequest,
  fetchPage: (req: PageRequest) => Promise<Page<T>>,
): AsyncGenerator<T[], void, undefined> {
  let req: PageRequest | null = first;
  const seen = new Set<string>();
  for (let pages = 0; req !== null; pages++) {
    if (pages >= MAX_PAGES) throw new RampError("RAMP_PAGINATION_ERROR", `pagination of ${first.path} did not end after ${MAX_PAGES} pages`);
    const key = `${req.path}?${req.query.toString()}`;
    if (seen.has(key)) throw new RampError("RAMP_PAGINATION_ERROR", `Ramp returned the same page link twice while listing ${first.path}; stopping`);
    seen.add(key);
    const page: Page<T> = await fetchPage(req);
    yield page.data;
    req = page.next ? nextPageRequest(origin, req, page.next) : null;
  }
}
