/**
 * #17: two map layers from the latest plan: tanker routes (straight legs from where a tanker starts through its
 * refuelling stops and fuel-depot refills in time order) and MV supply (from the RMU an MV truck is switched on at,
 * or its stop's compound when the compound has no feeder, to each compound the stop supplies; the stop the truck is
 * on or heading for next). Straight lines: tankers' road legs are not in GET …/routes, and a drawn leg only says
 * which truck a tanker serves next.
 *
 * The map's container carries `data-tanker-legs` and `data-mv-lines` (the counts drawn), for tests.
 */
import L from "leaflet";
import type { LonLat, Scenario } from "../../shared/scenario.ts";
import type { StoredPlan } from "../../shared/wire.ts";
import { currentMvStop } from "./truck-resources.ts";

export interface ResourceLayers {
  tankers: L.LayerGroup;
  supplies: L.LayerGroup;
  update(plan: StoredPlan | null, nowMs: number): void;
}

const TANKER_COLOUR = "#ff8c3a";
const MV_COLOUR = "#c38bff";

export function createResourceLayers(map: L.Map, container: HTMLElement, scenario: Scenario): ResourceLayers {
  const tankers = L.layerGroup().addTo(map);
  const supplies = L.layerGroup().addTo(map);
  const compoundAt = new Map<string, LonLat>(scenario.compounds.map((c) => [c.id, c.location]));
  const feederOf = new Map(scenario.compounds.map((c) => [c.id, c.feeder]));
  const rmuOf = new Map((scenario.feeders ?? []).map((f) => [f.id, f.rmu]));
  const depotAt = new Map<string, LonLat>((scenario.fuelDepots ?? []).map((d) => [d.id, d.location]));
  const mvTrucks = new Set(scenario.trucks.filter((x) => x.voltage === "mv").map((x) => x.id));
  let tankerKey = "";
  let supplyKey = "";

  function drawTankers(plan: StoredPlan | null): void {
    const key = plan?.id ?? "";
    if (key === tankerKey) return;
    tankerKey = key;
    tankers.clearLayers();
    let legs = 0;
    for (const route of plan?.plan.tankers ?? []) {
      const tanker = (scenario.tankers ?? []).find((x) => x.id === route.id);
      const start = tanker?.location ?? (tanker?.fuelDepot ? depotAt.get(tanker.fuelDepot) : undefined);
      const visits = [
        ...route.stops.map((s) => ({ ms: Date.parse(s.arrive), at: compoundAt.get(s.compound) })),
        ...route.refills.map((r) => ({ ms: Date.parse(r.arrive), at: depotAt.get(r.fuelDepot) })),
      ].sort((a, b) => a.ms - b.ms).map((v) => v.at);
      const path = [start, ...visits].filter((p): p is LonLat => p !== undefined);
      for (let i = 1; i < path.length; i++) {
        L.polyline([latLng(path[i - 1]), latLng(path[i])], { color: TANKER_COLOUR, weight: 2, opacity: 0.8, dashArray: "1 5", lineCap: "round", interactive: false, className: "tanker-leg" }).addTo(tankers);
        legs++;
      }
    }
    container.setAttribute("data-tanker-legs", String(legs));
  }

  function drawSupplies(plan: StoredPlan | null, nowMs: number): void {
    const current = (plan?.plan.trucks ?? []).filter((x) => mvTrucks.has(x.id)).map((x) => ({ truck: x.id, stop: currentMvStop(x.stops, nowMs) }));
    const key = `${plan?.id ?? ""}|${current.map((c) => `${c.truck}:${c.stop?.compound ?? ""}`).join(",")}`;
    if (key === supplyKey) return;
    supplyKey = key;
    supplies.clearLayers();
    let lines = 0;
    for (const { stop } of current) {
      if (!stop?.supplies) continue;
      const feeder = feederOf.get(stop.compound);
      const from = (feeder ? rmuOf.get(feeder) : undefined) ?? compoundAt.get(stop.compound);
      if (!from) continue;
      L.circleMarker(latLng(from), { radius: 4, color: MV_COLOUR, weight: 2, fillOpacity: 0.2, interactive: false }).addTo(supplies);
      for (const c of stop.supplies) {
        const to = compoundAt.get(c);
        if (!to) continue;
        L.polyline([latLng(from), latLng(to)], { color: MV_COLOUR, weight: 2, opacity: 0.85, interactive: false, className: "mv-supply" }).addTo(supplies);
        lines++;
      }
    }
    container.setAttribute("data-mv-lines", String(lines));
  }

  return {
    tankers,
    supplies,
    update(plan, nowMs) {
      drawTankers(plan);
      drawSupplies(plan, nowMs);
    },
  };
}

/** The legend's two entries, as map-view's legend writes them (HTML, escaped by the caller's `escape`). */
export function resourceLegendHtml(labels: { tankers: string; supply: string }, escape: (s: string) => string): string {
  return `<span><i style="background:${TANKER_COLOUR}"></i>${escape(labels.tankers)}</span><span><i style="background:${MV_COLOUR}"></i>${escape(labels.supply)}</span>`;
}

function latLng(p: LonLat): L.LatLng {
  return L.latLng(p[1], p[0]);
}
