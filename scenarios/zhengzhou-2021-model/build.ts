/**
 * Builds scenarios/zhengzhou-2021-model/scenario.json (and history.json) from the committed bus-line copy and the tables
 * in sites.ts. Deterministic: a seeded generator, no clock; running it twice gives identical bytes.
 *
 * @example
 * npx tsx scenarios/zhengzhou-2021-model/build.ts        # rewrites scenario.json and history.json, prints a summary
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DateTime } from "luxon";
import type { Compound, Depot, LonLat, RoadCollection, FloodZoneCollection, Scenario, Substation, TimelineEvent, Truck } from "../../shared/scenario.ts";
import { seededRandom } from "../../shared/seeded-random.ts";
import { convertGcj02ToWgs84 } from "./gcj02-to-wgs84.ts";
import { buildBusRoadNetwork, measureMetres, mergeChains, normaliseStopName, round6, type BusLine, type RoadNetwork } from "./road-network.ts";
import {
  ASSUMED_FLEET_STOPS, DEPOTS, FLOOD_ZONES, HISTORY, SOURCED_TRIPS, KW_PER_HOUSEHOLD, NAMED_COMPOUNDS, RESIDENTIAL_STOPS, SPEED_KMH, SUBSTATIONS, TEAMS,
  WATERLOGGED_M, YANMING_CENTRE, YANMING_HOUSEHOLDS, YANMING_RESTORED, type Anchor, type CompoundSpec, type LocalTime,
} from "./sites.ts";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ZONE = "Asia/Shanghai";
const SEED = 20210720;
/** Stops west of this are outside the city (the one stop at lon 110.35 in the source). */
const MIN_LON = 112.5;
/** A straight hop between consecutive stops longer than this is a data error [A]; only one (12.2 km) is. */
const MAX_SEGMENT_M = 6000;

export interface BuildResult {
  scenario: Scenario;
  history: { scenario: string; note: string; events: { compound: string; event: string; at: string; source: string }[] };
  summary: Record<string, unknown>;
}


export function toIso(local: LocalTime): string {
  return DateTime.fromISO(local, { zone: ZONE }).toISO({ suppressMilliseconds: true })!;
}

export function toMs(local: LocalTime): number {
  return DateTime.fromISO(local, { zone: ZONE }).toMillis();
}

