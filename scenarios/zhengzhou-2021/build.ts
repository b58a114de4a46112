/**
 * Builds the true-scale Zhengzhou 2021 scenario (#14), scenarios/zhengzhou-2021/scenario.json: the 473 residential
 * compounds of more than 200 households, the priority sites, 9 substations and the 358 trucks that came, with a
 * timeline calibrated to the published restoration counts. Roads, places, depots and flood zones come from the
 * 1:10 model's builder (../zhengzhou-2021-model). Deterministic: one seeded generator, no clock.
 *
 * @example
 * npx tsx scenarios/zhengzhou-2021/build.ts        # rewrites scenario.json, prints a summary
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Compound, Depot, Feeder, Forecast, LonLat, Milestone, Scenario, Substation, TimelineEvent, Truck } from "../../shared/scenario.ts";
import { seededRandom } from "../../shared/seeded-random.ts";
import { buildFloodZones, buildRoads, formatJson, fromMs, loadBusLines, offsetMetres, resolveAnchor, toIso, toMs, ZONE } from "../zhengzhou-2021-model/build.ts";
import { buildBusRoadNetwork, measureMetres, type RoadNetwork } from "../zhengzhou-2021-model/road-network.ts";
import {
  DEPOTS, FLOOD_ZONES, NAMED_COMPOUNDS, SOURCED_TRIPS, SUBSTATIONS, WATERLOGGED_M, YANMING_CENTRE, YANMING_HOUSEHOLDS, YANMING_RESTORED, type CompoundSpec,
} from "../zhengzhou-2021-model/sites.ts";
import { buildFleet } from "./fleet.ts";
import { EMERGENCY_KW_PER_HOUSEHOLD, GRID_CURVE, HOUSEHOLDS, PRIORITY_SITES, RESIDENTIAL_COUNT, SUBSTATION_RETURNS } from "./sites.ts";
import { buildForecasts, buildTimeline } from "./timeline.ts";

export const HERE = dirname(fileURLToPath(import.meta.url));
const SEED = 20210720;
const MAX_SEGMENT_M = 6000;

export interface BuildResult {
  scenario: Scenario;
  summary: Record<string, unknown>;
}

/** The named compounds with their provenance: what ties each to the outage, and which of its values are assumed. */
const NAMED_PROVENANCE: Record<string, { provenance: "sourced" | "assumed"; source: string; households?: number; loadKw?: number }> = {
  // [A] 360 households (a few mid-rise buildings) and 385 kW, so that its one 390 kW Sichuan truck supplies all of
  // its emergency load (1.07 kW per household, inside the sourced 1.0-1.3); the outage and switch-on are [seed]
  "jincheng-zhongyuan": { provenance: "sourced", source: "[seed] article: dark ~17:30 20 Jul until a Sichuan truck at 23:30 25 Jul (126 h); households 360, load 385 kW, place and grid return [A]", households: 360, loadKw: 385 },
  "xiangshu-meiguicheng": { provenance: "sourced", source: "[S] Sichuan Daily 2021-07-23: 6,700 households, five trucks at 04:30 23 Jul, partial power from ~07:00 after 67 h; grid return [A]" },
  zijingyuan: { provenance: "sourced", source: "[S] brief (Hubei): one Huangpi truck 16:10 24 Jul for 214 households, 40 min on site; outage start and grid return [A]" },
  "guomian-sichang": { provenance: "sourced", source: "[S] brief: > 1,000 households, distribution room ready about 19:00 22 Jul; 1,100 and setup [A]" },
  "zhongyuan-mingdu": { provenance: "sourced", source: "[S] brief: 32 storeys, low-lying, water after five days, emergency generator from 00:40 25 Jul; 800 households, setup, grid return [A]" },
  "zhengda-yifuyuan": { provenance: "sourced", source: "[S] brief: lost power ~18:00-19:00 20 Jul, ICU on one truck 05:00 21 Jul after ~10 h of work; load, weight, grid return [A]" },
  "houzhai-water": { provenance: "sourced", source: "[S] brief: 侯寨 plant lost both incoming supplies; place moved onto the network, load, weight, grid return [A]" },
};
const YANMING_SOURCE = "[A] one of the 7 compounds of 雁鸣社区 ([S] brief: Beijing truck; fully restored 21:40 26 Jul); its size and place [A]";
/** [A] weights: the real hospital and water works count 5 per household-equivalent, like the synthetic priority sites */
const NAMED_WEIGHT: Record<string, { priority: number; gridRestoredAt?: string }> = {
  "zhengda-yifuyuan": { priority: 5 },
  "houzhai-water": { priority: 5, gridRestoredAt: "2021-07-23T18:00" },
};

