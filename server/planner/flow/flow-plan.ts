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
import { addArc, arcFlow, createFlowNetwork, solveMinCostFlow } from "./min-cost-flow.ts";

export interface FlowPlanOptions {
  /** out-arcs kept per node before pricing; default 24 */
  successors?: number;
  /** rounds of pricing pruned arcs back in (each class flow optimal on all arcs when it settles); default 4 */
  pricingRounds?: number;
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
}

/**
 * Plans by min-cost flow; see the file comment for when the result is proven optimal.
 *
 * @example
 * const { routes, exact } = flowPlan(instance);
 */
export function flowPlan(instance: Instance, options: FlowPlanOptions = {}): FlowPlan {
  const M = options.successors ?? 24;
  const rounds = options.pricingRounds ?? 4;
  const model = buildArcModel(instance);
  const K = instance.trucks.length;
  const C = instance.compounds.length;
  let maxLoad = 0;
  for (const j of model.relevant) maxLoad = Math.max(maxLoad, instance.compounds[j].loadKw);
  // Trucks that carry every relevant compound fully behave identically: one class.
  const classCap = instance.trucks.map((t) => (t.capacityKw >= maxLoad ? Infinity : t.capacityKw));
  const core = instance.timeInvariant && classCap.every((c) => c === Infinity);
  const classes = [...new Set(classCap)].sort((a, b) => b - a);
  const departures = computeDepartures(instance, model);
  const taken = new Uint8Array(C);
  const routes: Routes = instance.trucks.map(() => []);
  let value = 0;
  let exact = core;
  for (const cap of classes) {
    const trucks = classCap.flatMap((c, k) => (c === cap ? [k] : []));
    const available = Array.from(model.relevant).filter((j) => !taken[j]);
    const result = solveClass(instance, model, departures, trucks, available, cap, M, rounds);
    if (!result.certified) exact = false;
    result.routes.forEach((r, i) => {
      routes[trucks[i]] = r;
      for (const j of r) taken[j] = 1;
    });
    value += result.value;
  }
  const cost = evaluateRoutes(instance, routes).cost;
  return { routes, value, cost, exact, core };
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
}

/** One class's flow on the available compounds; prices pruned arcs back in for `rounds` rounds. */
function solveClass(instance: Instance, model: ArcModel, dep: Departures, trucks: number[], available: number[],
  cap: number, M: number, rounds: number): ClassResult {
  const R = model.relevant.length;
  const A = available.length;
  const share = new Float64Array(A);
  available.forEach((j, i) => { share[i] = Math.min(1, cap / instance.compounds[j].loadKw); });
  const rowValue = (row: number, isTruck: boolean, i: number): number => {
    const on = isTruck ? dep.fromTruck[trucks[row] * R + dep.rank[available[i]]]
      : dep.fromCompound[dep.rank[available[row]] * R + dep.rank[available[i]]];
    return on === Infinity ? 0 : visitValue(instance, model, available[i], on, share[i]);
  };
  // Candidate lists: rows 0..T-1 are trucks, T..T+A-1 compounds (targets always after the row's own rank).
  const T = trucks.length;
  const kept: number[][] = [];
  const scratch = new Float64Array(A);
  for (let r = 0; r < T + A; r++) {
    const isTruck = r < T;
    const from = isTruck ? 0 : r - T + 1;
    let n = 0;
    const idx: number[] = [];
    for (let i = from; i < A; i++) {
      const v = rowValue(isTruck ? r : r - T, isTruck, i);
      if (v > 0) { scratch[n++] = v; idx.push(i); }
    }
    if (n > M) {
      const threshold = kthLargest(scratch.subarray(0, n), M);
      const keep: number[] = [];
      for (let x = 0; x < n && keep.length < M; x++) if (scratch[x] > threshold) keep.push(idx[x]);
      for (let x = 0; x < n && keep.length < M; x++) if (scratch[x] === threshold) keep.push(idx[x]);
      kept.push(keep);
    } else kept.push(idx);
  }
  for (let round = 0; ; round++) {
    const solved = solveNetwork(kept, T, A, (r, i) => rowValue(r < T ? r : r - T, r < T, i));
    const routes = solved.routes.map((r) => r.map((i) => available[i]));
    if (round >= rounds) return { routes, value: solved.value, certified: false };
    const added = priceArcs(kept, T, A, solved, (r, i) => rowValue(r < T ? r : r - T, r < T, i));
    if (added === 0) return { routes, value: solved.value, certified: true };
  }
}

