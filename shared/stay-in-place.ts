/**
 * Which items of a list must move so that it reads in a wanted order, moving as few as possible: every item outside
 * one longest run that is already in the wanted relative order (a longest increasing subsequence of wanted positions,
 * O(n log n), as keyed DOM diffing in Inferno and ivi does).
 *
 * Why: the board keeps hundreds of rows in sorted order; re-inserting every row after the first one out of place made
 * a single compound's switch-on move ~450 rows (each move re-lays the list out).
 *
 * @example
 * itemsToMove(["a", "b", "c", "d"], ["b", "c", "d", "a"]); // Set { "a" }
 */
export function itemsToMove<T>(current: readonly T[], wanted: readonly T[]): Set<T> {
  const position = new Map<T, number>();
  wanted.forEach((item, i) => position.set(item, i));
  // the items present in both, in their current order, as wanted positions
  const kept = current.filter((item) => position.has(item));
  const seq = kept.map((item) => position.get(item)!);
  // patience sorting: tails[k] = index in seq of the smallest tail of an increasing run of length k + 1
  const tails: number[] = [];
  const before = new Int32Array(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]] < seq[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) before[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const stay = new Set<T>();
  for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i >= 0; i = before[i]) stay.add(kept[i]);
  return new Set(wanted.filter((item) => !stay.has(item)));
}
