// "did you mean ...?": the closest known name to a misspelt one.

/** Lower-case, without `_`, `-` and blanks: `first_name`, `First Name` and `firstName` compare equal. */
function fold(s: string): string {
  return s.toLowerCase().replace(/[\s_-]+/g, "");
}

/** Each candidate list folded once, however many names are compared with it (a roster's emails, say). */
const foldedLists = new WeakMap<readonly string[], string[]>();

function folded(list: readonly string[]): string[] {
  let out = foldedLists.get(list);
  if (!out) {
    out = list.map(fold);
    foldedLists.set(list, out);
  }
  return out;
}

const rows: [number[], number[], number[]] = [[], [], []];

/**
 * Edit distance counting a swap of two neighbouring characters as one edit ("fristName" → "firstName" is 1). With
 * `max`, only distances up to `max` are worked out: a greater one is returned as `max + 1`, in time proportional to
 * the length times `max` rather than to the product of the lengths.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const far = Number.POSITIVE_INFINITY;
  const band = Number.isFinite(max) ? max : Math.max(a.length, b.length);
  // Three rows, reused from call to call: the two before (for the swap) and the one being filled. Cells outside the
  // band are `far`: each row marks the cell just past each end of its band, which is all the next rows read of it.
  let [before, previous, row] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = j <= max ? j : far;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - band);
    const to = Math.min(b.length, i + band);
    row[0] = i <= max ? i : far;
    if (from > 1) row[from - 1] = far;
    if (to < b.length) row[to + 1] = far;
    let rowMin = row[0] ?? far;
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? far) + 1, (row[j - 1] ?? far) + 1, (previous[j - 1] ?? far) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] ?? far) + 1);
      row[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > max) return max + 1;
    [before, previous, row] = [previous, row, before];
  }
  const distance = previous[b.length] ?? far;
  return distance > max ? max + 1 : distance;
}

/**
 * How many candidates suggestions may still compare: one roster's suggestions share one budget, so that thousands of
 * unknown names against thousands of candidates stay fast. Past it, names get no suggestion.
 */
export interface SuggestionBudget {
  comparisons: number;
}

/**
 * The candidate closest to `input`, if close enough to be a likely typo: equal when case, `_`, `-` and blanks
 * are ignored, or within a few edits (at most one per four characters, at least one, at most `maxDistance`),
 * or else one of the two the start of the other ("New York" for "New York HQ"). Ties go to the earlier candidate.
 * Nothing when `budget` has too few comparisons left for all the candidates.
 */
export function closest(input: string, candidates: Iterable<string>, maxDistance = 3, budget?: SuggestionBudget): string | undefined {
  const list = Array.isArray(candidates) ? (candidates as readonly string[]) : [...candidates];
  if (budget) {
    if (budget.comparisons < list.length) return undefined;
    budget.comparisons -= list.length;
  }
  const wanted = fold(input);
  const limit = Math.min(maxDistance, Math.max(1, Math.floor(wanted.length / 4)));
  const foldedList = folded(list);
  let best: { name: string; score: number } | undefined;
  list.forEach((candidate, i) => {
    if (candidate === input) return;
    const other = foldedList[i] ?? "";
    const distance = editDistance(wanted, other, limit);
    const prefix = Math.min(wanted.length, other.length) >= 4 && (other.startsWith(wanted) || wanted.startsWith(other));
    const score = distance <= limit ? distance : prefix ? limit + 1 : undefined;
    if (score !== undefined && (best === undefined || score < best.score)) best = { name: candidate, score };
  });
  return best?.name;
}

/** " (did you mean 'x'?)" or "". */
export function didYouMean(input: string, candidates: Iterable<string>, maxDistance?: number, budget?: SuggestionBudget): string {
  const match = closest(input, candidates, maxDistance, budget);
  return match === undefined ? "" : ` (did you mean '${match}'?)`;
}
