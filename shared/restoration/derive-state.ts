/**
 * The restoration state at any instant, derived from the scenario and the event log alone, so a live board and a
 * replay of the same log show the same figures.
 */
import type { StoredEvent } from "../events.ts";
import { isoWithOffset } from "../zone-offset.ts";
import type { Compound, Scenario } from "../scenario.ts";
import type { CompoundState, CompoundStatus, IncidentState, Kpis, TruckState } from "../state.ts";
import { compoundsOf, eventsUpTo, gridTimes, replayTrucks, settle, toMs, type GridTimeOf, type SupplyInterval } from "./timeline.ts";

const HOUR_MS = 3_600_000;
/** shares within this of 1 count as fully supplied (float sums of capacity / load) */
const EPS = 1e-9;

/**
 * State at `atMs`: events whose `at` is later are ignored, so the same log replays to any instant.
 *
 * @example
 * const s = deriveState(scenario, events, Date.parse("2021-07-23T12:00:00+08:00"));
 * s.compounds.find((c) => c.id === "jincheng")?.status; // "dark" | "partial" | "generator" | "grid"
 */
export function deriveState(scenario: Scenario, events: readonly StoredEvent[], atMs: number): IncidentState {
  const known = eventsUpTo(events, atMs);
  const compounds = compoundsOf(scenario, known);
  const gridAt = gridTimes(scenario, compounds, known);
  const { phases, supply } = replayTrucks(scenario, known, gridAt, atMs);
  const capacity = new Map(scenario.trucks.map((t) => [t.id, t.capacityKw]));

  const byCompound = new Map<string, SupplyInterval[]>();
  for (const s of supply) {
    const list = byCompound.get(s.compound);
    if (list) list.push(s);
    else byCompound.set(s.compound, [s]);
  }
  const compoundStates = compounds.map((c) => compoundState(c, byCompound.get(c.id) ?? [], capacity, gridAt, atMs, scenario.timezone));

  const trucks: TruckState[] = scenario.trucks.map((t) => {
    const p = settle(phases.get(t.id) ?? { status: "idle" }, atMs, gridAt);
    const status = p.status === "idle" ? (toMs(t.availableAt) > atMs ? "inbound" : "free") : p.status;
    const out: TruckState = { id: t.id, status };
    if (p.compound !== undefined) out.compound = p.compound;
    if (p.sinceMs !== undefined) out.since = iso(p.sinceMs, scenario.timezone);
    return out;
  });

  return { at: iso(atMs, scenario.timezone), compounds: compoundStates, trucks, kpis: kpisOf(compounds, compoundStates, atMs) };
}

function compoundState(
  c: Compound,
  intervals: SupplyInterval[],
  capacity: Map<string, number>,
  gridAt: GridTimeOf,
  atMs: number,
  zone: string,
): CompoundState {
  const startMs = toMs(c.outageStart);
  const gridMs = gridAt(c.id, atMs);
  const shareOf = (t: number) => suppliedShare(c, intervals, capacity, t);
  const outageHours = unsuppliedHours(c, intervals, capacity, startMs, Math.min(atMs, gridMs));
  let status: CompoundStatus;
  let share: number;
  let servedBy: string[] = [];
  if (atMs < startMs || gridMs <= atMs) {
    status = "grid";
    share = 1;
  } else {
    share = shareOf(atMs);
    status = share >= 1 - EPS ? "generator" : share > 0 ? "partial" : "dark";
    servedBy = intervals.filter((s) => s.fromMs <= atMs && atMs < s.toMs).map((s) => s.truck);
  }
  return {
    id: c.id,
    name: c.name,
    status,
    outageHours,
    households: c.households,
    servedBy,
    priority: c.priority ?? 1,
    outageStart: iso(startMs, zone),
    suppliedShare: Math.min(1, share),
  };
}

/** Share of a compound's households fed by generators at instant t: Σ capacity / load, capped at 1. */
function suppliedShare(c: Compound, intervals: SupplyInterval[], capacity: Map<string, number>, t: number): number {
  let kw = 0;
  for (const s of intervals) if (s.fromMs <= t && t < s.toMs) kw += capacity.get(s.truck) ?? 0;
  return Math.min(1, kw / c.loadKw);
}

/** ∫ (1 − supplied share) dt over [fromMs, toMs], in hours; the share is piecewise constant between interval ends. */
function unsuppliedHours(c: Compound, intervals: SupplyInterval[], capacity: Map<string, number>, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  const cuts = new Set<number>([fromMs, toMs]);
  for (const s of intervals) {
    if (s.fromMs > fromMs && s.fromMs < toMs) cuts.add(s.fromMs);
    if (s.toMs > fromMs && s.toMs < toMs) cuts.add(s.toMs);
  }
  const points = [...cuts].sort((a, b) => a - b);
  let ms = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    ms += (1 - suppliedShare(c, intervals, capacity, points[i])) * (points[i + 1] - points[i]);
  }
  return ms / HOUR_MS;
}

function kpisOf(compounds: Compound[], states: CompoundState[], atMs: number): Kpis {
  let out = 0;
  let affected = 0;
  let households = 0;
  let householdHours = 0;
  states.forEach((s, i) => {
    households += s.households;
    householdHours += s.households * s.outageHours;
    if (toMs(compounds[i].outageStart) > atMs) return;
    affected += s.households;
    out += s.households * (1 - (s.suppliedShare ?? 0));
  });
  return {
    customersOut: out,
    restoredShare: affected === 0 ? 0 : 1 - out / affected,
    avgOutageHoursPerHousehold: households === 0 ? 0 : householdHours / households,
  };
}

/** ISO 8601 with the incident's offset, e.g. "2021-07-25T23:30:00+08:00". */
export function iso(ms: number, zone: string): string {
  return isoWithOffset(ms, zone);
}
