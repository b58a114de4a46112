/**
 * Arc values of the structural fact (issue #3): a truck free at p at p's grid return G_p, sent to j next, saves
 * weight_j × share × (G_j − max(outageStart_j, G_p + travel(p, j, G_p) + setup_j))⁺; from a truck's start it
 * departs at its availability instead. Where fixed connections already feed j, the value is the marginal saving
 * over them. Shared by flowPlan (exact in the core case) and the Lagrangian bound (with relaxed travel).
 */
import type { Instance } from "../instance.ts";
import { compoundSaving, type Supply } from "../exact/evaluate-routes.ts";
import { supplyShare, truckStart } from "./truck-start.ts";

export interface ArcModel {
  /** compounds whose grid returns after both their outage start and the planning instant, by grid return */
  relevant: Int32Array;
  /** supplies already fixed at each compound (from all trucks' fixed connections) */
  fixedSupply: Supply[][];
  /** customer-hours the fixed supplies save at each compound */
  fixedSaving: Float64Array;
  /** truck start site and time */
  startSite: Int32Array;
  startTime: Float64Array;
}

/**
 * Precomputes what every arc value needs.
 *
 * @example
 * const model = buildArcModel(instance);
 * visitValue(instance, model, 3, 5.5, 1); // customer-hours saved by a full truck switching compound 3 on at hour 5.5
 */
export function buildArcModel(instance: Instance): ArcModel {
  const C = instance.compounds.length;
  const fixedSupply: Supply[][] = instance.compounds.map(() => []);
  instance.trucks.forEach((t, k) => {
    for (const f of t.fixed) fixedSupply[f.compound].push({ on: f.switchOn, share: supplyShare(instance, k, f.compound) });
  });
  const fixedSaving = new Float64Array(C);
  const rel: number[] = [];
  instance.compounds.forEach((c, j) => {
    fixedSaving[j] = compoundSaving(c.weight, c.outageStart, c.gridReturn, fixedSupply[j]);
    if (c.gridReturn > Math.max(c.outageStart, instance.at)) rel.push(j);
  });
  rel.sort((a, b) => instance.compounds[a].gridReturn - instance.compounds[b].gridReturn || a - b);
  const K = instance.trucks.length;
  const startSite = new Int32Array(K);
  const startTime = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const s = truckStart(instance, k);
    startSite[k] = s.site;
    startTime[k] = s.time;
  }
  return { relevant: Int32Array.from(rel), fixedSupply, fixedSaving, startSite, startTime };
}

/** Customer-hours one more truck carrying `share` of compound j saves when it switches on at hour `on`. */
export function visitValue(instance: Instance, model: ArcModel, j: number, on: number, share: number): number {
  const c = instance.compounds[j];
  if (on >= c.gridReturn) return 0;
  const fixed = model.fixedSupply[j];
  if (fixed.length === 0) return c.weight * share * (c.gridReturn - Math.max(c.outageStart, on));
  return compoundSaving(c.weight, c.outageStart, c.gridReturn, [...fixed, { on, share }]) - model.fixedSaving[j];
}
