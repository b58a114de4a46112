/**
 * A compound's card (#16 item 3), opened from its map marker or its list row: status, households, outage clock, ETA
 * (the latest plan's first switch-on there), its ETR range while dark (#17), the trucks feeding it or planned for it,
 * and its last report. Drawn again only while open and only when what it shows changed.
 *
 * Contract for tests: `[data-compound-card]` with `data-compound-id`; fields `data-card-field` = status |
 * households | outage | eta | etr | trucks | last-report; `data-action="close-card"`.
 */
import type { StoredEvent } from "../../shared/events.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { estimateRestorations } from "../../shared/restoration/estimate-restoration.ts";
import type { CompoundEtr, IncidentState } from "../../shared/state.ts";
import type { StoredPlan } from "../../shared/wire.ts";
import { h, replaceChildren } from "../common/dom.ts";
import { formatDuration, formatNumber, formatTime, zoneLabel } from "../common/format.ts";
import { eventKey, lang, t, tk } from "../common/i18n.ts";
import { shortName } from "../common/names.ts";

export interface CompoundCard {
  element: HTMLElement;
  show(id: string): void;
  update(state: IncidentState, events: readonly StoredEvent[], plan: StoredPlan | null, nowMs: number): void;
}

export function createCompoundCard(scenario: Scenario): CompoundCard {
  const zone = scenario.timezone;
  const element = h("div", { class: "compound-card", hidden: true, "data-compound-card": "" });
  let open: string | null = null;
  let shownKey = "";
  let last: { state: IncidentState; events: readonly StoredEvent[]; plan: StoredPlan | null; nowMs: number } | null = null;

  function draw(): void {
    if (open === null || last === null) return;
    const { state, events, plan, nowMs } = last;
    const cs = state.compounds.find((c) => c.id === open);
    if (!cs) return;
    const stops = (plan?.plan.trucks ?? []).flatMap((x) => x.stops.filter((s) => s.compound === cs.id).map((s) => ({ truck: x.id, switchOn: s.switchOn })));
    const eta = stops.map((s) => s.switchOn).sort()[0];
    const trucks = [...new Set([...cs.servedBy, ...stops.map((s) => s.truck)])];
    const report = [...events].reverse().find((e) => e.compound === cs.id);
    const minute = Math.floor(nowMs / 60_000);
    // the ETR reads the whole log (learned durations): the log's length is part of what it shows
    const key = `${lang()}|${cs.id}|${cs.status}|${minute}|${plan?.id ?? ""}|${report?.seq ?? 0}|${events.length}|${trucks.join(",")}`;
    if (key === shownKey) return;
    shownKey = key;
    const field = (name: string, label: string, value: string) => h("div", { class: "card-field", "data-card-field": name }, h("span", { class: "muted" }, label), " ", value);
    const zoned = (iso: string | number) => `${formatTime(iso, zone)} ${zoneLabel(zone, typeof iso === "number" ? iso : Date.parse(iso))}`;
    element.setAttribute("data-compound-id", cs.id);
    replaceChildren(element,
      h("div", { class: "card-head" }, h("strong", {}, shortName(cs.name)),
        h("button", { class: "chip", "data-action": "close-card", "aria-label": t("cardClose"), onclick: close }, "×")),
      field("status", t("cardStatus"), tk("status_" + cs.status)),
      field("households", t("cardHouseholds"), `${formatNumber(cs.households, lang())} ${t("households")}`),
      field("outage", t("cardOutage"), formatDuration(cs.outageHours, lang())),
      field("eta", t("cardEta"), eta ? zoned(eta) : t("cardNone")),
      field("etr", t("cardEtr"), etrText(cs.status === "dark" ? etrOf(cs.id, events, plan, nowMs) : undefined)),
      field("trucks", t("cardTrucks"), trucks.length > 0 ? trucks.map((id) => scenario.trucks.find((x) => x.id === id)?.name ?? id).join(", ") : t("cardNone")),
      field("last-report", t("cardLastReport"), report ? `${tk(eventKey(report.type))} · ${report.truck ?? ""} · ${zoned(report.at)}` : t("cardNone")));
  }

  /** the compound's ETR as the server gives it in `state`, from the same pure function on what the board knows */
  function etrOf(id: string, events: readonly StoredEvent[], plan: StoredPlan | null, nowMs: number): CompoundEtr | undefined {
    const p = plan?.plan;
    const usable = p && (p.at === undefined || Date.parse(p.at) <= nowMs) ? p : undefined;
    return estimateRestorations({ scenario, events, atMs: nowMs, ...(usable ? { plan: usable } : {}) }).get(id);
  }

  function etrText(etr: CompoundEtr | undefined): string {
    if (!etr) return t("cardNone");
    const from = Date.parse(etr.earliest);
    const range = t("etrRange", { from: formatTime(etr.earliest, zone), to: formatTime(etr.latest, zone), likely: formatTime(etr.likely, zone) });
    return `${range} ${zoneLabel(zone, from)} · ${tk("etrBasis_" + etr.basis)}`;
  }

  function close(): void {
    open = null;
    shownKey = "";
    element.hidden = true;
  }

  return {
    element,
    show(id) {
      open = id;
      shownKey = "";
      element.hidden = false;
      draw();
    },
    update(state, events, plan, nowMs) {
      last = { state, events, plan, nowMs };
      draw();
    },
  };
}
