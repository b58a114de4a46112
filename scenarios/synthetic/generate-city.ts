/**
 * A seeded generator of synthetic flood cities in the scenario format (shared/scenario.ts): a grid-like or irregular
 * road network with arterials, substations with staggered return times, compounds with realistic households and
 * loads (hospitals and water works at high priority), timed flood zones over low-lying districts, and a fleet of
 * mixed-size generator trucks arriving over time at depots on the city's edge. Same options, same scenario.
 *
 * Every value here is ASSUMED (synthetic), chosen to resemble the Zhengzhou 2021 flood at city scale.
 */
import type { Compound, Depot, FloodZoneCollection, RoadCollection, Scenario, Substation, Truck } from "../../shared/scenario.ts";
import { seededRandom } from "../../shared/seeded-random.ts";

export interface CityOptions {
  seed: number;
  compounds: number;
  trucks: number;
  /** road vertices per side (side² nodes); default ≈ √(compounds × 6) */
  gridSide?: number;
  /** timed flood zones closing roads */
  floods: boolean;
  /** trucks of 200/250/400/500/1,800 kW (else all 1,800 kW and every load ≤ 1,800 kW) */
  mixedSizes: boolean;
  /** jitter the vertices, add diagonals and drop a few side streets */
  irregular?: boolean;
  /**
   * #17: fuel (every truck: a tank of ~11 h at full load, 0.22 L/h per kW + 10), `tankers` tankers of 8,000-15,000 L
   * pumping 6,000 L/h (100 L/min, a delivery nozzle)
   * at two fuel depots, `crews` cable crews at the truck depots (a quarter of the trucks bring their own), and
   * `mvTrucks` of the trucks made 10 kV (1,800 or 3,000 kW) with three feeders per substation. Drawn after the rest
   * (its own random stream), so a city keeps its compounds and trucks with or without them.
   */
  operations?: { tankers: number; crews: number; mvTrucks?: number };
}

/** Named sizes used by the bench (and their seeds live in seeds.json). */
export const CITY_SIZES = {
  small: { compounds: 60, trucks: 10, gridSide: 20, floods: true, mixedSizes: true },
  // #17: the medium city with fuel, tankers, crews and MV trucks (issue #17's target: 80 trucks, 10 tankers, 40 crews)
  operations: { compounds: 600, trucks: 80, gridSide: 60, floods: false, mixedSizes: false, operations: { tankers: 10, crews: 40, mvTrucks: 8 } },
  medium: { compounds: 600, trucks: 80, gridSide: 60, floods: false, mixedSizes: false },
  large: { compounds: 2000, trucks: 250, gridSide: 150, floods: true, mixedSizes: true },
} as const satisfies Record<string, Omit<CityOptions, "seed">>;

/** The project's mulberry32, with the seed mixed first so that nearby seeds give unrelated cities. */
export function createRandom(seed: number): () => number {
  return seededRandom(seed ^ 0x9e3779b9);
}

const CENTRE: [number, number] = [113.65, 34.75];
const KM_PER_DEG_LAT = 111.2;
const KM_PER_DEG_LON = 111.2 * Math.cos((CENTRE[1] * Math.PI) / 180);
/** 2021-07-20T16:00:00+08:00: when the first compounds went dark */
const T0_MS = Date.UTC(2021, 6, 20, 8, 0, 0);

/**
 * Generates a city.
 *
 * @example
 * const s = generateCity({ seed: 1, compounds: 60, trucks: 10, floods: true, mixedSizes: true });
 * s.compounds.length; // 60
 */
