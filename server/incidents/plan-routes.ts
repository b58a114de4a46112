/**
 * A stored plan's routes along the roads (#16 item 3): the scenario as the plan saw it (the log up to its seq, at
 * its instant), its planning instance, and routeLegs over it. One function, so GET …/plans/:planId/routes and the
 * map exports (geojson, kml) draw the same legs.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { StoredEvent } from "../../shared/events.ts";
import { buildCurrentScenario } from "../../shared/restoration/build-current-scenario.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { PlanRoutes, StoredPlan } from "../../shared/wire.ts";
import { buildInstance, type PlannerInstance } from "../planner/build-instance.ts";
import type { PlannerCache } from "../planner/planner-cache.ts";
import { routeLegs } from "../planner/route-legs.ts";

/**
 * @example
 * const routes = storedPlanRoutes(incident.scenario, await store.listEvents(id), stored, cache);
 */
export function storedPlanRoutes(scenario: Scenario, events: readonly StoredEvent[], stored: StoredPlan, cache: PlannerCache): PlanRoutes {
  const atMs = Date.parse(stored.plan.at ?? stored.createdAt);
  const current = buildCurrentScenario(scenario, events.filter((e) => e.seq <= stored.basedOnSeq), atMs);
  return routeLegs(instanceAt(current, atMs, cache), current, stored.plan, cache);
}

/** the instance of the scenario as it stood at `atMs`; a scenario the log made unplannable is 422 */
export function instanceAt(current: Scenario, atMs: number, cache: PlannerCache): PlannerInstance {
  try {
    return buildInstance(current, { at: atMs, cache });
  } catch (e) {
    if (e instanceof LianxinError && e.code === ErrorCode.invalidInput) throw new LianxinError(ErrorCode.impossible, e.message, e.details);
    throw e;
  }
}
