/**
 * #17: the board's resources panel: each fuelled truck's fuel now (shared/restoration/truck-fuel.ts) with a low-fuel
 * mark and a count in the title, the MV trucks with the compounds they feed, and the latest plan's tanker routes
 * and crews with their stops, every time in the incident's zone with the zone named.
 *
 * The low-fuel count is a badge here, not an alert of its own: board alerts (shared/board-alerts.ts) are to take
 * `lowFuelTrucks` from the same pure function. Built only when the scenario has a tank, a tanker, a crew or an MV
 * truck; drawn again when what it shows changed (the plan, the log, the minute, the language).
 *
 * Rows: `[data-fuel-truck]` (data-litres, data-share, data-low), `[data-mv-truck]` (data-mv-supplies),
 * `[data-tanker-id]` with `[data-tanker-stop]` (data-truck, data-compound, data-litres), `[data-crew-id]` with
 * `[data-crew-stop]` (data-truck, data-compound); the badge `[data-low-fuel-count]`.
 */
import type { StoredEvent } from "../../shared/events.ts";
import type { PlanCrew, PlanTanker } from "../../shared/plan.ts";
import { lowFuelOf, truckFuelLevels, type TruckFuel } from "../../shared/restoration/truck-fuel.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { StoredPlan } from "../../shared/wire.ts";
import { h, patchChildren, setText } from "../common/dom.ts";
import { formatClockTime, formatTime, zoneLabel } from "../common/format.ts";
import { lang, t } from "../common/i18n.ts";
import { shortName } from "../common/names.ts";
import { fuelBurnText, fuelLevelText, litresText, lowFuelRuleText, mvLine } from "./truck-resources.ts";

export interface ResourcesPanel {
  /** the panel's section, to mount on the board */
  element: HTMLElement;
  update(events: readonly StoredEvent[], plan: StoredPlan | null, nowMs: number): void;
  relabel(): void;
}

