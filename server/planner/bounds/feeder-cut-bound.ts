/**
 * A third valid bound with MV trucks (#17): the instance with every MV truck as an LV truck, where each compound on
 * a feeder counts only the hours before the soonest instant an MV truck could switch on at that feeder's RMU (its
 * grid return brought forward to that instant, `mvSoonest`). Any plan of the real instance, less its MV trucks'
 * stops at feeder compounds, is a plan of this one, no costlier:
 * - an MV stop at an RMU supplies its set from its switch-on, never before mvSoonest, and only the hours after it
 *   are gone from the cut instance, so dropping the stop loses nothing counted there;
 * - an MV truck at a compound without a feeder supplies it as an LV truck would;
 * - dropping a stop never makes a later one later (drives are shortest paths), nor does leaving a feeder compound
 *   at its earlier cut grid return (every truck there, LV or kept, is free no later than in the real plan);
 * - before the cut each feeder compound costs what it costs in the real plan.
 * So this instance's optimum is at most every real plan's cost, and any LV lower bound of it bounds the real
 * instance. It is tight where few compounds sit on feeders or the MV trucks come late (Zhengzhou: 7 of 495, the
 * soonest MV switch-on at their RMU 21 Jul 17:23, 24 h into their outage), where the two-part bound (mv-bound.ts)
 * subtracts all that the MV trucks' capacity could save anywhere. (It replaces counting the feeder compounds free
 * from their outage on, which lost Zhengzhou those 24 h: 94.8% efficiency instead of 95.3%.)
 */
import type { Instance } from "../instance.ts";
import { truckStart } from "../simulate-routes.ts";
import { travelRelaxation, type LowerBoundOptions } from "./lower-bound.ts";

/**
 * @example
 * computeLowerBound(feederCutInstance(inst)).bound; // ≤ every plan's customer outage hours on inst
 */
export function feederCutInstance<T extends Instance>(inst: T, options: LowerBoundOptions = {}): T {
  const res = inst.resources;
  if (!res || !res.mv.some(Boolean)) return inst;
  const soonest = mvSoonest(inst, options);
  return {
    ...inst,
    compounds: inst.compounds.map((c, j) => {
      const f = res.feederOf[j];
      if (f < 0 || !(soonest[f] < c.gridReturn)) return c;
      return { ...c, gridReturn: Math.max(c.outageStart, soonest[f]) };
    }),
    resources: { ...res, mv: res.mv.map(() => false) },
  };
}

/**
 * Per feeder, the soonest hour an MV truck could switch on at its RMU: a kept MV connection's switch-on on the
 * feeder, else the truck's first free hour plus the relaxed drive (≤ every real trip, lower-bound.ts) plus the least
 * set-up among the feeder's compounds (an MV stop takes its anchor's). A truck whose kept connections leave it at
 * an RMU is counted with no drive at all: the relaxation knows the drives from compounds and truck starts only.
 */
export function mvSoonest(inst: Instance, options: LowerBoundOptions = {}): number[] {
  const res = inst.resources!;
  const tau = travelRelaxation(inst, options);
  return res.feeders.map((feeder, f) => {
    const setup = Math.min(...feeder.compounds.map((j) => inst.compounds[j].setupHours));
    let soonest = Infinity;
    inst.trucks.forEach((t, k) => {
      if (!res.mv[k]) return;
      for (const fc of t.fixed) if (res.feederOf[fc.compound] === f) soonest = Math.min(soonest, fc.switchOn);
      const start = truckStart(inst, k);
      const drive = t.fixed.length > 0 ? 0 : tau(start.site, feeder.site);
      soonest = Math.min(soonest, start.free + drive + setup);
    });
    return soonest;
  });
}
