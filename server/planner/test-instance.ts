/**
 * Hand-built numeric instances for tests: compounds and trucks with a fixed travel matrix (no roads), so that
 * every figure in a test can be worked out by hand; and a road closure to apply to a scenario.
 */
import type { Scenario } from "../../shared/scenario.ts";
import type { Instance, InstanceCompound, InstanceTruck } from "./instance.ts";

export interface HandCompound { weight: number; loadKw?: number; outageStart?: number; gridReturn: number; setupHours?: number }
export interface HandTruck { capacityKw?: number; availableAt?: number; fixed?: InstanceTruck["fixed"] }

/**
 * @example
 * handInstance([{ weight: 100, gridReturn: 10 }], [{}], [[0, 1], [1, 0]]); // travel 1 h between the two sites
 */
export function handInstance(compounds: HandCompound[], trucks: HandTruck[], travel: number[][], at = 0): Instance {
  const cs: InstanceCompound[] = compounds.map((c, index) => ({
    id: `C${index}`, index, weight: c.weight, households: c.weight, priority: 1, loadKw: c.loadKw ?? 100,
    outageStart: c.outageStart ?? 0, gridReturn: c.gridReturn, setupHours: c.setupHours ?? 1,
  }));
  const ts: InstanceTruck[] = trucks.map((t, index) => ({
    id: `T${index}`, index, capacityKw: t.capacityKw ?? 100, availableAt: Math.max(t.availableAt ?? 0, at), fixed: t.fixed ?? [],
  }));
  return {
    scenarioId: "hand", epochMs: 0, horizon: 100, at, compounds: cs, trucks: ts,
    travel: (a, b) => travel[a][b], timeInvariant: true,
  };
}

/**
 * The scenario with one more permanent zone: a disc (~40 m) over the middle vertex of road `road`, closing the
 * crossing there (what the bench's "road closes" event does).
 *
 * @example
 * buildInstance(withRoadClosure(scenario, 2), { cache }); // trips through road 2's middle crossing detour
 */
export function withRoadClosure(s: Scenario, road = 0): Scenario {
  const g = s.roads.features[road % s.roads.features.length].geometry;
  const line = g.type === "LineString" ? g.coordinates : g.coordinates[0];
  const [lon, lat] = line[Math.floor(line.length / 2)];
  const r = 0.0004;
  const ring = Array.from({ length: 9 }, (_v, i) => [lon + r * Math.cos((i * Math.PI) / 4), lat + r * Math.sin((i * Math.PI) / 4)]);
  ring[8] = ring[0];
  const zone = { type: "Feature" as const, properties: { id: `closed-${road}` }, geometry: { type: "Polygon" as const, coordinates: [ring] } };
  return { ...s, floodZones: { type: "FeatureCollection", features: [...(s.floodZones?.features ?? []), zone] } };
}
