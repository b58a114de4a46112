/**
 * Step durations learned from the event log (#17): how long each reported step really took, per step kind and
 * truck voltage, as robust statistics (median, MAD, 10th and 90th percentiles) so that one truck stuck for a day
 * behind a flooded gate does not move the figures the planner and the ETR ranges use.
 *
 * Step kinds, each from one truck's consecutive reports at one compound:
 * - travel: truck.dispatched → truck.arrived, also as hours per straight-line km from where it set off (the
 *   planner has its own road model, so travel is reported and used for ETRs of trucks on the road, never planned);
 * - cable: truck.arrived → cable.laid;
 * - switch: cable.laid → switched.on;
 * - onSite: truck.arrived → switched.on (with or without a cable.laid between), also as a ratio to the on-site
 *   hours the scenario's defaults give that compound (`setupHoursOf`): the figure the planner scales by.
 * A voltage the truck does not state is "lv" (the scenario's default).
 */
import type { StoredEvent } from "../events.ts";
import { haversineKm } from "../haversine-km.ts";
import { DEFAULTS, type Compound, type LonLat, type Scenario, type ScenarioDefaults, type Truck } from "../scenario.ts";
import { compoundsOf, eventsUpTo, toMs } from "./timeline.ts";

export type StepKind = "travel" | "cable" | "switch" | "onSite";
export type TruckVoltage = "lv" | "mv";
export const STEP_KINDS: readonly StepKind[] = ["travel", "cable", "switch", "onSite"];

/** Samples a step kind needs before its learned figures replace the scenario's defaults. */
export const MIN_SAMPLES = 5;

export interface StepSample {
  step: StepKind;
  voltage: TruckVoltage;
  truck: string;
  compound: string;
  hours: number;
  /** travel: hours per straight-line km; onSite: observed ÷ the scenario's on-site hours for the compound */
  ratio?: number;
}

/** Robust figures of one sample set (hours, or the ratio's unit). */
export interface Spread {
  n: number;
  median: number;
  /** median absolute deviation from the median */
  mad: number;
  p10: number;
  p90: number;
}

export interface StepStats {
  hours: Spread;
  /** travel: hours per km; onSite: observed ÷ scenario on-site hours; absent for cable and switch */
  ratio?: Spread;
}

export interface LearnedDurations {
  /** the sample count each step kind needs before its figures are used (MIN_SAMPLES unless asked otherwise) */
  minSamples: number;
  byVoltage: Record<TruckVoltage, Partial<Record<StepKind, StepStats>>>;
}

/** A truck's voltage; "lv" when the scenario does not say (the field is optional, #17). */
export function voltageOf(truck: Truck | undefined): TruckVoltage {
  return (truck as (Truck & { voltage?: string }) | undefined)?.voltage === "mv" ? "mv" : "lv";
}

/**
 * On-site hours by the scenario's model: the compound's `setupHours`, else agree the plan + lay the cable + close
 * the switch (the planner's own rule, server/planner/build-instance.ts setupHours, which shared/ may not import).
 */
export function setupHoursOf(c: Pick<Compound, "setupHours" | "cableLengthM">, defaults: ScenarioDefaults | undefined): number {
  const d = { ...DEFAULTS, ...defaults };
  if (c.setupHours !== undefined) return c.setupHours;
  return d.planHours + (c.cableLengthM ?? 100) / d.cableMetresPerHour + d.switchOnHours;
}

/**
 * Every step duration the log reports up to `atMs`, in report order. A step whose end is not after its start
 * (a zero-length or backdated report) is no duration and is left out.
 *
 * @example
 * stepSamples(scenario, events, Date.parse("2021-07-22T12:00:00+08:00")).filter((s) => s.step === "onSite");
 */
