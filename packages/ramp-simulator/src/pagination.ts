// Ramp's list pagination: `page_size` 2..100 (default 20), `start` = id of the last item of the previous page,
// and `page.next` a full URL repeating the original query with the new `start`, or null after the last item.
import type { Collection } from "./collection.js";
import { unprocessable } from "./errors.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MIN_PAGE_SIZE = 2;
export const MAX_PAGE_SIZE = 100;

export interface Page<T> {
  data: T[];
  page: { next: string | null };
}

export function parsePageSize(query: URLSearchParams): number {
  const raw = query.get("page_size");
  if (raw === null) return DEFAULT_PAGE_SIZE;
  if (!/^-?\d+$/.test(raw.trim())) {
    throw unprocessable("Not a valid integer.", { page_size: ["Not a valid integer."] });
  }
  const size = Number(raw.trim());
  if (size < MIN_PAGE_SIZE || size > MAX_PAGE_SIZE) {
    const message = `Value must be between ${MIN_PAGE_SIZE} and ${MAX_PAGE_SIZE}`;
    throw unprocessable(message, { page_size: [message] });
  }
  return size;
}

/**
 * One page of `matching` (already filtered, in creation order). `selfUrl` is the full URL of the request:
 * `next` is built from it so every original parameter (filters, page_size) is carried over.
 */
export function paginate<T extends { id: string }>(
  collection: Collection<T>,
  matching: T[],
  selfUrl: URL,
): Page<T> {
  const pageSize = parsePageSize(selfUrl.searchParams);
  const start = selfUrl.searchParams.get("start");
  let remaining = matching;
  if (start !== null && start !== "") {
    const after = collection.sequenceOf(start);
    if (after === undefined) {
      throw unprocessable("Invalid start cursor", { start: ["Unknown cursor."] });
    }
    remaining = matching.filter((item) => (collection.sequenceOf(item.id) ?? -1) > after);
  }
  const data = remaining.slice(0, pageSize);
  const last = data.at(-1);
  let next: string | null = null;
  if (remaining.length > pageSize && last) {
    const url = new URL(selfUrl.href);
    url.searchParams.set("start", last.id);
    next = url.href;
  }
  return { data, page: { next } };
}
