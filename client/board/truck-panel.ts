/**
 * Trucks: status, the current or next stop with planned vs actual times, and a Gantt row per truck (plan above,
 * reports below). A row is drawn again when what it shows changed (its truck's status, reports, the plan, the
 * minute, the width): at true scale (358 trucks) redrawing every row on each report made one refresh ~1 s.
 *
 * Each row carries `data-truck-id`, `data-status` and, when the scenario states it (#14), `data-provenance`
 * (sourced | assumed | synthetic); an assumed or synthetic truck, or arrival time, has its badge.
 *
 * #16: each row shows the crew's last report (`data-last-report`, ISO); a filter bar (list-filter.ts: search by id or
 * name; status, origin, provenance) hides rows in place: the static part is worked out once per input.
 */
import type { StoredEvent } from "../../shared/events.ts";
import type { PlanStop } from "../../shared/plan.ts";
import type { Scenario, Truck } from "../../shared/scenario.ts";
import type { IncidentState, TruckState } from "../../shared/state.ts";
import type { StoredPlan } from "../../shared/wire.ts";
import { h, keepInOrder, replaceChildren, setAttr, setText } from "../common/dom.ts";
import { formatClockTime, formatNumber, formatTime } from "../common/format.ts";
import { lang, t, tk } from "../common/i18n.ts";
import { shortName } from "../common/names.ts";
import { plannedSpans, renderGanttAxis, renderGanttRow, reportedSpans, windowAround } from "./gantt.ts";
import { markOf, provenanceBadge, provenanceLegend, scenarioHasMarks } from "./provenance.ts";
import { filterSelect, matchesSearch, relabelSelect, searchBox, searchKey } from "./list-filter.ts";
import { isoWithOffset } from "../../shared/zone-offset.ts";
import { truckFuelLevels, type TruckFuel } from "../../shared/restoration/truck-fuel.ts";
import { fuelChip, mvLine } from "./truck-resources.ts";

export interface TruckPanel {
  update(state: IncidentState, events: readonly StoredEvent[], plan: StoredPlan | null, nowMs: number): void;
  relabel(): void;
}

