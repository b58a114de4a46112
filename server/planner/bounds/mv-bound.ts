/**
 * #17: how MV trucks enter the lower bound. An MV truck at an RMU supplies several compounds, which the path
 * relaxation (lower-bound.ts) does not model, so the bound is taken in two parts:
 *   bound = computeLowerBound(the instance with its MV trucks free only at the horizon) − Σ_k U_k,
 * where U_k bounds what MV truck k can save on its own. Valid because the customer-hours saved by a set of trucks
 * never exceed the sum of what its parts save alone (the supplied share min(1, Σ) is subadditive), and any plan's
 * LV part is a plan of the first instance.
 * U_k relaxes the truck to capacity that may be split over compounds at will: from its first free hour it is at one
 * place at a time, so at each instant it supplies at most a fractional knapsack of its kW over the compounds dark
 * then, either of one feeder (value weight, size loadKw) or one compound without a feeder (its share min(1, kW /
 * load)). U_k is that rate integrated to the horizon: no travel, no setup, no fuel, no crews (all only lower it).
 */
import type { Instance } from "../instance.ts";

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
 * Σ over MV trucks of U_k (see the file comment), customer-hours.
 *
 * @example
 * // one 1,000 kW MV truck free at 0; feeder F: A (weight 100, 600 kW), B (weight 60, 600 kW), both dark 0–10:
 * // the knapsack takes A whole and 400/600 of B: 100 + 40 = 140 an hour, × 10 h = 1,400
 * mvSavingBound(inst); // 1400
 */
export function mvSavingBound(inst: Instance): number {
  const trucks = mvTrucks(inst);
  if (trucks.length === 0) return 0;
  const res = inst.resources!;
  const cs = inst.compounds;
  const times = [...new Set(cs.flatMap((c) => [c.outageStart, c.gridReturn]))].sort((a, b) => a - b);
  // per (capacity) the rate on each interval between consecutive event times: trucks of one size share it
  const rates = new Map<number, Float64Array>();
  const rateOf = (cap: number): Float64Array => {
    let r = rates.get(cap);
    if (r) return r;
    r = new Float64Array(Math.max(0, times.length - 1));
    for (let x = 0; x + 1 < times.length; x++) {
      const mid = (times[x] + times[x + 1]) / 2;
      const dark = (i: number): boolean => cs[i].outageStart <= mid && mid < cs[i].gridReturn;
      let best = 0;
      for (const f of res.feeders) best = Math.max(best, fractionalKnapsack(cap, f.compounds.filter(dark).map((i) => cs[i])));
      for (let i = 0; i < cs.length; i++) if (res.feederOf[i] < 0 && dark(i)) best = Math.max(best, cs[i].weight * Math.min(1, cap / cs[i].loadKw));
      r[x] = best;
    }
    rates.set(cap, r);
    return r;
  };
  let total = 0;
  for (const k of trucks) {
    const from = inst.trucks[k].availableAt;
    const r = rateOf(inst.trucks[k].capacityKw);
    for (let x = 0; x + 1 < times.length; x++) {
      const a = Math.max(times[x], from);
      if (times[x + 1] > a) total += r[x] * (times[x + 1] - a);
    }
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
