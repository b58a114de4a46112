/**
 * An independent evaluator of Routes under the general model of issue #2 (partial supply, several trucks on one
 * compound, time-dependent travel, fixed connections). Written apart from the planner's own simulator on purpose:
 * the exact method and the tests cross-check the two.
 */
import type { Instance, Routes } from "../instance.ts";
import { noTrucksOutage, supplyShare, truckStart } from "../flow/truck-start.ts";

/** One truck's supply at a compound: share of households from hour `on`. */
export interface Supply {
  on: number;
  share: number;
}

export interface RouteEvaluation {
  /** customer outage hours (priority-weighted) of the whole instance */
  cost: number;
  /** customer outage hours with no trucks at all */
  noTrucks: number;
  /** false when some stop cannot be reached (no open route) */
  feasible: boolean;
  /** switch-on hour of every route stop, per truck, in route order */
  switchOn: number[][];
}

/**
 * Customer-hours saved at one compound by a set of supplies: weight × ∫ min(1, Σ shares on at t) dt over
 * [outageStart, gridReturn].
 *
 * @example
 * // 100 customers, outage 0..10, one full truck from 4 and a half truck from 2: 2×0.5 + 6×1 = 7 h → 700
 * compoundSaving(100, 0, 10, [{ on: 4, share: 1 }, { on: 2, share: 0.5 }]); // 700
 */
export function compoundSaving(weight: number, outageStart: number, gridReturn: number, supplies: readonly Supply[]): number {
  if (supplies.length === 0 || gridReturn <= outageStart) return 0;
  const sorted = [...supplies].sort((a, b) => a.on - b.on);
  let saved = 0;
  let level = 0;
  for (let i = 0; i < sorted.length; i++) {
    level = Math.min(1, level + sorted[i].share);
    const from = Math.max(outageStart, sorted[i].on);
    // Once every household is supplied, later switch-ons change nothing: count to the grid return and stop.
    const last = i + 1 === sorted.length || level >= 1;
    const to = last ? gridReturn : Math.min(gridReturn, Math.max(outageStart, sorted[i + 1].on));
    if (to > from) saved += level * (to - from);
    if (last) break;
  }
  return weight * saved;
}

/**
 * Simulates every truck: it departs when free (not before its availability), drives, sets up, switches on and stays
 * until the compound's grid returns (or its own switch-on, if later); fixed connections come first.
 *
 * @example
 * evaluateRoutes(instance, [[0, 3], [], [1]]).cost; // customer outage hours of that plan
 */
export function evaluateRoutes(instance: Instance, routes: Routes): RouteEvaluation {
  const supplies: Supply[][] = instance.compounds.map(() => []);
  instance.trucks.forEach((truck, k) => {
    for (const f of truck.fixed) supplies[f.compound].push({ on: f.switchOn, share: supplyShare(instance, k, f.compound) });
  });
  let feasible = true;
  const switchOn = routes.map((route, k) => {
    let { site, time } = truckStart(instance, k);
    const times: number[] = [];
    for (const j of route) {
      const drive = instance.travel(site, j, time);
      if (!Number.isFinite(drive)) {
        feasible = false;
        times.push(Infinity);
        continue;
      }
      const on = time + drive + instance.compounds[j].setupHours;
      times.push(on);
      supplies[j].push({ on, share: supplyShare(instance, k, j) });
      site = j;
      time = Math.max(instance.compounds[j].gridReturn, on);
    }
    return times;
  });
  const noTrucks = noTrucksOutage(instance);
  let saved = 0;
  instance.compounds.forEach((c, j) => {
    saved += compoundSaving(c.weight, c.outageStart, c.gridReturn, supplies[j]);
  });
  return { cost: noTrucks - saved, noTrucks, feasible, switchOn };
}
