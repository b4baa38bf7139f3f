// "did you mean ...?": the closest known name to a misspelt one.

/** Lower-case, without `_`, `-` and blanks: `first_name`, `First Name` and `firstName` compare equal. */
function fold(s: string): string {
  return s.toLowerCase().replace(/[\s_-]+/g, "");
}

/** Edit distance counting a swap of two neighbouring characters as one edit ("fristName" → "firstName" is 1). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate closest to `input`, if close enough to be a likely typo: equal when case, `_`, `-` and blanks
 * are ignored, or within a few edits (at most one per four characters, at least one, at most `maxDistance`),
 * or else one of the two the start of the other ("New York" for "New York HQ"). Ties go to the earlier candidate.
 */
export function closest(input: string, candidates: Iterable<string>, maxDistance = 3): string | undefined {
  const wanted = fold(input);
  const limit = Math.min(maxDistance, Math.max(1, Math.floor(wanted.length / 4)));
  let best: { name: string; score: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const folded = fold(candidate);
    const distance = editDistance(wanted, folded);
    const prefix = Math.min(wanted.length, folded.length) >= 4 && (folded.startsWith(wanted) || wanted.startsWith(folded));
    const score = distance <= limit ? distance : prefix ? limit + 1 : undefined;
    if (score !== undefined && (best === undefined || score < best.score)) best = { name: candidate, score };
  }
  return best?.name;
}

/** " (did you mean 'x'?)" or "". */
export function didYouMean(input: string, candidates: Iterable<string>, maxDistance?: number): string {
  const match = closest(input, candidates, maxDistance);
  return match === undefined ? "" : ` (did you mean '${match}'?)`;
}
