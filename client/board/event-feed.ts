/**
 * The live feed: who reported what, when (in the incident's zone), newest first. In a replay, an event that came
 * from an assumed or synthetic timeline entry (#14) has that entry's badge.
 *
 * Entries are kept by seq and made once: a report adds its entry, and the others stay as they are (redrawing the
 * 150 entries on each report of a burst took ~0.1 s of luxon and DOM a time at true scale).
 */
import type { StoredEvent } from "../../shared/events.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { h, replaceChildren } from "../common/dom.ts";
import { formatTime } from "../common/format.ts";
import { eventKey, lang, t, tk } from "../common/i18n.ts";
import { shortName } from "../common/names.ts";
import { provenanceBadge, type Marked } from "./provenance.ts";

const SHOWN = 150;

export interface EventFeed {
  /** shows the newest of `events` (any order; a replay's prefix in time) */
  render(events: readonly StoredEvent[]): void;
}

/** `marks`: event id → the mark of the timeline entry it replays (provenance.ts timelineMarks) */
export function createEventFeed(container: HTMLElement, scenario: Scenario, marks: ReadonlyMap<string, Marked> = new Map()): EventFeed {
  const names = new Map<string, string>([...scenario.compounds, ...scenario.substations].map((x) => [x.id, x.name]));
  const trucks = new Map(scenario.trucks.map((x) => [x.id, x.name]));
  const list = h("ol", { class: "feed" });
  /** seq → its entry, in the language it was made in */
  let items = new Map<number, HTMLLIElement>();
  let itemsLang = lang();

  function item(e: StoredEvent): HTMLLIElement {
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
  }

  return {
    render(events) {
      if (events.length === 0) {
        items.clear();
        return replaceChildren(container, h("p", { class: "muted" }, t("feedEmpty")));
      }
      if (itemsLang !== lang()) {
        items.clear();
        itemsLang = lang();
      }
      const newest = [...events].sort((a, b) => b.seq - a.seq).slice(0, SHOWN);
      const kept = new Map<number, HTMLLIElement>();
      let previous: ChildNode | null = null;
      for (const e of newest) {
        const li = items.get(e.seq) ?? item(e);
        kept.set(e.seq, li);
        // move only entries out of place: a new report goes in at the top, the rest stay
        const expected: ChildNode | null = previous ? previous.nextSibling : list.firstChild;
        if (expected !== li) list.insertBefore(li, expected);
        previous = li;
      }
      while (previous?.nextSibling) previous.nextSibling.remove();
      items = kept;
      if (list.parentNode !== container) replaceChildren(container, list);
    },
  };
}
