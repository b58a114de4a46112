/**
 * #17: how MV trucks enter the lower bound. An MV truck at an RMU supplies several compounds, which the path
 * relaxation (lower-bound.ts) does not model, so the bound is taken in two parts:
 *   bound = computeLowerBound(the instance with its MV trucks free only at the horizon) − Σ_k U_k,
 * where U_k bounds what MV truck k can save on its own. Valid because the customer-hours saved by a set of trucks
 * never exceed the sum of what its parts save alone (the supplied share min(1, Σ) is subadditive), and any plan's
 * LV part is a plan of the first instance.
 * U_k relaxes the truck to capacity that may be split over a feeder's compounds: a stop at j supplies one set for
 * its whole stay (as a plan's MV stop does, j first), so at most j's share and then a knapsack of the kW left
 * over the feeder's other compounds, each whole or not at all (mv-sets.ts), worth its weight × the hours it is dark
 * while the truck is there
 * (stopValues; at a compound without a feeder its share min(1, kW / load) alone); its stops form a chain of
 * increasing grid returns; no travel, no fuel, no crews (all only lower it). Σ_k U_k is capped by pooledMvBound (the MV trucks
 * together), valid as well: the smaller counts.
 */
import type { Instance } from "../instance.ts";
import { truckStart } from "../simulate-routes.ts";
import { fractionalKnapsack, onCurve, wholeKnapsack } from "./knapsack.ts";

/** The MV trucks' indices: 10 kV trucks of an instance with feeders (none without resources). */
export function mvTrucks(inst: Instance): number[] {
  const res = inst.resources;
  if (!res || res.feeders.length === 0) return [];
  return res.mv.flatMap((mv, k) => (mv ? [k] : []));
}

/**
 * The instance with its MV trucks unable to do anything (first free at the horizon, when every grid is back).
 *
 * @example
 * computeLowerBound(withoutMvTrucks(inst)).bound - mvSavingBound(inst); // a lower bound of inst
 */
export function withoutMvTrucks<T extends Instance>(inst: T): T {
  const mv = new Set(mvTrucks(inst));
  if (mv.size === 0) return inst;
  return { ...inst, trucks: inst.trucks.map((t, k) => (mv.has(k) ? { ...t, availableAt: Math.max(t.availableAt, inst.horizon) } : t)) };
}

/**
 * Σ over MV trucks of U_k (see the file comment), customer-hours. U_k is the best chain of stops with increasing
 * grid returns (after a useful stop the truck is held there until that compound's grid returns): a stop at j, the
 * truck free at τ, is worth at most stopValues(j, τ) (one set from τ + setup_j to G_j: at most the knapsack rate of
 * j's feeder integrated instant by instant, which the bound took before); travel counts as 0. The chain starts
 * when the truck is free after its kept connections (whose own supply the path bound of withoutMvTrucks counts).
 *
 * @example
 * // one 1,000 kW MV truck free at 0; feeder F: A (weight 100, 600 kW), B (weight 60, 600 kW), both dark 0–10,
 * // setup 1 h: the knapsack takes A whole, B does not fit in the 400 kW left: 100 an hour, from 1 to 10: 900
 * mvSavingBound(inst); // 900
 */
