/**
 * The exports' unit-test incident: the restoration tests' tiny scenario (A: 100 households, 200 kW on S2;
 * B: 50 households, 100 kW on S1, back 21 Jul 12:00; T1 100 kW at depot D; T2 300 kW from 21 Jul 00:00), with
 * T1 dispatched 02:00, arrived 03:00 and switched on at A 04:00 on 20 Jul, seen at 20 Jul 06:00 (+08:00), and a
 * plan that keeps T1 at A and sends T2 to B (switch-on 21 Jul 01:30).
 */
import type { StoredEvent } from "../../shared/events.ts";
import type { Plan } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { PlanRoutes } from "../../shared/wire.ts";
import { buildCurrentScenario } from "../../shared/restoration/build-current-scenario.ts";
import { deriveState } from "../../shared/restoration/derive-state.ts";
import { ms, stored, t, tinyScenario } from "../../shared/restoration/tiny-scenario.fixture.ts";
import type { MapExportInput } from "./geojson-export.ts";

export { ms, t };

export interface TinyExport {
  scenario: Scenario;
  events: StoredEvent[];
  atMs: number;
  plan: { id: string; plan: Plan };
  routes: PlanRoutes;
  state: IncidentState;
  map: MapExportInput;
}

export function tinyExport(): TinyExport {
  const scenario = tinyScenario();
  // a name a KML writer must escape, and Chinese
  scenario.compounds[0].name = "金成中苑 A & <Sons>";
  scenario.compounds[0].provenance = "sourced";
  scenario.compounds[0].source = "[S] a paper";
  scenario.compounds[1].priority = 3;
  scenario.compounds[1].kind = "hospital";
  const events: StoredEvent[] = [];
  stored(events, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
  stored(events, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" });
  stored(events, { type: "switched.on", at: "20T04:00", truck: "T1", compound: "A", note: "合闸, \"ok\"" });
  const atMs = ms("20T06:00");
  const plan: Plan = {
    scenario: "tiny",
    customerOutageHours: 1234.5,
    baselineCustomerOutageHours: 2000,
    lowerBound: 1200,
    at: t("20T06:00"),
    trucks: [
      { id: "T1", stops: [{ compound: "A", depart: t("20T04:00"), arrive: t("20T04:00"), switchOn: t("20T04:00"), release: t("26T00:00") }] },
      { id: "T2", stops: [{ compound: "B", depart: t("21T00:00"), arrive: t("21T00:30"), switchOn: t("21T01:30"), release: t("21T12:00") }] },
    ],
    compounds: [],
    unserved: [],
  };
  const routes: PlanRoutes = {
    type: "FeatureCollection",
    features: [{
      type: "Feature",
      properties: { truck: "T2", compound: "B", depart: t("21T00:00"), arrive: t("21T00:30") },
      geometry: { type: "LineString", coordinates: [[113.6, 34.7], [113.65, 34.7], [113.69, 34.7]] },
    }],
  };
  const stored_ = { id: "plan-1", plan };
  const state = deriveState(scenario, events, atMs);
  const map: MapExportInput = {
    scenario,
    current: buildCurrentScenario(scenario, events, atMs),
    state,
    plan: stored_,
    routes,
  };
  return { scenario, events, atMs, plan: stored_, routes, state, map };
}
