/**
 * A plan's routes on the map (#16 item 3): one GeoJSON LineString per leg a truck drives, along the road vertices
 * of the shortest open path for the leg's departure (the same closures the planner timed it with), so the board
 * draws roads instead of straight lines. Kept connections and stops at the truck's own place drive no leg.
 */
import type { Feature, LineString } from "geojson";
import type { PlanRoutes, RouteLegProperties } from "../../shared/wire.ts";
import type { Plan } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { DEFAULTS } from "../../shared/scenario.ts";
import type { PlannerInstance } from "./build-instance.ts";
import { isoMs } from "./build-instance.ts";
import { createDijkstraWorkspace, dijkstraCsr } from "./dijkstra-csr.ts";
import { buildFloodEpochs, closuresAt } from "./flood-epochs.ts";
import { networkEntry, type PlannerCache } from "./planner-cache.ts";
import type { Csr } from "./road-network.ts";

/** What each leg says: the truck, the compound it drives to, and the plan's departure and arrival (ISO, the plan's zone). */
export type RouteLegs = PlanRoutes;

/**
 * The legs of `plan` on `inst`, the instance of `scenario` (the scenario as the plan saw it) at the plan's instant.
 * Stops at compounds the instance does not know are skipped.
 *
 * @example
 * const legs = routeLegs(buildInstance(current, { at }), current, plan);
 * legs.features[0].properties; // { truck: "T1", compound: "C2", depart: "…+08:00", arrive: "…+08:00" }
 */
export function routeLegs(inst: PlannerInstance, scenario: Scenario, plan: Plan, cache?: PlannerCache): RouteLegs {
  const d = { ...DEFAULTS, ...scenario.defaults };
  const registry = cache ? networkEntry(cache, scenario.roads, d).zoneSegments : undefined;
  const epochs = buildFloodEpochs(inst.network, scenario.floodZones, inst.epochMs, registry);
  const ws = createDijkstraWorkspace(inst.network.csr.nodeCount);
  const C = inst.compounds.length;
  const compoundIndex = new Map(inst.compounds.map((c) => [c.id, c.index]));
  const truckIndex = new Map(inst.trucks.map((t) => [t.id, t.index]));
  const features: Feature<LineString, RouteLegProperties>[] = [];
  for (const truck of plan.trucks) {
    const k = truckIndex.get(truck.id);
    if (k === undefined) continue;
    let from = C + k;
    for (const stop of truck.stops) {
      const to = compoundIndex.get(stop.compound);
      if (to === undefined) continue;
      const departMs = isoMs(stop.depart);
      if (departMs < isoMs(stop.arrive)) {
        const hour = (departMs - inst.epochMs) / 3_600_000;
        const nodes = roadPath(inst.network.csr, inst.sites[from].node, inst.sites[to].node, closuresAt(epochs, hour).mask, ws);
        const coordinates = (nodes.length === 1 ? [nodes[0], nodes[0]] : nodes).map((n) => [inst.network.lon[n], inst.network.lat[n]]);
        features.push({
          type: "Feature",
          properties: { truck: truck.id, compound: stop.compound, depart: stop.depart, arrive: stop.arrive },
          geometry: { type: "LineString", coordinates },
        });
      }
      from = to;
    }
  }
  return { type: "FeatureCollection", features };
}

/** Road nodes of the shortest open path from `source` to `target` (just the two when no open path exists). */
function roadPath(csr: Csr, source: number, target: number, closed: Uint8Array | null, ws: ReturnType<typeof createDijkstraWorkspace>): number[] {
  if (source === target) return [source];
  dijkstraCsr(csr, source, closed, ws, target);
  if (ws.dist[target] === Infinity) return [source, target];
  const path = [target];
  for (let n = target; n !== source; ) {
    n = arcTail(csr, ws.parentArc[n]);
    path.push(n);
  }
  return path.reverse();
}

/** The node an arc leaves from: the n with offsets[n] ≤ arc < offsets[n + 1]. */
function arcTail(csr: Csr, arc: number): number {
  let lo = 0;
  let hi = csr.nodeCount - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (csr.offsets[mid] <= arc) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
