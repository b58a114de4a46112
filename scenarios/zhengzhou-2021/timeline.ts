/**
 * The true-scale timeline (#14): the sourced trips as the 1:10 model has them, the rest of the fleet's trips
 * generated [syn] so that replayed counts meet the published ones, and every compound's grid return; plus the
 * forecasts (what was announced when) [syn].
 *
 * Every entry passes the event log's plausibility rules (shared/restoration/validate-event.ts): trips go only to
 * compounds still off the grid, arrive no faster than the road model below (far slower than 120 km/h in a straight
 * line), switch on at least 15 min after arriving, and each compound's grid return is reported once.
 */
import type { Compound, Forecast, LonLat, Provenance, Scenario, TimelineEvent } from "../../shared/scenario.ts";
import { DEFAULTS } from "../../shared/scenario.ts";
import { fromMs, toIso, toMs } from "../zhengzhou-2021-model/build.ts";
import { measureMetres } from "../zhengzhou-2021-model/road-network.ts";
import type { TripSpec } from "../zhengzhou-2021-model/sites.ts";
import { DRIVE, TRIPS } from "./sites.ts";

const MIN = 60_000;
const HOUR = 3_600_000;
const NOON_24 = toMs("2021-07-24T12:00");
const SYN_TRIP = "[syn] a generated trip of a truck no source follows, so that the replayed counts meet the published ones (timeline.ts)";

interface TruckState { id: string; freeMs: number; at: LonLat; kw: number }
interface Request { compound: Compound; targetMs: number; want: number }

/** Drive minutes between two points by the road model [A], rounded up to 5 min. */
export function driveMinutes(a: LonLat, b: LonLat): number {
  const km = (measureMetres(a, b) / 1000) * DRIVE.detour;
  return Math.max(DRIVE.minMinutes, Math.ceil(((km / DRIVE.kmh) * 60) / 5) * 5);
}

/** On-site minutes: setupHours, else plan + cable + switch (scenario defaults), rounded up to 5 min. */
function setupMinutes(s: Scenario, c: Compound): number {
  const d = { ...DEFAULTS, ...s.defaults };
  const hours = c.setupHours ?? d.planHours + (c.cableLengthM ?? 100) / d.cableMetresPerHour + d.switchOnHours;
  return Math.max(20, Math.ceil((hours * 60) / 5) * 5);
}

function gridMs(s: Scenario, c: Compound): number {
  return toMs2(c.gridRestoredAt ?? s.substations.find((x) => x.id === c.substation)!.restoredAt ?? s.horizonEnd);
}
const toMs2 = (iso: string) => Date.parse(iso);
const isoOf = (ms: number) => toIso(fromMs(ms, 1));

function labelled(provenance: Provenance, source: string): Pick<TimelineEvent, "provenance" | "source" | "assumed"> {
  return { provenance, source, ...(provenance === "sourced" ? {} : { assumed: true }) };
}
/** a step's provenance from the model's label: [S] / [seed] sourced, else assumed */
const fromLabel = (source: string): Provenance => (source.startsWith("[S]") || source.startsWith("[seed]") ? "sourced" : "assumed");

/**
 * Which compounds got trucks and when [syn] (parameters in sites.ts TRIPS): a share of the compounds whose grid came
 * back by 24 Jul 12:00 had generators while they waited; exactly TRIPS.atNoon24 of those still off the grid then
 * were on generators at 12:00 24 Jul; a share of the rest got one later. Named compounds get only their sourced trips.
 */
