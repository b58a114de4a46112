/**
 * #17: how MV trucks enter the lower bound. An MV truck at an RMU supplies several compounds, which the path
 * relaxation (lower-bound.ts) does not model, so the bound is taken in two parts:
 *   bound = computeLowerBound(the instance with its MV trucks free only at the horizon) − Σ_k U_k,
 * where U_k bounds what MV truck k can save on its own. Valid because the customer-hours saved by a set of trucks
 * never exceed the sum of what its parts save alone (the supplied share min(1, Σ) is subadditive), and any plan's
 * LV part is a plan of the first instance.
 * U_k relaxes the truck to capacity that may be split over a feeder's compounds at will: on a stop it supplies at
 * most a fractional knapsack of its kW over the compounds of that stop's feeder dark at each instant (value weight,
 * size loadKw), or at a compound without a feeder its share min(1, kW / load); its stops form a chain of increasing
 * grid returns; no travel, no fuel, no crews (all only lower it). Σ_k U_k is capped by pooledMvBound (the MV trucks
 * together), valid as well: the smaller counts.
 */
import type { Instance } from "../instance.ts";
import { truckStart } from "../simulate-routes.ts";

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
 * truck free at τ, is worth at most ∫ from τ + setup_j to G_j of the knapsack rate of j's feeder (of j alone without
 * a feeder); travel counts as 0. The chain starts when the truck is free after its kept connections (whose own
 * supply the path bound of withoutMvTrucks counts).
 *
 * @example
 * // one 1,000 kW MV truck free at 0; feeder F: A (weight 100, 600 kW), B (weight 60, 600 kW), both dark 0–10,
 * // setup 1 h: the knapsack takes A whole and 400/600 of B, 100 + 40 = 140 an hour, from 1 to 10: 1,260
 * mvSavingBound(inst); // 1260
 */
export function mvSavingBound(inst: Instance, darkUntil?: ArrayLike<number>): number {
  const trucks = mvTrucks(inst);
  if (trucks.length === 0) return 0;
  const res = inst.resources!;
  const cs = inst.compounds;
  // (joint-mv-bound.ts: a compound counts as dark for the MV trucks only until darkUntil; a stop still holds its truck
  // until its own compound's grid return)
  const until = (i: number): number => Math.min(cs[i].gridReturn, darkUntil?.[i] ?? Infinity);
  const times = [...new Set(cs.flatMap((c) => [c.outageStart, c.gridReturn, until(c.index)]))].sort((a, b) => a - b);
  /** per capacity, per feeder: prefix integrals of the knapsack rate over `times` */
  const prefixes = new Map<number, Float64Array[]>();
  const prefixOf = (cap: number): Float64Array[] => {
    let p = prefixes.get(cap);
    if (p) return p;
    p = res.feeders.map((f) => {
      const out = new Float64Array(times.length);
      for (let x = 0; x + 1 < times.length; x++) {
        const mid = (times[x] + times[x + 1]) / 2;
        const dark = f.compounds.filter((i) => cs[i].outageStart <= mid && mid < until(i)).map((i) => cs[i]);
        out[x + 1] = out[x] + fractionalKnapsack(cap, dark) * (times[x + 1] - times[x]);
      }
      return out;
    });
    prefixes.set(cap, p);
    return p;
  };
  /** ∫ from `times[0]` to t of the piecewise-linear prefix */
  const at = (prefix: Float64Array, t: number): number => {
    if (t <= times[0]) return 0;
    if (t >= times[times.length - 1]) return prefix[times.length - 1];
    let lo = 0;
    let hi = times.length - 1;
    while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (times[mid] <= t) lo = mid; else hi = mid; }
    return prefix[lo] + ((prefix[hi] - prefix[lo]) * (t - times[lo])) / (times[hi] - times[lo]);
  };
  const order = cs.map((c) => c.index).sort((a, b) => cs[a].gridReturn - cs[b].gridReturn || a - b);
  let total = 0;
  const memo = new Map<string, number>();
  for (const k of trucks) {
    const cap = inst.trucks[k].capacityKw;
    const free = truckStart(inst, k).free;
    const key = `${cap}:${free}`;
    const known = memo.get(key);
    if (known !== undefined) { total += known; continue; }
    const prefix = prefixOf(cap);
    /** what a stop at j saves at most when the truck is free there at τ */
    const value = (j: number, tau: number): number => {
      const c = cs[j];
      const from = tau + c.setupHours;
      if (!(from < c.gridReturn)) return 0;
      const f = res.feederOf[j];
      if (f >= 0) return at(prefix[f], c.gridReturn) - at(prefix[f], from);
      return c.weight * Math.min(1, cap / c.loadKw) * Math.max(0, until(j) - Math.max(from, c.outageStart));
    };
    const best = new Float64Array(cs.length);
    let most = 0;
    for (let a = 0; a < order.length; a++) {
      const j = order[a];
      let b = value(j, free);
      for (let p = 0; p < a; p++) {
        const i = order[p];
        if (cs[i].gridReturn < cs[j].gridReturn && best[i] > 0) b = Math.max(b, best[i] + value(j, Math.max(free, cs[i].gridReturn)));
      }
      best[j] = b;
      most = Math.max(most, b);
    }
    memo.set(key, most);
    total += most;
  }
  return Math.min(total, pooledMvBound(inst, trucks, times, until));
}