export function mvSavingBound(inst: Instance, darkUntil?: ArrayLike<number>): number {
  const trucks = mvTrucks(inst);
  if (trucks.length === 0) return 0;
  const cs = inst.compounds;
  // (joint-mv-bound.ts: a compound counts as dark for the MV trucks only until darkUntil; a stop still holds its truck
  // until its own compound's grid return)
  const until = (i: number): number => Math.min(cs[i].gridReturn, darkUntil?.[i] ?? Infinity);
  const times = [...new Set(cs.flatMap((c) => [c.outageStart, c.gridReturn, until(c.index)]))].sort((a, b) => a - b);
  const stop = stopValues(inst, until);
  const rates = new Map<number, Float64Array>();
  /** the most a stop at j saves an hour: j's share of its weight, then the feeder's others by weight per kW */
  const rate = (cap: number, j: number): number => {
    let r = rates.get(cap);
    if (!r) {
      const row = cs.map((c) => {
        const f = inst.resources!.feederOf[c.index];
        const share = Math.min(1, cap / c.loadKw) * c.weight;
        if (f < 0) return share;
        return share + fractionalKnapsack(cap - Math.min(cap, c.loadKw), inst.resources!.feeders[f].compounds.filter((i) => i !== c.index).map((i) => cs[i]));
      });
      r = Float64Array.from(row);
      rates.set(cap, r);
    }
    return r[j];
  };
  // anchors by grid return, in groups of equal grid return (a chain's next stop has a later one)
  const order = cs.map((c) => c.index).sort((a, b) => cs[a].gridReturn - cs[b].gridReturn || a - b);
  let total = 0;
  const memo = new Map<string, number>();
  // stop values from a group's grid return, per capacity: the same for every truck free by then (trucks of one size
  // share most of them; without this the chains took ~0.8 s on the 600-compound operations city)
  const groups = new Set(cs.map((c) => c.gridReturn)).size;
  const fromGroup = new Map<number, Float64Array>();
  for (const k of trucks) {
    const cap = inst.trucks[k].capacityKw;
    const free = truckStart(inst, k).free;
    const key = `${cap}:${free}`;
    const known = memo.get(key);
    if (known !== undefined) { total += known; continue; }
    // chains ending before: (free hour, best value), both increasing (an entry later and worth no more is dominated,
    // stop values only fall as the truck comes later)
    let seen = fromGroup.get(cap);
    if (!seen) fromGroup.set(cap, (seen = new Float64Array(cs.length * groups).fill(NaN)));
    const frontG: number[] = [];
    const frontT: number[] = [];
    const frontV: number[] = [];
    let most = 0;
    for (let a = 0, group = 0; a < order.length; group++) {
      let e = a;
      while (e < order.length && cs[order[e]].gridReturn === cs[order[a]].gridReturn) e++;
      // the group's best chain: the next front entry (chains after this group start at its grid return)
      let g = 0;
      for (let x = a; x < e; x++) {
        const j = order[x];
        const first = stop(cap, j, free);
        let b = first;
        // a stop from T saves at most its best rate × the hours left: most chains are ruled out without a knapsack
        const r = rate(cap, j);
        const end = cs[j].gridReturn - cs[j].setupHours;
        for (let p = frontV.length - 1; p >= 0 && frontV[p] + first > b; p--) {
          if (!(frontT[p] > free)) { b = Math.max(b, frontV[p] + first); continue; }
          if (!(frontV[p] + r * Math.max(0, end - frontT[p]) > b)) continue;
          const at = j * groups + frontG[p];
          let v = seen[at];
          if (Number.isNaN(v)) seen[at] = v = stop(cap, j, frontT[p]);
          b = Math.max(b, frontV[p] + v);
        }
        g = Math.max(g, b);
      }
      most = Math.max(most, g);
      if (g > 0 && (frontV.length === 0 || g > frontV[frontV.length - 1])) { frontG.push(group); frontT.push(cs[order[a]].gridReturn); frontV.push(g); }
      a = e;
    }
    memo.set(key, most);
    total += most;
  }
  // the placement (feederAssignment, most of the pooled bound's time) only lowers the pooled bound: worth it where
  // that bound is near the chains' sum (on the operations city the chains bind: it is 10-15% above them, and placed
  // 5% lower)
  const loose = pooledMvBound(inst, trucks, times, until, false);
  return Math.min(total, loose, loose < 1.08 * total ? pooledMvBound(inst, trucks, times, until) : Infinity);
}

/**
 * What one stop saves at most: an MV truck of `cap` kW free at the RMU of j's feeder at τ (no drive counted) is on
 * from τ + setup_j until j's grid returns, and supplies one set all that time, j first (its share, as every MV stop
 * of a plan: shared/plan.ts `supplies`, compound first), then the feeder's others, each worth its weight × the hours
 * it is dark (until `until`) while the truck is there, each whole or not at all, as a plan's stop supplies them
 * (wholeKnapsack: exact, so at least any set that fits). A compound without a feeder: its share alone. The set is
 * fixed for the stop, so this is at most the knapsack rate integrated instant by instant (which may change the set
 * as grids return).
 *
 * @example
 * // 1,000 kW at A (weight 100, 600 kW, back at 10) from 1: A 100 × 9; B (60, 600 kW) does not fit in the 400 kW
 * // left, C (30, 300 kW, back at 5) does: 30 × 4
 * stopValues(inst, (i) => inst.compounds[i].gridReturn)(1000, 0, 0); // 900 + 120
 */
export function stopValues(inst: Instance, until: (i: number) => number): (cap: number, j: number, tau: number) => number {
  const res = inst.resources!;
  const cs = inst.compounds;
  const end = Float64Array.from(cs, (c) => until(c.index));
  const start = Float64Array.from(cs, (c) => c.outageStart);
  const weight = Float64Array.from(cs, (c) => c.weight);
  const load = Float64Array.from(cs, (c) => c.loadKw);
  const worth = new Float64Array(cs.length);
  const ids: number[] = [];
  const byWorth = (x: number, y: number): number => worth[y] - worth[x];
  return (cap, j, tau) => {
    const from = tau + cs[j].setupHours;
    const hold = cs[j].gridReturn;
    if (!(from < hold)) return 0;
    const value = Math.min(1, cap / load[j]) * weight[j] * Math.max(0, Math.min(end[j], hold) - Math.max(from, start[j]));
    const f = res.feederOf[j];
    const left = cap - Math.min(cap, load[j]);
    if (f < 0 || !(left > 0)) return value;
    ids.length = 0;
    for (const i of res.feeders[f].compounds) {
      if (i === j) continue;
      const h = Math.min(end[i], hold) - Math.max(from, start[i]);
      if (h > 0 && weight[i] > 0) { worth[i] = (weight[i] * h) / load[i]; ids.push(i); }
    }
    ids.sort(byWorth);
    return value + wholeKnapsack(ids, load, worth, left);
  };
}