function requests(s: Scenario, rand: () => number): Request[] {
  const out: Request[] = [];
  const want = (c: Compound) => Math.min(TRIPS.maxTrucks, Math.max(1, Math.ceil(c.loadKw / TRIPS.kwPerTruck)));
  const between = (a: number, b: number) => Math.round((a + rand() * (b - a)) / (10 * MIN)) * 10 * MIN;
  const synthetic = s.compounds.filter((c) => c.provenance === "synthetic");
  for (const c of synthetic.filter((x) => x.kind !== "residential")) {
    out.push({ compound: c, targetMs: between(toMs2(c.outageStart) + 2.5 * HOUR, toMs("2021-07-21T10:00")), want: Math.min(3, Math.ceil(c.loadKw / 500)) });
  }
  const hospital = s.compounds.find((c) => c.id === "zhengda-yifuyuan");
  if (hospital) out.push({ compound: hospital, targetMs: toMs("2021-07-21T09:00"), want: 3 });
  const water = s.compounds.find((c) => c.id === "houzhai-water");
  if (water) out.push({ compound: water, targetMs: toMs("2021-07-21T19:00"), want: 1 });
  const residential = synthetic.filter((c) => c.kind === "residential");
  for (const c of residential.filter((x) => gridMs(s, x) <= NOON_24)) {
    const from = Math.max(toMs2(c.outageStart) + 5 * HOUR, toMs("2021-07-21T04:00"));
    const until = gridMs(s, c) - 8 * HOUR;
    if (rand() < TRIPS.earlyShare && until > from) out.push({ compound: c, targetMs: between(from, until), want: want(c) });
  }
  const late = residential.filter((x) => gridMs(s, x) > NOON_24 + 4 * HOUR);
  const shuffled = late.map((c) => ({ c, r: rand() })).sort((a, b) => a.r - b.r).map((x) => x.c);
  shuffled.slice(0, TRIPS.atNoon24).forEach((c) => out.push({ compound: c, targetMs: between(toMs("2021-07-22T10:00"), toMs("2021-07-24T10:00")), want: want(c) }));
  for (const c of shuffled.slice(TRIPS.atNoon24)) {
    const until = Math.min(toMs("2021-07-26T18:00"), gridMs(s, c) - 4 * HOUR);
    if (rand() < TRIPS.lateShare && until > NOON_24 + HOUR) out.push({ compound: c, targetMs: between(NOON_24 + HOUR, until), want: want(c) });
  }
  return out.sort((a, b) => a.targetMs - b.targetMs || (a.compound.id < b.compound.id ? -1 : 1));
}

/**
 * The timeline in delivery order: sourced trips (kept as the model has them; their trucks do nothing else),
 * generated trips, releases at each compound's grid return, grid.restored for each compound back before the last
 * of its substation, then substation.restored.
 */
export function buildTimeline(s: Scenario, sourced: TripSpec[], rand: () => number): TimelineEvent[] {
  const entries: TimelineEvent[] = [];
  const byId = new Map(s.compounds.map((c) => [c.id, c]));
  const fixed = new Set(sourced.map((t) => t.truck));
  for (const t of sourced) {
    const c = byId.get(t.compound)!;
    const step = (type: TimelineEvent["type"], at: string, source: string): TimelineEvent => ({ type, at, truck: t.truck, compound: t.compound, ...labelled(fromLabel(source), source) });
    entries.push(
      step("truck.dispatched", toIso(t.dispatched), t.sources[0]), step("truck.arrived", toIso(t.arrived), t.sources[1]),
      step("cable.laid", toIso(t.cableLaid), t.sources[2]), step("switched.on", toIso(t.switchedOn), t.sources[3]),
      step("truck.released", isoOf(gridMs(s, c)), t.sources[4]),
    );
  }
  const depots = new Map(s.depots.map((d) => [d.id, d.location]));
  const pool: TruckState[] = s.trucks
    .filter((t) => !fixed.has(t.id))
    .map((t) => ({ id: t.id, freeMs: toMs2(t.availableAt), at: t.location ?? depots.get(t.depot!)!, kw: t.capacityKw }));
  for (const r of requests(s, rand)) entries.push(...serve(s, r, pool));
  entries.push(...gridEntries(s));
  return entries.map((e, i) => ({ e, i, t: Date.parse(e.at) })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.e);
}

/**
 * Sends up to `want` trucks to switch on at the request's target: the nearest that can be there in time (free, then
 * the drive and the setup). A compound no truck can reach in time gets none (the summary counts them).
 */