/**
 * What the MV trucks save together at most, instant by instant: at t they carry at most the fractional knapsack
 * of their summed kW over every compound dark then (a compound supplied twice counts once), and no more than each
 * alone at its best feeder (Σ of its own knapsack rates); a truck counts from its first free hour plus the
 * shortest setup (travel 0). Valid for the same reasons as the chain (its stops relaxed to any place at any
 * instant), and tighter when several MV trucks would all claim the same compounds.
 *
 * @example
 * // two 1,000 kW MV trucks, feeder F: A (100, 600 kW), B (60, 600 kW); C (30, 200 kW) on none; dark 0–10, setup
 * // 1 h, both free at 0: alone each 140 an hour (1,260 each); together A, B and C whole, 190 an hour: 190 × 9
 * pooledMvBound(inst, [0, 1], [0, 10]); // 1710
 */
export function pooledMvBound(inst: Instance, trucks: readonly number[], times: readonly number[],
  until: (i: number) => number = (i) => inst.compounds[i].gridReturn): number {
  const res = inst.resources!;
  const cs = inst.compounds;
  const setup = Math.min(...cs.map((c) => c.setupHours));
  const from = trucks.map((k) => truckStart(inst, k).free + setup);
  const cuts = [...new Set([...times, ...from])].filter(Number.isFinite).sort((a, b) => a - b);
  let total = 0;
  for (let x = 0; x + 1 < cuts.length; x++) {
    const mid = (cuts[x] + cuts[x + 1]) / 2;
    const active = trucks.filter((_k, i) => from[i] <= mid);
    if (active.length === 0) continue;
    const isDark = (c: Instance["compounds"][number]): boolean => c.outageStart <= mid && mid < until(c.index);
    const dark = cs.filter(isDark);
    if (dark.length === 0) continue;
    const byFeeder = res.feeders.map((f) => f.compounds.map((i) => cs[i]).filter(isDark));
    /** per capacity: the best rate of one truck alone (its best feeder, or one compound without a feeder) */
    const bestAlone = new Map<number, number>();
    let alone = 0;
    for (const k of active) {
      const cap = inst.trucks[k].capacityKw;
      let best = bestAlone.get(cap);
      if (best === undefined) {
        best = 0;
        for (const list of byFeeder) if (list.length > 0) best = Math.max(best, fractionalKnapsack(cap, list));
        for (const c of dark) if (res.feederOf[c.index] < 0) best = Math.max(best, c.weight * Math.min(1, cap / c.loadKw));
        bestAlone.set(cap, best);
      }
      alone += best;
    }
    const together = fractionalKnapsack(active.reduce((a, k) => a + inst.trucks[k].capacityKw, 0), dark);
    total += Math.min(alone, together) * (cuts[x + 1] - cuts[x]);
  }
  return total;
}

/** The most weight `cap` kW can carry when compounds may be taken in part (by weight per kW, greatest first). */
function fractionalKnapsack(cap: number, items: readonly { weight: number; loadKw: number }[]): number {
  const sorted = [...items].sort((a, b) => b.weight / b.loadKw - a.weight / a.loadKw);
  let left = cap;
  let value = 0;
  for (const it of sorted) {
    if (left <= 0) break;
    const take = Math.min(1, left / it.loadKw);
    value += take * it.weight;
    left -= take * it.loadKw;
  }
  return value;
}
