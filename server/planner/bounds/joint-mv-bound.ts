/**
 * #17: a joint LV + MV bound. mv-bound.ts takes the bound in two parts, the LV trucks' best (the flow's optimum)
 * less all the MV trucks could save on their own; both parts claim the same best compounds, so the bound counted
 * them twice (seed 201's operations city: the MV part 7.69M, of which 3.58M falls on compounds the LV optimum leaves
 * dark). Here the LV trucks are priced instead. For any prices y ≥ 0 on "a compound fed once", with L(y) the path
 * relaxation's value (Σ y + each truck's best path at values less prices: issue #3's DAG by grid return), any LV
 * plan saves at most L(y) − Σ_j (y_j − v_j)⁺, v_j its saving at j (drop the stops saving less than their price:
 * the rest still fits L(y), and a truck that skips a stop arrives no later, travel being shortest paths).
 * An MV supply of j adds only while no LV truck feeds j (every LV truck carries every compound whole); an LV truck
 * at j from s gives v_j = w_j (G_j − s), so what MV adds at j less the price missed is at most w_j × the MV supply
 * before τ_j = G_j − y_j / w_j (before s, and after τ_j each hour added costs an hour of price). So:
 *   saving ≤ fixed connections' saving + L(y) + mvSavingBound(with j dark for the MV trucks only until τ_j),
 * valid for any y (the flow's duals, optimal for L, are used). Where its conditions fail (travel by the hour, a
 * truck carrying only part of a compound, fixed supplies at j) nothing is clipped or no joint bound is given.
 */
import type { Instance } from "../instance.ts";
import type { FlowPlan } from "../flow/flow-plan.ts";
import { buildArcModel, visitValue } from "../flow/arc-values.ts";
import { noTrucksOutage } from "../flow/truck-start.ts";
import { mvSavingBound, withoutMvTrucks } from "./mv-bound.ts";
import { pricedMvSaving } from "./priced-mv-bound.ts";

/**
 * The bound of an instance with MV trucks: the larger of the two-part bound (`lvBound`, computed on
 * withoutMvTrucks(inst), less mvSavingBound) and the joint bound (see the file comment) when `lvFlow`, the flow of
 * withoutMvTrucks(inst), brings its core-case prices.
 *
 * @example
 * mvAwareBound(inst, computeLowerBound(withoutMvTrucks(inst)).bound, flowPlan(withoutMvTrucks(inst)));
 */
export function mvAwareBound(inst: Instance, lvBound: number, lvFlow?: FlowPlan, priced?: JointPricing): number {
  const joint = lvFlow?.prices ? jointParts(inst, lvFlow.prices, priced) : null;
  // the two-part bound is at most lvBound less the MV trucks' saving on compounds dark only until τ_j (every stop
  // value is smaller so): when that cannot beat the joint bound (lvBound no tighter than L(y), as when both come
  // from the same flow), its chains (~0.3 s at 600 compounds) are not computed
  if (joint !== null && !(lvBound - joint.mvSaving > joint.bound)) return Math.max(0, joint.bound);
  const apart = lvBound - mvSavingBound(inst);
  return Math.max(0, joint === null ? apart : Math.max(apart, joint.bound));
}

/**
 * none − (fixed connections' saving + L(y) + the MV trucks' saving on compounds dark for them until τ_j), or null
 * when travel depends on the hour or some LV truck carries only part of a compound.
 *
 * @example
 * jointMvBound(inst, flowPlan(withoutMvTrucks(inst)).prices!); // ≤ every plan's customer outage hours
 */
export function jointMvBound(inst: Instance, prices: ReadonlyMap<string, number>): number | null {
  return jointParts(inst, prices)?.bound ?? null;
}

/**
 * #17: the MV part priced apart (priced-mv-bound.ts): its subgradient steps, aimed at what `planCost` leaves to the
 * MV trucks; absent: the per-truck chains and the pooled bound alone
 */
export interface JointPricing { steps: number; planCost?: number }

/**
 * jointMvBound's bound and its MV part unpriced (mvSavingBound with j dark until τ_j: what the two-part bound is
 * compared with), customer-hours; null as there.
 */
function jointParts(inst: Instance, prices: ReadonlyMap<string, number>, priced?: JointPricing): { bound: number; mvSaving: number } | null {
  const lv = withoutMvTrucks(inst);
  if (!lv.timeInvariant) return null;
  const cs = lv.compounds;
  const model = buildArcModel(lv);
  const rel = Array.from(model.relevant);
  const maxLoad = Math.max(0, ...rel.map((j) => cs[j].loadKw));
  const moving = lv.trucks.map((t, k) => model.startTime[k] < lv.horizon && t.capacityKw > 0);
  if (lv.trucks.some((t, k) => moving[k] && t.capacityKw < maxLoad)) return null;
  const y = new Float64Array(cs.length);
  for (const j of rel) y[j] = Math.max(0, prices.get(cs[j].id) ?? 0);
  // F(j): the best reduced path value after a truck leaves j at its grid return (0: it stops there)
  const after = new Float64Array(cs.length);
  for (let a = rel.length - 1; a >= 0; a--) {
    const p = rel[a];
    const free = cs[p].gridReturn;
    let best = 0;
    for (let b = a + 1; b < rel.length; b++) {
      const j = rel[b];
      if (!(cs[j].gridReturn > free)) continue;
      const v = visitValue(lv, model, j, free + lv.travel(p, j, free) + cs[j].setupHours, 1);
      if (v > 0) best = Math.max(best, v - y[j] + after[j]);
    }
    after[p] = best;
  }
  let relaxed = rel.reduce((s, j) => s + y[j], 0);
  lv.trucks.forEach((_t, k) => {
    if (!moving[k]) return;
    const site = model.startSite[k];
    const t0 = model.startTime[k];
    let best = 0;
    for (const j of rel) {
      const v = visitValue(lv, model, j, t0 + lv.travel(site, j, t0) + cs[j].setupHours, 1);
      if (v > 0) best = Math.max(best, v - y[j] + after[j]);
    }
    relaxed += best;
  });
  const darkUntil = new Float64Array(cs.length).fill(Infinity);
  for (const j of rel) {
    if (model.fixedSupply[j].length === 0 && cs[j].weight > 0) darkUntil[j] = cs[j].gridReturn - y[j] / cs[j].weight;
  }
  const fixed = model.fixedSaving.reduce((s, x) => s + x, 0);
  const mvSaving = mvSavingBound(inst, darkUntil);
  const lvSide = noTrucksOutage(inst) - (fixed + relaxed);
  if (!priced || !(priced.steps > 0)) return { bound: lvSide - mvSaving, mvSaving };
  // the plan's MV trucks save at least lvSide − its cost against this bound: the steps aim there
  const target = priced.planCost !== undefined ? Math.max(0, lvSide - priced.planCost) : undefined;
  const apart = pricedMvSaving(inst, darkUntil, { steps: priced.steps, target });
  return { bound: lvSide - Math.min(mvSaving, apart), mvSaving };
}
