/**
 * "Did you mean ...?" suggestions: the closest known word to a misspelt one, if it is close enough.
 */

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two adjacent characters
 * (the optimal-string-alignment form of Damerau-Levenshtein), so `intreval` is one edit from `interval`.
 */
export function editDistance(a: string, b: string): number {
  const cols = b.length + 1;
  // three rows of the table: i - 2 (for swaps), i - 1 and i
  let before = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  let row = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j], before[j - 2] + 1);
      }
    }
    [before, previous, row] = [previous, row, before];
  }
  return previous[b.length];
}

/**
 * The candidate closest to `word` (ignoring case), or undefined when none is reasonably close: at
 * most one edit for every three characters (at least one edit), or `word` is the start of exactly
 * one candidate (`least` -> `least-conn`). Ties go to the earlier candidate.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const c = candidate.toLowerCase();
    const allowed = Math.max(1, Math.floor(Math.max(w.length, c.length) / 3));
    // the distance is at least the difference in length: no need to compute it for a word far longer
    if (Math.abs(w.length - c.length) > Math.min(allowed, bestDistance)) continue;
    const distance = editDistance(w, c);
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined) return best;
  if (w.length >= 3) {
    const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(w));
    if (prefixed.length === 1) return prefixed[0];
  }
  return undefined;
}
