/**
 * The commander's rule, the baseline every plan is compared with (issue #2 contract): compounds in descending
 * priority × households; each goes to the truck that can switch it on soonest among those with enough capacity,
 * else the soonest truck of any size; skipped when no truck can switch it on before its grid returns.
 * #17: with crews and tankers the rule's routes are scheduled by its own plain choices (schedule-resources.ts, policy
 * "rule": the crew free first; the nearest tanker once a truck is down to a quarter of its tank), so the saving
 * against it stays a fair comparison; the routes themselves are chosen as before.
 * Compounds with a kept connection are left as they are. Ties go to the lower compound index, then the lower truck index (deterministic).
 *
 * Why trucks are tried in order of a lower bound: an exact trip may need a shortest-path search (a re-plan after a
 * road closes needs hundreds), while the soonest truck is usually among the first few. Trucks whose bound already
 * exceeds the best exact switch-on found are never driven to; every truck that could tie or win is, so the result
 * is the exhaustive rule's (commander-rule.test.ts compares both).
 */
import type { Instance, Routes } from "./instance.ts";
import { truckStart } from "./simulate-routes.ts";

export interface CommanderRuleOptions {
  /** evaluate every truck's exact trip for every compound (the reference the pruned rule must equal) */
  exhaustive?: boolean;
}

/**
 * @example
 * const routes = commanderRule(inst); // e.g. [[2, 0], [1]]
 */
export function commanderRule(inst: Instance, options: CommanderRuleOptions = {}): Routes {
  const routes: Routes = inst.trucks.map(() => []);
  const state = inst.trucks.map((_t, k) => truckStart(inst, k));
  const order = inst.compounds.map((c) => c.index).sort((a, b) => inst.compounds[b].weight - inst.compounds[a].weight || a - b);
  // a compound with a kept connection already has its truck: the rule only dispatches free trucks to dark compounds
  const kept = new Set(inst.trucks.flatMap((t) => t.fixed.map((f) => f.compound)));
  const tb = !options.exhaustive && inst.travelBound?.of === inst.travel ? inst.travelBound : null;
  const K = inst.trucks.length;
  // per truck, the bound from where and when it is free (rows looked up once per truck state, not per compound)
  const boundFrom = (k: number): ((to: number) => number) => {
    const { site, free } = state[k];
    return tb!.lowerBoundFrom?.(site, free) ?? ((to) => tb!.lowerBound(site, to, free));
  };
  const lowerOf = tb === null ? [] : inst.trucks.map((_t, k) => boundFrom(k));
  const bound = new Float64Array(K);
  const byBound = Array.from({ length: K }, (_t, k) => k);
  for (const i of order) {
    const c = inst.compounds[i];
    if (c.gridReturn <= inst.at || kept.has(i)) continue;
    let bigK = -1, bigT = Infinity, anyK = -1, anyT = Infinity;
    const consider = (k: number): void => {
      const { site, free } = state[k];
      const switchOn = free + inst.travel(site, i, free) + c.setupHours;
      if (!(switchOn < c.gridReturn)) return;
      // trucks may come out of index order: an equal switch-on goes to the lower index, as in the exhaustive rule
      if (inst.trucks[k].capacityKw >= c.loadKw && (switchOn < bigT || (switchOn === bigT && k < bigK))) { bigT = switchOn; bigK = k; }
      if (switchOn < anyT || (switchOn === anyT && k < anyK)) { anyT = switchOn; anyK = k; }
    };
    if (tb === null) {
      for (let k = 0; k < K; k++) consider(k);
    } else {
      // free + (travel bound) + setup ≤ free + travel + setup: floating-point addition is monotone
      let first = -1;
      for (let k = 0; k < K; k++) {
        bound[k] = state[k].free + lowerOf[k](i) + c.setupHours;
        if (inst.trucks[k].capacityKw >= c.loadKw && (first < 0 || bound[k] < bound[first])) first = k;
      }
      // the big truck of least bound first: its exact switch-on (if in time) caps the trucks worth sorting
      if (first >= 0 && bound[first] < c.gridReturn) consider(first);
      const cap = bigK >= 0 ? bigT : c.gridReturn;
      let n = 0;
      for (let k = 0; k < K; k++) if (bound[k] <= cap && k !== bigK) byBound[n++] = k;
      const sorted = byBound.slice(0, n).sort((a, b) => bound[a] - bound[b] || a - b);
      for (const k of sorted) {
        const b = bound[k];
        // no later truck can be on before the grid returns, nor beat (or tie) the best truck with enough capacity
        if (!(b < c.gridReturn) || (bigK >= 0 && b > bigT)) break;
        const big = inst.trucks[k].capacityKw >= c.loadKw;
        // a small truck matters only while no big one qualifies, and only if it could beat (or tie) the best so far
        if (!big && (bigK >= 0 || b > anyT)) continue;
        consider(k);
      }
    }
    const k = bigK >= 0 ? bigK : anyK;
    if (k < 0) continue;
    routes[k].push(i);
    state[k] = { site: i, free: Math.max(c.gridReturn, k === bigK ? bigT : anyT) };
    if (tb !== null) lowerOf[k] = boundFrom(k);
  }
  return routes;
}