export function fromMs(ms: number, roundMinutes: number): LocalTime {
  const step = roundMinutes * 60_000;
  return DateTime.fromMillis(Math.round(ms / step) * step, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm");
}

export function offsetMetres([lon, lat]: LonLat, eastM: number, northM: number): LonLat {
  const mPerDegLat = 111_320;
  const mPerDegLon = mPerDegLat * Math.cos((lat * Math.PI) / 180);
  return [round6(lon + eastM / mPerDegLon), round6(lat + northM / mPerDegLat)];
}

export function loadBusLines(): BusLine[] {
  const raw = JSON.parse(readFileSync(join(HERE, "data", "bus-lines.json"), "utf8")) as {
    lines: { line: string; direction: number; stops: [string, number, number][] }[];
  };
  return raw.lines.map((l) => ({
    line: l.line,
    direction: l.direction,
    stops: l.stops.filter(([, lon]) => lon >= MIN_LON).map(([name, lon, lat]) => ({ name, location: convertGcj02ToWgs84([lon, lat]) })),
  }));
}

export function resolveAnchor(net: RoadNetwork, at: Anchor): LonLat {
  let base: LonLat;
  if ("gcj" in at) {
    base = convertGcj02ToWgs84(at.gcj);
  } else {
    const node = net.nodes.find((n) => n.names.includes(normaliseStopName(at.stop)));
    if (!node) throw new Error(`no bus stop named ${at.stop} in the road network`);
    base = node.location;
  }
  return offsetMetres(base, at.eastM ?? 0, at.northM ?? 0);
}

/** A circle as a closed 16-gon. */
function circlePolygon(centre: LonLat, radiusM: number): LonLat[] {
  const ring = Array.from({ length: 16 }, (_, i) => {
    const a = (2 * Math.PI * i) / 16;
    return offsetMetres(centre, radiusM * Math.sin(a), radiusM * Math.cos(a));
  });
  return [...ring, ring[0]!];
}

export function buildRoads(net: RoadNetwork, floodCentres: LonLat[]): RoadCollection {
  const props = net.segments.map((s) => {
    const a = net.nodes[s.from]!.location;
    const b = net.nodes[s.to]!.location;
    const mid: LonLat = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const waterlogged = floodCentres.some((c) => measureMetres(c, mid) < WATERLOGGED_M);
    const ring = /环|绕城|大道/.test(s.name ?? "");
    const speedKmh = waterlogged ? SPEED_KMH.waterlogged : ring ? SPEED_KMH.ring : SPEED_KMH.arterial;
    return { speedKmh, name: s.name };
  });
  // Chains join on speed alone: a stop-name road guess is often missing on one hop, and names are only labels.
  const chains = mergeChains(net.nodes.length, net.segments, (i) => String(props[i]!.speedKmh));
  const nameOf = (segs: number[]) => {
    const names = new Set(segs.map((i) => props[i]!.name).filter((n) => n !== undefined));
    return names.size === 1 ? { name: [...names][0]! } : {};
  };
  return {
    type: "FeatureCollection",
    features: chains.map((chain, i) => ({
      type: "Feature" as const,
      properties: { id: `r${i}`, speedKmh: props[chain.segments[0]!]!.speedKmh, ...nameOf(chain.segments) },
      geometry: { type: "LineString" as const, coordinates: chain.nodes.map((n) => net.nodes[n]!.location) },
    })),
  };
}

export function buildFloodZones(net: RoadNetwork): FloodZoneCollection {
  return {
    type: "FeatureCollection",
    features: FLOOD_ZONES.map((z) => ({
      type: "Feature" as const,
      properties: { id: z.id, name: z.name, from: toIso(z.from), until: toIso(z.until) },
      geometry: { type: "Polygon" as const, coordinates: [circlePolygon(resolveAnchor(net, z.at), z.radiusM)] },
    })),
  };
}

function nearestSubstation(subs: Substation[], at: LonLat): Substation {
  return [...subs].sort((x, y) => measureMetres(x.location, at) - measureMetres(y.location, at))[0]!;
}

/** Named and 雁鸣 compounds: their figures come from the sources (see the labels in sites.ts). */
function namedSpecs(): CompoundSpec[] {
  const yanming = YANMING_HOUSEHOLDS.map((households, i): CompoundSpec => {
    const angle = (2 * Math.PI * i) / YANMING_HOUSEHOLDS.length;
    return {
      id: `yanming-${i + 1}`, name: `雁鸣社区 ${i + 1} 区 Yanming community, compound ${i + 1}`, kind: "residential",
      at: { gcj: YANMING_CENTRE, eastM: Math.round(450 * Math.sin(angle)), northM: Math.round(450 * Math.cos(angle)) },
      households, outageStart: "2021-07-20T17:30", gridRestoredAt: YANMING_RESTORED, cableLengthM: 100,
    };
  });
  return [...NAMED_COMPOUNDS, ...yanming];
}

/**
 * Grid-return targets for the assumed compounds, shaped on the sourced counts for the 473 large compounds
 * (161/473 = 34% back by 23 Jul 12:00, 301/473 = 64% by 24 Jul 12:00, all by the evening of 27 Jul): quantile q
 * maps piecewise linearly onto those dates. The named compounds are the famous late cases, so the assumed ones are
 * shifted earlier (knots at 42% and 92%) to bring the whole residential set near the sourced shares (summary
 * prints them; substations returning later push some compounds later still).
 */
function restorationTarget(q: number): number {
  const knots: [number, LocalTime][] = [[0, "2021-07-21T08:00"], [0.42, "2021-07-23T12:00"], [0.92, "2021-07-24T12:00"], [1, "2021-07-27T20:00"]];
  for (let i = 1; i < knots.length; i++) {
    const [q0, t0] = knots[i - 1]!;
    const [q1, t1] = knots[i]!;
    if (q <= q1) return toMs(t0) + ((q - q0) / (q1 - q0)) * (toMs(t1) - toMs(t0));
  }
  return toMs(knots[knots.length - 1]![1]);
}

function residentialSpecs(net: RoadNetwork, subs: Substation[], floodCentres: LonLat[], rand: () => number): CompoundSpec[] {
  const drafts = RESIDENTIAL_STOPS.map(({ stop, name }, i) => {
    const angle = rand() * 2 * Math.PI;
    const dist = 80 + rand() * 170;
    const at: Anchor = { stop, eastM: Math.round(dist * Math.sin(angle)), northM: Math.round(dist * Math.cos(angle)) };
    const location = resolveAnchor(net, at);
    const [lo, hi] = /新村|家属院|生活区/.test(name) ? [600, 1800] : /小区/.test(name) ? [300, 1000] : [500, 2000];
    const households = Math.round((lo + rand() * (hi - lo)) / 10) * 10;
    const outageStart = fromMs(toMs("2021-07-20T16:30") + rand() * 150 * 60_000, 5);
    const cableLengthM = Math.round((40 + rand() * 160) / 10) * 10;
    const waterlogged = floodCentres.some((c) => measureMetres(c, location) < WATERLOGGED_M);
    const repairs = waterlogged && rand() < 0.35 ? Math.round((2 + rand() * 2) * 4) / 4 : undefined;
    const sub = nearestSubstation(subs, location);
    const order = toMs(sub.restoredAt!.slice(0, 16)) + rand() * 24 * 3_600_000;
    return { i, stop, name, at, households, outageStart, cableLengthM, repairs, sub, order };
  });
  const ranked = [...drafts].sort((x, y) => x.order - y.order || x.i - y.i);
  return drafts.map((d): CompoundSpec => {
    const q = (ranked.indexOf(d) + 0.5) / drafts.length;
    const subMs = DateTime.fromISO(d.sub.restoredAt!).toMillis();
    const back = Math.max(restorationTarget(q), subMs);
    return {
      id: `res-${String(d.i + 1).padStart(2, "0")}`, name: d.name, kind: "residential", at: d.at, substation: d.sub.id,
      households: d.households, outageStart: d.outageStart, cableLengthM: d.cableLengthM,
      ...(back > subMs ? { gridRestoredAt: fromMs(back, 10) } : {}),
      ...(d.repairs !== undefined ? { setupHours: d.repairs } : {}),
    };
  });
}

function toCompound(net: RoadNetwork, subs: Substation[], spec: CompoundSpec): Compound {
  const location = resolveAnchor(net, spec.at);
  const substation = spec.substation ?? nearestSubstation(subs, location).id;
  const sub = subs.find((s) => s.id === substation)!;
  if (spec.gridRestoredAt && toMs(spec.gridRestoredAt) < DateTime.fromISO(sub.restoredAt!).toMillis()) {
    throw new Error(`${spec.id}: grid back before its substation ${substation}`);
  }
  return {
    id: spec.id, name: spec.name, location, households: spec.households,
    loadKw: spec.loadKw ?? Math.round(spec.households * KW_PER_HOUSEHOLD), substation, outageStart: toIso(spec.outageStart),
    ...(spec.gridRestoredAt ? { gridRestoredAt: toIso(spec.gridRestoredAt) } : {}),
    ...(spec.cableLengthM !== undefined ? { cableLengthM: spec.cableLengthM } : {}),
    ...(spec.setupHours !== undefined ? { setupHours: spec.setupHours } : {}),
    ...(spec.priority !== undefined ? { priority: spec.priority } : {}),
    kind: spec.kind,
    ...("stop" in spec.at ? { address: `近公交站「${spec.at.stop}」` } : {}),
  };
}

function buildTrucks(): Truck[] {
  return TEAMS.flatMap((team) =>
    team.trucks.map(([capacityKw, availableAt], i): Truck => ({
      id: `${team.prefix}-${String(i + 1).padStart(2, "0")}`,
      name: `${team.name} ${capacityKw} kW #${i + 1}`,
      capacityKw, depot: team.depot, availableAt: toIso(availableAt), origin: team.origin,
    })),
  );
}

const DESCRIPTION =
  "The 20 July 2021 Zhengzhou flood (郑州“7·20”特大暴雨): dark residential compounds, the hospital and water works, 8 × 110 kV " +
  "and one 35 kV substation out, generator trucks from Henan, Sichuan, Shandong, Beijing and Hubei. Figures from press " +
  "reports of the time (Xinhua, Caixin, Zhengzhou Daily, CCTV, Sichuan Daily, 齐鲁网, 中国电力新闻网, Henan Daily, SASAC, the " +
  "State Council investigation report of January 2022) and the article about the Jincheng Zhongyuan compound (generator " +
  "power 25 Jul 23:30 after 126 h); many values are assumed: see scenarios/zhengzhou-2021-model/README.md for which. Roads " +
  "derived from the bus-stop data of chinpeng/zhengzhoubus (commit cc223b2b2e8ad60d668378f29d78f99ebdba3982), " +
  "converted from GCJ-02 to WGS84.";

/** Builds the whole scenario document plus its historical timeline and a summary of the figures. */
export function buildZhengzhouScenario(): BuildResult {
  const rand = seededRandom(SEED);
  const net = buildBusRoadNetwork(loadBusLines(), MAX_SEGMENT_M);
  const floodZones = buildFloodZones(net);
  const floodCentres = FLOOD_ZONES.map((z) => resolveAnchor(net, z.at));
  const substations: Substation[] = SUBSTATIONS.map((s) => ({
    id: s.id, name: s.name, location: resolveAnchor(net, s.at), voltageKv: s.voltageKv, restoredAt: toIso(s.restoredAt),
  }));
  const specs = [...namedSpecs(), ...residentialSpecs(net, substations, floodCentres, rand)];
  const compounds = specs.map((spec) => toCompound(net, substations, spec));
  const depots: Depot[] = DEPOTS.map((d) => ({ id: d.id, name: d.name, location: resolveAnchor(net, d.at) }));
  const scenario: Scenario = {
    id: "zhengzhou-2021",
    name: "郑州 2021 “7·20” 暴雨停电 Zhengzhou July 2021 flood outage",
    timezone: ZONE,
    horizonEnd: toIso("2021-07-28T00:00"),
    defaults: { speedKmh: 30, accessSpeedKmh: 15, planHours: 0.5, cableMetresPerHour: 200, switchOnHours: 0.25 },
    roads: buildRoads(net, floodCentres),
    floodZones,
    substations,
    compounds,
    depots,
    trucks: buildTrucks(),
    description: DESCRIPTION,
  };
  scenario.events = buildTimeline(scenario);
  const history = {
    scenario: scenario.id,
    note: "What happened (not planner input): compare a plan's switch-on times with these.",
    events: HISTORY.map((h) => ({ ...h, at: toIso(h.at) })),
  };
  return { scenario, history, summary: summarise(net, scenario) };
}

const A_FLEET = "[A] a truck no source follows, sent where the commander's rule would have (sites.ts ASSUMED_FLEET_STOPS)";

/** Sourced facts about grid returns, by compound id; every other grid return is the scenario's own [A]. */
const GRID_SOURCES: Record<string, string> = {
  "guomian-sichang": "[S] brief: flooded rooms (国棉四厂家属院 room ready about 19:00 22 Jul)",
  ...Object.fromEntries(YANMING_HOUSEHOLDS.map((_h, i) => [`yanming-${i + 1}`, "[S] brief: Beijing (雁鸣社区, 7 compounds, fully restored 21:40 26 Jul)"])),
};

/**
 * The historical timeline (scenario.events), in time order: every truck's crew steps (SOURCED_TRIPS, then the
 * assumed rest of the fleet) and the grid's return: grid.restored per compound and,
 * once the last compound of a substation is back, substation.restored. In the event log a substation.restored
 * report means "all its compounds have grid power", so it is sent when that is true (a substation back earlier
 * whose flooded rooms were not ready would otherwise light them too early). Grid times are the scenario's own, so a
 * replay and the planner agree.
 * No road.closed / road.opened: the flood zones are the scenario's own, timed (from / until), which the planner and
 * the board already apply; repeated as reports they would turn a known reopening into "closed until further notice"
 * for every re-plan made before it.
 */
function buildTimeline(s: Scenario): TimelineEvent[] {
  const entries: TimelineEvent[] = [];
  const label = (source: string): Pick<TimelineEvent, "source" | "assumed"> => (source.startsWith("[A]") ? { source, assumed: true } : { source });
  entries.push(...crewSteps(s, label));
  entries.push(...gridSteps(s, label));
  // delivery order is (at, index): a stable sort by time keeps each truck's same-instant steps in their order
  return entries.map((e, i) => ({ e, i, t: Date.parse(e.at) })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.e);
}

type Label = (source: string) => Pick<TimelineEvent, "source" | "assumed">;

function gridReturnOf(s: Scenario, c: Compound): string {
  return c.gridRestoredAt ?? s.substations.find((x) => x.id === c.substation)!.restoredAt ?? s.horizonEnd;
}

function crewSteps(s: Scenario, label: Label): TimelineEvent[] {
  const trips = [
    ...SOURCED_TRIPS,
    ...ASSUMED_FLEET_STOPS.map(([truck, compound, dispatched, arrived, switchedOn]) => ({
      truck, compound, dispatched, arrived, switchedOn,
      cableLaid: fromMs(Math.max(toMs(arrived), toMs(switchedOn) - 15 * 60_000), 1),
      sources: [A_FLEET, A_FLEET, A_FLEET, A_FLEET, A_FLEET] as const,
    })),
  ];
  const out: TimelineEvent[] = [];
  for (const truck of s.trucks) {
    const mine = trips.filter((t) => t.truck === truck.id).sort((a, b) => toMs(a.dispatched) - toMs(b.dispatched));
    for (const t of mine) {
      const c = s.compounds.find((x) => x.id === t.compound)!;
      const step = (type: TimelineEvent["type"], at: string, source: string): TimelineEvent => ({ type, at, truck: t.truck, compound: t.compound, ...label(source) });
      out.push(
        step("truck.dispatched", toIso(t.dispatched), t.sources[0]),
        step("truck.arrived", toIso(t.arrived), t.sources[1]),
        step("cable.laid", toIso(t.cableLaid), t.sources[2]),
        step("switched.on", toIso(t.switchedOn), t.sources[3]),
      );
      out.push({ type: "truck.released", at: gridReturnOf(s, c), truck: t.truck, compound: t.compound, ...label(t.sources[4]) });
    }
  }
  return out;
}

function gridSteps(s: Scenario, label: Label): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const sub of s.substations) {
    const fed = s.compounds.filter((c) => c.substation === sub.id);
    if (fed.length === 0) continue;
    const lastMs = Math.max(...fed.map((c) => Date.parse(gridReturnOf(s, c))));
    for (const c of fed) {
      const at = gridReturnOf(s, c);
      if (Date.parse(at) < lastMs || GRID_SOURCES[c.id]) {
        out.push({ type: "grid.restored", at, compound: c.id, ...label(GRID_SOURCES[c.id] ?? "[A] the scenario's grid return (sites.ts), shaped on the sourced restoration counts") });
      }
    }
    const subAt = DateTime.fromISO(sub.restoredAt!, { zone: ZONE }).toFormat("dd MMM HH:mm");
    out.push({
      type: "substation.restored",
      at: DateTime.fromMillis(lastMs, { zone: ZONE }).toISO({ suppressMilliseconds: true })!,
      substation: sub.id,
      note: `all its compounds back (the substation itself from ${subAt})`,
      ...label("[A] when its last compound's grid returned (scenario); all substations back by the evening of 27 Jul [S]"),
    });
  }
  return out;
}

