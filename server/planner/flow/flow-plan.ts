/**
 * flowPlan: the structural fact of issue #3 as a min-cost flow. Trucks are sources, compounds are split nodes of
 * capacity 1 ordered by grid return, and an arc p → j is worth the customer-hours a truck free at p (at G_p) saves
 * by switching j on next. K vertex-disjoint maximum-value paths = a min-cost flow of K units (each truck may also
 * go straight to the sink: stay idle).
 *
 * Exact ("core case") when travel does not depend on the hour and every truck carries every compound that can
 * still gain fully: then a second truck on a compound never adds anything, so one visit per compound is optimal,
 * and stops that save nothing can be dropped (travel obeys the triangle inequality) without delaying any other.
 * Otherwise (mixed sizes, timed floods) it is a good single-feed plan, solved class by class (largest trucks
 * first, each class a flow on the compounds left), and its value is still exact for the routes it returns.
 *
 * Pruning: each node keeps only its `successors` most valuable out-arcs. Exactness is then certified, not
 * assumed: with the final dual potentials π every pruned arc must have reduced cost −value + π(p) − π(j) ≥ 0;
 * violated arcs are added and the flow re-solved (a few rounds); `exact` is false if that does not settle.
 */
import type { Instance, Routes } from "../instance.ts";
import { evaluateRoutes } from "../exact/evaluate-routes.ts";
import { buildArcModel, visitValue, type ArcModel } from "./arc-values.ts";
import { priceArcs, solvePathFlow } from "./path-flow.ts";
import { selectArcs } from "./select-arcs.ts";

export interface FlowPlanOptions {
  /** out-arcs kept per node before pricing; default all up to 1,500 relevant compounds, else 24 */
  successors?: number;
  /** rounds of pricing pruned arcs back in (each class flow optimal on all arcs when it settles); default 4 */
  pricingRounds?: number;
  /** pruned arcs priced back in per row and round (most violated first); default all */
  pricePerRow?: number;
  /** progress lines (for tuning) */
  trace?: (line: string) => void;
}

export interface FlowPlan {
  routes: Routes;
  /** customer-hours the routes save beyond fixed connections (Σ arc values) */
  value: number;
  /** customer outage hours of the routes under the general model */
  cost: number;
  /** true only in the core case with a pricing certificate: the routes are optimal */
  exact: boolean;
  /** the instance is in the core case (time-invariant travel, every truck carries every compound fully) */
  core: boolean;
  /**
   * in the core case, the flow's dual price per compound id (customer-hours): optimal prices of the lower bound's
   * Lagrangian, which a later bound (a re-plan) can start from
   */
  prices?: Map<string, number>;
}

/**
 * Plans by min-cost flow; see the file comment for when the result is proven optimal.
 *
 * @example
 * const { routes, exact } = flowPlan(instance);
 */
export function flowPlan(instance: Instance, options: FlowPlanOptions = {}): FlowPlan {
  const model = buildArcModel(instance);
  // Measured on the synthetic cities: trucks from the same depots compete for the same compounds, so optimal paths
  // use arcs far down each row's ranking and a pruned first round only sets up a dense second one. Below 1,500
  // relevant compounds one round on all arcs is faster; above, pruning keeps memory in check.
  const M = options.successors ?? (model.relevant.length <= 1500 ? Infinity : 24);
  const rounds = options.pricingRounds ?? 4;
  const C = instance.compounds.length;
  const maxLoad = maxRelevantLoad(instance, model.relevant);
  // Trucks that carry every relevant compound fully behave identically: one class.
  const classCap = instance.trucks.map((t) => (t.capacityKw >= maxLoad ? Infinity : t.capacityKw));
  const core = instance.timeInvariant && classCap.every((c) => c === Infinity);
  const classes = [...new Set(classCap)].sort((a, b) => b - a);
  const departures = computeDepartures(instance, model);
  const taken = new Uint8Array(C);
  const routes: Routes = instance.trucks.map(() => []);
  let value = 0;
  let exact = core;
  let prices: Map<string, number> | undefined;
  for (const cap of classes) {
    const trucks = classCap.flatMap((c, k) => (c === cap ? [k] : []));
    const available = Array.from(model.relevant).filter((j) => !taken[j]);
    const result = solveClass(instance, model, departures, trucks, available, cap, M, rounds, options);
    if (!result.certified) exact = false;
    if (core) prices = new Map(available.map((j, i) => [instance.compounds[j].id, result.prices[i]]));
    result.routes.forEach((r, i) => {
      routes[trucks[i]] = r;
      for (const j of r) taken[j] = 1;
    });
    value += result.value;
  }
  const cost = evaluateRoutes(instance, routes).cost;
  return { routes, value, cost, exact, core, ...(prices ? { prices } : {}) };
}

