/**
 * Board alerts (#16 item 4): what the commander must look at now, with thresholds set per incident. One pure
 * function (state + plan + log + thresholds + now → alerts) that the board and the server's alert service
 * (server/incidents/alert-service.ts, socket `alert`) both run, so both raise the same alerts with the same ids.
 *
 * - priority-dark: a priority site (priority > 1) dark, its time without supply past `prioritySiteDarkHours`;
 * - truck-silent: a truck in the field (en route, setting up, connected) with no report for `truckSilentHours`;
 * - step-late: a compound's planned step (dispatch, arrival, switch-on) more than `stepLateMinutes` behind plan;
 * - low-fuel (#17, given the scenario): a truck under 25 % of its tank or within 2 h of running dry
 *   (shared/restoration/truck-fuel.ts, LOW_FUEL_SHARE and LOW_FUEL_HOURS), since its low stretch began.
 *
 * An alert's id names what it is about and when that began, so it stays the same while it holds and a server raises
 * it once; `message` is a key and its parameters, so each board renders it in its own language.
 */
import type { StoredEvent } from "./events.ts";
import type { Plan } from "./plan.ts";
import type { IsoTime, Scenario } from "./scenario.ts";
import { lowFuelOf, truckFuelLevels } from "./restoration/truck-fuel.ts";
import type { IncidentState } from "./state.ts";
import { lastReports, watchCompounds } from "./watch/compound-watch.ts";
import { isoWithOffset } from "./zone-offset.ts";

export type AlertKind = "priority-dark" | "truck-silent" | "step-late" | "low-fuel";

/** Per incident (GET/PUT /api/incidents/:id/alert-thresholds); null turns that alert off. */
export interface AlertThresholds {
  /** hours a priority site (priority > 1) may be without supply before it raises an alert */
  prioritySiteDarkHours: number | null;
  /** hours a truck in the field may go without a report */
  truckSilentHours: number | null;
  /** minutes a planned step may be behind plan */
  stepLateMinutes: number | null;
}

/** An incident that never set its thresholds has these. */
export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = { prioritySiteDarkHours: 4, truckSilentHours: 2, stepLateMinutes: 30 };

export type AlertMessageKey = "alertPriorityDark" | "alertTruckSilent" | "alertLowFuel" | "alertStepLate_dispatch" | "alertStepLate_arrive" | "alertStepLate_switch-on";

/** Socket `alert` (shared/wire.ts) and the board's alert strip. */
export interface BoardAlert {
  /** "<kind>:<subject>:<since ms>": the same for as long as the alert holds */
  id: string;
  kind: AlertKind;
  compound?: string;
  truck?: string;
  /** when what it is about began (the outage, the last report, the step's planned time), ISO in the incident's zone */
  since: IsoTime;
  /** when it began to hold (its threshold crossed), ISO in the incident's zone */
  raisedAt: IsoTime;
  /** translation key (client/common/i18n.ts) and its parameters: ids, hours (h) and minutes (min) */
  message: { key: AlertMessageKey; params: Record<string, string | number> };
}

export interface AlertInput {
  state: IncidentState;
  plan: Plan | null;
  /** the log up to now (later events are ignored) */
  events: readonly StoredEvent[];
  thresholds: AlertThresholds;
  nowMs: number;
  /** the incident's IANA zone: times are written with its offset */
  zone: string;
  /** #17: the incident's scenario (its trucks' tanks and burn): without it no low-fuel alert is raised */
  scenario?: Scenario;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const IN_FIELD = new Set(["en-route", "setting-up", "connected"]);

/**
 * Every alert that holds at `nowMs`, oldest raised first.
 *
 * @example
 * evaluateAlerts({ state, plan, events, thresholds: DEFAULT_ALERT_THRESHOLDS, nowMs, zone: "Asia/Shanghai" });
 * // [{ id: "priority-dark:H1:1626710400000", kind: "priority-dark", compound: "H1", since: "2021-07-20T00:00:00+08:00", ... }]
 */
export function evaluateAlerts(input: AlertInput): BoardAlert[] {
  const { state, plan, events, thresholds, nowMs, zone } = input;
  const iso = (ms: number) => isoWithOffset(ms, zone);
  const alerts: (BoardAlert & { raisedMs: number })[] = [];
  const dark = thresholds.prioritySiteDarkHours;
  if (dark !== null) {
    for (const c of state.compounds) {
      if (c.status !== "dark" || (c.priority ?? 1) <= 1 || !(c.outageHours > dark)) continue;
      const since = Date.parse(c.outageStart ?? "");
      if (!Number.isFinite(since)) continue;
      // its time without supply passed the threshold (outageHours − N) hours ago
      const raisedMs = nowMs - (c.outageHours - dark) * HOUR;
      alerts.push({ id: `priority-dark:${c.id}:${since}`, kind: "priority-dark", compound: c.id, since: iso(since), raisedAt: iso(raisedMs), raisedMs,
        message: { key: "alertPriorityDark", params: { compound: c.id, hours: Math.floor(c.outageHours * 10) / 10 } } });
    }
  }
  const silent = thresholds.truckSilentHours;
  if (silent !== null) {
    const last = lastReports(events, nowMs);
    for (const t of state.trucks) {
      const since = last.get(t.id);
      if (!IN_FIELD.has(t.status) || since === undefined || !(nowMs - since > silent * HOUR)) continue;
      const raisedMs = since + silent * HOUR;
      alerts.push({ id: `truck-silent:${t.id}:${since}`, kind: "truck-silent", truck: t.id, since: iso(since), raisedAt: iso(raisedMs), raisedMs,
        message: { key: "alertTruckSilent", params: { truck: t.id, hours: Math.floor(((nowMs - since) / HOUR) * 10) / 10 } } });
    }
  }
  const late = thresholds.stepLateMinutes;
  if (late !== null && plan) {
    for (const [compound, w] of watchCompounds(state, plan, events, nowMs, late)) {
      if (w.lateStep === null || w.lateSinceMs === null || w.truck === null) continue;
      const raisedMs = w.lateSinceMs + late * MINUTE;
      alerts.push({ id: `step-late:${compound}:${w.truck}:${w.lateStep}:${w.lateSinceMs}`, kind: "step-late", compound, truck: w.truck,
        since: iso(w.lateSinceMs), raisedAt: iso(raisedMs), raisedMs,
        message: { key: `alertStepLate_${w.lateStep}`, params: { compound, truck: w.truck, minutes: w.lateMinutes ?? 0 } } });
    }
  }
  if (input.scenario) {
    for (const f of lowFuelOf(truckFuelLevels(input.scenario, events, plan, nowMs))) {
      const raisedMs = f.lowSinceMs ?? nowMs;
      alerts.push({ id: `low-fuel:${f.truck}:${raisedMs}`, kind: "low-fuel", truck: f.truck, since: iso(raisedMs), raisedAt: iso(raisedMs), raisedMs,
        message: { key: "alertLowFuel", params: { truck: f.truck, litres: Math.round(f.litres), percent: Math.floor(f.share * 1000) / 10 } } });
    }
  }
  alerts.sort((a, b) => a.raisedMs - b.raisedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return alerts.map(({ raisedMs: _, ...alert }) => alert);
}
