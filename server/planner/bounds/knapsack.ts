/**
 * #17: the knapsacks of the MV bounds (mv-bound.ts, priced-mv-bound.ts) and of MV placement (mv-placement.ts): what
 * an MV truck's kW carries over a feeder's compounds, taken in part (fractional: valid upper bounds, fast) or each
 * whole or not at all (as a plan's MV stop supplies them: mv-sets.ts).
 */

/**
 * The most weight `cap` kW can carry when compounds may be taken in part (by weight per kW, greatest first).
 *
 * @example
 * // A (100, 600 kW) whole, then 400/600 of B (60, 600 kW): 100 + 40
 * fractionalKnapsack(1000, [{ weight: 100, loadKw: 600 }, { weight: 60, loadKw: 600 }]); // 140
 */
export function fractionalKnapsack(cap: number, items: readonly { weight: number; loadKw: number }[]): number {
  const sorted = [...items].sort((a, b) => b.weight / b.loadKw - a.weight / a.loadKw);
  let left = cap;
  let value = 0;
  for (const it of sorted) {
    if (!(left > 0)) break;
    const take = Math.min(1, left / it.loadKw);
    value += take * it.weight;
    left -= take * it.loadKw;
  }
  return value;
}

/**
 * The fractional knapsack of `kw` on a curve of a list sorted by worth per kW: cumKw[x] and cumV[x] the kW and value
 * of its first x entries (cumKw[0] = cumV[0] = 0), the last entry taken in part.
 *
 * @example
 * onCurve(Float64Array.of(0, 600, 1200), Float64Array.of(0, 100, 160), 1000); // 100 + 60 × 400 / 600 = 140
 */
export function onCurve(cumKw: ArrayLike<number>, cumV: ArrayLike<number>, kw: number): number {
  const n = cumKw.length - 1;
  if (!(kw < cumKw[n])) return cumV[n];
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const m = (lo + hi + 1) >> 1;
    if (cumKw[m] <= kw) lo = m; else hi = m - 1;
  }
  return cumV[lo] + ((cumV[lo + 1] - cumV[lo]) * (kw - cumKw[lo])) / (cumKw[lo + 1] - cumKw[lo]);
}

/**
 * The most value `cap` kW carries when each of `ids` (sorted by worth per kW, greatest first) is taken whole or not
 * (its value load × worth): depth-first, each branch cut by the fractional knapsack of what is left (Horowitz and
 * Sahni). An MV stop supplies the feeder's other compounds whole (mv-sets.ts), so the fractional value overstates it
 * by up to one compound; a feeder has a dozen or so, so the search is short.
 *
 * @example
 * // A (600 kW at 1/6 a kW: 100), B (600 kW: 60), C (300 kW at 0.1: 30) in 1,000 kW: A and C (130), not A and B
 * wholeKnapsack([0, 1, 2], Float64Array.of(600, 600, 300), Float64Array.of(100 / 600, 60 / 600, 30 / 300), 1000); // 130
 */
export function wholeKnapsack(ids: readonly number[], load: Float64Array, worth: Float64Array, cap: number): number {
  // the whole ones taken greedily while they fit: often all the fractional value already (nothing is cut)
  let best = 0;
  let left = cap;
  for (const i of ids) if (load[i] <= left) { best += load[i] * worth[i]; left -= load[i]; }
  if (!(fractionalRest(ids, load, worth, 0, cap) > best * (1 + 1e-12))) return best;
  const search = { ids, load, worth, best, nodes: 0 };
  visitKnapsack(search, 0, cap, 0);
  return search.best;
}

/** The fractional knapsack of ids[x..] in `left` kW (their worth per kW × kW): wholeKnapsack's cut. */
function fractionalRest(ids: readonly number[], load: Float64Array, worth: Float64Array, x: number, left: number): number {
  let v = 0;
  for (let y = x; y < ids.length && left > 0; y++) {
    const i = ids[y];
    const take = Math.min(left, load[i]);
    v += take * worth[i];
    left -= take;
  }
  return v;
}

/** wholeKnapsack's depth-first branch: ids[x] taken if it fits, then left out (module-level: no closure per call). */
function visitKnapsack(s: { ids: readonly number[]; load: Float64Array; worth: Float64Array; best: number; nodes: number }, x: number, left: number, value: number): void {
  if (value > s.best) s.best = value;
  // past a few thousand nodes the fractional value of what is left stands in (valid: it is larger)
  if (x === s.ids.length || ++s.nodes > 4096) {
    if (x < s.ids.length) s.best = Math.max(s.best, value + fractionalRest(s.ids, s.load, s.worth, x, left));
    return;
  }
  if (!(value + fractionalRest(s.ids, s.load, s.worth, x, left) > s.best)) return;
  const i = s.ids[x];
  if (s.load[i] <= left) visitKnapsack(s, x + 1, left - s.load[i], value + s.load[i] * s.worth[i]);
  visitKnapsack(s, x + 1, left, value);
}