/**
 * What the MV trucks save together at most, instant by instant: at t they carry at most the fractional knapsack
 * of their summed kW over every compound dark then (a compound supplied twice counts once), and no more than each
 * alone at its best feeder (Σ of its own knapsack rates), nor than with each at one feeder (`place`:
 * feederAssignment); a truck counts from its first free hour plus the shortest setup (travel 0). Valid for the
 * same reasons as the chain (its stops relaxed to any place at any instant), and tighter when several MV trucks
 * would all claim the same compounds.
 *
 * @example
 * // two 1,000 kW MV trucks, feeder F: A (100, 600 kW), B (60, 600 kW); C (30, 200 kW) on none; dark 0–10, setup
 * // 1 h, both free at 0: alone each 140 an hour; together A, B and C whole, 190 an hour; each at one place: one
 * // at F (140), one at C (30): 170 an hour, × 9
 * pooledMvBound(inst, [0, 1], [0, 10]); // 1530
 */
export function pooledMvBound(inst: Instance, trucks: readonly number[], times: readonly number[],
  until: (i: number) => number = (i) => inst.compounds[i].gridReturn, place = true): number {
  const res = inst.resources!;
  const cs = inst.compounds;
  const setup = Math.min(...cs.map((c) => c.setupHours));
  const from = trucks.map((k) => truckStart(inst, k).free + setup);
  const cuts = [...new Set([...times, ...from])].filter(Number.isFinite).sort((a, b) => a - b);
  // weight per kW does not change with the hour: every knapsack below walks lists sorted by it once, skipping
  // the compounds not dark at the instant (sorting them anew at each of ~1,200 instants took ~0.5 s at 600)
  const ratio = (i: number): number => cs[i].weight / cs[i].loadKw;
  const byRatio = (a: number, b: number): number => ratio(b) - ratio(a) || a - b;
  const all = cs.map((c) => c.index).sort(byRatio);
  const feeders = res.feeders.map((f) => [...f.compounds].sort(byRatio));
  const alone = cs.flatMap((c) => (res.feederOf[c.index] < 0 ? [c.index] : []));
  const end = Float64Array.from(cs, (c) => until(c.index));
  const dark = new Uint8Array(cs.length);
  const shapes: PlacementMemo = new Map();
  let total = 0;
  for (let x = 0; x + 1 < cuts.length; x++) {
    const mid = (cuts[x] + cuts[x + 1]) / 2;
    const active = trucks.filter((_k, i) => from[i] <= mid);
    if (active.length === 0) continue;
    let any = false;
    for (const c of cs) any = (dark[c.index] = c.outageStart <= mid && mid < end[c.index] ? 1 : 0) === 1 || any;
    if (!any) continue;
    /** per capacity: the best rate of one truck alone (its best feeder, or one compound without a feeder) */
    const bestAlone = new Map<number, number>();
    let apart = 0;
    for (const k of active) {
      const cap = inst.trucks[k].capacityKw;
      let best = bestAlone.get(cap);
      if (best === undefined) {
        best = 0;
        for (const list of feeders) best = Math.max(best, sortedKnapsack(cap, list, cs, dark));
        for (const i of alone) if (dark[i]) best = Math.max(best, cs[i].weight * Math.min(1, cap / cs[i].loadKw));
        bestAlone.set(cap, best);
      }
      apart += best;
    }
    const together = sortedKnapsack(active.reduce((a, k) => a + inst.trucks[k].capacityKw, 0), all, cs, dark);
    const placed = place ? feederAssignment(active.map((k) => inst.trucks[k].capacityKw), feeders, alone, cs, dark, shapes) : Infinity;
    total += Math.min(apart, together, placed) * (cuts[x + 1] - cuts[x]);
  }
  return total;
}

/**
 * At one instant, the most trucks of kW `caps` supply when each stands at one feeder (or at one compound on none),
 * the trucks at one feeder sharing its dark compounds: max over the trucks' feeders of Σ per feeder the fractional
 * knapsack of their summed kW (valid: a compound supplied twice counts once). Exact by a DP over the feeders on how
 * many trucks of each size are placed so far; compounds on no feeder each take one truck, worth at most their
 * weight × their share of the largest truck. Infinity (no cap) when the sizes make more than 1,024 states.
 * Tighter than `together` (the summed kW over every compound: it spreads one truck over many feeders) and than
 * `apart` (every truck at the same best feeder).
 *
 * @example
 * // two 1,000 kW trucks; feeder F: A (100, 600 kW), B (60, 600 kW); feeder G: D (50, 1,000 kW); all dark.
 * // together: A, B, then D by 800 / 1,000 (40): 200. Placed: both at F carry A and B (160); one at F (A and
 * // 400/600 of B: 140) and one at G (D: 50): 190
 */
