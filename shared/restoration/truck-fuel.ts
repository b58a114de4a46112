/**
 * #17: each truck's fuel now, estimated from the scenario's tank and burn, the event log and the latest plan's tanker
 * stops already passed (the board's fuel column and its low-fuel mark). Pure: plain data in, levels out.
 *
 * The model is the planner's (server/planner/schedule-resources.ts): the tank is full when the truck is first free
 * and is set to a known level at that level's instant (the plan's starting one, `plan.fuelLevels`, else the
 * scenario's `fuelLevel`: a re-plan's start carries the refuels of the plans before it);
 * while switched on it burns `fuelLitresPerHourAtFull` × the share of its capacity in use, never less than
 * FUEL_IDLE_FLOOR of it; it burns nothing while driving or waiting (the chassis has its own tank); a tanker's litres
 * count from its stop's `arrive` (capped at the tank). The log says when it was switched on and released (or broke
 * down, or its compound's grid returned); the plan says what an MV stop supplies (its load) and where tankers come.
 * A tanker stop counts only when the log has the truck on site at that compound at that instant: a plan made before
 * a delay may send a tanker to a truck that was not there.
 */
import type { StoredEvent } from "../events.ts";
import type { Plan } from "../plan.ts";
import { FUEL_IDLE_FLOOR, type Scenario, type Truck } from "../scenario.ts";
import { compoundsOf, eventsUpTo, gridTimes, replayTrucks, toMs } from "./timeline.ts";

/** A truck is low on fuel under this share of its tank… */
export const LOW_FUEL_SHARE = 0.25;
/** …or when it would run dry within this many hours at its current burn. */
export const LOW_FUEL_HOURS = 2;

const HOUR_MS = 3_600_000;

export interface TruckFuel {
  truck: string;
  /** litres in the tank now (≥ 0) */
  litres: number;
  /** the tank, litres */
  tankLitres: number;
  /** litres ÷ tank, 0..1 */
  share: number;
  /** litres an hour it burns now (0 when not switched on) */
  burnLitresPerHour: number;
  /** hours until dry at the current burn; null when not burning */
  hoursToDry: number | null;
  /** the tank ran dry at this instant and has not been refuelled since (ms) */
  dryAtMs: number | null;
  /** litres pumped in by the tanker stops counted (passed, truck on site; what fitted in the tank) */
  refuelledLitres: number;
  /** under LOW_FUEL_SHARE, or dry within LOW_FUEL_HOURS, or dry */
  low: boolean;
  /**
   * when the current low stretch began (ms; null when not low): the instant the level fell under the larger of
   * LOW_FUEL_SHARE of the tank and LOW_FUEL_HOURS of the burn then (a switch-on with less than that in the tank: the
   * switch-on). Stable while the truck stays low, so a board alert can name it by it.
   */
  lowSinceMs: number | null;
}

/** Litres to the millilitre, as plans and scenarios write them: a rounding of 0.05 L moves a 15 L/h idle truck's fuel-out by 12 s. */
export function toMillilitre(litres: number): number {
  return Math.round(litres * 1000) / 1000;
}

/** Litres an hour `truck` burns switched on carrying `usedKw`: its full burn × the share in use, floored at idle. */
export function burnLitresPerHour(truck: Pick<Truck, "capacityKw" | "fuelLitresPerHourAtFull">, usedKw: number): number {
  return (truck.fuelLitresPerHourAtFull ?? 0) * Math.max(FUEL_IDLE_FLOOR, Math.min(1, usedKw / truck.capacityKw));
}

/**
 * The fuel of every truck with a tank and a burn (`fuelLitres` and `fuelLitresPerHourAtFull`) at `nowMs`, in the
 * scenario's order; trucks without them never run dry and are left out.
 *
 * @example
 * // a 500 kW truck, 1,200 L tank, 120 L/h at full load, switched on 4 h ago at a 250 kW compound (share 0.5):
 * truckFuelLevels(scenario, events, null, now)[0]; // { litres: 960, share: 0.8, burnLitresPerHour: 60, hoursToDry: 16, … }
 */