export function generateCity(options: CityOptions): Scenario {
  const rand = createRandom(options.seed);
  const between = (a: number, b: number): number => a + (b - a) * rand();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const side = options.gridSide ?? Math.max(8, Math.round(Math.sqrt(options.compounds * 6)));
  const cityKm = Math.min(16, Math.max(4, side * 0.1));
  const stepKm = cityKm / (side - 1);
  const iso = (hours: number): string => isoPlus8(T0_MS + Math.round(hours * 60) * 60_000);
  const toLonLat = (x: number, y: number): [number, number] => [
    round7(CENTRE[0] + (x - cityKm / 2) / KM_PER_DEG_LON),
    round7(CENTRE[1] + (y - cityKm / 2) / KM_PER_DEG_LAT),
  ];
  // Vertices (km), jittered when irregular.
  const vx = new Float64Array(side * side);
  const vy = new Float64Array(side * side);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const jitter = options.irregular ? 0.3 * stepKm : 0;
      vx[r * side + c] = c * stepKm + (c > 0 && c < side - 1 ? between(-jitter, jitter) : 0);
      vy[r * side + c] = r * stepKm + (r > 0 && r < side - 1 ? between(-jitter, jitter) : 0);
    }
  }
  const roads = buildRoads(side, vx, vy, toLonLat, options.irregular === true, rand);
  const horizon = 120;
  const substationCount = Math.max(3, Math.round(options.compounds / 40));
  const substations: Substation[] = [];
  for (let s = 0; s < substationCount; s++) {
    const back = rand() < 0.1 ? null : between(8, 100);
    substations.push({
      id: `sub-${s + 1}`, name: `Substation ${s + 1}`, location: toLonLat(between(0, cityKm), between(0, cityKm)),
      voltageKv: pick([110, 110, 220]), restoredAt: back === null ? null : iso(back),
    });
  }
  const compounds: Compound[] = [];
  const maxLoad = options.mixedSizes ? 3000 : 1800;
  for (let i = 0; i < options.compounds; i++) {
    const x = between(0.02, 0.98) * cityKm;
    const y = between(0.02, 0.98) * cityKm;
    const roll = rand();
    const kind = roll < 0.02 ? "hospital" : roll < 0.03 ? "water" : "residential";
    // Households: log-uniform 200-3,000 (many mid-size compounds, a few very large ones).
    const households = kind === "residential" ? Math.round(200 * Math.pow(15, rand())) : Math.round(between(300, 1200));
    const kwPerHousehold = kind === "hospital" ? between(1.2, 2) : kind === "water" ? between(1, 1.6) : between(0.3, 0.7);
    const sub = substations[nearestSubstation(substations, toLonLat(x, y))];
    const own = rand() < 0.1 ? between(6, 110) : undefined;
    compounds.push({
      id: `c-${i + 1}`, name: `${kind === "residential" ? "Compound" : kind === "hospital" ? "Hospital" : "Water works"} ${i + 1}`,
      location: toLonLat(x, y), households, loadKw: Math.min(maxLoad, Math.round(households * kwPerHousehold)),
      substation: sub.id, outageStart: iso(rand() < 0.7 ? 0 : between(0, 8)),
      ...(own !== undefined ? { gridRestoredAt: iso(own) } : {}),
      cableLengthM: Math.round(between(50, 300)),
      priority: kind === "hospital" ? 10 : kind === "water" ? 5 : 1, kind,
    });
  }
  const depots: Depot[] = [[0.02, 0.5], [0.98, 0.5], [0.5, 0.02], [0.5, 0.98], [0.05, 0.05]].map(([fx, fy], d) => ({
    id: `depot-${d + 1}`, name: `Depot ${d + 1}`, location: toLonLat(fx * cityKm, fy * cityKm),
  }));
  const sizes = [200, 250, 400, 500, 1800];
  const origins = ["Henan", "Sichuan", "Shandong", "Beijing", "Hubei", "Hebei"];
  const trucks: Truck[] = [];
  for (let k = 0; k < options.trucks; k++) {
    const local = rand() < 0.3;
    trucks.push({
      id: `t-${k + 1}`, name: `Generator truck ${k + 1}`,
      capacityKw: options.mixedSizes ? sizes[Math.floor(rand() * sizes.length)] : 1800,
      depot: pick(depots).id, availableAt: iso(local ? between(1, 4) : between(6, 40)),
      origin: local ? "Henan" : pick(origins),
    });
  }
  const scenario: Scenario = {
    id: `synthetic-${options.seed}-${options.compounds}x${options.trucks}`,
    name: `Synthetic flood city (seed ${options.seed}, ${options.compounds} compounds, ${options.trucks} trucks)`,
    timezone: "Asia/Shanghai", horizonEnd: iso(horizon),
    defaults: { speedKmh: 25, accessSpeedKmh: 15, planHours: 0.5, cableMetresPerHour: 200, switchOnHours: 0.25 },
    roads, substations, compounds, depots, trucks,
    description: "Synthetic city from scenarios/synthetic/generate-city.ts; every value is assumed.",
  };
  if (options.floods) scenario.floodZones = buildFloods(cityKm, toLonLat, iso, rand);
  if (options.operations) addOperations(scenario, options.operations, createRandom(options.seed * 31 + 17), cityKm, toLonLat, iso);
  return scenario;
}