export function feederAssignment(caps: readonly number[], feeders: readonly (readonly number[])[], alone: readonly number[],
  cs: Instance["compounds"], dark: Uint8Array, shapes: PlacementMemo = new Map()): number {
  const shape = placementStates(caps, shapes);
  if (shape === null) return Infinity;
  const { states, kw, placed, pairs } = shape;
  let best = new Float64Array(states).fill(-Infinity);
  best[0] = 0;
  let next = new Float64Array(states);
  const g = new Float64Array(states);
  const curveKw = [0];
  const curveValue = [0];
  for (const list of feeders) {
    // the feeder's fractional knapsack as a curve of kW: its dark compounds by weight per kW, cumulated
    curveKw.length = 1;
    curveValue.length = 1;
    for (const i of list) {
      if (!dark[i]) continue;
      curveKw.push(curveKw[curveKw.length - 1] + cs[i].loadKw);
      curveValue.push(curveValue[curveValue.length - 1] + cs[i].weight);
    }
    if (curveKw.length === 1) continue;
    for (let x = 1; x < states; x++) g[x] = onCurve(curveKw, curveValue, kw[x]);
    next.set(best);
    for (let p = 0; p < pairs.length; p += 2) {
      const s = pairs[p];
      const x = pairs[p + 1];
      const v = best[s] + g[x];
      if (v > next[s + x]) next[s + x] = v;
    }
    [best, next] = [next, best];
  }
  const largest = Math.max(0, ...caps);
  const singles = alone.filter((i) => dark[i]).map((i) => cs[i].weight * Math.min(1, largest / cs[i].loadKw)).sort((a, b) => b - a);
  const prefix = [0];
  for (const v of singles) prefix.push(prefix[prefix.length - 1] + v);
  let most = 0;
  for (let s = 0; s < states; s++) {
    if (best[s] === -Infinity) continue;
    most = Math.max(most, best[s] + prefix[Math.min(caps.length - placed[s], singles.length)]);
  }
  return most;
}

/**
 * feederAssignment's states: how many trucks of each size are placed, as one mixed-radix number; each state's kW
 * and truck count, and every (placed so far, placed at the next feeder) pair that fits, flattened. null past 1,024.
 */
function placementStates(caps: readonly number[], memo: PlacementMemo): PlacementStates | null {
  const key = caps.join(",");
  const known = memo.get(key);
  if (known !== undefined) return known;
  const sizes = [...new Set(caps)].sort((a, b) => a - b);
  const counts = sizes.map((c) => caps.filter((x) => x === c).length);
  let states = 1;
  for (const n of counts) states *= n + 1;
  if (states > 1024) { memo.set(key, null); return null; }
  const digits = new Int32Array(states * sizes.length);
  const kw = new Float64Array(states);
  const placed = new Int32Array(states);
  for (let s = 0; s < states; s++) {
    let rest = s;
    sizes.forEach((c, i) => {
      const d = rest % (counts[i] + 1);
      rest = Math.floor(rest / (counts[i] + 1));
      digits[s * sizes.length + i] = d;
      kw[s] += c * d;
      placed[s] += d;
    });
  }
  const pairs: number[] = [];
  for (let s = 0; s < states; s++) {
    for (let x = 1; x < states; x++) {
      if (sizes.every((_c, i) => digits[s * sizes.length + i] + digits[x * sizes.length + i] <= counts[i])) pairs.push(s, x);
    }
  }
  const shape = { states, kw, placed, pairs: Int32Array.from(pairs) };
  memo.set(key, shape);
  return shape;
}

interface PlacementStates { states: number; kw: Float64Array; placed: Int32Array; pairs: Int32Array }

/** placementStates by the trucks' sizes: one per pooled bound (its active trucks change a few times over the hours) */
type PlacementMemo = Map<string, PlacementStates | null>;

/** fractionalKnapsack over the compounds of `sorted` (by weight per kW, greatest first) flagged in `use`. */
function sortedKnapsack(cap: number, sorted: readonly number[], cs: Instance["compounds"], use: Uint8Array): number {
  let left = cap;
  let value = 0;
  for (const i of sorted) {
    if (!(left > 0)) break;
    if (!use[i]) continue;
    const take = Math.min(1, left / cs[i].loadKw);
    value += take * cs[i].weight;
    left -= take * cs[i].loadKw;
  }
  return value;
}
