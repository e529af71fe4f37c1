/**
 * How many lines a rewrite added and removed, as `git diff --numstat` counts them: the shortest edit
 * script between the two texts' lines (Myers' O(ND) algorithm), after the common head and tail are cut.
 */

/** Lines added and removed between two versions of a file. */
export interface LineChanges {
  added: number;
  removed: number;
}

/** The +/- line counts of turning `before` into `after`. */
export function lineChanges(before: string, after: string): LineChanges {
  const a = linesOf(before);
  const b = linesOf(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  const common = longestCommon(a.slice(start, endA), b.slice(start, endB));
  return { added: m - common, removed: n - common };
}

/** The length of the longest common subsequence of `a` and `b`, from the edit distance D. */
function longestCommon(a: string[], b: string[]): number {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  if (n === 0 || m === 0) return 0;
  const v = new Int32Array(2 * max + 2);
  const at = (k: number) => k + max + 1;
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[at(k - 1)]! < v[at(k + 1)]!)
        ? v[at(k + 1)]!
        : v[at(k - 1)]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[at(k)] = x;
      if (x >= n && y >= m) return (n + m - d) / 2;
    }
  }
  return 0;
}

/** Lines with their line end: a last line without one differs from the same line with one, as in git. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
