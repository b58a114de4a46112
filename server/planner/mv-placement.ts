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
import { simulateRoutes, truckStart, type RouteSimulation } from "./simulate-routes.ts";
import { mvTrucks } from "./bounds/mv-bound.ts";
import { darkHours, type Cover } from "./mv-sets.ts";
import { breaksRules } from "./assignment-rules.ts";
import { fractionalKnapsack } from "./bounds/knapsack.ts";

/** feeders tried in full per MV truck (the best by estimated value) */
const TRIED_FEEDERS = 4;
const EPS = 1e-9;

export interface PlacedRoutes { routes: Routes; cost: number; policy: ResourcePolicy }

/**
 * @example
 * ({ routes, cost, policy } = placeMvTrucks(inst, routes, cost, () => false));
 */
export function placeMvTrucks(inst: Instance, start: Routes, startCost: number, timeUp: () => boolean, startPolicy: ResourcePolicy = "planner",
  bothPolicies = true): PlacedRoutes {
  const trucks = mvTrucks(inst);
  let best: PlacedRoutes = { routes: start.map((r) => r.slice()), cost: startCost, policy: startPolicy };
  if (trucks.length === 0) return best;
  // (bothPolicies false: the planner's crew and tanker choices only, half the schedules, for a caller that tries
  // the rule's on its result)
  const full = (routes: Routes): { cost: number; policy: ResourcePolicy } => scheduledCost(inst, routes, bothPolicies);
  const better = (c: number): boolean => c < best.cost - EPS * Math.max(1, Math.abs(best.cost));
  for (const k of trucks) {
    if (timeUp()) break;
    const fixed = new Set(inst.trucks[k].fixed.map((f) => f.compound));
    const starts = [{ ...truckStart(inst, k), keep: [] as number[] }];
    // after its route: free where and when its last stop releases it
    const sim = simulateRoutes(inst, best.routes, best.policy);
    const covers = coversBesides(inst, sim, k);
    const last = sim.trucks[k].filter((s) => Number.isFinite(s.release)).pop();
    if (last && best.routes[k].length > 0) starts.push({ site: last.site ?? last.compound, free: last.release, keep: best.routes[k] });
    let chosen: PlacedRoutes | null = null;
    const chain = bestChain(inst, k, covers);
    if (chain.length > 0 && !chain.some((j) => fixed.has(j)) && !breaksRules(inst, k, chain)) {
      const routes = best.routes.map((r, x) => (x === k ? chain : r));
      const c = full(routes);
      if (better(c.cost)) chosen = { routes, cost: c.cost, policy: c.policy };
    }
    for (const from of starts) {
      for (const j of rankFeeders(inst, k, from.site, from.free, covers).slice(0, TRIED_FEEDERS)) {
        if (timeUp()) break;
        if (fixed.has(j) || from.keep.includes(j) || breaksRules(inst, k, [...from.keep, j])) continue;
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
 * The routes' full cost (simulateRoutes) under the planner's crew and tanker choices and, with `bothPolicies`, the
 * commander's rule's too: the cheaper, and which.
 *
 * @example
 * scheduledCost(inst, routes); // { cost, policy: "planner" | "rule" }
 */
export function scheduledCost(inst: Instance, routes: Routes, bothPolicies = true): { cost: number; policy: ResourcePolicy } {
  const planned = simulateRoutes(inst, routes).cost;
  if (!bothPolicies) return { cost: planned, policy: "planner" };
  const rule = simulateRoutes(inst, routes, "rule").cost;
  return rule < planned ? { cost: rule, policy: "rule" } : { cost: planned, policy: "planner" };
}

/**
 * Truck k's candidate stops, one per feeder, best first: the feeder's compound dark longest as anchor (of those
 * dark longest, the one nothing else supplies most), valued by the set the truck would supply from its switch-on
 * (drive from `site` at `free`, the anchor's setup) to the anchor's grid return, counting only the hours the other
 * trucks (`covers`: every supply but truck k's own) leave each compound dark, customer-hours; feeders worth
 * nothing are left out.
 */
function rankFeeders(inst: Instance, k: number, site: number, free: number, covers: readonly Cover[][]): number[] {
  const out = inst.resources!.feeders.map((_f, f) => feederStop(inst, k, f, site, free, covers)).filter((x) => x.value > 0);
  return out.sort((a, b) => b.value - a.value || a.j - b.j).map((x) => x.j);
}

/**
 * Truck k's stop at feeder f (rankFeeders): its anchor and what it is worth, customer-hours (value 0: nothing). The
 * anchor holds the truck until its grid return: `hold` one of the feeder's grid returns (bestChain: a compound whose
 * own distribution room comes back early frees the truck for the next feeder), else the latest.
 */
function feederStop(inst: Instance, k: number, f: number, site: number, free: number, covers: readonly Cover[][], hold?: number): { j: number; value: number } {
  const cs = inst.compounds;
  const cap = inst.trucks[k].capacityKw;
  const feeder = inst.resources!.feeders[f];
  const none = { j: -1, value: 0 };
  let setup = Infinity;
  let latest = -Infinity;
  for (const i of feeder.compounds) { setup = Math.min(setup, cs[i].setupHours); latest = Math.max(latest, cs[i].gridReturn); }
  const drive = inst.travel(site, feeder.site, free);
  const longest = hold ?? latest;
  const on = free + drive + setup;
  if (!(on < longest)) return none;
  const gain = (i: number, from: number, until: number): number => cs[i].weight * darkHours(covers[i], Math.max(from, cs[i].outageStart), Math.min(cs[i].gridReturn, until));
  let anchor = -1;
  let anchorGain = -1;
  for (const i of feeder.compounds) {
    if (cs[i].gridReturn !== longest) continue;
    const g = gain(i, on, longest);
    if (g > anchorGain) { anchor = i; anchorGain = g; }
  }
  if (anchor < 0) return none;
  const switchOn = free + drive + cs[anchor].setupHours;
  const until = cs[anchor].gridReturn;
  if (!(switchOn < until)) return none;
  // the anchor first (its share), then the rest by customer-hours per kW while whole ones fit (as chooseMvSets)
  let left = cap - Math.min(cap, cs[anchor].loadKw);
  let value = Math.min(1, cap / cs[anchor].loadKw) * gain(anchor, switchOn, until);
  const rest: { i: number; worth: number }[] = [];
  for (const i of feeder.compounds) {
    if (i === anchor) continue;
    const worth = gain(i, switchOn, until);
    if (worth > 0) rest.push({ i, worth });
  }
  rest.sort((x, y) => y.worth / cs[y.i].loadKw - x.worth / cs[x.i].loadKw || x.i - y.i);
  for (const { i, worth } of rest) if (cs[i].loadKw <= left) { left -= cs[i].loadKw; value += worth; }
  return { j: anchor, value };
}

/**
 * Truck k's best chain of feeder stops by feederStop's values (a longest path over the stops, each holding the
 * truck until its anchor's grid return, travel counted, crews and fuel not), from its first free hour: a whole
 * route tried in full beside the single stops, since a truck freed at one substation's grid return can still feed
 * another that stays dark longer. A stop is a feeder and one of its compounds' grid returns: anchored at a
 * compound whose own room comes back early, the truck feeds the feeder until then and moves on, as the bound's
 * chains may (mv-bound.ts; anchored only at each feeder's latest return, the operations city's MV trucks got
 * ~70% of their chain bounds; seed 201 26.20M → 25.91M, 211 23.54M → 23.43M).
 *
 * @example
 * bestChain(inst, 0, covers); // [anchor of the first feeder, anchor of the next, ...]
 */
export function bestChain(inst: Instance, k: number, covers: readonly Cover[][]): number[] {
  const res = inst.resources!;
  const cs = inst.compounds;
  const start = truckStart(inst, k);
  // the stops: per feeder, one per grid return among its compounds (the hold), by hold
  const items = res.feeders.flatMap((f, x) => [...new Set(f.compounds.map((i) => cs[i].gridReturn))]
    .filter((g) => g > start.free).map((hold) => ({ f: x, hold })))
    .sort((a, b) => a.hold - b.hold || a.f - b.f);
  // a stop from T saves at most the feeder's fractional knapsack rate (every compound dark) × (hold − T): most
  // predecessors are ruled out without valuing the stop (~3× fewer feederStop calls on the operations city)
  const cap = inst.trucks[k].capacityKw;
  const rate = res.feeders.map((f) => fractionalKnapsack(cap, f.compounds.map((i) => cs[i])));
  const best = new Float64Array(items.length);
  const anchor = new Int32Array(items.length).fill(-1);
  const prev = new Int32Array(items.length).fill(-1);
  let top = -1;
  for (let a = 0; a < items.length; a++) {
    const { f, hold } = items[a];
    const first = feederStop(inst, k, f, start.site, start.free, covers, hold);
    best[a] = first.value;
    anchor[a] = first.j;
    for (let b = 0; b < a; b++) {
      if (!(best[b] > 0) || !(items[b].hold < hold)) continue;
      if (!(best[b] + rate[f] * (hold - items[b].hold) > best[a])) continue;
      const next = feederStop(inst, k, f, res.feeders[items[b].f].site, items[b].hold, covers, hold);
      if (next.value > 0 && best[b] + next.value > best[a]) { best[a] = best[b] + next.value; anchor[a] = next.j; prev[a] = b; }
    }
    if (best[a] > 0 && (top < 0 || best[a] > best[top])) top = a;
  }
  const chain: number[] = [];
  for (let a = top; a >= 0; a = prev[a]) chain.unshift(anchor[a]);
  return chain;
}

/** Every supply of the simulation but truck k's, per compound, as covers (a supply without an end lasts to the grid). */
export function coversBesides(inst: Instance, sim: RouteSimulation, k: number): Cover[][] {
  return sim.supplies.map((list, i) => list.filter((x) => x.truck !== k).map((x) => [x.switchOn, x.until ?? inst.compounds[i].gridReturn, x.fraction] as const));
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
