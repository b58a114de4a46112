/**
 * What the event rules read from a log, kept up to date event by event: compounds (the scenario's and reported
 * ones), each truck's steps, grid and substation reports, road reports. validateEvent built all of this from the
 * whole log for every report, which costs O(log) per report and made a storm of reports quadratic; an index
 * extended with each new event costs O(1) per event and O(that truck's steps) per check.
 */
import type { StoredEvent } from "../events.ts";
import type { Compound, LonLat, Scenario } from "../scenario.ts";
import { isTruckStep, toMs, type GridTimeOf } from "./timeline.ts";

export interface LogIndex {
  scenario: Scenario;
  /** how many events of the log are applied */
  length: number;
  /** the last one applied: a log whose entry at `length - 1` is this very object continues this index */
  last: StoredEvent | undefined;
  compounds: Map<string, Compound>;
  /** earliest outage start over the scenario's and the reported compounds (ms) */
  firstOutageMs: number;
  /** the first grid.restored stored per compound */
  gridReports: Map<string, StoredEvent>;
  /** earliest reported grid return per compound (grid.restored) and per substation (substation.restored), ms */
  gridReportMs: Map<string, number>;
  substationReportMs: Map<string, number>;
  /** each truck's steps in seq order */
  truckSteps: Map<string, StoredEvent[]>;
  /** road.closed / road.opened in seq order */
  roadEvents: StoredEvent[];
  /** substation return times from the scenario (ms) */
  substationRestoredMs: Map<string, number>;
  horizonMs: number;
  /**
   * bumped by every event that can change what a truck's replay reads besides its own steps (grid and substation
   * reports, reported compounds): a replay's outcome kept with the version it was made at stays true until then
   */
  gridVersion: number;
}

/**
 * @example
 * const index = indexLog(scenario, await store.listEvents(id));
 * index.truckSteps.get("sc-1"); // that truck's steps, oldest seq first
 */
export function indexLog(scenario: Scenario, log: readonly StoredEvent[]): LogIndex {
  const substationRestoredMs = new Map<string, number>();
  for (const s of scenario.substations) if (s.restoredAt) substationRestoredMs.set(s.id, toMs(s.restoredAt));
  const index: LogIndex = {
    scenario, length: 0, last: undefined,
    compounds: new Map(), firstOutageMs: Infinity,
    gridReports: new Map(), gridReportMs: new Map(), substationReportMs: new Map(),
    truckSteps: new Map(), roadEvents: [], substationRestoredMs, horizonMs: toMs(scenario.horizonEnd), gridVersion: 0,
  };
  for (const c of scenario.compounds) addCompound(index, c);
  for (const e of log) extendIndex(index, e);
  return index;
}

/** Applies one more stored event (the log's next one) to the index. */
export function extendIndex(index: LogIndex, e: StoredEvent): void {
  index.length++;
  index.last = e;
  if (isTruckStep(e.type) && e.truck !== undefined) {
    const steps = index.truckSteps.get(e.truck);
    if (steps) steps.push(e);
    else index.truckSteps.set(e.truck, [e]);
    return;
  }
  if (e.type === "grid.restored" || e.type === "substation.restored" || e.type === "compound.reported") index.gridVersion++;
  switch (e.type) {
    case "grid.restored":
      if (e.compound === undefined) return;
      if (!index.gridReports.has(e.compound)) index.gridReports.set(e.compound, e);
      return earliest(index.gridReportMs, e.compound, toMs(e.at));
    case "substation.restored":
      if (e.substation !== undefined) earliest(index.substationReportMs, e.substation, toMs(e.at));
      return;
    case "road.closed":
    case "road.opened":
      index.roadEvents.push(e);
      return;
    case "compound.reported":
      if (e.details && !index.compounds.has(e.details.id)) addCompound(index, e.details);
      return;
  }
}

/**
 * `cached` brought up to `log` when `log` continues it (same scenario, its last event is the same object at the
 * same place), else a new index of `log`. A store that hands the same event objects to every caller keeps it
 * incremental; any other log (a rolled-back batch, another store) is simply re-indexed.
 */
export function syncIndex(cached: LogIndex | undefined, scenario: Scenario, log: readonly StoredEvent[]): LogIndex {
  const continues = cached !== undefined && cached.scenario === scenario && cached.length <= log.length &&
    (cached.length === 0 || log[cached.length - 1] === cached.last);
  if (!continues) return indexLog(scenario, log);
  for (let i = cached.length; i < log.length; i++) extendIndex(cached, log[i]);
  return cached;
}

/** Grid-return times as timeline.ts's gridTimes answers them, from the index (same semantics, no pass over the log). */
export function indexGridTimes(index: LogIndex): GridTimeOf {
  return (compound, atMs) => {
    const c = index.compounds.get(compound);
    if (!c) return Infinity;
    const planned = plannedGridMs(index, c) ?? index.horizonMs;
    const r = reportedGridMs(index, c);
    return Math.min(planned, r <= atMs ? r : Infinity);
  };
}

/** The scenario's own grid return for a compound (its gridRestoredAt, else its substation's), no horizon fallback. */
export function plannedGridMs(index: LogIndex, c: Compound): number | undefined {
  return c.gridRestoredAt ? toMs(c.gridRestoredAt) : index.substationRestoredMs.get(c.substation);
}

/** Earliest reported grid return (grid.restored or its substation's substation.restored), Infinity if none. */
export function reportedGridMs(index: LogIndex, c: Compound): number {
  return Math.min(index.gridReportMs.get(c.id) ?? Infinity, index.substationReportMs.get(c.substation) ?? Infinity);
}

/** Where a truck starts: its own location or its depot's. */
export function truckStart(scenario: Scenario, truck: string): LonLat | undefined {
  const t = scenario.trucks.find((x) => x.id === truck);
  if (!t) return undefined;
  return t.location ?? scenario.depots.find((d) => d.id === t.depot)?.location;
}

function addCompound(index: LogIndex, c: Compound): void {
  index.compounds.set(c.id, c);
  index.firstOutageMs = Math.min(index.firstOutageMs, toMs(c.outageStart));
}

function earliest(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, Math.min(map.get(key) ?? Infinity, ms));
}
