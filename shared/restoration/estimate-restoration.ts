/**
 * Estimated times of restoration as ranges (#17): per dark compound, when its first supply is expected (a
 * generator switched on, or its grid back), as earliest / likely / latest.
 *
 * Where each estimate comes from, the first that applies for the generator side:
 * - "on-site": a truck at the compound (truck.arrived): from its arrival (or its cable.laid) plus the remaining
 *   steps' learned durations (10th percentile, median, 90th percentile);
 * - "en-route": a truck dispatched to it: dispatch + travel (learned hours per straight-line km) + on-site;
 * - "plan": the latest plan's stop there: its switch-on, moved on by however late its truck is in leaving, widened
 *   by the spread of travel and on-site durations around the plan's own;
 * and for the grid side:
 * - "forecast": the latest announcement made by then (scenario.forecasts, the compound's own, else its
 *   substation's while that is ahead), its window as the range; when a scenario has forecasts they are all that is
 *   known of future grid returns (a replay's scenario holds the true returns: never read here);
 * - "grid": without forecasts, the scenario's own return time (a fact of the scenario, as deriveState takes it).
 * The range is the earlier of the two sides, bound by bound (supply comes with whichever is first). Until a step
 * kind has MIN_SAMPLES reports, its spread is the default below. Estimates never lie before `atMs`: an overdue
 * step is expected from now on, keeping its range's upper width. Bounds are rounded outwards to 5 minutes. A compound supplied (even partly) has no ETR, nor
 * does one nothing is known of (no truck, no plan stop, no known return).
 */
import type { StoredEvent } from "../events.ts";
import { haversineKm } from "../haversine-km.ts";
import type { Plan } from "../plan.ts";
import { DEFAULTS, type Compound, type Forecast, type LonLat, type Scenario } from "../scenario.ts";
import type { CompoundEtr, EtrBasis, IncidentState } from "../state.ts";
import { iso } from "./derive-state.ts";
import { learnDurations, setupHoursOf, usable, voltageOf, type LearnedDurations, type StepKind } from "./learned-durations.ts";
import { compoundsOf, eventsUpTo, gridTimes, replayTrucks, settle, toMs } from "./timeline.ts";

const HOUR_MS = 3_600_000;

/** quantiles of a duration as multiples of its nominal: 10th percentile, median, 90th percentile */
interface Ratios { p10: number; median: number; p90: number }

/**
 * Spreads before the log has enough reports [A]. On site, ÷ the scenario's on-site hours: issue #17's "40 minutes at
 * best, about an hour typically, several hours where repairs come first" against the default 1.25 h (100 m of
 * cable): 40 min ≈ 0.5 ×, several hours ≈ 3 ×. Travel, hours per straight-line km at the scenario's speed: a road
 * 1.3 × the straight line typically, straight at best, twice as long around flooding.
 */
export const DEFAULT_ON_SITE: Ratios = { p10: 0.5, median: 1, p90: 3 };
export const DEFAULT_DETOUR: Ratios = { p10: 1, median: 1.3, p90: 2 };

/** An estimate in ms: earliest ≤ likely ≤ latest. */
interface Range { earliest: number; likely: number; latest: number; basis: EtrBasis }

export interface EstimateInput {
  scenario: Scenario;
  events: readonly StoredEvent[];
  atMs: number;
  /** the latest plan, if any */
  plan?: Plan;
  /** learned durations; default: learned from `events` up to `atMs` */
  learned?: LearnedDurations;
}

/**
 * The ETR of every compound dark at `atMs`, by compound id, ISO in the incident's zone.
 *
 * @example
 * const etr = estimateRestorations({ scenario, events, atMs: Date.parse("2021-07-22T12:00:00+08:00"), plan });
 * etr.get("jincheng-zhongyuan"); // { earliest: "…T18:10:00+08:00", likely: "…T19:05:00+08:00", latest: "…", basis: "en-route" }
 */