export function stepSamples(scenario: Scenario, events: readonly StoredEvent[], atMs: number): StepSample[] {
  const known = eventsUpTo(events, atMs);
  const compounds = new Map(compoundsOf(scenario, known).map((c) => [c.id, c]));
  const trucks = new Map(scenario.trucks.map((t) => [t.id, t]));
  const depots = new Map(scenario.depots.map((d) => [d.id, d.location]));
  interface Trip { compound: string; from: LonLat | undefined; dispatched?: number; arrived?: number; cable?: number }
  const trips = new Map<string, Trip>();
  const lastSite = new Map<string, LonLat | undefined>();
  const out: StepSample[] = [];
  const push = (step: StepKind, truck: string, compound: string, fromMs: number | undefined, toMsAt: number, ratioOf?: (h: number) => number | undefined) => {
    if (fromMs === undefined || !(toMsAt > fromMs)) return;
    const hours = (toMsAt - fromMs) / 3_600_000;
    const s: StepSample = { step, voltage: voltageOf(trucks.get(truck)), truck, compound, hours };
    const r = ratioOf?.(hours);
    if (r !== undefined && Number.isFinite(r)) s.ratio = r;
    out.push(s);
  };
  const startOf = (id: string): LonLat | undefined => {
    if (lastSite.has(id)) return lastSite.get(id);
    const t = trucks.get(id);
    return t?.location ?? (t?.depot ? depots.get(t.depot) : undefined);
  };
  for (const e of known) {
    if (e.truck === undefined) continue;
    const ms = toMs(e.at);
    const trip = trips.get(e.truck);
    const here = e.compound ?? trip?.compound;
    const c = here === undefined ? undefined : compounds.get(here);
    switch (e.type) {
      case "truck.dispatched":
        // redirected on the road: the new trip counts from its own dispatch (the first leg's end is unknown)
        trips.set(e.truck, { compound: e.compound!, from: startOf(e.truck), dispatched: ms });
        break;
      case "truck.arrived":
        if (!trip || trip.compound !== e.compound) break;
        push("travel", e.truck, trip.compound, trip.dispatched, ms, (h) => {
          const km = trip.from && c ? haversineKm(trip.from, c.location) : 0;
          return km > 0 ? h / km : undefined;
        });
        trip.arrived = ms;
        if (c) lastSite.set(e.truck, c.location);
        break;
      case "cable.laid":
        if (!trip || trip.compound !== here) break;
        push("cable", e.truck, trip.compound, trip.arrived, ms);
        trip.cable = ms;
        break;
      case "switched.on":
        if (!trip || trip.compound !== here) break;
        push("switch", e.truck, trip.compound, trip.cable, ms);
        push("onSite", e.truck, trip.compound, trip.arrived, ms, (h) => (c ? h / setupHoursOf(c, scenario.defaults) : undefined));
        trips.delete(e.truck);
        break;
      case "truck.released":
      case "truck.broken":
        trips.delete(e.truck);
        break;
    }
  }
  return out;
}

/**
 * The figures of every step kind and voltage the log has samples of, up to `atMs`.
 *
 * @example
 * const learned = learnDurations(scenario, events, now);
 * learned.byVoltage.lv.onSite?.hours.median; // e.g. 1.1 (hours)
 */
export function learnDurations(scenario: Scenario, events: readonly StoredEvent[], atMs: number, minSamples = MIN_SAMPLES): LearnedDurations {
  const byVoltage: LearnedDurations["byVoltage"] = { lv: {}, mv: {} };
  const samples = stepSamples(scenario, events, atMs);
  for (const voltage of ["lv", "mv"] as const) {
    for (const step of STEP_KINDS) {
      const mine = samples.filter((s) => s.voltage === voltage && s.step === step);
      if (mine.length === 0) continue;
      const stats: StepStats = { hours: spreadOf(mine.map((s) => s.hours)) };
      const ratios = mine.flatMap((s) => (s.ratio === undefined ? [] : [s.ratio]));
      if (ratios.length > 0) stats.ratio = spreadOf(ratios);
      byVoltage[voltage][step] = stats;
    }
  }
  return { minSamples, byVoltage };
}

/** Median, MAD and the 10th / 90th percentiles of a non-empty sample (quantiles interpolated, `quantile`). */
export function spreadOf(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const deviations = sorted.map((v) => Math.abs(v - median)).sort((a, b) => a - b);
  return { n: sorted.length, median, mad: quantile(deviations, 0.5), p10: quantile(sorted, 0.1), p90: quantile(sorted, 0.9) };
}

/**
 * The q-quantile of sorted values, linear between order statistics (position q × (n − 1), numpy's default and R's
 * type 7): for [1, 2, 3, 4, 10] the 0.9-quantile sits at 3.6, between 4 and 10: 4 + 0.6 × 6 = 7.6.
 */
export function quantile(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/** The step's figures when it has at least `minSamples` samples, else undefined (use the scenario's defaults). */
export function usable(learned: LearnedDurations | undefined, voltage: TruckVoltage, step: StepKind): StepStats | undefined {
  const s = learned?.byVoltage[voltage][step];
  return s && s.hours.n >= learned!.minSamples ? s : undefined;
}