export function createTruckPanel(container: HTMLElement, scenario: Scenario): TruckPanel {
  const names = new Map(scenario.compounds.map((c) => [c.id, c.name]));
  const nameOf = (id: string) => shortName(names.get(id) ?? id);
  const legend = h("div", { class: "legend" });
  const axis = h("div", { class: "gantt-axis-row" });
  const list = h("div", { class: "truck-rows scroll" });
  const marked = scenarioHasMarks(scenario);
  const trucksById = new Map(scenario.trucks.map((x) => [x.id, x]));
  const filterBar = h("div", { class: "filter-bar", "data-filters": "trucks" });
  let staticMatch: Set<string> | null = null;
  let statusWanted = "";
  const keys = new Map(scenario.trucks.map((x) => [x.id, searchKey(x.id, x.name, x.origin)]));
  const origins = [...new Set(scenario.trucks.map((x) => x.origin).filter((o): o is string => typeof o === "string" && o !== ""))].sort();
  const provenances = [...new Set(scenario.trucks.map((x) => x.provenance).filter((p): p is NonNullable<typeof p> => p !== undefined))];
  const filters = {
    search: searchBox("", applyFilters),
    status: filterSelect("status", "", "", [], applyFilters),
    origin: filterSelect("origin", "", "", [], applyFilters),
    provenance: filterSelect("provenance", "", "", [], applyFilters),
  };
  const shownCount = h("span", { class: "muted", "data-shown-count": "" });
  container.append(filterBar, legend, axis, list);
  let statuses = new Map<string, string>();

  function applyFilters(): void {
    const q = filters.search.value;
    const origin = filters.origin.value;
    const prov = filters.provenance.value;
    statusWanted = filters.status.value;
    staticMatch = !q.trim() && !origin && !prov ? null
      : new Set(scenario.trucks.filter((x) => (!origin || x.origin === origin) && (!prov || x.provenance === prov) && matchesSearch(keys.get(x.id) ?? "", q)).map((x) => x.id));
    showRows();
  }

  /** hides the rows the filters leave out; touches only rows whose visibility changes */
  function showRows(): void {
    let shown = 0;
    for (const [id, { row }] of drawn) {
      const visible = (staticMatch === null || staticMatch.has(id)) && (statusWanted === "" || statuses.get(id) === statusWanted);
      if (row.hidden === visible) row.hidden = !visible;
      if (visible) shown++;
    }
    setText(shownCount, t("shownOf", { n: shown, total: drawn.size }));
  }

  function relabel(): void {
    filters.search.placeholder = t("filterSearchTrucks");
    filters.search.setAttribute("aria-label", t("filterSearchTrucks"));
    relabelSelect(filters.status, t("colStatus"), t("filterAllStatuses"),
      (["inbound", "free", "en-route", "setting-up", "connected", "broken"] as const).map((x) => ({ value: x, label: tk("truck_" + x) })));
    relabelSelect(filters.origin, t("filterOrigin"), t("filterAllOrigins"), origins.map((o) => ({ value: o, label: o })));
    relabelSelect(filters.provenance, t("filterProvenance"), t("filterAllProvenance"), provenances.map((p) => ({ value: p, label: tk("prov_" + p) })));
    filters.origin.hidden = origins.length === 0;
    filters.provenance.hidden = provenances.length === 0;
    replaceChildren(filterBar, filters.search, filters.status, filters.origin, filters.provenance, shownCount);
  }
  relabel();

  // the row width is measured once and again only when the list's box changes: reading it after the DOM changed
  // forces a layout of the whole page (~0.3 s at true scale, on every refresh of a burst)
  let width: number | null = null;
  new ResizeObserver(() => { width = null; }).observe(list);
  /**
   * truck id → its row and what it was drawn from (`key`; `frame`: the language and width it was drawn for; `behind`:
   * out of view, not drawn again since its key changed): one report redraws its truck's row, not 358
   */
  const drawn = new Map<string, { key: string; frame: string; row: HTMLElement; behind: boolean }>();
  let headKey = "";
  let fuel = new Map<string, TruckFuel>();
  // #16 item 7: the minute moves every row's now line and fuel, and redrawing all 358 rows at once took one task
  // past 200 ms at true scale; in a burst, the rows of trucks out of view were most of the panel's work. A row out of
  // view (its content skipped: content-visibility) keeps what it showed until it comes into view, its data attributes
  // (status, last report) kept true meanwhile; a new language or width redraws every row at once.
  const skipped = new WeakSet<Element>();
  let last: Parameters<TruckPanel["update"]> | null = null;
  let catchUp = false;
  list.addEventListener("contentvisibilityautostatechange", (e) => {
    const row = e.target as HTMLElement;
    if ((e as Event & { skipped: boolean }).skipped) return void skipped.add(row);
    skipped.delete(row);
    const id = row.getAttribute("data-truck-id");
    const kept = id === null ? undefined : drawn.get(id);
    // a row scrolled into view that missed minutes: the rows in view are brought up to date in the next frame
    if (!kept?.behind || !last || catchUp) return;
    catchUp = true;
    requestAnimationFrame(() => {
      catchUp = false;
      if (last) update(...last);
    });
  }, true);

  return { relabel, update };

  function update(...[state, events, plan, nowMs]: Parameters<TruckPanel["update"]>): void {
    last = [state, events, plan, nowMs];
    statuses = new Map(state.trucks.map((x) => [x.id, x.status]));
    for (const e of events) if (e.type === "compound.reported" && e.details) names.set(e.details.id, e.details.name);
    const win = windowAround(nowMs);
    // rows move with the clock by the minute: the now line, an open bar's end, which stop is next
    const minute = Math.floor(nowMs / 60_000);
    if (width === null) {
      // the info column's width comes from the stylesheet (narrower on a laptop): measure it, then fill the rest
      const info = h("div", { class: "truck-info" });
      replaceChildren(axis, info);
      width = Math.max(240, Math.floor(list.clientWidth - (info.offsetWidth || 290) - 26));
      headKey = "";
    }
    const head = `${lang()}|${minute}|${width}`;
    if (head !== headKey) {
      headKey = head;
      replaceChildren(legend,
        ...([["g-plan g-drive", "legendDrive"], ["g-plan g-setup", "legendSetup"], ["g-plan g-supply", "legendConnected"], ["g-actual g-supply", "legendReported"]] as const)
          .map(([cls, key]) => h("span", { class: "legend-item" }, h("i", { class: `swatch ${cls}` }), t(key))),
        h("span", { class: "muted" }, `${t("planned")} ▲ · ${t("actual")} ▼ · ${formatTime(nowMs, scenario.timezone)}`),
        marked ? provenanceLegend() : null);
      replaceChildren(axis, h("div", { class: "truck-info" }), renderGanttAxis(win, width, scenario.timezone, nowMs));
    }
    const stopsOf = new Map(plan?.plan.trucks.map((x) => [x.id, x.stops]) ?? []);
    // #17: fuel now (moves with the minute, which is in every row's key)
    fuel = new Map(truckFuelLevels(scenario, events, plan?.plan ?? null, nowMs).map((f) => [f.truck, f]));
    const byTruck = new Map<string, StoredEvent[]>();
    for (const e of events) {
      if (!e.truck) continue;
      const mine = byTruck.get(e.truck);
      if (mine) mine.push(e);
      else byTruck.set(e.truck, [e]);
    }
    const rows = state.trucks.map((ts) => {
      const mine = byTruck.get(ts.id) ?? [];
      const frame = `${lang()}|${width}`;
      const key = `${minute}|${frame}|${plan?.id ?? ""}|${ts.status}|${ts.since ?? ""}|${ts.compound ?? ""}|${mine.length}:${mine.at(-1)?.seq ?? 0}`;
      const kept = drawn.get(ts.id);
      if (kept?.key === key) return kept.row;
      if (kept && kept.frame === frame && skipped.has(kept.row)) {
        // out of view: drawn when it comes into view; what tools read of it stays true now
        kept.behind = true;
        markRow(kept.row, ts, lastReportOf(mine, nowMs));
        return kept.row;
      }
      const row = truckRow(ts, stopsOf.get(ts.id) ?? [], mine, nowMs, win, width!);
      drawn.set(ts.id, { key, frame, row, behind: false });
      return row;
    });
    // put back only rows that are out of place (a row redrawn, a truck new to the list), as few as can be
    keepInOrder(list, rows);
    showRows();
  }

  /** a row's data attributes and status class, as truckRow sets them */
  function markRow(row: HTMLElement, ts: TruckState, lastReport: number | null): void {
    setAttr(row, "class", `truck-row truck-${ts.status}`);
    setAttr(row, "data-status", ts.status);
    if (lastReport === null) row.removeAttribute("data-last-report");
    else setAttr(row, "data-last-report", isoWithOffset(lastReport, scenario.timezone));
  }

  function truckRow(ts: TruckState, stops: readonly PlanStop[], mine: readonly StoredEvent[], nowMs: number, win: ReturnType<typeof windowAround>, width: number): HTMLElement {
    const truck = trucksById.get(ts.id);
    const last = lastReportOf(mine, nowMs);
    const endOpen = ts.status === "connected" || ts.status === "setting-up" || ts.status === "en-route" ? nowMs : Date.parse(ts.since ?? "") || nowMs;
    const gantt = renderGanttRow(
      { planned: plannedSpans(stops, nameOf), reported: reportedSpans(mine, nowMs, endOpen), steps: mine.filter((e) => Date.parse(e.at) <= nowMs) },
      win, width, 34, nowMs, scenario.timezone);
    // off-screen rows (most of 358) are neither laid out nor painted; the height is a guess until the row was shown
    return h("div", { class: `truck-row truck-${ts.status}`, "data-truck-id": ts.id, "data-status": ts.status, "data-provenance": truck?.provenance,
      "data-last-report": last === null ? undefined : isoWithOffset(last, scenario.timezone),
      style: "content-visibility: auto; contain-intrinsic-size: auto 56px" },
      h("div", { class: "truck-info" },
        h("div", { class: "truck-title" },
          h("b", {}, ts.id), truck ? provenanceBadge(truck) : null, " ", h("span", { class: "muted" }, shortName(truck?.name ?? "")),
          h("span", { class: `truck-chip chip-${ts.status}` }, tk("truck_" + ts.status))),
        h("div", { class: "sub" }, [truck?.origin, truck ? `${formatNumber(truck.capacityKw, lang())} kW` : null].filter(Boolean).join(" · "),
          truck ? arrivalBadge(truck.availableAtProvenance) : null,
          h("span", { class: "last-report" }, ` · ${last === null ? t("lastReportNone") : t("lastReport", { t: formatTime(last, scenario.timezone) })}`),
          " ", fuelChip(fuel.get(ts.id), scenario.timezone)),
        mvLine(truck, stops, nowMs, scenario, nameOf),
        stopLine(ts, stops, mine, nowMs, nameOf, scenario.timezone)),
      gantt);
  }
}

/** The crew's last report: the latest time among its truck's events up to `nowMs` (null: none yet). */
function lastReportOf(mine: readonly StoredEvent[], nowMs: number): number | null {
  let lastMs = -Infinity;
  for (const e of mine) {
    const at = Date.parse(e.at);
    if (at <= nowMs && at > lastMs) lastMs = at;
  }
  return Number.isFinite(lastMs) ? lastMs : null;
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