export function estimateRestorations(input: EstimateInput): Map<string, CompoundEtr> {
  const { scenario, events, atMs, plan } = input;
  const known = eventsUpTo(events, atMs);
  const learned = input.learned ?? learnDurations(scenario, known, atMs);
  const compounds = compoundsOf(scenario, known);
  const byId = new Map(compounds.map((c) => [c.id, c]));
  const gridAt = gridTimes(scenario, compounds, known);
  const { phases, supply } = replayTrucks(scenario, known, gridAt, atMs);
  const trucks = new Map(scenario.trucks.map((t) => [t.id, t]));
  const depots = new Map(scenario.depots.map((d) => [d.id, d.location]));
  const d = { ...DEFAULTS, ...scenario.defaults };
  const zone = scenario.timezone;

  const supplied = new Set(supply.filter((s) => s.fromMs <= atMs && atMs < s.toMs).map((s) => s.compound));
  const generator = new Map<string, Range>();
  const offer = (id: string, r: Range) => {
    const was = generator.get(id);
    generator.set(id, was ? earlier(was, r) : r);
  };
  const onSite = (voltage: "lv" | "mv") => ratios(usable(learned, voltage, "onSite")?.ratio, DEFAULT_ON_SITE);
  const perKm = (voltage: "lv" | "mv") => ratios(usable(learned, voltage, "travel")?.ratio, scaled(DEFAULT_DETOUR, 1 / d.speedKmh));
  const busy = new Set<string>();

  // the log: trucks at or on their way to a compound
  for (const [truckId, raw] of phases) {
    const p = settle(raw, atMs, gridAt);
    if (p.compound === undefined || (p.status !== "en-route" && p.status !== "setting-up")) continue;
    busy.add(truckId);
    const c = byId.get(p.compound);
    if (!c) continue;
    const v = voltageOf(trucks.get(truckId));
    const setupH = setupHoursOf(c, scenario.defaults);
    if (p.status === "setting-up" && p.cableLaid && p.sinceMs !== undefined) {
      const sw = stepRatios(learned, v, "switch", d.switchOnHours);
      offer(c.id, from(p.sinceMs, [[d.switchOnHours, sw]], "on-site"));
    } else if (p.status === "setting-up" && p.arrivedMs !== undefined) {
      offer(c.id, from(p.arrivedMs, [[setupH, onSite(v)]], "on-site"));
    } else if (p.status === "en-route" && p.departedMs !== undefined) {
      const t = trucks.get(truckId);
      const start: LonLat | undefined = p.fromCompound !== undefined ? byId.get(p.fromCompound)?.location : (t?.location ?? (t?.depot ? depots.get(t.depot) : undefined));
      const km = start ? haversineKm(start, c.location) : 0;
      // hours per km scaled to this trip's km: a nominal of 1 h with the per-km quantiles × km as its ratios
      offer(c.id, from(p.departedMs, [[1, scaled(perKm(v), km)], [setupH, onSite(v)]], "en-route"));
    }
  }

  // the plan: stops at compounds no truck is yet heading to, by trucks not busy elsewhere now
  const broken = new Set([...phases].filter(([, p]) => p.status === "broken").map(([id]) => id));
  for (const t of plan?.trucks ?? []) {
    if (broken.has(t.id) || busy.has(t.id)) continue;
    const v = voltageOf(trucks.get(t.id));
    for (const s of t.stops) {
      if (generator.has(s.compound) && generator.get(s.compound)!.basis !== "plan") continue;
      const depart = toMs(s.depart);
      const arrive = toMs(s.arrive);
      const on = toMs(s.switchOn);
      // a stop whose truck should have left by now and has not: everything after it moves on by the delay
      const late = Math.max(0, atMs - depart);
      const travel = relative(perKm(v));
      const site = relative(onSite(v));
      const travelH = (arrive - depart) / HOUR_MS;
      const setupH = (on - arrive) / HOUR_MS;
      const likely = on + late;
      offer(s.compound, {
        earliest: likely - HOUR_MS * (travelH * (1 - travel.p10) + setupH * (1 - site.p10)),
        likely,
        latest: likely + HOUR_MS * (travelH * (travel.p90 - 1) + setupH * (site.p90 - 1)),
        basis: "plan",
      });
    }
  }

  const out = new Map<string, CompoundEtr>();
  const forecasts = announced(scenario, atMs);
  for (const c of compounds) {
    if (toMs(c.outageStart) > atMs || gridAt(c.id, atMs) <= atMs || supplied.has(c.id)) continue;
    const g = gridRange(scenario, c, gridAt, atMs, forecasts);
    const gen = generator.get(c.id);
    const best = gen && g ? earlier(gen, g) : (gen ?? g);
    if (!best) continue;
    const r = outward(notBefore(best, atMs));
    out.set(c.id, { earliest: iso(r.earliest, zone), likely: iso(r.likely, zone), latest: iso(r.latest, zone), basis: r.basis });
  }
  return out;
}

/**
 * The state with each dark compound's ETR (compounds without one are left as they are).
 *
 * @example
 * const state = withEtr(deriveState(scenario, events, now), estimateRestorations({ scenario, events, atMs: now, plan }));
 */
export function withEtr(state: IncidentState, etr: ReadonlyMap<string, CompoundEtr>): IncidentState {
  return { ...state, compounds: state.compounds.map((c) => (etr.has(c.id) && c.status === "dark" ? { ...c, etr: etr.get(c.id) } : c)) };
}

