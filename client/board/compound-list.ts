/**
 * The sortable compound list beside the map. Each row carries `data-compound-id` and `data-status`
 * (dark | partial | generator | grid): an exact contract other tools (and the browser tests) rely on; and
 * `data-provenance` (sourced | assumed | synthetic) when the scenario states the compound's provenance (#14), with a
 * badge on assumed and synthetic ones and the legend under the sort bar.
 *
 * #16: a filter bar (list-filter.ts: search by name, id or address; status, substation, district, priority,
 * provenance, late only), more sort keys (ETA, name), and per row the plan's switch-on (ETA) with a late flag
 * (`data-late="true"`) when a step of its truck is more than 30 min behind plan. A hidden row keeps its place and is
 * updated like the others, so a filter change and a report each touch only the rows that changed.
 */
import { kindText } from "../common/refusal-text.ts";
import type { CompoundState, IncidentState } from "../../shared/state.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { namedDistrictOf } from "../../shared/compound-district.ts";
import { h, keepInOrder, replaceChildren, setAttr, setText } from "../common/dom.ts";
import { formatDuration, formatNumber, formatPercent, formatTime, zoneLabel } from "../common/format.ts";
import { lang, t, tk } from "../common/i18n.ts";
import { splitName } from "../common/names.ts";
import { provenanceBadge, provenanceLegend, scenarioHasMarks } from "./provenance.ts";
import type { CompoundWatch } from "../../shared/watch/compound-watch.ts";
import { formatClockTime } from "../common/format.ts";
import { filterSelect, matchesSearch, relabelSelect, searchBox, searchKey } from "./list-filter.ts";

export type SortKey = "outage" | "households" | "priority" | "eta" | "name";
const SORT_KEYS: readonly SortKey[] = ["outage", "households", "priority", "eta", "name"];
const SORT_LABEL = { outage: "sortOutage", households: "sortHouseholds", priority: "sortPriority", eta: "sortEta", name: "sortName" } as const;

interface Row {
  tr: HTMLTableRowElement;
  status: HTMLElement;
  clock: HTMLElement;
  since: HTMLElement;
  trucks: HTMLElement;
  eta: HTMLElement;
  /** what the row shows, as one string: a frame where it is the same writes nothing to the row */
  shown: string;
}

export interface CompoundList {
  update(state: IncidentState, nowMs: number, watch?: ReadonlyMap<string, CompoundWatch>): void;
  relabel(): void;
}

const HOUR = 3_600_000;

