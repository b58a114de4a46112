/**
 * What-if (#16 item 2): a commander's assignments, in order, as the model schedules them on an instance, without
 * searching. Every stop is checked first; the ones that cannot be driven are named (`trucks[i].stops[s].compound`)
 * with the reason in words, so the board can say why a drop is refused.
 */
import { ErrorCode, LianxinError, type ErrorDetail } from "../../shared/errors.ts";
import type { PlanCompound, PlanTruck, Unserved } from "../../shared/plan.ts";
import type { Instance, Routes } from "./instance.ts";
import { simulateRoutes, truckStart } from "./simulate-routes.ts";
import { explainUnserved, planCompounds, planTrucks } from "./plan-dispatch.ts";
import type { PlannerInstance } from "./build-instance.ts";
import { stopProblem } from "./stop-problem.ts";

/** One truck's assignments as the request names them. */
export interface TruckAssignments {
  id: string;
  stops: { compound: string }[];
}

export interface AssignmentsSchedule {
  routes: Routes;
  customerOutageHours: number;
  trucks: PlanTruck[];
  compounds: PlanCompound[];
  unserved: Unserved[];
}

/**
 * The routes of `assignments` on `inst` (trucks not named keep no planned stop; a stop on the truck's own kept
 * connection is that connection and adds nothing). Throws LianxinError(impossible) naming every stop that cannot
 * be driven: an unknown or out-of-service truck (`outOfService`: known to the incident but not in its current
 * state, e.g. broken down), an unknown compound, one listed twice, a grid already back, a truck not free before
 * the grid returns, no open road, or a switch-on after the grid returns.
 *
 * @example
 * assignmentRoutes(inst, [{ id: "T1", stops: [{ compound: "C2" }] }]); // [[1], []]
 */
export function assignmentRoutes(inst: Instance, assignments: readonly TruckAssignments[], outOfService: ReadonlySet<string> = new Set()): Routes {
  const details: ErrorDetail[] = [];
  const truckIndex = new Map(inst.trucks.map((t) => [t.id, t.index]));
  const compoundIndex = new Map(inst.compounds.map((c) => [c.id, c.index]));
  const routes: Routes = inst.trucks.map(() => []);
  const named = new Set<number>();
  assignments.forEach((a, i) => {
    const k = truckIndex.get(a.id);
    if (k === undefined) {
      details.push(outOfService.has(a.id)
        ? { path: `trucks[${i}].id`, message: `truck ${a.id} is out of service (broken down)`, rule: "plan_truck_out", params: { truck: a.id } }
        : { path: `trucks[${i}].id`, message: `no truck ${a.id} in this incident`, rule: "unknown_truck", params: { truck: a.id } });
      return;
    }
    if (named.has(k)) {
      details.push({ path: `trucks[${i}].id`, message: `truck ${a.id} is listed twice`, rule: "plan_truck_twice", params: { truck: a.id } });
      return;
    }
    named.add(k);
    const fixed = new Set(inst.trucks[k].fixed.map((f) => f.compound));
    let { site, free } = truckStart(inst, k);
    a.stops.forEach((stop, s) => {
      const path = `trucks[${i}].stops[${s}].compound`;
      const j = compoundIndex.get(stop.compound);
      if (j === undefined) return void details.push({ path, message: `no compound ${stop.compound} in this incident`, rule: "unknown_compound", params: { compound: stop.compound } });
      if (fixed.has(j)) return;
      if (routes[k].includes(j)) return void details.push({ path, message: `${stop.compound} is already on ${a.id}'s route`, rule: "plan_on_route", params: { truck: a.id, compound: stop.compound } });
      const c = inst.compounds[j];
      const problem = stopProblem(inst, site, free, j, a.id);
      if (problem !== null) return void details.push({ path, message: problem.message, rule: problem.rule, params: { truck: a.id, compound: c.id } });
      routes[k].push(j);
      free = Math.max(c.gridReturn, free + inst.travel(site, j, free) + c.setupHours);
      site = j;
    });
  });
  if (details.length > 0) throw new LianxinError(ErrorCode.impossible, `${details.length} assignment(s) cannot be driven`, details);
  return routes;
}

/**
 * The schedule and figures of `assignments` (assignmentRoutes' checks first): what a plan of exactly these
 * assignments would say, its times in `zone`.
 *
 * @example
 * scheduleAssignments(inst, plan.trucks, "Asia/Shanghai", iso).customerOutageHours; // the plan's own figure
 */
export function scheduleAssignments(inst: PlannerInstance, assignments: readonly TruckAssignments[], iso: (h: number) => string,
  outOfService?: ReadonlySet<string>): AssignmentsSchedule {
  const routes = assignmentRoutes(inst, assignments, outOfService);
  const sim = simulateRoutes(inst, routes);
  return {
    routes,
    customerOutageHours: sim.cost,
    trucks: planTrucks(inst, sim, iso),
    compounds: planCompounds(inst, sim, iso),
    unserved: explainUnserved(inst, sim),
  };
}