/**
 * The core case of issue #3's structural fact: travel does not depend on the hour and every truck carries every
 * compound that can still gain (grid back after both its outage start and the planning instant) fully.
 *
 * @example
 * if (isCoreCase(instance)) flowPlan(instance).exact; // true unless pricing did not settle
 */
export function isCoreCase(instance: Instance): boolean {
  if (!instance.timeInvariant) return false;
  const maxLoad = maxRelevantLoad(instance, buildArcModel(instance).relevant);
  return instance.trucks.every((t) => t.capacityKw >= maxLoad);
}

function maxRelevantLoad(instance: Instance, relevant: Int32Array): number {
  let maxLoad = 0;
  for (const j of relevant) maxLoad = Math.max(maxLoad, instance.compounds[j].loadKw);
  return maxLoad;
}

/** Switch-on hour of j when leaving compound p at G_p (row per relevant compound) or a truck's start. */
interface Departures {
  /** position of each compound in model.relevant, −1 if not relevant */
  rank: Int32Array;
  /** fromCompound[rank(p) * R + rank(j)] */
  fromCompound: Float64Array;
  /** fromTruck[k * R + rank(j)] */
  fromTruck: Float64Array;
}

function computeDepartures(instance: Instance, model: ArcModel): Departures {
  const rel = model.relevant;
  const R = rel.length;
  const rank = new Int32Array(instance.compounds.length).fill(-1);
  rel.forEach((j, i) => { rank[j] = i; });
  const fromCompound = new Float64Array(R * R).fill(Infinity);
  for (let a = 0; a < R; a++) {
    const p = rel[a];
    const g = instance.compounds[p].gridReturn;
    for (let b = a + 1; b < R; b++) {
      const j = rel[b];
      const cj = instance.compounds[j];
      if (g + cj.setupHours >= cj.gridReturn) continue; // cannot switch on before its grid returns
      fromCompound[a * R + b] = g + instance.travel(p, j, g) + cj.setupHours;
    }
  }
  const K = instance.trucks.length;
  const fromTruck = new Float64Array(K * R).fill(Infinity);
  for (let k = 0; k < K; k++) {
    const site = model.startSite[k];
    const t = model.startTime[k];
    for (let b = 0; b < R; b++) {
      const j = rel[b];
      const cj = instance.compounds[j];
      if (t + cj.setupHours >= cj.gridReturn) continue;
      fromTruck[k * R + b] = t + instance.travel(site, j, t) + cj.setupHours;
    }
  }
  return { rank, fromCompound, fromTruck };
}

interface ClassResult {
  routes: number[][];
  value: number;
  certified: boolean;
  /** dual price per available compound */
  prices: Float64Array;
}

/** One class's flow on the available compounds; prices pruned arcs back in for `rounds` rounds. */
function solveClass(instance: Instance, model: ArcModel, dep: Departures, trucks: number[], available: number[],
  cap: number, M: number, rounds: number, options: FlowPlanOptions): ClassResult {
  const R = model.relevant.length;
  const A = available.length;
  const T = trucks.length;
  const share = new Float64Array(A);
  available.forEach((j, i) => { share[i] = Math.min(1, cap / instance.compounds[j].loadKw); });
  const value = (r: number, i: number): number => {
    const on = r < T ? dep.fromTruck[trucks[r] * R + dep.rank[available[i]]]
      : dep.fromCompound[dep.rank[available[r - T]] * R + dep.rank[available[i]]];
    return on === Infinity ? 0 : visitValue(instance, model, available[i], on, share[i]);
  };
  const firstCol = (r: number): number => (r < T ? 0 : r - T + 1);
  const kept = selectArcs({
    rows: T + A, cols: A, firstCol, value,
    freeAt: (r) => (r < T ? model.startTime[trucks[r]] : instance.compounds[available[r - T]].gridReturn),
    tiedUntil: (i) => instance.compounds[available[i]].gridReturn,
  }, M, M);
  const input = { trucks: T, cols: A, kept, firstCol, value };
  for (let round = 0; ; round++) {
    const solved = solvePathFlow(input);
    const routes = solved.paths.map((r) => r.map((i) => available[i]));
    if (round >= rounds) return { routes, value: solved.value, certified: false, prices: solved.columnPrice };
    const added = priceArcs(input, solved, options.pricePerRow ?? Infinity);
    if (options.trace) options.trace(`round ${round}: value ${solved.value.toFixed(1)}, ${added} arcs priced in`);
    if (added === 0) return { routes, value: solved.value, certified: true, prices: solved.columnPrice };
  }
}