export function truckFuelLevels(scenario: Scenario, events: readonly StoredEvent[], plan: Plan | null, nowMs: number): TruckFuel[] {
  const fuelled = scenario.trucks.filter((t) => t.fuelLitres !== undefined && t.fuelLitresPerHourAtFull !== undefined);
  if (fuelled.length === 0) return [];
  const known = eventsUpTo(events, nowMs);
  const compounds = compoundsOf(scenario, known);
  const loadOf = new Map(compounds.map((c) => [c.id, c.loadKw]));
  const gridAt = gridTimes(scenario, compounds, known);

  // where each truck was on site: from its arrival (or switch-on) at a compound until it left it
  const visits = new Map<string, { compound: string; fromMs: number; toMs: number }[]>();
  const { supply } = replayTrucks(scenario, known, gridAt, nowMs, undefined, (a) => {
    const list = visits.get(a.truck) ?? [];
    visits.set(a.truck, list);
    const open = list.at(-1);
    const onSite = (a.after.status === "setting-up" || a.after.status === "connected") && a.after.compound !== undefined;
    if (open && open.toMs === Infinity && (!onSite || open.compound !== a.after.compound)) open.toMs = a.step.atMs;
    if (onSite && !(open && open.toMs === Infinity && open.compound === a.after.compound)) list.push({ compound: a.after.compound!, fromMs: a.step.atMs, toMs: Infinity });
  });

  // an MV stop's load is what the plan has it supply; any other stop carries its compound's load
  const suppliesOf = new Map<string, string[]>();
  for (const t of plan?.trucks ?? []) for (const s of t.stops) if (s.supplies) suppliesOf.set(`${t.id}|${s.compound}`, s.supplies);
  const refuelsOf = new Map<string, { ms: number; litres: number; compound: string }[]>();
  for (const tanker of plan?.tankers ?? []) {
    for (const s of tanker.stops) {
      const ms = toMs(s.arrive);
      if (!(ms <= nowMs)) continue;
      const list = refuelsOf.get(s.truck) ?? [];
      list.push({ ms, litres: s.litres, compound: s.compound });
      refuelsOf.set(s.truck, list);
    }
  }

  const startsOf = new Map((plan?.fuelLevels ?? []).map((f) => [f.truck, f]));
  return fuelled.map((truck) => {
    const tank = truck.fuelLitres!;
    // a level known at an instant (the plan's own starting level, a re-plan's plan.fuelLevels, before the scenario's)
    // sets the tank there: what burnt or was pumped before it is in that figure; the walk before it still runs, so
    // a truck low since before a re-plan stays low since then
    const knownLevel = startsOf.get(truck.id) ?? truck.fuelLevel;
    const levelMs = knownLevel ? toMs(knownLevel.at) : Infinity;
    const knownMs = levelMs <= nowMs ? levelMs : null;
    const mine = visits.get(truck.id) ?? [];
    const refuels = (refuelsOf.get(truck.id) ?? [])
      .filter((r) => (knownMs === null || r.ms > knownMs) && mine.some((v) => v.compound === r.compound && v.fromMs <= r.ms && r.ms <= Math.min(v.toMs, gridAt(v.compound, nowMs))))
      .sort((a, b) => a.ms - b.ms);
    // burning stretches, each cut at the grid's return and at now
    const rateOf = (compound: string): number => {
      const supplies = truck.voltage === "mv" ? suppliesOf.get(`${truck.id}|${compound}`) : undefined;
      return burnLitresPerHour(truck, (supplies ?? [compound]).reduce((sum, c) => sum + (loadOf.get(c) ?? 0), 0));
    };
    const burns = supply.filter((s) => s.truck === truck.id).map((s) => ({
      fromMs: s.fromMs, toMs: Math.min(s.toMs, gridAt(s.compound, nowMs), nowMs), rate: rateOf(s.compound),
    })).filter((b) => b.toMs > b.fromMs);

    // walk the instants where something changes: burn starts/ends and refuels
    const cuts = [...new Set([...burns.flatMap((b) => [b.fromMs, b.toMs]), ...refuels.map((r) => r.ms), nowMs, ...(knownMs === null ? [] : [knownMs])])].filter((ms) => ms <= nowMs).sort((a, b) => a - b);
    const rateFrom = (ms: number): number => burns.find((b) => b.fromMs <= ms && ms < b.toMs)?.rate ?? 0;
    /** under this many litres the truck is low, burning `rate` */
    const lowBelow = (rate: number): number => Math.max(LOW_FUEL_SHARE * tank, LOW_FUEL_HOURS * rate);
    let level = tank;
    let dryAtMs: number | null = null;
    let lowSinceMs: number | null = null;
    let refuelled = 0;
    let r = 0;
    let prev = cuts[0] ?? nowMs;
    for (const ms of cuts) {
      const rate = rateFrom(prev);
      if (ms > prev) {
        const threshold = lowBelow(rate);
        if (level < threshold) lowSinceMs ??= prev;
        else lowSinceMs = null;
        const burnt = (rate * (ms - prev)) / HOUR_MS;
        // the level falls under the threshold within this stretch
        if (lowSinceMs === null && rate > 0 && level - burnt < threshold) lowSinceMs = prev + ((level - threshold) / rate) * HOUR_MS;
        if (rate > 0 && burnt >= level) {
          if (dryAtMs === null) dryAtMs = prev + (level / rate) * HOUR_MS;
          level = 0;
        } else level -= burnt;
      }
      let refilled = false;
      if (ms === knownMs) {
        const was = level;
        level = Math.min(tank, knownLevel!.litres);
        if (level > 0) dryAtMs = null;
        // a known level above the walk's is a refuel the walk did not see
        refilled = level > was;
      }
      while (r < refuels.length && refuels[r].ms <= ms) {
        const added = Math.min(tank - level, refuels[r++].litres);
        level += added;
        refuelled += added;
        refilled = true;
        if (level > 0) dryAtMs = null;
      }
      if (refilled && level >= lowBelow(rateFrom(ms))) lowSinceMs = null;
      prev = ms;
    }
    // burning now: switched on, not released, its compound's grid not back
    const burning = supply.find((s) => s.truck === truck.id && s.fromMs <= nowMs && s.toMs > nowMs && gridAt(s.compound, nowMs) > nowMs);
    const rate = burning ? rateOf(burning.compound) : 0;
    const hoursToDry = rate > 0 ? level / rate : null;
    const share = tank > 0 ? level / tank : 0;
    const low = share < LOW_FUEL_SHARE || (hoursToDry !== null && hoursToDry < LOW_FUEL_HOURS);
    return {
      truck: truck.id, litres: level, tankLitres: tank, share, burnLitresPerHour: rate, hoursToDry, dryAtMs, refuelledLitres: refuelled,
      low, lowSinceMs: low ? lowSinceMs ?? nowMs : null,
    };
  });
}

/**
 * The trucks low on fuel at `nowMs` (truckFuelLevels' `low`), the soonest dry first (dry ones first of all, then by
 * hours to dry, then by share): what a board alert names.
 */
export function lowFuelTrucks(scenario: Scenario, events: readonly StoredEvent[], plan: Plan | null, nowMs: number): TruckFuel[] {
  return lowFuelOf(truckFuelLevels(scenario, events, plan, nowMs));
}

/** The low ones of levels already computed, in lowFuelTrucks' order. */
export function lowFuelOf(levels: readonly TruckFuel[]): TruckFuel[] {
  return levels.filter((f) => f.low)
    .sort((a, b) => (a.litres === 0 ? -1 : 0) - (b.litres === 0 ? -1 : 0) || (a.hoursToDry ?? Infinity) - (b.hoursToDry ?? Infinity) || a.share - b.share);
}
