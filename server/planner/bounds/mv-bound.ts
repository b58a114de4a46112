/**
 * #17: how MV trucks enter the lower bound. An MV truck at an RMU supplies several compounds, which the path
 * relaxation (lower-bound.ts) does not model, so the bound is taken in two parts:
 *   bound = computeLowerBound(the instance with its MV trucks free only at the horizon) − Σ_k U_k,
 * where U_k bounds what MV truck k can save on its own. Valid because the customer-hours saved by a set of trucks
 * never exceed the sum of what its parts save alone (the supplied share min(1, Σ) is subadditive), and any plan's
 * LV part is a plan of the first instance.
 * U_k relaxes the truck to capacity that may be split over a feeder's compounds: a stop at j supplies one set for
 * its whole stay (as a plan's MV stop does, j first), so at most j's share and then a fractional knapsack of the
 * kW left over the feeder's other compounds, each worth its weight × the hours it is dark while the truck is there
 * (stopValues; at a compound without a feeder its share min(1, kW / load) alone); its stops form a chain of
 * increasing grid returns; no travel, no fuel, no crews (all only lower it). Σ_k U_k is capped by pooledMvBound (the MV trucks
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
 * truck free at τ, is worth at most stopValues(j, τ) (one set from τ + setup_j to G_j: at most the knapsack rate of
 * j's feeder integrated instant by instant, which the bound took before); travel counts as 0. The chain starts
 * when the truck is free after its kept connections (whose own supply the path bound of withoutMvTrucks counts).
 *
 * @example
 * // one 1,000 kW MV truck free at 0; feeder F: A (weight 100, 600 kW), B (weight 60, 600 kW), both dark 0–10,
 * // setup 1 h: the knapsack takes A whole and 400/600 of B, 100 + 40 = 140 an hour, from 1 to 10: 1,260
 * mvSavingBound(inst); // 1260
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
  for (const k of trucks) {
    const cap = inst.trucks[k].capacityKw;
    const free = truckStart(inst, k).free;
    const key = `${cap}:${free}`;
    const known = memo.get(key);
    if (known !== undefined) { total += known; continue; }
    // chains ending before: (free hour, best value), both increasing (an entry later and worth no more is dominated,
    // stop values only fall as the truck comes later)
    const frontT: number[] = [];
    const frontV: number[] = [];
    let most = 0;
    for (let a = 0; a < order.length;) {
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
          const t = Math.max(free, frontT[p]);
          if (frontV[p] + r * Math.max(0, end - t) > b) b = Math.max(b, frontV[p] + stop(cap, j, t));
        }
        g = Math.max(g, b);
      }
      most = Math.max(most, g);
      if (g > 0 && (frontV.length === 0 || g > frontV[frontV.length - 1])) { frontT.push(cs[order[a]].gridReturn); frontV.push(g); }
      a = e;
    }
    memo.set(key, most);
    total += most;
  }
  return Math.min(total, pooledMvBound(inst, trucks, times, until));
}

/**
 * What one stop saves at most: an MV truck of `cap` kW free at the RMU of j's feeder at τ (no drive counted) is on
 * from τ + setup_j until j's grid returns, and supplies one set all that time, j first (its share, as every MV stop
 * of a plan: shared/plan.ts `supplies`, compound first), then the feeder's others, each worth its weight × the hours
 * it is dark (until `until`) while the truck is there; taken in part by worth per kW (a fractional knapsack, so at
 * least any set that fits). A compound without a feeder: its share alone. The set is fixed for the stop, so this is
 * at most the knapsack rate integrated instant by instant (which may change the set as grids return).
 *
 * @example
 * // 1,000 kW at A (weight 100, 600 kW, back at 10) from 1: A 100 × 9, then B (60, 600 kW, back at 5) 400/600 × 60 × 4
 * stopValues(inst, (i) => inst.compounds[i].gridReturn)(1000, 0, 0); // 900 + 160
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
    let value = Math.min(1, cap / load[j]) * weight[j] * Math.max(0, Math.min(end[j], hold) - Math.max(from, start[j]));
    const f = res.feederOf[j];
    let left = cap - Math.min(cap, load[j]);
    if (f < 0 || !(left > 0)) return value;
    ids.length = 0;
    for (const i of res.feeders[f].compounds) {
      if (i === j) continue;
      const h = Math.min(end[i], hold) - Math.max(from, start[i]);
      if (h > 0 && weight[i] > 0) { worth[i] = (weight[i] * h) / load[i]; ids.push(i); }
    }
    ids.sort(byWorth);
    for (const i of ids) {
      const take = Math.min(left, load[i]);
      value += take * worth[i];
      left -= take;
      if (!(left > 0)) break;
    }
    return value;
  };
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
