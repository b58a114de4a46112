/**
 * Trucks: status, the current or next stop with planned vs actual times, and a Gantt row per truck (plan above,
 * reports below). Rebuilt on each refresh: a few dozen small SVGs cost less than diffing them.
 *
 * Each row carries `data-truck-id`, `data-status` and, when the scenario states it (#14), `data-provenance`
 * (sourced | assumed | synthetic); an assumed or synthetic truck, or arrival time, has its badge.
 */
import type { StoredEvent } from "../../shared/events.ts";
import type { PlanStop } from "../../shared/plan.ts";
import type { Scenario, Truck } from "../../shared/scenario.ts";
import type { IncidentState, TruckState } from "../../shared/state.ts";
import type { StoredPlan } from "../../shared/wire.ts";
import { h, replaceChildren } from "../common/dom.ts";
import { formatClockTime, formatNumber, formatTime } from "../common/format.ts";
import { lang, t, tk } from "../common/i18n.ts";
import { shortName } from "../common/names.ts";
import { plannedSpans, renderGanttAxis, renderGanttRow, reportedSpans, windowAround } from "./gantt.ts";
import { markOf, provenanceBadge, provenanceLegend, scenarioHasMarks } from "./provenance.ts";

export interface TruckPanel {
  update(state: IncidentState, events: readonly StoredEvent[], plan: StoredPlan | null, nowMs: number): void;
}

export function createTruckPanel(container: HTMLElement, scenario: Scenario): TruckPanel {
  const names = new Map(scenario.compounds.map((c) => [c.id, c.name]));
  const nameOf = (id: string) => shortName(names.get(id) ?? id);
  const legend = h("div", { class: "legend" });
  const axis = h("div", { class: "gantt-axis-row" });
  const list = h("div", { class: "truck-rows scroll" });
  const marked = scenarioHasMarks(scenario);
  container.append(legend, axis, list);

  return {
    update(state, events, plan, nowMs) {
      for (const e of events) if (e.type === "compound.reported" && e.details) names.set(e.details.id, e.details.name);
      replaceChildren(legend,
        ...([["g-plan g-drive", "legendDrive"], ["g-plan g-setup", "legendSetup"], ["g-plan g-supply", "legendConnected"], ["g-actual g-supply", "legendReported"]] as const)
          .map(([cls, key]) => h("span", { class: "legend-item" }, h("i", { class: `swatch ${cls}` }), t(key))),
        h("span", { class: "muted" }, `${t("planned")} ▲ · ${t("actual")} ▼ · ${formatTime(nowMs, scenario.timezone)}`),
        marked ? provenanceLegend() : null);
      const win = windowAround(nowMs);
      // the info column's width comes from the stylesheet (narrower on a laptop): measure it, then fill the rest
      const info = h("div", { class: "truck-info" });
      replaceChildren(axis, info);
      const width = Math.max(240, Math.floor(list.clientWidth - (info.offsetWidth || 290) - 26));
      axis.append(renderGanttAxis(win, width, scenario.timezone, nowMs));
      const stopsOf = new Map(plan?.plan.trucks.map((x) => [x.id, x.stops]) ?? []);
      const byTruck = new Map<string, StoredEvent[]>();
      for (const e of events) if (e.truck) byTruck.set(e.truck, [...(byTruck.get(e.truck) ?? []), e]);
      const rows = state.trucks.map((ts) => {
        const truck = scenario.trucks.find((x) => x.id === ts.id);
        const stops = stopsOf.get(ts.id) ?? [];
        const mine = byTruck.get(ts.id) ?? [];
        const endOpen = ts.status === "connected" || ts.status === "setting-up" || ts.status === "en-route" ? nowMs : Date.parse(ts.since ?? "") || nowMs;
        const gantt = renderGanttRow(
          { planned: plannedSpans(stops, nameOf), reported: reportedSpans(mine, nowMs, endOpen), steps: mine.filter((e) => Date.parse(e.at) <= nowMs) },
          win, width, 34, nowMs, scenario.timezone);
        return h("div", { class: `truck-row truck-${ts.status}`, "data-truck-id": ts.id, "data-status": ts.status, "data-provenance": truck?.provenance },
          h("div", { class: "truck-info" },
            h("div", { class: "truck-title" },
              h("b", {}, ts.id), truck ? provenanceBadge(truck) : null, " ", h("span", { class: "muted" }, shortName(truck?.name ?? "")),
              h("span", { class: `truck-chip chip-${ts.status}` }, tk("truck_" + ts.status))),
            h("div", { class: "sub" }, [truck?.origin, truck ? `${formatNumber(truck.capacityKw, lang())} kW` : null].filter(Boolean).join(" · "),
              truck ? arrivalBadge(truck.availableAtProvenance) : null),
            stopLine(ts, stops, mine, nowMs, nameOf, scenario.timezone)),
          gantt);
      });
      replaceChildren(list, ...rows);
    },
  };
}

/** The mark of a truck's arrival time when it is assumed or synthetic apart from the truck itself. */
function arrivalBadge(provenance: Truck["availableAtProvenance"]): HTMLElement | null {
  const mark = markOf(provenance);
  if (!mark) return null;
  const badge = provenanceBadge({ provenance: mark });
  badge?.setAttribute("title", t("provArrivalAssumed", { p: tk("prov_" + mark) }));
  return badge;
}

/** "紫荆苑 · arrive 15:30 / 15:42 · switch on 16:10 / —": the stop the truck is on or heading for next. */
function stopLine(ts: TruckState, stops: readonly PlanStop[], events: readonly StoredEvent[], nowMs: number, nameOf: (id: string) => string, zone: string): HTMLElement {
  const stop = (ts.compound ? stops.find((s) => s.compound === ts.compound && Date.parse(s.release) > nowMs) : undefined)
    ?? stops.find((s) => Date.parse(s.release) > nowMs);
  const compound = ts.compound ?? stop?.compound;
  if (!compound) return h("div", { class: "sub" }, t("noStops"));
  const reported = (type: string) => {
    const e = [...events].reverse().find((x) => x.type === type && x.compound === compound);
    return e ? formatClockTime(e.at, zone) : "—";
  };
  const planned = (iso: string | undefined) => (iso && stop?.compound === compound ? formatClockTime(iso, zone) : "—");
  const late = stop?.compound === compound ? lateness(stop.arrive, events, compound) : null;
  return h("div", { class: "stop-line" },
    h("span", { class: "stop-name" }, (ts.compound ? "" : `${t("nextStop")}: `) + nameOf(compound)),
    h("span", { class: "pva" }, `${t("arrive")} ${planned(stop?.arrive)} / ${reported("truck.arrived")}`),
    h("span", { class: "pva" }, `${t("switchOn")} ${planned(stop?.switchOn)} / ${reported("switched.on")}`),
    late === null ? null : h("span", { class: late > 15 ? "late" : "ontime" }, `${late > 0 ? "+" : ""}${late} min`));
}

/** Minutes the reported arrival is behind the plan (negative = early); null when not arrived yet. */
function lateness(plannedArrive: string, events: readonly StoredEvent[], compound: string): number | null {
  const e = events.find((x) => x.type === "truck.arrived" && x.compound === compound);
  return e ? Math.round((Date.parse(e.at) - Date.parse(plannedArrive)) / 60_000) : null;
}