/** #17: fuel, tankers, crews and MV trucks on feeders (CityOptions.operations), every value assumed. */
function addOperations(scenario: Scenario, o: NonNullable<CityOptions["operations"]>, rand: () => number, cityKm: number,
  toLonLat: (x: number, y: number) => [number, number], iso: (h: number) => string): void {
  const between = (a: number, b: number): number => a + (b - a) * rand();
  scenario.trucks.slice(0, o.mvTrucks ?? 0).forEach((t) => { t.voltage = "mv"; t.capacityKw = rand() < 0.5 ? 1800 : 3000; });
  scenario.trucks.forEach((t, k) => {
    t.fuelLitresPerHourAtFull = Math.round(0.22 * t.capacityKw + 10);
    t.fuelLitres = Math.round(t.fuelLitresPerHourAtFull * between(10, 12));
    if (k % 4 === 3) t.ownCrew = true;
  });
  scenario.fuelDepots = [[0.1, 0.1], [0.9, 0.9]].map(([fx, fy], i) => ({ id: `fuel-${i + 1}`, name: `Fuel depot ${i + 1}`, location: toLonLat(fx * cityKm, fy * cityKm) }));
  scenario.tankers = Array.from({ length: o.tankers }, (_v, x) => ({
    id: `tanker-${x + 1}`, capacityLitres: Math.round(between(8000, 15000)), fuelDepot: `fuel-${(x % 2) + 1}`,
    availableAt: iso(between(0, 6)), pumpLitresPerHour: 6000,
  }));
  scenario.crews = Array.from({ length: o.crews }, (_v, x) => ({
    id: `crew-${x + 1}`, name: `Cable crew ${x + 1}`, base: scenario.depots[x % scenario.depots.length].id,
    availableAt: iso(rand() < 0.4 ? between(1, 4) : between(6, 40)), members: 4 + Math.floor(rand() * 5),
  }));
  if ((o.mvTrucks ?? 0) > 0) {
    scenario.feeders = scenario.substations.flatMap((sub) => {
      const mine = scenario.compounds.filter((c) => c.substation === sub.id);
      return [0, 1, 2].flatMap((f) => {
        const on = mine.filter((_c, i) => i % 3 === f);
        if (on.length === 0) return [];
        const [lon, lat] = on[0].location;
        return [{ id: `${sub.id}-f${f + 1}`, substation: sub.id, rmu: [lon + between(-0.002, 0.002), lat + between(-0.002, 0.002)] as [number, number] }];
      });
    });
    const feederIds = new Set(scenario.feeders.map((f) => f.id));
    const bySub = new Map<string, number>();
    for (const c of scenario.compounds) {
      const i = bySub.get(c.substation) ?? 0;
      bySub.set(c.substation, i + 1);
      const id = `${c.substation}-f${(i % 3) + 1}`;
      if (feederIds.has(id)) c.feeder = id;
    }
  }
}

function buildRoads(side: number, vx: Float64Array, vy: Float64Array, toLonLat: (x: number, y: number) => [number, number],
  irregular: boolean, rand: () => number): RoadCollection {
  const features: RoadCollection["features"] = [];
  const at = (r: number, c: number): [number, number] => toLonLat(vx[r * side + c], vy[r * side + c]);
  // Arterials every 8th line at 50 km/h; other streets take the default speed.
  const line = (coords: [number, number][], id: string, arterial: boolean): void => {
    features.push({ type: "Feature", properties: { id, ...(arterial ? { speedKmh: 50 } : {}) }, geometry: { type: "LineString", coordinates: coords } });
  };
  for (let r = 0; r < side; r++) {
    const arterial = r % 8 === 0 || r === side - 1;
    let run: [number, number][] = [at(r, 0)];
    for (let c = 1; c < side; c++) {
      // Irregular cities lose a few side-street blocks (never on arterials or the border, so all stays connected).
      if (irregular && !arterial && r > 0 && c % 8 !== 0 && rand() < 0.06) {
        if (run.length > 1) line(run, `row-${r}-${c}`, false);
        run = [at(r, c)];
        continue;
      }
      run.push(at(r, c));
    }
    if (run.length > 1) line(run, `row-${r}`, arterial);
  }
  for (let c = 0; c < side; c++) {
    const coords: [number, number][] = [];
    for (let r = 0; r < side; r++) coords.push(at(r, c));
    line(coords, `col-${c}`, c % 8 === 0 || c === side - 1);
  }
  if (irregular) {
    for (let d = 0; d < side / 4; d++) {
      const r = Math.floor(rand() * (side - 1));
      const c = Math.floor(rand() * (side - 1));
      line([at(r, c), at(r + 1, c + 1)], `diag-${d}`, false);
    }
  }
  return { type: "FeatureCollection", features };
}

/** Low-lying districts: a few discs (16-gons) flooded from hour `from` until hour `until`. */
function buildFloods(cityKm: number, toLonLat: (x: number, y: number) => [number, number], iso: (h: number) => string,
  rand: () => number): FloodZoneCollection {
  const features: FloodZoneCollection["features"] = [];
  const count = 4;
  for (let z = 0; z < count; z++) {
    const cx = (0.15 + 0.7 * rand()) * cityKm;
    const cy = (0.15 + 0.7 * rand()) * cityKm;
    const radius = (0.04 + 0.06 * rand()) * cityKm;
    const ring: [number, number][] = [];
    for (let a = 0; a < 16; a++) {
      const t = (2 * Math.PI * a) / 16;
      ring.push(toLonLat(cx + radius * Math.cos(t), cy + radius * Math.sin(t)));
    }
    ring.push(ring[0]);
    const from = 2 * rand();
    features.push({
      type: "Feature", properties: { id: `flood-${z + 1}`, name: `Low-lying district ${z + 1}`, from: iso(from), until: iso(from + 12 + 36 * rand()) },
      geometry: { type: "Polygon", coordinates: [ring] },
    });
  }
  return { type: "FeatureCollection", features };
}

function nearestSubstation(subs: Substation[], p: [number, number]): number {
  let best = 0;
  let bestD = Infinity;
  subs.forEach((s, i) => {
    const d = (s.location[0] - p[0]) ** 2 + (s.location[1] - p[1]) ** 2;
    if (d < bestD) { bestD = d; best = i; }
  });
  return best;
}

function round7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}

/** ISO 8601 in Asia/Shanghai (+08:00, no daylight saving). */
function isoPlus8(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "+08:00");
}
