/**
 * The commander's rule, the baseline every plan is compared with (issue #2 contract): compounds in descending
 * priority × households; each goes to the truck that can switch it on soonest among those with enough capacity,
 * else the soonest truck of any size; skipped when no truck can switch it on before its grid returns.
 * Compounds with a kept connection are left as they are. Ties go to the lower compound index, then the lower truck index (deterministic).
 */
import type { Instance, Routes } from "./instance.ts";
import { truckStart } from "./simulate-routes.ts";

/**
 * @example
 * const routes = commanderRule(inst); // e.g. [[2, 0], [1]]
 */
export function commanderRule(inst: Instance): Routes {
  const routes: Routes = inst.trucks.map(() => []);
  const state = inst.trucks.map((_t, k) => truckStart(inst, k));
  const order = inst.compounds.map((c) => c.index).sort((a, b) => inst.compounds[b].weight - inst.compounds[a].weight || a - b);
  // a compound with a kept connection already has its truck: the rule only dispatches free trucks to dark compounds
  const kept = new Set(inst.trucks.flatMap((t) => t.fixed.map((f) => f.compound)));
  for (const i of order) {
    const c = inst.compounds[i];
    if (c.gridReturn <= inst.at || kept.has(i)) continue;
    let bigK = -1, bigT = Infinity, anyK = -1, anyT = Infinity;
    inst.trucks.forEach((t, k) => {
      const { site, free } = state[k];
      const switchOn = free + inst.travel(site, i, free) + c.setupHours;
      if (!(switchOn < c.gridReturn)) return;
      if (t.capacityKw >= c.loadKw && switchOn < bigT) { bigT = switchOn; bigK = k; }
      if (switchOn < anyT) { anyT = switchOn; anyK = k; }
    });
    const k = bigK >= 0 ? bigK : anyK;
    if (k < 0) continue;
    routes[k].push(i);
    state[k] = { site: i, free: Math.max(c.gridReturn, k === bigK ? bigT : anyT) };
  }
  return routes;
}
