/**
 * The independent exact method for small instances (≈10 compounds, 3 trucks) under the general model: partial
 * supply, several trucks on one compound, time-dependent travel, fixed connections.
 *
 * Why it is exhaustive: a truck stays at a compound until its grid returns, so a stop switched on before its grid
 * returns frees the truck only at G_j, and the next useful stop must have a later grid return. Each truck's useful
 * routes are therefore the G-increasing sequences of compounds it can reach in time, which depend on no other
 * truck: we enumerate them all per truck, then search every combination (one route per truck) by branch and
 * bound. The bound uses each route's value alone, which can only overstate its value next to other trucks
 * (min(1, supply) is concave). Stops that save nothing (switched on after the grid returns) are not enumerated:
 * with time-invariant travel dropping them never delays anything (triangle inequality); with timed floods they
 * could only serve as a detour to wait out a flood, which this method does not consider.
 */
import type { Instance, Routes } from "../instance.ts";
import { noTrucksOutage, supplyShare, truckStart } from "../flow/truck-start.ts";
import { compoundSaving, type Supply } from "./evaluate-routes.ts";

export interface ExhaustiveResult {
  routes: Routes;
  /** proven minimum customer outage hours (over plans whose every stop switches on before its grid returns) */
  cost: number;
  /** combinations evaluated */
  nodes: number;
}

export interface Candidate {
  stops: number[];
  on: number[];
  /** value alone (over fixed connections): an upper bound on its value next to any other routes */
  alone: number;
}

/**
 * Proves the optimum by enumeration; throws if a truck has more than `maxRoutes` candidate routes.
 *
 * @example
 * solveExhaustive(buildSmallInstance(3)).cost;
 */
export function solveExhaustive(instance: Instance, options: { maxRoutes?: number } = {}): ExhaustiveResult {
  const maxRoutes = options.maxRoutes ?? 200_000;
  const C = instance.compounds.length;
  const supplies: Supply[][] = instance.compounds.map(() => []);
  instance.trucks.forEach((t, k) => {
    for (const f of t.fixed) supplies[f.compound].push({ on: f.switchOn, share: supplyShare(instance, k, f.compound) });
  });
  const saving = (j: number): number => {
    const c = instance.compounds[j];
    return compoundSaving(c.weight, c.outageStart, c.gridReturn, supplies[j]);
  };
  const current = Float64Array.from({ length: C }, (_, j) => saving(j));
  const fixedTotal = current.reduce((a, b) => a + b, 0);
  const candidates = instance.trucks.map((_, k) => {
    const list = enumerateRoutes(instance, k, maxRoutes);
    for (const r of list) {
      let alone = 0;
      r.stops.forEach((j, x) => {
        supplies[j].push({ on: r.on[x], share: supplyShare(instance, k, j) });
        alone += saving(j) - current[j];
        supplies[j].pop();
      });
      r.alone = alone;
    }
    return list.sort((a, b) => b.alone - a.alone);
  });
  const order = candidates.map((_, k) => k).sort((a, b) => candidates[b][0].alone - candidates[a][0].alone);
  const rest = new Float64Array(order.length + 1);
  for (let i = order.length - 1; i >= 0; i--) rest[i] = rest[i + 1] + candidates[order[i]][0].alone;
  let best = -1;
  let bestPick: number[] = [];
  const pick: number[] = [];
  let nodes = 0;
  const search = (level: number, value: number): void => {
    nodes++;
    if (level === order.length) {
      if (value > best) { best = value; bestPick = [...pick]; }
      return;
    }
    const k = order[level];
    const list = candidates[k];
    for (let r = 0; r < list.length; r++) {
      const cand = list[r];
      if (value + cand.alone + rest[level + 1] <= best + 1e-9) break;
      let delta = 0;
      cand.stops.forEach((j, x) => {
        supplies[j].push({ on: cand.on[x], share: supplyShare(instance, k, j) });
        const s = saving(j);
        delta += s - current[j];
        current[j] = s;
      });
      pick[level] = r;
      search(level + 1, value + delta);
      for (let x = cand.stops.length - 1; x >= 0; x--) {
        const j = cand.stops[x];
        supplies[j].pop();
        current[j] = saving(j);
      }
    }
  };
  search(0, 0);
  const routes: Routes = instance.trucks.map(() => []);
  order.forEach((k, level) => { routes[k] = [...candidates[k][bestPick[level]].stops]; });
  return { routes, cost: noTrucksOutage(instance) - fixedTotal - best, nodes };
}

/** Every G-increasing route truck k can drive with each stop switched on before its grid returns (and the empty one). */
export function enumerateRoutes(instance: Instance, k: number, maxRoutes: number): Candidate[] {
  const out: Candidate[] = [{ stops: [], on: [], alone: 0 }];
  const stops: number[] = [];
  const on: number[] = [];
  const start = truckStart(instance, k);
  const extend = (site: number, time: number): void => {
    instance.compounds.forEach((c, j) => {
      if (c.gridReturn <= Math.max(c.outageStart, time) || stops.includes(j)) return;
      const drive = instance.travel(site, j, time);
      const s = time + drive + c.setupHours;
      if (!(s < c.gridReturn)) return;
      stops.push(j);
      on.push(s);
      out.push({ stops: [...stops], on: [...on], alone: 0 });
      if (out.length > maxRoutes) throw new Error(`truck ${k}: more than ${maxRoutes} routes`);
      extend(j, c.gridReturn);
      stops.pop();
      on.pop();
    });
  };
  extend(start.site, start.time);
  return out;
}
