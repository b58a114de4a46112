/**
 * The sortable compound list beside the map. Each row carries `data-compound-id` and `data-status`
 * (dark | partial | generator | grid): an exact contract other tools (and the browser tests) rely on; and
 * `data-provenance` (sourced | assumed | synthetic) when the scenario states the compound's provenance (#14), with a
 * badge on assumed and synthetic ones and the legend under the sort bar.
 */
import { kindText } from "../common/refusal-text.ts";
import type { CompoundState, IncidentState } from "../../shared/state.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { h, replaceChildren, setAttr, setText } from "../common/dom.ts";
import { formatDuration, formatNumber, formatPercent, formatTime, zoneLabel } from "../common/format.ts";
import { lang, t, tk } from "../common/i18n.ts";
import { splitName } from "../common/names.ts";
import { provenanceBadge, provenanceLegend, scenarioHasMarks } from "./provenance.ts";

export type SortKey = "outage" | "households" | "priority";

interface Row {
  tr: HTMLTableRowElement;
  status: HTMLElement;
  clock: HTMLElement;
  since: HTMLElement;
  trucks: HTMLElement;
}

export interface CompoundList {
  update(state: IncidentState, nowMs: number): void;
  relabel(): void;
}

const HOUR = 3_600_000;

export function createCompoundList(container: HTMLElement, scenario: Scenario, onPick: (id: string) => void): CompoundList {
  let sort: SortKey = "outage";
  let last: { state: IncidentState; nowMs: number } | null = null;
  const rows = new Map<string, Row>();
  // #16: a compound's kind in the page's language ("residential" read as English in the Chinese board)
  const addresses = new Map(scenario.compounds.map((c) => [c.id, c.address ?? (c.kind ? kindText(c.kind) : "")]));
  const provenance = new Map(scenario.compounds.map((c) => [c.id, c]));
  const marked = scenarioHasMarks(scenario);

  const sortBar = h("div", { class: "sort-bar" });
  const legend = h("div", { class: "list-legend" });
  const head = h("thead");
  const body = h("tbody");
  // fixed column widths: a long name truncates instead of pushing the outage clock and trucks out of view
  const columns = h("colgroup", {}, h("col", { class: "c-status" }), h("col", { class: "c-name" }), h("col", { class: "c-hh" }), h("col", { class: "c-outage" }), h("col", { class: "c-trucks" }));
  // and a fixed table layout: the widths come from the columns, so a row that moves or changes re-measures no other
  // row (with the automatic layout, each switch-on at true scale laid out all 495 rows' cells again)
  const table = h("table", { class: "compound-table", style: "table-layout: fixed" }, columns, head, body);
  container.append(sortBar, legend, h("div", { class: "scroll" }, table));

  function relabel(): void {
    replaceChildren(
      sortBar,
      h("span", { class: "muted" }, t("sortBy")),
      ...(["outage", "households", "priority"] as const).map((key) =>
        h("button", { class: sort === key ? "chip active" : "chip", "data-sort": key, onclick: () => { sort = key; relabel(); if (last) update(last.state, last.nowMs); } },
          t(key === "outage" ? "sortOutage" : key === "households" ? "sortHouseholds" : "sortPriority"))),
    );
    replaceChildren(legend, marked ? provenanceLegend() : null);
    const zone = zoneLabel(scenario.timezone, last?.nowMs ?? Date.parse(scenario.horizonEnd));
    replaceChildren(head, h("tr", {},
      h("th", {}, t("colStatus")), h("th", {}, t("colName")), h("th", { class: "num" }, t("colHouseholds")),
      h("th", { class: "num" }, `${t("colOutage")} (${zone})`), h("th", {}, t("colTrucks"))));
    for (const row of rows.values()) row.tr.remove();
    rows.clear();
    if (last) update(last.state, last.nowMs);
  }

  // "since 07-20 17:30" for each row each second went through luxon's zone arithmetic 495 times: kept per start
  const since = new Map<string, string>();
  function sinceText(outageStart: string): string {
    const key = `${lang()} ${outageStart}`;
    let text = since.get(key);
    if (text === undefined) since.set(key, (text = t("since", { t: formatTime(outageStart, scenario.timezone) })));
    return text;
  }

  function rowFor(c: CompoundState): Row {
    let row = rows.get(c.id);
    if (row) return row;
    const status = h("span", { class: "status-chip" });
    const clock = h("span", { class: "clock" });
    const since = h("span", { class: "sub" });
    const trucks = h("td", { class: "trucks" });
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
      trucks);
    row = { tr, status, clock, since, trucks };
    rows.set(c.id, row);
    return row;
  }

  function update(state: IncidentState, nowMs: number): void {
    last = { state, nowMs };
    const sorted = [...state.compounds].sort(comparator(sort, nowMs));
    let previous: HTMLTableRowElement | null = null;
    for (const c of sorted) {
      const row = rowFor(c);
      setAttr(row.tr, "data-status", c.status);
      setAttr(row.tr, "class", `status-${c.status}`);
      setText(row.status, tk("status_" + c.status) + (c.status === "partial" ? ` ${formatPercent(c.suppliedShare ?? 0, lang(), 0)}` : ""));
      const start = c.outageStart ? Date.parse(c.outageStart) : NaN;
      const out = c.status === "dark" || c.status === "partial";
      // dark and partial: the running clock since the outage began; restored: the hours lost per household in all
      setText(row.clock, out && Number.isFinite(start) ? formatDuration((nowMs - start) / HOUR, lang()) : formatDuration(c.outageHours, lang()));
      setText(row.since, out && c.outageStart ? sinceText(c.outageStart) : t("outageTotal"));
      // one line per row: the first truck and a count, the full list on hover
      const served = c.servedBy;
      setText(row.trucks, served.length > 1 ? `${served[0]} +${served.length - 1}` : served[0] ?? "");
      setAttr(row.trucks, "title", served.join(", "));
      // move only rows that are out of place: keeps scrolling and hover stable on a wall screen
      const expected: ChildNode | null = previous ? previous.nextSibling : body.firstChild;
      if (expected !== row.tr) body.insertBefore(row.tr, expected);
      previous = row.tr;
    }
  }

  relabel();
  return { update, relabel };
}

function comparator(key: SortKey, nowMs: number): (a: CompoundState, b: CompoundState) => number {
  const elapsed = (c: CompoundState) =>
    c.status === "dark" || c.status === "partial" ? nowMs - Date.parse(c.outageStart ?? "") || 0 : -1e15 + c.outageHours;
  const byName = (a: CompoundState, b: CompoundState) => a.name.localeCompare(b.name);
  if (key === "households") return (a, b) => b.households - a.households || byName(a, b);
  if (key === "priority") return (a, b) => (b.priority ?? 1) - (a.priority ?? 1) || b.households - a.households || byName(a, b);
  return (a, b) => elapsed(b) - elapsed(a) || b.households - a.households || byName(a, b);
}