/** The latest forecast announced by `atMs` per compound and per substation (at equal times, the one written last). */
function announced(scenario: Scenario, atMs: number): { compound: Map<string, Forecast>; substation: Map<string, Forecast> } {
  const compound = new Map<string, Forecast>();
  const substation = new Map<string, Forecast>();
  for (const f of scenario.forecasts ?? []) {
    const at = toMs(f.at);
    if (at > atMs) continue;
    const [map, key] = f.compound !== undefined ? [compound, f.compound] : [substation, f.substation!];
    const was = map.get(key);
    if (!was || at >= toMs(was.at)) map.set(key, f);
  }
  return { compound, substation };
}

/** The grid side: the latest forecast by `atMs` when the scenario has forecasts, else the scenario's own time. */
function gridRange(scenario: Scenario, c: Compound, gridAt: (id: string, atMs: number) => number, atMs: number, forecasts: ReturnType<typeof announced>): Range | undefined {
  if ((scenario.forecasts ?? []).length === 0) {
    const t = gridAt(c.id, atMs);
    return t < toMs(scenario.horizonEnd) ? { earliest: t, likely: t, latest: t, basis: "grid" } : undefined;
  }
  const usableWindow = (f: Forecast | undefined): Range | undefined => {
    if (!f) return undefined;
    const expected = toMs(f.expected);
    const latest = f.latest ? toMs(f.latest) : expected;
    // a forecast whose whole window has passed with the grid still off says nothing any more
    if (Math.max(expected, latest) <= atMs) return undefined;
    return { earliest: f.earliest ? toMs(f.earliest) : expected, likely: expected, latest, basis: "forecast" };
  };
  return usableWindow(forecasts.compound.get(c.id)) ?? usableWindow(forecasts.substation.get(c.substation));
}

/** from `startMs`, a chain of durations (nominal hours × their ratio quantiles), summed quantile by quantile */
function from(startMs: number, legs: [number, Ratios][], basis: EtrBasis): Range {
  let e = startMs;
  let l = startMs;
  let u = startMs;
  for (const [hours, r] of legs) {
    e += hours * r.p10 * HOUR_MS;
    l += hours * r.median * HOUR_MS;
    u += hours * r.p90 * HOUR_MS;
  }
  return { earliest: e, likely: l, latest: u, basis };
}

function stepRatios(learned: LearnedDurations, v: "lv" | "mv", step: StepKind, nominalHours: number): Ratios {
  const s = usable(learned, v, step)?.hours;
  if (s && nominalHours > 0) return { p10: s.p10 / nominalHours, median: s.median / nominalHours, p90: s.p90 / nominalHours };
  return DEFAULT_ON_SITE;
}

function ratios(s: { p10: number; median: number; p90: number } | undefined, fallback: Ratios): Ratios {
  return s ? { p10: s.p10, median: s.median, p90: s.p90 } : fallback;
}

const scaled = (r: Ratios, k: number): Ratios => ({ p10: r.p10 * k, median: r.median * k, p90: r.p90 * k });

/** quantiles relative to the median (the plan's own durations are taken as the median) */
const relative = (r: Ratios): Ratios => (r.median > 0 ? scaled(r, 1 / r.median) : { p10: 1, median: 1, p90: 1 });

/** supply comes with the first of two ways: the earlier bound of each, the basis of the earlier likely */
function earlier(a: Range, b: Range): Range {
  return {
    earliest: Math.min(a.earliest, b.earliest),
    likely: Math.min(a.likely, b.likely),
    latest: Math.min(a.latest, b.latest),
    basis: b.likely < a.likely ? b.basis : a.basis,
  };
}

const STEP_MS = 5 * 60_000;

/**
 * To 5 minutes, outwards (earliest down, latest up, likely to the nearest): reports come to the minute and a board
 * shows ranges, not seconds; the likely time stays inside the range.
 */
function outward(r: Range): Range {
  const earliest = Math.floor(r.earliest / STEP_MS) * STEP_MS;
  const latest = Math.ceil(r.latest / STEP_MS) * STEP_MS;
  const likely = Math.min(latest, Math.max(earliest, Math.round(r.likely / STEP_MS) * STEP_MS));
  return { earliest, likely, latest, basis: r.basis };
}

/** nothing is restored in the past: an overdue estimate starts now and keeps its upper width */
function notBefore(r: Range, atMs: number): Range {
  const earliest = Math.max(r.earliest, atMs);
  const likely = Math.max(r.likely, earliest);
  const latest = Math.max(r.latest, likely + (r.latest - Math.max(r.likely, r.earliest)));
  return { earliest, likely, latest, basis: r.basis };
}