export function createCompoundList(container: HTMLElement, scenario: Scenario, onPick: (id: string) => void): CompoundList {
  let sort: SortKey = "outage";
  let last: { state: IncidentState; nowMs: number; watch?: ReadonlyMap<string, CompoundWatch> } | null = null;
  const rows = new Map<string, Row>();
  // #16: a compound's kind in the page's language ("residential" read as English in the Chinese board)
  const addresses = new Map(scenario.compounds.map((c) => [c.id, c.address ?? (c.kind ? kindText(c.kind) : "")]));
  const provenance = new Map(scenario.compounds.map((c) => [c.id, c]));
  const marked = scenarioHasMarks(scenario);

  const sortBar = h("div", { class: "sort-bar" });
  const filterBar = h("div", { class: "filter-bar", "data-filters": "compounds" });
  // the static part of the filters, worked out once per input: ids that match (null = every compound)
  let staticMatch: Set<string> | null = null;
  let statusWanted = "";
  let lateOnly = false;
  const searchKeys = new Map(scenario.compounds.map((c) => [c.id, searchKey(c.id, c.name, c.address, c.kind)]));
  const filters = {
    search: searchBox("", applyFilters),
    status: filterSelect("status", "", "", [], applyFilters),
    substation: filterSelect("substation", "", "", [], applyFilters),
    district: filterSelect("district", "", "", [], applyFilters),
    priority: filterSelect("priority", "", "", [], applyFilters),
    provenance: filterSelect("provenance", "", "", [], applyFilters),
    late: h("input", { type: "checkbox", "data-filter": "late", onchange: applyFilters }),
  };
  // a compound's own district, else the one its substation's name gives (the Zhengzhou scenarios name them so)
  const substationsById = new Map(scenario.substations.map((s) => [s.id, s]));
  const districtById = new Map(scenario.compounds.map((c) => [c.id, namedDistrictOf(c, substationsById)]));
  const districts = [...new Set([...districtById.values()].filter((d): d is string => d !== null))].sort();
  const provenances = [...new Set(scenario.compounds.map((c) => c.provenance).filter((p): p is NonNullable<typeof p> => p !== undefined))];
  const lateLabel = h("span", {});
  const shownCount = h("span", { class: "muted", "data-shown-count": "" });

  function applyFilters(): void {
    const q = filters.search.value;
    const sub = filters.substation.value;
    const district = filters.district.value;
    const priority = filters.priority.value;
    const prov = filters.provenance.value;
    statusWanted = filters.status.value;
    lateOnly = filters.late.checked;
    if (!q.trim() && !sub && !district && !priority && !prov) staticMatch = null;
    else {
      staticMatch = new Set();
      for (const c of scenario.compounds) {
        if (sub && c.substation !== sub) continue;
        if (district && districtById.get(c.id) !== district) continue;
        if (priority === "priority" && (c.priority ?? 1) <= 1) continue;
        if (prov && c.provenance !== prov) continue;
        if (!matchesSearch(searchKeys.get(c.id) ?? "", q)) continue;
        staticMatch.add(c.id);
      }
    }
    if (last) update(last.state, last.nowMs, last.watch);
  }

  /** (re)labels the filter controls in the current language, keeping what is chosen */
  function labelFilters(): void {
    filters.search.placeholder = t("filterSearchCompounds");
    filters.search.setAttribute("aria-label", t("filterSearchCompounds"));
    relabelSelect(filters.status, t("colStatus"), t("filterAllStatuses"), (["dark", "partial", "generator", "grid"] as const).map((s) => ({ value: s, label: tk("status_" + s) })));
    relabelSelect(filters.substation, t("filterSubstation"), t("filterAllSubstations"), scenario.substations.map((s) => ({ value: s.id, label: splitName(s.name)[0] })));
    relabelSelect(filters.district, t("filterDistrict"), t("filterAllDistricts"), districts.map((d) => ({ value: d, label: d })));
    relabelSelect(filters.priority, t("colPriority"), t("filterAllPriorities"), [{ value: "priority", label: t("filterPrioritySites") }]);
    relabelSelect(filters.provenance, t("filterProvenance"), t("filterAllProvenance"), provenances.map((p) => ({ value: p, label: tk("prov_" + p) })));
    setText(lateLabel, t("filterLateOnly"));
    filters.district.hidden = districts.length === 0;
    filters.provenance.hidden = provenances.length === 0;
    replaceChildren(filterBar, filters.search, filters.status, filters.substation, filters.district, filters.priority, filters.provenance,
      h("label", { class: "filter-late" }, filters.late, lateLabel), shownCount);
  }
  const legend = h("div", { class: "list-legend" });
  const head = h("thead");
  const body = h("tbody");
  // fixed column widths (the stylesheet's grid columns): a long name truncates instead of pushing the outage clock and
  // trucks out of view, and each row is laid out on its own, so a row that moves or changes re-measures no other row
  // (as a table, each switch-on at true scale laid out all 495 rows' cells again)
  const table = h("table", { class: "compound-table" }, head, body);
  container.append(filterBar, sortBar, legend, h("div", { class: "scroll" }, table));

  function relabel(): void {
    replaceChildren(
      sortBar,
      h("span", { class: "muted" }, t("sortBy")),
      ...SORT_KEYS.map((key) =>
        h("button", { class: sort === key ? "chip active" : "chip", "data-sort": key, onclick: () => { sort = key; relabel(); } }, t(SORT_LABEL[key]))),
    );
    labelFilters();
    replaceChildren(legend, marked ? provenanceLegend() : null);
    const zone = zoneLabel(scenario.timezone, last?.nowMs ?? Date.parse(scenario.horizonEnd));
    replaceChildren(head, h("tr", {},
      h("th", {}, t("colStatus")), h("th", {}, t("colName")), h("th", { class: "num" }, t("colHouseholds")),
      h("th", { class: "num" }, `${t("colOutage")} (${zone})`), h("th", { class: "num" }, t("colEta")), h("th", {}, t("colTrucks"))));
    for (const row of rows.values()) row.tr.remove();
    rows.clear();
    if (last) update(last.state, last.nowMs, last.watch);
  }

  // "since 07-20 17:30" for each row each second went through luxon's zone arithmetic 495 times: kept per start
  const since = new Map<string, string>();
  function sinceText(outageStart: string): string {
    const key = `${lang()} ${outageStart}`;
    let text = since.get(key);
    if (text === undefined) since.set(key, (text = t("since", { t: formatTime(outageStart, scenario.timezone) })));
    return text;
  }

  // the same for ETAs: a plan's switch-on times, formatted once each
  const etas = new Map<number, string>();
  function etaClock(ms: number): string {
    let text = etas.get(ms);
    if (text === undefined) {
      if (etas.size > 5000) etas.clear();
      etas.set(ms, (text = formatClockTime(ms, scenario.timezone)));
    }
    return text;
  }

  function rowFor(c: CompoundState): Row {
    let row = rows.get(c.id);
    if (row) return row;
    const status = h("span", { class: "status-chip" });
    const clock = h("span", { class: "clock" });
    const since = h("span", { class: "sub" });
    const trucks = h("td", { class: "trucks" });
    const eta = h("td", { class: "num eta" });
    const source = provenance.get(c.id);
    // draggable: a commander drops it on a truck row to try the assignment (#16, what-if-panel.ts)
    const tr = h("tr", { "data-compound-id": c.id, "data-provenance": source?.provenance, draggable: "true", onclick: () => onPick(c.id) },
      h("td", {}, status),
      h("td", { class: "name", title: `${c.name}\n${addresses.get(c.id) ?? ""}` },
        // the badge leads: a long name is cut at its end, and the mark must stay in view
        h("span", {}, source ? provenanceBadge(source) : null, splitName(c.name)[0],
          // priority shows only where it differs from the default 1: a badge reads faster than a column of 1s
          (c.priority ?? 1) !== 1 ? h("span", { class: "prio", title: t("colPriority") }, ` ×${formatNumber(c.priority ?? 1, lang(), 1)}`) : null),
        h("span", { class: "sub" }, [splitName(c.name)[1], addresses.get(c.id)].filter(Boolean).join(" · "))),
      h("td", { class: "num" }, formatNumber(c.households, lang())),
      h("td", { class: "num" }, clock, since),
      eta,
      trucks);
    row = { tr, status, clock, since, trucks, eta, shown: "" };
    rows.set(c.id, row);
    return row;
  }

  /** the rows in the order they stand in the table */
  let placed: HTMLTableRowElement[] = [];
  function update(state: IncidentState, nowMs: number, watch?: ReadonlyMap<string, CompoundWatch>): void {
    last = { state, nowMs, watch };
    const sorted = [...state.compounds].sort(comparator(sort, nowMs, watch));
    const order: HTMLTableRowElement[] = [];
    let shown = 0;
    for (const c of sorted) {
      const row = rowFor(c);
      const w = watch?.get(c.id);
      const late = w?.lateStep != null;
      const start = c.outageStart ? Date.parse(c.outageStart) : NaN;
      const out = c.status === "dark" || c.status === "partial";
      // dark and partial: the running clock since the outage began; restored: the hours lost per household in all
      const clockText = out && Number.isFinite(start) ? formatDuration((nowMs - start) / HOUR, lang()) : formatDuration(c.outageHours, lang());
      const visible = (staticMatch === null || staticMatch.has(c.id)) && (statusWanted === "" || c.status === statusWanted) && (!lateOnly || late);
      if (visible) shown++;
      order.push(row.tr);
      // #16 item 7: 495 rows read back from the DOM and compared field by field on every frame of a burst took
      // more of the frame than deriving the state; a row whose figures are the same is not touched at all
      const rowKey = `${lang()}|${visible}|${c.status}|${c.suppliedShare ?? 0}|${clockText}|${c.outageStart ?? ""}|${c.servedBy.join(",")}|${w?.etaMs ?? ""}|${w?.lateStep ?? ""}|${w?.lateMinutes ?? ""}`;
      if (row.shown === rowKey) continue;
      row.shown = rowKey;
      setAttr(row.tr, "data-late", late ? "true" : "false");
      const etaText = w?.etaMs != null ? etaClock(w.etaMs) : "—";
      setText(row.eta, late ? `${etaText} ⚠ +${w?.lateMinutes ?? 0} min` : etaText);
      setAttr(row.eta, "class", late ? "num eta late" : "num eta");
      setAttr(row.eta, "title", late ? t("lateStep", { step: tk("step_" + (w?.lateStep ?? "")), m: w?.lateMinutes ?? 0 }) : t("colEta"));
      if (row.tr.hidden === visible) row.tr.hidden = !visible;
      setAttr(row.tr, "data-status", c.status);
      setAttr(row.tr, "class", `status-${c.status}`);
      setText(row.status, tk("status_" + c.status) + (c.status === "partial" ? ` ${formatPercent(c.suppliedShare ?? 0, lang(), 0)}` : ""));
      setText(row.clock, clockText);
      setText(row.since, out && c.outageStart ? sinceText(c.outageStart) : t("outageTotal"));
      // one line per row: the first truck and a count, the full list on hover
      const served = c.servedBy;
      setText(row.trucks, served.length > 1 ? `${served[0]} +${served.length - 1}` : served[0] ?? "");
      setAttr(row.trucks, "title", served.join(", "));
    }
    // move only rows that are out of place, as few as can be: keeps scrolling and hover stable on a wall screen (and
    // when the order is the one shown, not even that is worked out)
    if (order.length !== placed.length || order.some((tr, i) => tr !== placed[i])) {
      keepInOrder(body, order);
      placed = order;
    }
    setText(shownCount, t("shownOf", { n: shown, total: sorted.length }));
  }

  relabel();
  return { update, relabel };
}

