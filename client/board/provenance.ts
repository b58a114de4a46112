/**
 * Provenance marks (#14): a scenario built from press reports fills its gaps with assumed values (a real estate's
 * household count, a convoy's arrival time) and synthetic stand-ins (a generated compound for a district's dark
 * estates). The board marks both so a figure resting on them is never read as observed: a small letter badge in
 * the lists, a dotted or dashed outline on the map, and a legend saying what the marks mean. Sourced entities, and
 * entities whose scenario says nothing, carry no mark.
 */
import type { Provenance, Provenanced, Scenario } from "../../shared/scenario.ts";
import { timelineEventId } from "../../shared/timeline/timeline-event-id.ts";
import { h } from "../common/dom.ts";
import { t, tk } from "../common/i18n.ts";

export type Marked = "assumed" | "synthetic";

/** the provenance worth a mark, or null (sourced, or not stated) */
export function markOf(provenance: Provenance | undefined): Marked | null {
  return provenance === "assumed" || provenance === "synthetic" ? provenance : null;
}

/** "assumed · basis: household count from the district's average" (the tooltip of a mark) */
export function provenanceTitle(entity: Provenanced): string {
  const mark = markOf(entity.provenance);
  if (!mark) return "";
  return [tk("prov_" + mark), entity.source ? t("provBasis", { s: entity.source }) : null].filter(Boolean).join(" · ");
}

/** The badge for an assumed or synthetic entity ("A" / "估", "S" / "合"), null for any other. */
export function provenanceBadge(entity: Provenanced): HTMLElement | null {
  const mark = markOf(entity.provenance);
  return mark && h("span", { class: `prov prov-${mark}`, title: provenanceTitle(entity), "data-prov-mark": mark }, tk("provMark_" + mark));
}

/** Whether anything the board draws carries a mark: the legend shows only then. */
export function scenarioHasMarks(scenario: Scenario): boolean {
  const lists: (readonly Provenanced[])[] = [scenario.compounds, scenario.substations, scenario.trucks, scenario.events ?? [],
    (scenario.floodZones?.features ?? []).map((f) => f.properties ?? {})];
  return lists.some((list) => list.some((x) => markOf(x.provenance) !== null))
    || scenario.trucks.some((x) => markOf(x.availableAtProvenance) !== null);
}

/** What the two marks mean, one item each. */
export function provenanceLegend(): HTMLElement {
  return h("div", { class: "prov-legend", "data-prov-legend": "" },
    ...(["assumed", "synthetic"] as const).map((mark) => h("span", { class: "legend-item" },
      h("span", { class: `prov prov-${mark}` }, tk("provMark_" + mark)),
      h("span", {}, t("provLegendItem", { p: tk("prov_" + mark), d: t(mark === "assumed" ? "provLegendAssumed" : "provLegendSynthetic") })))));
}

/**
 * The marks of a replay's events: a replay stores timeline entry i under timelineEventId(incident, i), so the feed
 * can tell an assumed or synthetic entry from a reported one by its id alone.
 *
 * @example
 * timelineMarks(scenario, incident.id).get(event.id); // "synthetic"
 */
export function timelineMarks(scenario: Pick<Scenario, "events">, incident: string): Map<string, Marked> {
  const marks = new Map<string, Marked>();
  (scenario.events ?? []).forEach((entry, i) => {
    const mark = markOf(entry.provenance);
    if (mark) marks.set(timelineEventId(incident, i), mark);
  });
  return marks;
}

/** Leaflet outline for a marked site: dashed for assumed, dotted for synthetic (the fill stays the status colour). */
export function outlineOf(mark: Marked | null): { color: string; weight: number; dashArray?: string } {
  if (mark === "assumed") return { color: "#e6ebf5", weight: 1.6, dashArray: "4 3" };
  if (mark === "synthetic") return { color: "#e6ebf5", weight: 1.6, dashArray: "1 3" };
  return { color: "#0b0f17", weight: 1 };
}
