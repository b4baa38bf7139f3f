// "did you mean ...?": the closest known name to a misspelt one.
import { editDistance } from "../text.js";

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