function namedCompounds(net: RoadNetwork): Compound[] {
  const yanming = YANMING_HOUSEHOLDS.map((households, i): CompoundSpec => {
    const angle = (2 * Math.PI * i) / YANMING_HOUSEHOLDS.length;
    return {
      id: `yanming-${i + 1}`, name: `雁鸣社区 ${i + 1} 区 Yanming community, compound ${i + 1}`, kind: "residential",
      at: { gcj: YANMING_CENTRE, eastM: Math.round(450 * Math.sin(angle)), northM: Math.round(450 * Math.cos(angle)) },
      households, outageStart: "2021-07-20T17:30", gridRestoredAt: YANMING_RESTORED, cableLengthM: 100,
    };
  });
  return [...NAMED_COMPOUNDS, ...yanming].map((spec): Compound => {
    const p = NAMED_PROVENANCE[spec.id];
    const w = NAMED_WEIGHT[spec.id];
    const households = p?.households ?? spec.households;
    const grid = w?.gridRestoredAt ?? spec.gridRestoredAt;
    return {
      id: spec.id, name: spec.name, location: resolveAnchor(net, spec.at), households,
      loadKw: p?.loadKw ?? spec.loadKw ?? Math.round(households * EMERGENCY_KW_PER_HOUSEHOLD),
      substation: "", outageStart: toIso(spec.outageStart),
      ...(grid ? { gridRestoredAt: toIso(grid) } : {}),
      ...(spec.cableLengthM !== undefined ? { cableLengthM: spec.cableLengthM } : {}),
      ...(spec.setupHours !== undefined ? { setupHours: spec.setupHours } : {}),
      ...(w ? { priority: w.priority } : {}),
      kind: spec.kind,
      ...("stop" in spec.at ? { address: `近公交站「${spec.at.stop}」` } : {}),
      provenance: p?.provenance ?? "assumed", source: p?.source ?? YANMING_SOURCE,
    };
  });
}

/** Road nodes a synthetic site may sit by: those on a named road (never an estate's name: the road's). */
function namedRoadNodes(net: RoadNetwork): { node: number; road: string }[] {
  const road = new Map<number, string>();
  for (const s of net.segments) {
    if (!s.name) continue;
    for (const n of [s.from, s.to]) if (!road.has(n) || s.name < road.get(n)!) road.set(n, s.name);
  }
  return [...road.entries()].sort((a, b) => a[0] - b[0]).map(([node, r]) => ({ node, road: r }));
}

const SYNTHETIC_SOURCE =
  "[syn] a stand-in for one of the 473 compounds (> 200 households) the sources count but do not name: a random road node " +
  "of the bus network, 60-300 m off it; households 210 + 1,800·u^1.8; emergency load 1.11 kW per household ±15%; " +
  "outage from 16:30-19:30 20 Jul; grid return on the published restoration curve (build.ts, seed 20210720)";

