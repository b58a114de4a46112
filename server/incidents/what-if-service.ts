/**
 * What-if and routes (#16 items 2 and 3): a commander's assignments evaluated on the incident's current state, and
 * a stored plan's routes along the roads. Both build the planning instance on the request's thread from one planner
 * cache (roads, closures and travel rows are kept between requests), so a drag on the board answers in well under
 * a second and no plan job waits behind it or it behind a plan job.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { buildCurrentScenario } from "../../shared/restoration/build-current-scenario.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { EvaluateRequest, PlanEvaluation, PlanRoutes } from "../../shared/wire.ts";
import { isoInZone } from "../../shared/format-time.ts";
import type { PlannerInstance } from "../planner/build-instance.ts";
import { scheduleAssignments } from "../planner/evaluate-assignments.ts";
import { createIsoWriter } from "../planner/iso-writer.ts";
import { routesFromPlan } from "../planner/plan-dispatch.ts";
import { createPlannerCache } from "../planner/planner-cache.ts";
import { simulateRoutes } from "../planner/simulate-routes.ts";
import type { Store } from "../store/store.ts";
import type { IncidentService } from "./incident-service.ts";
import { instanceAt as instanceOf, storedPlanRoutes } from "./plan-routes.ts";
import { requireRole, type Caller } from "./authorize.ts";

export interface WhatIfDeps {
  store: Store;
  /** reads an incident in the caller's scope, and an incident's present */
  incidents: Pick<IncidentService, "getIncident" | "nowOf">;
}

export type WhatIfService = ReturnType<typeof createWhatIfService>;

/**
 * @example
 * const whatIf = createWhatIfService({ store, incidents });
 * const e = await whatIf.evaluate(caller, id, { trucks: [{ id: "T1", stops: [{ compound: "C2" }] }] });
 */
export function createWhatIfService(deps: WhatIfDeps) {
  const { store, incidents } = deps;
  const cache = createPlannerCache();

  const instanceAt = (current: Scenario, atMs: number): PlannerInstance => instanceOf(current, atMs, cache);

  return {
    async evaluate(caller: Caller, id: string, request: EvaluateRequest): Promise<PlanEvaluation> {
      requireRole(caller, ["commander"], "evaluate assignments");
      const { scenario } = await incidents.getIncident(caller, id);
      const atMs = await incidents.nowOf(id);
      const events = await store.listEvents(id);
      const basedOnSeq = events.reduce((max, e) => Math.max(max, e.seq), 0);
      const latest = await store.latestPlan(id);
      // the tanks where the latest plan and the log leave them, as a re-plan would start them (#17)
      const current = buildCurrentScenario(scenario, events, atMs, { fuelFrom: latest?.plan ?? null });
      const inst = instanceAt(current, atMs);
      const write = createIsoWriter(scenario.timezone);
      const iso = (h: number): string => write(inst.epochMs + h * 3_600_000);
      const present = new Set(current.trucks.map((t) => t.id));
      const outOfService = new Set(scenario.trucks.map((t) => t.id).filter((t) => !present.has(t)));
      const schedule = scheduleAssignments(inst, request.trucks, iso, outOfService);
      // the latest plan's assignments on this same state: a delta that compares like with like (#16 item 1)
      const sameState = latest ? simulateRoutes(inst, routesFromPlan(inst, latest.plan)).cost : null;
      const bound = latest && latest.basedOnSeq === basedOnSeq && latest.plan.lowerBound !== undefined ? latest.plan.lowerBound : null;
      return {
        at: isoInZone(atMs, scenario.timezone),
        basedOnSeq,
        customerOutageHours: schedule.customerOutageHours,
        trucks: schedule.trucks,
        compounds: schedule.compounds,
        unserved: schedule.unserved,
        latestPlan: latest ? { id: latest.id, customerOutageHours: latest.plan.customerOutageHours, sameStateCustomerOutageHours: sameState! } : null,
        deltaCustomerOutageHours: sameState === null ? null : schedule.customerOutageHours - sameState,
        lowerBound: bound,
        gapCustomerOutageHours: bound === null ? null : schedule.customerOutageHours - bound,
      };
    },

    async routes(caller: Caller, id: string, planId: string): Promise<PlanRoutes> {
      const { scenario } = await incidents.getIncident(caller, id);
      const stored = await store.getPlan(id, planId);
      if (!stored) throw new LianxinError(ErrorCode.notFound, `no plan ${planId} in incident ${id}`, [{ path: "planId", message: "unknown plan" }]);
      return storedPlanRoutes(scenario, await store.listEvents(id), stored, cache);
    },
  };
}
