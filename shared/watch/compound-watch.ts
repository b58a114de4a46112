/**
 * What a commander watches per compound and per truck (#16 item 4), from the plan and the event log alone: a
 * compound's ETA (its planned switch-on), how far its truck's steps are behind that plan, and each truck's last
 * report. Pure: the board and the server's alert service (server/incidents/alert-service.ts) compute the same.
 */
import type { StoredEvent } from "../events.ts";
import type { Plan } from "../plan.ts";
import type { IncidentState } from "../state.ts";

/** a step more than this behind plan makes its compound late (the board's late flag and count) */
export const LATE_AFTER_MINUTES = 30;

export type WatchedStep = "dispatch" | "arrive" | "switch-on";

export interface CompoundWatch {
  /** the plan's switch-on for the compound (its earliest stop), ms; null when the plan does not serve it */
  etaMs: number | null;
  /** the truck of that stop */
  truck: string | null;
  /**
   * the first step of that stop more than `lateAfterMinutes` behind plan while the compound still waits for it
   * (reported that much later than planned, or not reported that long after its planned time); null: none
   */
  lateStep: WatchedStep | null;
  /** its planned time, ms */
  lateSinceMs: number | null;
  /** how far it is behind, minutes (reported − planned, or now − planned while unreported) */
  lateMinutes: number | null;
}

const STEP_EVENT: Record<WatchedStep, string> = { dispatch: "truck.dispatched", arrive: "truck.arrived", "switch-on": "switched.on" };
const STEPS: readonly WatchedStep[] = ["dispatch", "arrive", "switch-on"];

/**
 * @example
 * const watch = watchCompounds(state, plan, events, now);
 * watch.get("A")?.lateStep; // "arrive" when A's truck is 45 min past its planned arrival and has not reported it
 */
export function watchCompounds(state: IncidentState, plan: Plan | null, events: readonly StoredEvent[], nowMs: number,
  lateAfterMinutes = LATE_AFTER_MINUTES): Map<string, CompoundWatch> {
  // the stop that powers each compound first: its switch-on is the ETA
  const first = new Map<string, { truck: string; planned: Record<WatchedStep, number> }>();
  for (const truck of plan?.trucks ?? []) {
    for (const stop of truck.stops) {
      const switchOn = Date.parse(stop.switchOn);
      const kept = first.get(stop.compound);
      if (kept && kept.planned["switch-on"] <= switchOn) continue;
      first.set(stop.compound, { truck: truck.id, planned: { dispatch: Date.parse(stop.depart), arrive: Date.parse(stop.arrive), "switch-on": switchOn } });
    }
  }
  // the first report of each step, by truck and compound (the log is in seq order; `at` decides "first")
  const reported = new Map<string, number>();
  for (const e of events) {
    if (!e.truck || !e.compound) continue;
    const at = Date.parse(e.at);
    if (at > nowMs) continue;
    const key = `${e.type}|${e.truck}|${e.compound}`;
    const seen = reported.get(key);
    if (seen === undefined || at < seen) reported.set(key, at);
  }
  const out = new Map<string, CompoundWatch>();
  for (const c of state.compounds) {
    const stop = first.get(c.id);
    const watch: CompoundWatch = { etaMs: stop?.planned["switch-on"] ?? null, truck: stop?.truck ?? null, lateStep: null, lateSinceMs: null, lateMinutes: null };
    out.set(c.id, watch);
    // powered (by a generator or the grid) or switched on by that truck: nothing is waited for any more
    if (!stop || (c.status !== "dark" && c.status !== "partial")) continue;
    if (reported.has(`switched.on|${stop.truck}|${c.id}`)) continue;
    for (const step of STEPS) {
      const planned = stop.planned[step];
      const at = reported.get(`${STEP_EVENT[step]}|${stop.truck}|${c.id}`);
      const behind = ((at ?? nowMs) - planned) / 60_000;
      if (behind > lateAfterMinutes) {
        Object.assign(watch, { lateStep: step, lateSinceMs: planned, lateMinutes: Math.floor(behind) });
        break;
      }
      // an unreported step: the later ones cannot have been reported on time either, and are not due before it
      if (at === undefined) break;
    }
  }
  return out;
}

/** Each truck's last report (the latest `at` of its events up to `nowMs`), ms. */
export function lastReports(events: readonly StoredEvent[], nowMs: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of events) {
    if (!e.truck) continue;
    const at = Date.parse(e.at);
    if (at > nowMs) continue;
    if (at > (out.get(e.truck) ?? -Infinity)) out.set(e.truck, at);
  }
  return out;
}