function syntheticSites(net: RoadNetwork, count: number, rand: () => number, floodCentres: LonLat[]): Compound[] {
  const nodes = namedRoadNodes(net);
  const perRoad = new Map<string, number>();
  const name = (road: string, label: string) => {
    const n = (perRoad.get(road + label) ?? 0) + 1;
    perRoad.set(road + label, n);
    return `${road} 合成${label ? ` ${label}` : ""} ${n} (synthetic)`;
  };
  const place = () => {
    const { node, road } = nodes[Math.floor(rand() * nodes.length)]!;
    const angle = rand() * 2 * Math.PI;
    const dist = 60 + rand() * 240;
    return { road, location: offsetMetres(net.nodes[node]!.location, dist * Math.sin(angle), dist * Math.cos(angle)) };
  };
  const outageStart = () => toIso(fromMs(toMs("2021-07-20T16:30") + rand() * 180 * 60_000, 5));
  const out: Compound[] = [];
  for (const site of PRIORITY_SITES) {
    for (let i = 0; i < site.count; i++) {
      const { road, location } = place();
      const [lo, hi] = site.loadKw;
      out.push({
        id: `syn-${site.kind}-${String(i + 1).padStart(2, "0")}`, name: name(road, site.label), location, households: site.households,
        loadKw: Math.round((lo + rand() * (hi - lo)) / 10) * 10, substation: "", outageStart: outageStart(), priority: site.priority, kind: site.kind,
        cableLengthM: 100, provenance: "synthetic",
        source: `[syn] a stand-in for the ${site.kind} sites the first trucks went to ([S] brief: hospitals, telecoms and water works first); place, load and times generated (build.ts)`,
      });
    }
  }
  for (let i = 0; i < count; i++) {
    const { road, location } = place();
    const households = Math.round(HOUSEHOLDS.min + HOUSEHOLDS.spread * rand() ** HOUSEHOLDS.power);
    const waterlogged = floodCentres.some((c) => measureMetres(c, location) < WATERLOGGED_M);
    const repairs = waterlogged && rand() < 0.35 ? Math.round((2 + rand() * 2) * 4) / 4 : undefined;
    out.push({
      id: `syn-${String(i + 1).padStart(3, "0")}`, name: name(road, ""), location, households,
      loadKw: Math.round(households * EMERGENCY_KW_PER_HOUSEHOLD * (0.85 + 0.3 * rand())), substation: "", outageStart: outageStart(),
      cableLengthM: Math.round((40 + rand() * 160) / 10) * 10, ...(repairs !== undefined ? { setupHours: repairs } : {}),
      kind: "residential", provenance: "synthetic", source: SYNTHETIC_SOURCE,
    });
  }
  return out;
}

/** The instant by which the k-th (0-based, +0.5) compound is back, on GRID_CURVE. */
function curveTime(count: number): number {
  for (let i = 1; i < GRID_CURVE.length; i++) {
    const [t0, c0] = GRID_CURVE[i - 1]!;
    const [t1, c1] = GRID_CURVE[i]!;
    if (count <= c1) return toMs(t0) + ((count - c0) / (c1 - c0)) * (toMs(t1) - toMs(t0));
  }
  return toMs(GRID_CURVE[GRID_CURVE.length - 1]![0]);
}

/**
 * Grid returns of the synthetic residential compounds: the 473 quantile instants of GRID_CURVE, minus the one nearest
 * each named compound's own return, dealt out in a seeded random order (rounded to 10 min).
 */
function assignGridReturns(residential: Compound[], rand: () => number): void {
  const slots = Array.from({ length: residential.length }, (_, k) => curveTime(k + 0.5));
  for (const c of residential) {
    if (c.provenance === "synthetic" || !c.gridRestoredAt) continue;
    const t = Date.parse(c.gridRestoredAt);
    let best = 0;
    slots.forEach((s, i) => {
      if (Math.abs(s - t) < Math.abs(slots[best]! - t)) best = i;
    });
    slots.splice(best, 1);
  }
  const synthetic = residential.filter((c) => c.provenance === "synthetic");
  const order = synthetic.map((c) => ({ c, r: rand() })).sort((a, b) => a.r - b.r).map((x) => x.c);
  order.forEach((c, i) => {
    c.gridRestoredAt = toIso(fromMs(slots[i]!, 10));
  });
}