function serve(s: Scenario, r: Request, pool: TruckState[]): TimelineEvent[] {
  const c = r.compound;
  const setup = setupMinutes(s, c) * MIN;
  const back = gridMs(s, c);
  const able = pool
    .map((t) => ({ t, drive: driveMinutes(t.at, c.location) * MIN }))
    .filter(({ t, drive }) => r.targetMs - setup - drive >= t.freeMs && r.targetMs < back - HOUR)
    .sort((a, b) => a.drive - b.drive || (a.t.id < b.t.id ? -1 : 1))
    .slice(0, r.want);
  const out: TimelineEvent[] = [];
  for (const { t, drive } of able) {
    const arrive = r.targetMs - setup;
    const step = (type: TimelineEvent["type"], ms: number): TimelineEvent => ({ type, at: isoOf(ms), truck: t.id, compound: c.id, ...labelled("synthetic", SYN_TRIP) });
    out.push(
      step("truck.dispatched", arrive - drive), step("truck.arrived", arrive), step("cable.laid", r.targetMs - 15 * MIN),
      step("switched.on", r.targetMs), step("truck.released", back),
    );
    t.freeMs = back;
    t.at = c.location;
  }
  return out;
}

const GRID_SOURCES: Record<string, string> = {
  "guomian-sichang": "[S] brief: flooded rooms (国棉四厂家属院 room ready about 19:00 22 Jul)",
  ...Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`yanming-${i + 1}`, "[S] brief: Beijing (雁鸣社区, 7 compounds, fully restored 21:40 26 Jul)"])),
};

function gridEntries(s: Scenario): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const sub of s.substations) {
    const fed = s.compounds.filter((c) => c.substation === sub.id);
    if (fed.length === 0) continue;
    const lastMs = Math.max(...fed.map((c) => gridMs(s, c)));
    for (const c of fed) {
      const at = gridMs(s, c);
      if (at >= lastMs && !GRID_SOURCES[c.id]) continue;
      const label = GRID_SOURCES[c.id]
        ? labelled("sourced", GRID_SOURCES[c.id]!)
        : c.provenance === "synthetic"
          ? labelled("synthetic", "[syn] the compound's grid return on the published restoration curve (build.ts)")
          : labelled("assumed", "[A] the compound's grid return (build.ts NAMED_WEIGHT / model sites.ts)");
      out.push({ type: "grid.restored", at: isoOf(at), compound: c.id, ...label });
    }
    out.push({
      type: "substation.restored", at: isoOf(lastMs), substation: sub.id, note: "all its compounds back",
      ...labelled("assumed", "[A] when its last compound's grid returned; all substations back by the evening of 27 Jul [S]"),
    });
  }
  return out;
}

/**
 * What was announced when [syn] (no source gives the grid company's forecasts): at 08:00 on 21 Jul each substation's
 * return; then each day at 12:00, for every compound whose grid returns within the next 36 h, an expected time
 * off by up to ±3 h (seeded) with a window of ±6 h around it.
 */
export function buildForecasts(s: Scenario, rand: () => number): Forecast[] {
  const out: Forecast[] = [];
  const src = "[syn] a generated announcement (no source gives the forecasts); error ±3 h, window ±6 h (timeline.ts)";
  const iso = (ms: number) => toIso(fromMs(ms, 10));
  for (const sub of s.substations) {
    const t = toMs2(sub.restoredAt!);
    const expected = t + (rand() - 0.5) * 12 * HOUR;
    out.push({ at: toIso("2021-07-21T08:00"), substation: sub.id, expected: iso(expected), earliest: iso(expected - 12 * HOUR), latest: iso(expected + 12 * HOUR), provenance: "synthetic", source: src });
  }
  for (const day of ["2021-07-21", "2021-07-22", "2021-07-23", "2021-07-24", "2021-07-25", "2021-07-26", "2021-07-27"]) {
    const at = toMs(`${day}T12:00`);
    for (const c of s.compounds) {
      const back = gridMs(s, c);
      if (back <= at || back > at + 36 * HOUR) continue;
      const expected = Math.max(at + HOUR, back + (rand() - 0.5) * 6 * HOUR);
      out.push({ at: toIso(`${day}T12:00`), compound: c.id, expected: iso(expected), earliest: iso(Math.max(at, expected - 6 * HOUR)), latest: iso(expected + 6 * HOUR), provenance: "synthetic", source: src });
    }
  }
  return out;
}
