/**
 * Arc pruning shared by flowPlan and the bound: which out-arcs of each row (a truck or a compound) to keep.
 *
 * Why two criteria: the most valuable arcs of every row point at the same few heavy compounds whose grid returns
 * last, which is rarely where a truck should go next. So each row keeps its best arcs by value per hour the truck
 * is then tied up, and each target keeps its best incoming arcs by value, so every compound stays reachable from
 * its best predecessors. Whoever prunes must price the rest (flowPlan) or evaluate on all arcs (the bound).
 */

export interface ArcSource {
  rows: number;
  cols: number;
  /** first column row r may point at (columns are in grid-return order) */
  firstCol(row: number): number;
  /** value of arc row → col (≤ 0: no arc) */
  value(row: number, col: number): number;
  /** hour the row's truck is free (its start, or the row compound's grid return) */
  freeAt(row: number): number;
  /** hour a truck at col is free again (col's grid return) */
  tiedUntil(col: number): number;
}

/**
 * Keeps, per row, its `perRow` best arcs by value per hour tied up, plus every column's `perCol` best incoming arcs.
 *
 * @example
 * const kept = selectArcs(source, 24, 24); // kept[row] = columns
 */
export function selectArcs(src: ArcSource, perRow: number, perCol: number): number[][] {
  const kept: number[][] = [];
  const colBest: { row: number; v: number }[][] = Array.from({ length: src.cols }, () => []);
  const colMin = new Float64Array(src.cols).fill(-Infinity);
  const rate = new Float64Array(src.cols);
  const idx = new Int32Array(src.cols);
  for (let r = 0; r < src.rows; r++) {
    let n = 0;
    const free = src.freeAt(r);
    for (let c = src.firstCol(r); c < src.cols; c++) {
      const v = src.value(r, c);
      if (v <= 0) continue;
      rate[n] = v / Math.max(1e-3, src.tiedUntil(c) - free);
      idx[n++] = c;
      // Running top-perCol incoming list per column (small: insertion keeps it sorted).
      if (perCol > 0 && perRow !== Infinity && (colBest[c].length < perCol || v > colMin[c])) {
        const list = colBest[c];
        let at = list.length;
        while (at > 0 && list[at - 1].v < v) at--;
        list.splice(at, 0, { row: r, v });
        if (list.length > perCol) list.pop();
        colMin[c] = list.length === perCol ? list[list.length - 1].v : -Infinity;
      }
    }
    const row: number[] = [];
    if (n <= perRow) for (let x = 0; x < n; x++) row.push(idx[x]);
    else {
      const threshold = kthLargest(rate.subarray(0, n), perRow);
      for (let x = 0; x < n && row.length < perRow; x++) if (rate[x] > threshold) row.push(idx[x]);
      for (let x = 0; x < n && row.length < perRow; x++) if (rate[x] === threshold) row.push(idx[x]);
    }
    kept.push(row);
  }
  const mark = new Int32Array(src.cols).fill(-1);
  const adds: number[][] = Array.from({ length: src.rows }, () => []);
  colBest.forEach((list, c) => { for (const { row } of list) adds[row].push(c); });
  kept.forEach((row, r) => {
    for (const c of row) mark[c] = r;
    for (const c of adds[r]) if (mark[c] !== r) { row.push(c); mark[c] = r; }
    row.sort((a, b) => a - b);
  });
  return kept;
}

/** The k-th largest of `values` (1-based), by quickselect on a copy. */
export function kthLargest(values: Float64Array, k: number): number {
  const a = Float64Array.from(values);
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target];
  }
  return a[target];
}
