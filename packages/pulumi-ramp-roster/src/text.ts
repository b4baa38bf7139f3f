// Small text measures shared by every layer. No imports.

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
