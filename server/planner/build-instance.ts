/**
 * Scenario → numeric Instance (see instance.ts): hours since the earliest outage start or truck availability, site
 * travel times with flood epochs, grid returns, setup hours, and trucks' kept connections.
 */
import { DateTime } from "luxon";
import { DEFAULTS, type Compound, type LonLat, type Scenario, type ScenarioDefaults } from "../../shared/scenario.ts";
import { ErrorCode, LianxinError, type ErrorDetail } from "../../shared/errors.ts";
import type { FixedConnection, Instance, InstanceCompound, InstanceResources, InstanceTruck } from "./instance.ts";
import { nodeKey, type RoadNetwork } from "./road-network.ts";
import { snapToRoad, type VertexIndex } from "./snap-to-road.ts";
import { networkEntry, type PlannerCache } from "./planner-cache.ts";
import { buildFloodEpochs, closuresAt } from "./flood-epochs.ts";
import { createTravelTimes, type TravelSite } from "./travel-times.ts";

const HOUR_MS = 3_600_000;

/** The Instance plus what the plan writer and the explanations need. */
export interface PlannerInstance extends Instance {
  network: RoadNetwork;
  /** flood epoch boundaries, hours since epoch (travel may change only at these) */
  epochBoundaries: number[];
  /** per site: its road node and access hours */
  sites: TravelSite[];
  /** one-to-all searches run so far */
  searches(): number;
}

export interface BuildOptions {
  /** the planning instant, ms since Unix epoch: no departure before it */
  at?: number;
  /** reuse roads, snapping, flood closures and travel rows from earlier builds on the same roads */
  cache?: PlannerCache;
}