export function createResourcesPanel(scenario: Scenario): ResourcesPanel {
  const zone = scenario.timezone;
  const names = new Map(scenario.compounds.map((c) => [c.id, c.name]));
  const nameOf = (id: string) => shortName(names.get(id) ?? id);
  const depotNames = new Map((scenario.fuelDepots ?? []).map((d) => [d.id, d.name]));
  const trucksById = new Map(scenario.trucks.map((x) => [x.id, x]));
  const title = h("span", {});
  const badge = h("span", { class: "low-fuel-count", "data-low-fuel-count": "0", hidden: true });
  const body = h("div", { class: "panel-body scroll resources-panel" });
  const element = h("section", { class: "panel", "data-resources-panel": "" }, h("h3", {}, title, " ", badge), body);
  let shown = "";
  let last: { events: readonly StoredEvent[]; plan: StoredPlan | null; nowMs: number } | null = null;

  /** "22 Jul 14:05 UTC+8" */
  const at = (iso: string) => `${formatTime(iso, zone)} ${zoneLabel(zone, Date.parse(iso))}`;

  function render(events: readonly StoredEvent[], plan: StoredPlan | null, nowMs: number): void {
    for (const e of events) if (e.type === "compound.reported" && e.details) names.set(e.details.id, e.details.name);
    const fuel = truckFuelLevels(scenario, events, plan?.plan ?? null, nowMs);
    const low = fuel.filter((f) => f.low).length;
    badge.hidden = low === 0;
    badge.setAttribute("data-low-fuel-count", String(low));
    setText(badge, t("lowFuelCount", { n: low }));
    const stopsOf = new Map(plan?.plan.trucks.map((x) => [x.id, x.stops]) ?? []);
    const mv = scenario.trucks.filter((x) => x.voltage === "mv");
    // drawn whole, put in place part by part: a report changes a line or two, not the panel
    patchChildren(body,
      h("div", { class: "muted" }, t("timesIn", { zone, label: zoneLabel(zone, nowMs) })),
      h("h4", {}, t("fuelTitle")),
      fuel.length === 0 ? h("div", { class: "muted" }, t("fuelNone")) : h("div", { class: "muted" }, lowFuelRuleText()),
      // low first (the soonest dry first), then the scenario's order
      ...[...lowFuelOf(fuel), ...fuel.filter((f) => !f.low)].map((f) => fuelRow(f)),
      mv.length > 0 ? h("h4", {}, t("mvTitle")) : null,
      ...mv.map((x) => mvLine(x, stopsOf.get(x.id) ?? [], nowMs, scenario, nameOf)),
      (scenario.tankers?.length ?? 0) > 0 ? h("h4", {}, t("tankersTitle")) : null,
      (scenario.tankers?.length ?? 0) > 0 && !(plan?.plan.tankers?.length) ? h("div", { class: "muted" }, t("noTankers")) : null,
      ...(plan?.plan.tankers ?? []).map((x) => tankerBlock(x, nowMs)),
      (scenario.crews?.length ?? 0) > 0 ? h("h4", {}, t("crewsTitle")) : null,
      (scenario.crews?.length ?? 0) > 0 && !(plan?.plan.crews?.length) ? h("div", { class: "muted" }, t("noCrews")) : null,
      ...(plan?.plan.crews ?? []).map((x) => crewBlock(x, nowMs)));
  }

  function fuelRow(f: TruckFuel): HTMLElement {
    return h("div", { class: `fuel-row${f.low ? " fuel-low" : ""}`, "data-fuel-truck": f.truck, "data-litres": Math.round(f.litres),
      "data-share": f.share.toFixed(4), "data-low": f.low ? "true" : "false" },
      h("b", {}, f.truck), " ", h("span", { class: "fuel-level" }, fuelLevelText(f)),
      f.low ? h("span", { class: "fuel-low-badge" }, ` ${t("fuelLow")}`) : null,
      h("div", { class: "sub" }, fuelBurnText(f, zone), f.refuelledLitres > 0 ? ` · ${t("fuelRefuelled", { l: litresText(f.refuelledLitres) })}` : "",
        f.lowSinceMs !== null ? ` · ${t("fuelLowSince", { t: `${formatTime(f.lowSinceMs, zone)} ${zoneLabel(zone, f.lowSinceMs)}` })}` : ""));
  }

  function tankerBlock(x: PlanTanker, nowMs: number): HTMLElement {
    const name = (scenario.tankers ?? []).find((k) => k.id === x.id)?.name;
    const items = [
      ...x.stops.map((s) => ({ ms: Date.parse(s.arrive), el: h("li", { class: Date.parse(s.arrive) <= nowMs ? "past" : "", "data-tanker-stop": "", "data-truck": s.truck, "data-compound": s.compound, "data-litres": Math.round(s.litres) },
        t("tankerStop", { t: at(s.arrive), truck: s.truck, l: litresText(s.litres), c: nameOf(s.compound) })) })),
      ...x.refills.map((r) => ({ ms: Date.parse(r.arrive), el: h("li", { class: `refill${Date.parse(r.arrive) <= nowMs ? " past" : ""}`, "data-tanker-refill": r.fuelDepot },
        t("tankerRefill", { t: at(r.arrive), l: litresText(r.litres), d: shortName(depotNames.get(r.fuelDepot) ?? r.fuelDepot) })) })),
    ].sort((a, b) => a.ms - b.ms);
    return h("div", { class: "tanker-block", "data-tanker-id": x.id },
      h("b", {}, x.id), name ? h("span", { class: "muted" }, ` ${shortName(name)}`) : null,
      h("ol", { class: "resource-stops" }, ...items.map((i) => i.el)));
  }

  function crewBlock(x: PlanCrew, nowMs: number): HTMLElement {
    const crew = (scenario.crews ?? []).find((c) => c.id === x.id);
    return h("div", { class: "crew-block", "data-crew-id": x.id },
      h("b", {}, x.id), crew ? h("span", { class: "muted" }, ` ${shortName(crew.name)}`) : null,
      x.stops.length === 0 ? h("div", { class: "muted" }, t("crewNoStops")) : h("ol", { class: "resource-stops" },
        ...x.stops.map((s) => h("li", { class: Date.parse(s.end) <= nowMs ? "past" : "", "data-crew-stop": "", "data-truck": s.truck, "data-compound": s.compound },
          t("crewStop", { from: at(s.start), to: `${formatClockTime(s.end, zone)} ${zoneLabel(zone, Date.parse(s.end))}`, truck: trucksById.get(s.truck)?.id ?? s.truck, c: nameOf(s.compound) })))));
  }

  function relabel(): void {
    setText(title, t("resourcesPanel"));
    shown = "";
    if (last) render(last.events, last.plan, last.nowMs);
  }
  relabel();

  return {
    element,
    update(events, plan, nowMs) {
      last = { events, plan, nowMs };
      const key = `${lang()}|${plan?.id ?? ""}|${events.length}:${events.at(-1)?.seq ?? 0}|${Math.floor(nowMs / 60_000)}`;
      if (key === shown) return;
      shown = key;
      render(events, plan, nowMs);
    },
    relabel,
  };
}