/** Each compound's substation: the nearest whose own return is not after the compound's grid return. */
function assignSubstations(compounds: Compound[], subs: Substation[]): void {
  for (const c of compounds) {
    const back = c.gridRestoredAt ? Date.parse(c.gridRestoredAt) : Infinity;
    const ok = subs.filter((s) => Date.parse(s.restoredAt!) <= back);
    const pool = ok.length > 0 ? ok : subs;
    c.substation = [...pool].sort((a, b) => measureMetres(a.location, c.location) - measureMetres(b.location, c.location))[0]!.id;
  }
}

/** Grid returns of the synthetic priority sites [syn]: spread from 22 Jul 12:00 to 25 Jul 12:00. */
function assignPriorityReturns(sites: Compound[], rand: () => number): void {
  for (const c of sites) c.gridRestoredAt = toIso(fromMs(toMs("2021-07-22T12:00") + rand() * 72 * 3_600_000, 10));
}

const MILESTONES: Milestone[] = [
  { at: toIso("2021-07-23T12:00"), population: "residential", published: { grid: 161 }, source: "[S] Zhengzhou Daily / CCTV 2021-07-23: of 473 compounds (> 200 households), 161 restored, 261 under repair, 51 with rooms under water" },
  { at: toIso("2021-07-24T12:00"), population: "residential", published: { grid: 301, temporary: 41, dark: 131 }, source: "[S] Henan provincial press conference 2021-07-24: 301 energised, 41 on temporary (generator) supply, 131 dark" },
  { at: toIso("2021-07-27T20:00"), population: "residential", published: { gridShareMin: 0.98 }, source: "[S] 中国电力新闻网 2021-07-27 / Henan Daily 2021-07-28: all substations back on the evening of 27 Jul, more than 98% restored" },
];

const DESCRIPTION =
  "The 20 July 2021 Zhengzhou flood (郑州“7·20”特大暴雨) at true scale: the 473 residential compounds of more than 200 households " +
  "the sources count (12 named or assumed real ones, 461 synthetic stand-ins marked as such), the hospital, the Houzhai water works " +
  "and 20 synthetic priority sites, 8 × 110 kV and one 35 kV substation, the 358 generator trucks that came from 25 companies; " +
  "a timeline calibrated to the published counts (23 Jul 12:00: 161 on the grid; 24 Jul 12:00: 301 / 41 / 131). Every entity " +
  "and timeline entry has a provenance (sourced / assumed / synthetic): see scenarios/zhengzhou-2021/README.md. Roads derived " +
  "from the bus-stop data of chinpeng/zhengzhoubus (commit cc223b2b2e8ad60d668378f29d78f99ebdba3982), converted from GCJ-02 to WGS84.";