function summarise(net: RoadNetwork, s: Scenario): Record<string, unknown> {
  const back = (c: Compound) => c.gridRestoredAt ?? s.substations.find((x) => x.id === c.substation)!.restoredAt!;
  const residential = s.compounds.filter((c) => c.kind === "residential");
  const shareBy = (t: LocalTime) => +(residential.filter((c) => Date.parse(back(c)) <= toMs(t)).length / residential.length).toFixed(2);
  return {
    nodes: net.nodes.length, segments: net.segments.length, roadFeatures: s.roads.features.length,
    roadKm: Math.round(net.segments.reduce((t, x) => t + x.lengthM, 0) / 1000), componentSizesBeforeKeepingLargest: net.componentSizes,
    compounds: s.compounds.length, households: s.compounds.reduce((t, c) => t + c.households, 0),
    substations: s.substations.length, depots: s.depots.length, trucks: s.trucks.length,
    fleetKw: s.trucks.reduce((t, k) => t + k.capacityKw, 0), floodZones: s.floodZones!.features.length,
    gridBackShare: { "2021-07-23T12:00": shareBy("2021-07-23T12:00"), "2021-07-24T12:00": shareBy("2021-07-24T12:00"), "2021-07-27T20:00": shareBy("2021-07-27T20:00") },
  };
}

/**
 * JSON with one line per array item (a road, a compound, a truck): diffable yet compact.
 * Containers are expanded down to the item arrays; everything inside an item stays on one line.
 */
export function formatJson(value: unknown, depth = 0): string {
  const pad = " ".repeat(depth + 1);
  const end = " ".repeat(depth);
  if (Array.isArray(value) && depth <= 2) {
    return `[\n${value.map((v) => pad + (Array.isArray(v) ? formatJson(v, depth + 1) : JSON.stringify(v))).join(",\n")}\n${end}]`;
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value) && depth <= 1) {
    const entries = Object.entries(value).map(([k, v]) => `${pad}${JSON.stringify(k)}: ${formatJson(v, depth + 1)}`);
    return `{\n${entries.join(",\n")}\n${end}}`;
  }
  return JSON.stringify(value);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { scenario, history, summary } = buildZhengzhouScenario();
  writeFileSync(join(HERE, "scenario.json"), formatJson(scenario) + "\n");
  writeFileSync(join(HERE, "history.json"), formatJson(history) + "\n");
  console.log(JSON.stringify(summary, null, 2));
}