/** Node ids: 0 source, 1 sink, 2..T+1 trucks, then compound i as in = T+2+2i, out = in+1. */
function solveNetwork(kept: number[][], T: number, A: number, value: (row: number, i: number) => number) {
  const n = T + 2 + 2 * A;
  let arcHint = 2 * T + 2 * A;
  for (const k of kept) arcHint += k.length;
  const net = createFlowNetwork(n, arcHint);
  const inOf = (i: number): number => T + 2 + 2 * i;
  const rowNode = (r: number): number => (r < T ? 2 + r : inOf(r - T) + 1);
  for (let t = 0; t < T; t++) {
    addArc(net, 0, 2 + t, 1, 0);
    addArc(net, 2 + t, 1, 1, 0);
  }
  for (let i = 0; i < A; i++) {
    addArc(net, inOf(i), inOf(i) + 1, 1, 0);
    addArc(net, inOf(i) + 1, 1, 1, 0);
  }
  const valueArcs: number[] = [];
  const arcValue: number[] = [];
  kept.forEach((targets, r) => {
    for (const i of targets) {
      const v = value(r, i);
      valueArcs.push(addArc(net, rowNode(r), inOf(i), 1, -v));
      arcValue.push(v);
    }
  });
  const order = new Int32Array(n);
  let o = 0;
  order[o++] = 0;
  for (let t = 0; t < T; t++) order[o++] = 2 + t;
  for (let i = 0; i < A; i++) { order[o++] = inOf(i); order[o++] = inOf(i) + 1; }
  order[o++] = 1;
  const { potential } = solveMinCostFlow(net, 0, 1, T, { order });
  // Follow the unit of flow out of each truck.
  const nextOf = new Int32Array(n).fill(-1);
  let total = 0;
  valueArcs.forEach((e, x) => {
    if (arcFlow(net, e) > 0.5) {
      nextOf[net.from[e]] = net.to[e];
      total += arcValue[x];
    }
  });
  const routes: number[][] = [];
  for (let t = 0; t < T; t++) {
    const route: number[] = [];
    for (let v = nextOf[2 + t]; v !== -1; v = nextOf[v + 1]) route.push((v - T - 2) / 2);
    routes.push(route);
  }
  return { routes, value: total, potential, rowNode, inOf };
}

/** Adds every pruned arc whose reduced cost is negative under π; returns how many were added. */
function priceArcs(kept: number[][], T: number, A: number,
  solved: { potential: Float64Array; rowNode: (r: number) => number; inOf: (i: number) => number },
  value: (row: number, i: number) => number): number {
  const { potential: pi, rowNode, inOf } = solved;
  const mark = new Int32Array(A).fill(-1);
  let scale = 1;
  for (let i = 0; i < pi.length; i++) scale = Math.max(scale, Math.abs(pi[i]));
  const eps = 1e-9 * scale;
  let added = 0;
  kept.forEach((targets, r) => {
    for (const i of targets) mark[i] = r;
    const from = r < T ? 0 : r - T + 1;
    const pr = pi[rowNode(r)];
    for (let i = from; i < A; i++) {
      if (mark[i] === r) continue;
      const slack = pr - pi[inOf(i)];
      const v = value(r, i);
      if (v > 0 && v > slack + eps) {
        targets.push(i);
        mark[i] = r;
        added++;
      }
    }
  });
  return added;
}

/** The k-th largest of `values` (1-based), by quickselect on a copy. */
function kthLargest(values: Float64Array, k: number): number {
  const a = Float64Array.from(values);
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target];
  }
  return a[target];
}
