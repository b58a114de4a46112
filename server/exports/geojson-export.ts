/**
 * The incident on a map, as one RFC 7946 FeatureCollection (#16 item 5): compounds as Points (status, outage hours,
 * ETA, provenance, households, priority), trucks as Points where the log last placed them (with status), and the
 * latest plan's routes as LineStrings along road vertices (the legs GET …/plans/:planId/routes serves). Each
 * feature's `layer` says which of the three it is. KML (kml-export.ts) is written from the same features.
 */
import type { Feature, FeatureCollection, LineString, Point } from "geojson";
import type { Plan } from "../../shared/plan.ts";
import type { LonLat, Provenance, Scenario } from "../../shared/scenario.ts";
import type { CompoundStatus, IncidentState, TruckStatus } from "../../shared/state.ts";
import type { PlanRoutes, RouteLegProperties } from "../../shared/wire.ts";
import { districtOf } from "../../shared/compound-district.ts";
import { planEtas } from "./plan-eta.ts";

export interface MapExportInput {
  /** the scenario as stored: substations, depots, every truck's first place */
  scenario: Pick<Scenario, "substations" | "depots" | "trucks">;
  /** the scenario at the export's instant (buildCurrentScenario): reported compounds in, trucks where they are */
  current: Pick<Scenario, "compounds" | "trucks">;
  state: Pick<IncidentState, "compounds" | "trucks">;
  /** the latest plan, with its id */
  plan: { id: string; plan: Pick<Plan, "trucks"> } | null;
  /** that plan's legs along the roads */
  routes: PlanRoutes | null;
}

export interface CompoundFeatureProperties {
  layer: "compound";
  id: string;
  name: string;
  status: CompoundStatus;
  /** hours without supply per household so far, h (two decimals) */
  outageHours: number;
  /** the latest plan's switch-on here, ISO with offset; null when the plan sends no truck */
  eta: string | null;
  households: number;
  priority: number;
  provenance: Provenance | null;
  source: string | null;
  substation: string;
  district: string;
  kind: string | null;
  address: string | null;
}

export interface TruckFeatureProperties {
  layer: "truck";
  id: string;
  name: string;
  status: TruckStatus;
  /** the compound it serves, drives to or last left; null at a depot or its first place */
  compound: string | null;
  capacityKw: number;
  origin: string | null;
  provenance: Provenance | null;
}

export interface RouteFeatureProperties extends RouteLegProperties {
  layer: "route";
  plan: string;
}

export type ExportFeature =
  | Feature<Point, CompoundFeatureProperties>
  | Feature<Point, TruckFeatureProperties>
  | Feature<LineString, RouteFeatureProperties>;

/**
 * Compounds first, then trucks, then route legs. Does not mutate its input.
 *
 * @example
 * exportFeatures(input).features[0].properties; // { layer: "compound", id: "C1", status: "dark", outageHours: 5.5, eta: "…+08:00", … }
 */
export function exportFeatures(input: MapExportInput): FeatureCollection<Point | LineString, ExportFeature["properties"]> {
  const substations = new Map(input.scenario.substations.map((s) => [s.id, s]));
  const compoundState = new Map(input.state.compounds.map((c) => [c.id, c]));
  const etas = planEtas(input.plan?.plan ?? null);
  const features: ExportFeature[] = [];
  for (const c of input.current.compounds) {
    const s = compoundState.get(c.id);
    features.push(point(c.location, {
      layer: "compound",
      id: c.id,
      name: c.name,
      status: s?.status ?? "dark",
      outageHours: round2(s?.outageHours ?? 0),
      eta: etas.get(c.id) ?? null,
      households: c.households,
      priority: c.priority ?? 1,
      provenance: c.provenance ?? null,
      source: c.source ?? null,
      substation: c.substation,
      district: districtOf(c, substations),
      kind: c.kind ?? null,
      address: c.address ?? null,
    }));
  }
  const truckState = new Map(input.state.trucks.map((t) => [t.id, t]));
  const placed = new Map(input.current.trucks.map((t) => [t.id, t]));
  const depots = new Map(input.scenario.depots.map((d) => [d.id, d.location]));
  for (const t of input.scenario.trucks) {
    // a broken truck is out of the current scenario: it stands where the scenario first put it
    const where = placed.get(t.id) ?? t;
    const location = where.location ?? (where.depot === undefined ? undefined : depots.get(where.depot));
    if (!location) continue;
    const s = truckState.get(t.id);
    features.push(point(location, {
      layer: "truck",
      id: t.id,
      name: t.name,
      status: s?.status ?? "free",
      compound: s?.compound ?? null,
      capacityKw: t.capacityKw,
      origin: t.origin ?? null,
      provenance: t.provenance ?? null,
    }));
  }
  for (const leg of input.routes?.features ?? []) {
    features.push({
      type: "Feature",
      properties: { layer: "route", plan: input.plan?.id ?? "", ...leg.properties },
      geometry: { type: "LineString", coordinates: leg.geometry.coordinates.map((p) => [p[0], p[1]]) },
    });
  }
  return { type: "FeatureCollection", features };
}

/**
 * The FeatureCollection as the file's text (application/geo+json).
 *
 * @example
 * JSON.parse(geojsonExport(input)).type; // "FeatureCollection"
 */
export function geojsonExport(input: MapExportInput): string {
  return JSON.stringify(exportFeatures(input));
}

function point<P>(location: LonLat, properties: P): Feature<Point, P> {
  return { type: "Feature", properties, geometry: { type: "Point", coordinates: [location[0], location[1]] } };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