/** Builds the whole document (timeline, milestones and forecasts included) and a summary of its figures. */
export function buildTrueScaleScenario(): BuildResult {
  const rand = seededRandom(SEED);
  const net = buildBusRoadNetwork(loadBusLines(), MAX_SEGMENT_M);
  const floodCentres = FLOOD_ZONES.map((z) => resolveAnchor(net, z.at));
  const floodZones = buildFloodZones(net);
  for (const f of floodZones.features) {
    f.properties = { ...f.properties, provenance: "assumed", source: "[A] a low spot the sources name or imply (model sites.ts FLOOD_ZONES); from 17:00 20 Jul (Level I response [S]), radius and end [A]" };
  }
  const substations: Substation[] = SUBSTATIONS.map((s) => ({
    id: s.id, name: s.name, location: resolveAnchor(net, s.at), voltageKv: s.voltageKv, restoredAt: toIso(SUBSTATION_RETURNS[s.id]!),
    provenance: "assumed", source: "[S] brief: 8 × 110 kV and one 35 kV substation out, all back by the evening of 27 Jul; name, place and return [A]",
  }));
  const named = namedCompounds(net);
  const namedResidential = named.filter((c) => c.kind === "residential").length;
  const synthetic = syntheticSites(net, RESIDENTIAL_COUNT - namedResidential, rand, floodCentres);
  const compounds = [...named, ...synthetic];
  assignGridReturns(compounds.filter((c) => c.kind === "residential"), rand);
  assignPriorityReturns(synthetic.filter((c) => c.kind !== "residential"), rand);
  assignSubstations(compounds, substations);
  const depots: Depot[] = DEPOTS.map((d) => ({ id: d.id, name: d.name, location: resolveAnchor(net, d.at) }));
  const trucks: Truck[] = buildFleet();
  const feeders = yanmingFeeder(net, compounds);
  const scenario: Scenario = {
    id: "zhengzhou-2021",
    name: "郑州 2021 “7·20” 暴雨停电 (全量) Zhengzhou July 2021 flood outage, true scale",
    timezone: ZONE,
    horizonEnd: toIso("2021-07-28T00:00"),
    defaults: { speedKmh: 30, accessSpeedKmh: 15, planHours: 0.5, cableMetresPerHour: 200, switchOnHours: 0.25 },
    roads: buildRoads(net, floodCentres),
    floodZones,
    substations,
    compounds,
    depots,
    trucks,
    feeders,
    description: DESCRIPTION,
  };
  scenario.events = buildTimeline(scenario, SOURCED_TRIPS, seededRandom(SEED + 1));
  scenario.milestones = MILESTONES;
  scenario.forecasts = buildForecasts(scenario, seededRandom(SEED + 2));
  return { scenario, summary: summarise(scenario) };
}

/**
 * #17: 雁鸣社区's 7 compounds on one 10 kV feeder [S: Beijing's 10 kV truck fed the community, its 7 compounds fully
 * restored together]; the feeder's id and its RMU at the community's centre [A]. Only the MV trucks use it.
 */
function yanmingFeeder(net: RoadNetwork, compounds: Compound[]): Feeder[] {
  const yanming = compounds.filter((c) => c.id.startsWith("yanming-"));
  const id = "feeder-yanming";
  for (const c of yanming) c.feeder = id;
  return [{
    id, substation: yanming[0].substation, rmu: resolveAnchor(net, { gcj: YANMING_CENTRE, eastM: 0, northM: 0 }),
    provenance: "sourced", source: "[S] brief: Beijing's 3,000 kW 10 kV truck fed 雁鸣社区 (7 compounds); one feeder, its id and RMU place [A]",
  }];
}

function summarise(s: Scenario): Record<string, unknown> {
  const count = <T>(list: T[], key: (x: T) => string | undefined) => {
    const out: Record<string, number> = {};
    for (const x of list) out[key(x) ?? "none"] = (out[key(x) ?? "none"] ?? 0) + 1;
    return out;
  };
  const residential = s.compounds.filter((c) => c.kind === "residential");
  return {
    roads: s.roads.features.length, compounds: s.compounds.length, residential: residential.length,
    residentialHouseholds: residential.reduce((t, c) => t + c.households, 0),
    minHouseholds: Math.min(...residential.map((c) => c.households)),
    residentialLoadKw: residential.reduce((t, c) => t + c.loadKw, 0),
    trucks: s.trucks.length, fleetKw: s.trucks.reduce((t, k) => t + k.capacityKw, 0),
    events: s.events!.length, forecasts: s.forecasts!.length,
    provenance: {
      compounds: count(s.compounds, (c) => c.provenance), substations: count(s.substations, (c) => c.provenance),
      trucks: count(s.trucks, (c) => c.provenance), truckArrivals: count(s.trucks, (c) => c.availableAtProvenance ?? c.provenance),
      floodZones: count(s.floodZones!.features, (f) => f.properties?.provenance), events: count(s.events!, (e: TimelineEvent) => e.provenance),
      forecasts: count(s.forecasts!, (f: Forecast) => f.provenance),
    },
    trucksByOrigin: count(s.trucks, (t) => t.origin),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { scenario, summary } = buildTrueScaleScenario();
  writeFileSync(join(HERE, "scenario.json"), formatJson(scenario) + "\n");
  console.log(JSON.stringify(summary, null, 2));
}