/** The plain extended form (what plans and the bench's cities write): Date.parse reads it exactly as luxon does. */
const PLAIN_ISO = /^([1-9]\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * Parses an ISO time with offset to ms. The plain extended form goes through Date.parse (a city's scenario has
 * thousands of times, and luxon's parser took ~40 µs each: 50 ms of a 600-compound re-plan); any other form ISO
 * 8601 allows (basic format, ordinal or week dates, hour-only offsets) through luxon.
 *
 * @example
 * isoMs("2021-07-20T16:00:00+08:00"); // 1626768000000
 */
export function isoMs(iso: string): number {
  const m = PLAIN_ISO.exec(iso);
  // Date.parse rolls 2021-02-30 over to March; luxon (and the scenario validator) reject it
  if (m && Number(m[3]) <= new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate()) return Date.parse(iso);
  return DateTime.fromISO(iso, { setZone: true }).toMillis();
}

/**
 * Builds the planning instance of a VALID scenario (see validateScenario). Throws LianxinError(invalid_input) naming
 * every site with no road vertex within `defaults.maxAccessKm`.
 *
 * @example
 * const inst = buildInstance(scenario, { at: Date.parse("2021-07-21T08:00:00+08:00") });
 * inst.travel(0, inst.compounds.length, inst.at); // compound 0 → truck 0's start, hours
 */
export function buildInstance(scenario: Scenario, options: BuildOptions = {}): PlannerInstance {
  const d: Required<ScenarioDefaults> = { ...DEFAULTS, ...scenario.defaults };
  const epochMs = Math.min(
    ...scenario.compounds.map((c) => isoMs(c.outageStart)),
    ...scenario.trucks.map((t) => isoMs(t.availableAt)),
    isoMs(scenario.horizonEnd),
  );
  const hours = (ms: number): number => (ms - epochMs) / HOUR_MS;
  const horizon = hours(isoMs(scenario.horizonEnd));
  const at = options.at === undefined ? 0 : hours(options.at);

  const entry = networkEntry(options.cache, scenario.roads, d);
  const network = entry.network;
  const sites = snapSites(scenario, entry.vertexIndex, d);
  const epochs = buildFloodEpochs(network, scenario.floodZones, epochMs, options.cache ? entry.zoneSegments : undefined);
  const tt = createTravelTimes(network, epochs, sites, options.cache ? entry.travel : undefined);

  const substationReturn = new Map(scenario.substations.map((s) => [s.id, s.restoredAt === null ? horizon : hours(isoMs(s.restoredAt))]));
  const compounds: InstanceCompound[] = scenario.compounds.map((c, index) => ({
    id: c.id,
    index,
    weight: (c.priority ?? 1) * c.households,
    households: c.households,
    priority: c.priority ?? 1,
    loadKw: c.loadKw,
    outageStart: hours(isoMs(c.outageStart)),
    gridReturn: gridReturn(c, substationReturn, horizon, hours),
    setupHours: setupHours(c, d),
  }));
  const compoundIndex = new Map(compounds.map((c) => [c.id, c.index]));
  const C = compounds.length;
  const trucks: InstanceTruck[] = scenario.trucks.map((t, index) => ({
    id: t.id,
    index,
    capacityKw: t.capacityKw,
    availableAt: Math.max(hours(isoMs(t.availableAt)), at),
    fixed: [],
  }));
  const truckIndex = new Map(trucks.map((t) => [t.id, t.index]));
  for (const c of scenario.connections ?? []) {
    trucks[truckIndex.get(c.truck)!].fixed.push({ compound: compoundIndex.get(c.compound)!, switchOn: hours(isoMs(c.switchOn)) });
  }
  const stranded: { truck: number; compound: number }[] = [];
  for (const e of scenario.enRoute ?? []) {
    const k = truckIndex.get(e.truck)!;
    const i = compoundIndex.get(e.compound)!;
    const depart = hours(isoMs(e.departedAt));
    // Without arrivedAt, the drive starts where the truck was: the compound of its last kept connection switched
    // on before it departed (it drives on from there), else its own start site.
    const before = trucks[k].fixed.filter((f) => f.switchOn <= depart).sort((a, b) => b.switchOn - a.switchOn)[0];
    const from = before === undefined ? C + k : before.compound;
    const arrive = e.arrivedAt !== undefined ? hours(isoMs(e.arrivedAt)) : depart + tt.travel(from, i, depart);
    if (Number.isFinite(arrive)) trucks[k].fixed.push({ compound: i, switchOn: arrive + compounds[i].setupHours, depart, arrive });
    else {
      // a road closed under it since it set out: a stop with no arrival would be written with null times
      stranded.push({ truck: k, compound: i });
      trucks[k].availableAt = horizon;
    }
  }
  for (const t of trucks) t.fixed.sort((a: FixedConnection, b: FixedConnection) => a.switchOn - b.switchOn);
  const resources = instanceResources(scenario, C + trucks.length, (iso) => Math.max(hours(isoMs(iso)), at), (iso) => hours(isoMs(iso)));

  return {
    scenarioId: scenario.id,
    epochMs,
    horizon,
    at,
    compounds,
    trucks,
    ...(stranded.length > 0 ? { stranded } : {}),
    travel: tt.travel,
    travelBound: {
      of: tt.travel, lowerBound: tt.travelLowerBound, lowerBoundFrom: tt.travelLowerBoundFrom, hasCachedRow: tt.hasCachedRow, hasExactRow: tt.hasExactRow, reaches: tt.reaches,
      // (only a cache's zone registry names closures by geometry; without one a name is a position in this scenario)
      ...(options.cache ? { closureKey: (t: number) => closuresAt(epochs, t).key } : {}),
    },
    timeInvariant: epochs.boundaries.length === 0,
    sitePositions: sitePositions(scenario),
    network,
    epochBoundaries: epochs.boundaries,
    sites,
    searches: tt.searches,
    ...(resources ? { resources } : {}),
  };
}

/**
 * #17: fuel, tankers and crews by index, or undefined when the scenario has none (the model before #17). Sites in
 * snapSites' order after the trucks: fuel depots, tankers, crews.
 */
function instanceResources(scenario: Scenario, firstSite: number, hoursAt: (iso: string) => number, hoursOf: (iso: string) => number): InstanceResources | undefined {
  const depots = scenario.fuelDepots ?? [];
  const tankers = scenario.tankers ?? [];
  const crews = scenario.crews ?? [];
  const feeders = scenario.feeders ?? [];
  const fuelled = scenario.trucks.some((t) => t.fuelLitres !== undefined);
  const mv = scenario.trucks.some((t) => t.voltage === "mv") && scenario.compounds.some((c) => c.feeder !== undefined);
  if (!fuelled && !mv && tankers.length === 0 && crews.length === 0) return undefined;
  const depotSite = new Map(depots.map((x, i) => [x.id, firstSite + i]));
  const tankerSite = firstSite + depots.length;
  const crewSite = tankerSite + tankers.length;
  const feederIndex = new Map(feeders.map((f, i) => [f.id, i]));
  const feederSite = crewSite + crews.length;
  return {
    fuel: scenario.trucks.map((t) => (t.fuelLitres !== undefined && t.fuelLitresPerHourAtFull !== undefined
      ? { tank: t.fuelLitres, burnFull: t.fuelLitresPerHourAtFull, ...(t.fuelLevel ? { level: { t: hoursOf(t.fuelLevel.at), litres: Math.min(t.fuelLevel.litres, t.fuelLitres) } } : {}) }
      : null)),
    needsCrew: scenario.trucks.map((t) => crews.length > 0 && t.ownCrew !== true),
    crews: crews.map((c, i) => ({ id: c.id, site: crewSite + i, availableAt: hoursAt(c.availableAt) })),
    tankers: tankers.map((t, i) => ({ id: t.id, site: tankerSite + i, availableAt: hoursAt(t.availableAt), capacity: t.capacityLitres, pump: t.pumpLitresPerHour })),
    fuelDepots: depots.map((x) => ({ id: x.id, site: depotSite.get(x.id)! })),
    mv: scenario.trucks.map((t) => t.voltage === "mv"),
    feederOf: scenario.compounds.map((c) => (c.feeder === undefined ? -1 : feederIndex.get(c.feeder)!)),
    feeders: feeders.map((f, i) => ({ id: f.id, site: feederSite + i, compounds: scenario.compounds.flatMap((c, j) => (c.feeder === f.id ? [j] : [])) })),
  };
}

function sitePositions(scenario: Scenario): Float64Array {
  const depots = new Map(scenario.depots.map((x) => [x.id, x.location]));
  const points = [...scenario.compounds.map((c) => c.location), ...scenario.trucks.map((t) => t.location ?? depots.get(t.depot!)!)];
  return Float64Array.from(points.flat());
}

/** On-site hours: `setupHours`, else agree the plan + lay the cable + close the switch. */
export function setupHours(c: Pick<Compound, "setupHours" | "cableLengthM">, d: Required<ScenarioDefaults>): number {
  if (c.setupHours !== undefined) return c.setupHours;
  return d.planHours + (c.cableLengthM ?? 100) / d.cableMetresPerHour + d.switchOnHours;
}

/** The compound's own `gridRestoredAt` (null = unknown), else its substation's `restoredAt`, else the horizon. */
function gridReturn(c: Compound, substationReturn: Map<string, number>, horizon: number, hours: (ms: number) => number): number {
  if (c.gridRestoredAt !== undefined) return c.gridRestoredAt === null ? horizon : hours(isoMs(c.gridRestoredAt));
  return substationReturn.get(c.substation) ?? horizon;
}

/** Sites in instance order: compounds, then each truck's start (its location or its depot's). */
function snapSites(scenario: Scenario, index: VertexIndex, d: Required<ScenarioDefaults>): TravelSite[] {
  const depots = new Map(scenario.depots.map((x) => [x.id, x.location]));
  const details: ErrorDetail[] = [];
  // a truck at a depot is not reported again: its depot already is
  const snap = (p: LonLat, path: string | null): TravelSite => {
    const s = snapToRoad(index, p);
    if (path !== null && s.km > d.maxAccessKm) details.push({ path, message: `no road within ${d.maxAccessKm} km (nearest ${s.km.toFixed(2)} km)` });
    return { node: s.node, accessHours: s.km / d.accessSpeedKmh, place: nodeKey(p) };
  };
  const sites = scenario.compounds.map((c, i) => snap(c.location, `compounds[${i}].location`));
  scenario.depots.forEach((x, i) => snap(x.location, `depots[${i}].location`));
  scenario.trucks.forEach((t, i) => {
    sites.push(t.location ? snap(t.location, `trucks[${i}].location`) : snap(depots.get(t.depot!)!, null));
  });
  // #17: fuel depots, tankers, crews, feeders' RMUs (instanceResources' order)
  const fuelDepots = new Map((scenario.fuelDepots ?? []).map((x) => [x.id, x.location]));
  (scenario.fuelDepots ?? []).forEach((x, i) => sites.push(snap(x.location, `fuelDepots[${i}].location`)));
  (scenario.tankers ?? []).forEach((t, i) => sites.push(t.location ? snap(t.location, `tankers[${i}].location`) : snap(fuelDepots.get(t.fuelDepot!)!, null)));
  (scenario.crews ?? []).forEach((c, i) => sites.push(c.location ? snap(c.location, `crews[${i}].location`) : snap(depots.get(c.base!)!, null)));
  (scenario.feeders ?? []).forEach((f, i) => sites.push(snap(f.rmu, `feeders[${i}].rmu`)));
  if (details.length > 0) throw new LianxinError(ErrorCode.invalidInput, "sites too far from any road", details);
  return sites;
}
