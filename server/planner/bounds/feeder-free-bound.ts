/**
 * A third valid bound with MV trucks (#17): the instance with every MV truck as an LV truck and the compounds on a
 * feeder counted free (weight 0). Any plan of the real instance, less its MV trucks' stops at feeder compounds, is
 * a plan of this one: an MV truck at a compound without a feeder supplies it as an LV truck would; dropping a stop
 * never makes a later one later (drives are shortest paths, so going straight is no longer than going round); and
 * the feeder compounds cost nothing here. So this instance's optimum is at most every real plan's cost, and any LV
 * lower bound of it bounds the real instance. It is tight where few compounds sit on feeders (Zhengzhou: 7 of 495),
 * where the two-part bound (mv-bound.ts) subtracts all that the MV trucks' capacity could save anywhere.
 */
import type { Instance } from "../instance.ts";
import { truckStart } from "../simulate-routes.ts";

/**
 * @example
 * computeLowerBound(feederFreeInstance(inst)).bound; // ≤ every plan's customer outage hours on inst
 */
export function feederFreeInstance<T extends Instance>(inst: T): T {
  const res = inst.resources;
  if (!res || !res.mv.some(Boolean)) return inst;
  return {
    ...inst,
    compounds: inst.compounds.map((c, i) => (res.feederOf[i] >= 0 ? { ...c, weight: 0 } : c)),
    resources: { ...res, mv: res.mv.map(() => false) },
  };
}

/**
 * What the compounds on a feeder cost at the least, which feederFreeInstance counts as 0 (customer-hours): each is
 * dark from its outage until the first instant any truck could switch it on (a kept connection's switch-on, else
 * the soonest a truck is free plus the compound's set-up, no drive counted) or its grid's return. The costs are per
 * compound, so this adds to feederFreeInstance's bound.
 */
export function feederCompoundsFloor(inst: Instance): number {
  const res = inst.resources;
  if (!res) return 0;
  const soonestFree = Math.min(...inst.trucks.map((_t, k) => truckStart(inst, k).free));
  let floor = 0;
  inst.compounds.forEach((c, j) => {
    if (res.feederOf[j] < 0 || !(c.weight > 0)) return;
    const kept = Math.min(Infinity, ...inst.trucks.flatMap((t) => t.fixed.filter((f) => f.compound === j).map((f) => f.switchOn)));
    const first = Math.min(c.gridReturn, kept, soonestFree + c.setupHours);
    floor += c.weight * Math.max(0, first - c.outageStart);
  });
  return floor;
}
