/**
 * #17: moves that place MV trucks where a feeder's set is worth most. The searches before move routes on the
 * relaxed RouteState, which sees an MV truck as one more truck at one compound; what an MV stop is worth is its
 * whole supplied set (mvSupplies) for as long as the truck stays (until its own compound's grid return). So per MV
 * truck, each feeder is valued by that set from where and when the truck would come (its anchor: the feeder's
 * compound dark longest, which holds the truck longest; travel and setup counted, crews and fuel not), and the
 * best few are tried in full (simulateRoutes, both schedule rules): as the truck's only stop, and after its
 * route. An accepted stop then frees other trucks' stops it supplies already from no later (dropped together when
 * that costs nothing more in full).
 */
import type { Instance, ResourcePolicy, Routes } from "./instance.ts";
import { simulateRoutes, truckStart } from "./simulate-routes.ts";
import { mvTrucks } from "./bounds/mv-bound.ts";

/** feeders tried in full per MV truck (the best by estimated value) */
const TRIED_FEEDERS = 4;
const EPS = 1e-9;

export interface PlacedRoutes { routes: Routes; cost: number; policy: ResourcePolicy }

/**
 * @example
 * ({ routes, cost, policy } = placeMvTrucks(inst, routes, cost, () => false));
 */
export function placeMvTrucks(inst: Instance, start: Routes, startCost: number, timeUp: () => boolean, startPolicy: ResourcePolicy = "planner"): PlacedRoutes {
  const trucks = mvTrucks(inst);
  let best: PlacedRoutes = { routes: start.map((r) => r.slice()), cost: startCost, policy: startPolicy };
  if (trucks.length === 0) return best;
  const full = (routes: Routes): { cost: number; policy: ResourcePolicy } => {
    const planned = simulateRoutes(inst, routes).cost;
    const rule = simulateRoutes(inst, routes, "rule").cost;
    return rule < planned ? { cost: rule, policy: "rule" } : { cost: planned, policy: "planner" };
  };
  const better = (c: number): boolean => c < best.cost - EPS * Math.max(1, Math.abs(best.cost));
  for (const k of trucks) {
    if (timeUp()) break;
    const fixed = new Set(inst.trucks[k].fixed.map((f) => f.compound));
    const starts = [{ ...truckStart(inst, k), keep: [] as number[] }];
    // after its route: free where and when its last stop releases it
    const last = simulateRoutes(inst, best.routes, best.policy).trucks[k].filter((s) => Number.isFinite(s.release)).pop();
    if (last && best.routes[k].length > 0) starts.push({ site: last.site ?? last.compound, free: last.release, keep: best.routes[k] });
    let chosen: PlacedRoutes | null = null;
    for (const from of starts) {
      for (const j of rankFeeders(inst, k, from.site, from.free).slice(0, TRIED_FEEDERS)) {
        if (timeUp()) break;
        if (fixed.has(j) || from.keep.includes(j)) continue;
        const routes = best.routes.map((r, x) => (x === k ? [...from.keep, j] : r));
        const c = full(routes);
        if (better(c.cost) && (chosen === null || c.cost < chosen.cost)) chosen = { routes, cost: c.cost, policy: c.policy };
      }
    }
    if (chosen === null) continue;
    best = chosen;
    best = dropSupplied(inst, k, best, full, better);
  }
  return best;
}

/**
 * Truck k's candidate stops, one per feeder, best first: the feeder's compound dark longest as anchor, valued by the
 * set the truck would supply from its switch-on (drive from `site` at `free`, the anchor's setup) to the anchor's
 * grid return, customer-hours; feeders worth nothing are left out.
 */
function rankFeeders(inst: Instance, k: number, site: number, free: number): number[] {
  const res = inst.resources!;
  const cs = inst.compounds;
  const cap = inst.trucks[k].capacityKw;
  const out: { j: number; value: number }[] = [];
  res.feeders.forEach((f) => {
    let anchor = -1;
    for (const i of f.compounds) if (cs[i].gridReturn > free && (anchor < 0 || cs[i].gridReturn > cs[anchor].gridReturn)) anchor = i;
    if (anchor < 0) return;
    const on = free + inst.travel(site, f.site, free) + cs[anchor].setupHours;
    const until = cs[anchor].gridReturn;
    if (!(on < until)) return;
    const hours = (i: number): number => Math.max(0, Math.min(cs[i].gridReturn, until) - Math.max(on, cs[i].outageStart));
    // the anchor first (its share), then the rest by customer-hours per kW while whole ones fit (as mvSupplies)
    let left = cap - Math.min(cap, cs[anchor].loadKw);
    let value = cs[anchor].weight * Math.min(1, cap / cs[anchor].loadKw) * hours(anchor);
    const rest = f.compounds.filter((i) => i !== anchor && hours(i) > 0)
      .sort((a, b) => (cs[b].weight * hours(b)) / cs[b].loadKw - (cs[a].weight * hours(a)) / cs[a].loadKw || a - b);
    for (const i of rest) if (cs[i].loadKw <= left) { left -= cs[i].loadKw; value += cs[i].weight * hours(i); }
    if (value > 0) out.push({ j: anchor, value });
  });
  return out.sort((a, b) => b.value - a.value || a.j - b.j).map((x) => x.j);
}

/** Other trucks' stops at compounds MV truck k's stops supply from no later: dropped together when that pays. */
function dropSupplied(inst: Instance, k: number, placed: PlacedRoutes, full: (r: Routes) => { cost: number; policy: ResourcePolicy },
  better: (c: number) => boolean): PlacedRoutes {
  const sim = simulateRoutes(inst, placed.routes, placed.policy);
  const suppliedFrom = new Map<number, number>();
  for (const s of sim.trucks[k]) for (const i of s.supplies ?? []) if (Number.isFinite(s.switchOn)) suppliedFrom.set(i, Math.min(suppliedFrom.get(i) ?? Infinity, s.switchOn));
  let any = false;
  const routes = placed.routes.map((r, x) => {
    if (x === k) return r;
    const fixed = new Set(inst.trucks[x].fixed.map((f) => f.compound));
    const stops = sim.trucks[x].filter((s) => !s.fixed);
    const kept = r.filter((j) => {
      const s = stops.find((st) => st.compound === j);
      const drop = !fixed.has(j) && s !== undefined && (suppliedFrom.get(j) ?? Infinity) <= s.switchOn;
      if (drop) any = true;
      return !drop;
    });
    return kept;
  });
  if (!any) return placed;
  // kept at equal cost too: the stops are redundant, and the trucks freed serve elsewhere in the full local search
  const c = full(routes);
  return better(c.cost) || c.cost <= placed.cost + EPS * Math.max(1, Math.abs(placed.cost)) ? { routes, cost: c.cost, policy: c.policy } : placed;
}
