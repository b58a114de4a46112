/**
 * What the exports are made from, read once per export job: the incident at the export's instant (its state, the
 * scenario as it then stood), the latest plan and, for the map formats, that plan's routes along the roads. The
 * only part of server/exports that reads the store; the format files are pure.
 */
import type { StoredEvent } from "../../shared/events.ts";
import { buildCurrentScenario } from "../../shared/restoration/build-current-scenario.ts";
import { deriveState } from "../../shared/restoration/derive-state.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { IncidentDetail, PlanRoutes, StoredPlan } from "../../shared/wire.ts";
import { storedPlanRoutes } from "../incidents/plan-routes.ts";
import { createPlannerCache } from "../planner/planner-cache.ts";
import type { Store } from "../store/store.ts";

export interface ExportSnapshot {
  detail: IncidentDetail;
  /** the whole log; each format reads only what happened up to atMs */
  events: StoredEvent[];
  atMs: number;
  current: Scenario;
  state: IncidentState;
  plan: StoredPlan | null;
  routes: PlanRoutes | null;
}

// roads and travel rows kept between exports of the same scenario, as the route service keeps them
const cache = createPlannerCache();

/**
 * @example
 * const snap = await loadExportSnapshot(ctx.store, detail, events, atMs, { routes: true });
 */
export async function loadExportSnapshot(store: Store, detail: IncidentDetail, events: StoredEvent[], atMs: number, options: { routes: boolean }): Promise<ExportSnapshot> {
  const plan = await store.latestPlan(detail.id);
  return {
    detail,
    events,
    atMs,
    current: buildCurrentScenario(detail.scenario, events, atMs),
    state: deriveState(detail.scenario, events, atMs),
    plan,
    routes: options.routes && plan ? storedPlanRoutes(detail.scenario, events, plan, cache) : null,
  };
}