/** localeCompare's order (the default locale), with one collator for every comparison instead of one per call */
const NAME_ORDER = new Intl.Collator();

function comparator(key: SortKey, nowMs: number, watch?: ReadonlyMap<string, CompoundWatch>): (a: CompoundState, b: CompoundState) => number {
  // each compound's figure worked out once, not in each of the sort's ~4,500 comparisons (a date parse each)
  const elapsedOf = new Map<string, number>();
  const elapsed = (c: CompoundState) => {
    let v = elapsedOf.get(c.id);
    if (v === undefined) {
      v = c.status === "dark" || c.status === "partial" ? nowMs - Date.parse(c.outageStart ?? "") || 0 : -1e15 + c.outageHours;
      elapsedOf.set(c.id, v);
    }
    return v;
  };
  const byName = (a: CompoundState, b: CompoundState) => NAME_ORDER.compare(a.name, b.name);
  if (key === "name") return byName;
  // soonest switch-on first; compounds the plan does not serve last
  const eta = (c: CompoundState) => watch?.get(c.id)?.etaMs ?? Infinity;
  if (key === "eta") return (a, b) => eta(a) - eta(b) || byName(a, b);
  if (key === "households") return (a, b) => b.households - a.households || byName(a, b);
  if (key === "priority") return (a, b) => (b.priority ?? 1) - (a.priority ?? 1) || b.households - a.households || byName(a, b);
  return (a, b) => elapsed(b) - elapsed(a) || b.households - a.households || byName(a, b);
}
