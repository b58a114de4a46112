/**
 * The live feed: who reported what, when (in the incident's zone), newest first. In a replay, an event that came
 * from an assumed or synthetic timeline entry (#14) has that entry's badge.
 */
import type { StoredEvent } from "../../shared/events.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { h, replaceChildren } from "../common/dom.ts";
import { formatTime } from "../common/format.ts";
import { eventKey, t, tk } from "../common/i18n.ts";
import { shortName } from "../common/names.ts";
import { provenanceBadge, type Marked } from "./provenance.ts";

const SHOWN = 150;

/** `marks`: event id → the mark of the timeline entry it replays (provenance.ts timelineMarks) */
export function renderFeed(container: HTMLElement, scenario: Scenario, events: readonly StoredEvent[], marks: ReadonlyMap<string, Marked> = new Map()): void {
  const names = new Map<string, string>([...scenario.compounds, ...scenario.substations].map((x) => [x.id, x.name]));
  const trucks = new Map(scenario.trucks.map((x) => [x.id, x.name]));
  if (events.length === 0) return replaceChildren(container, h("p", { class: "muted" }, t("feedEmpty")));
  const newest = [...events].sort((a, b) => b.seq - a.seq).slice(0, SHOWN);
  replaceChildren(container, h("ol", { class: "feed" }, ...newest.map((e) => {
    const place = e.compound ?? e.substation;
    return h("li", { class: `feed-item ev-${e.type.replace(/\./g, "-")}`, "data-seq": e.seq },
      h("span", { class: "feed-time" }, formatTime(e.at, scenario.timezone)),
      h("span", { class: "feed-what" },
        e.truck ? h("b", {}, `${e.truck} `) : null,
        e.truck && trucks.get(e.truck) ? h("span", { class: "muted" }, `${shortName(trucks.get(e.truck) ?? "")} `) : null,
        h("span", { class: "feed-type" }, tk(eventKey(e.type))),
        place ? ` · ${shortName(names.get(place) ?? e.details?.name ?? place)}` : "",
        e.note ? h("span", { class: "feed-note" }, ` “${e.note}”`) : null,
        marks.has(e.id) ? provenanceBadge({ provenance: marks.get(e.id) }) : null),
      h("span", { class: "feed-by muted" }, `#${e.seq} · ${e.by}`));
  })));
}
