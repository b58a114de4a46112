/**
 * The live feed: who reported what, when (in the incident's zone), newest first. In a replay, an event that came
 * from an assumed or synthetic timeline entry (#14) has that entry's badge.
 *
 * Entries are kept by seq and made once: a report adds its entry, and the others stay as they are (redrawing the
 * 150 entries on each report of a burst took ~0.1 s of luxon and DOM a time at true scale).
 *
 * #16: a commander acknowledges an entry with its button (`data-action="ack"`); an acknowledged entry carries
 * `data-acked="true"` and who did it. Only the entries whose acknowledgement changed are touched.
 */
import type { StoredEvent } from "../../shared/events.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { EventAck } from "../../shared/wire.ts";
import { h, replaceChildren } from "../common/dom.ts";
import { formatTime } from "../common/format.ts";
import { eventKey, lang, t, tk } from "../common/i18n.ts";
import { shortName } from "../common/names.ts";
import { provenanceBadge, type Marked } from "./provenance.ts";

const SHOWN = 150;

export interface EventFeed {
  /** shows the newest of `events` (any order; a replay's prefix in time) */
  render(events: readonly StoredEvent[]): void;
  /** the incident's acknowledgements by event id */
  setAcks(acks: ReadonlyMap<string, EventAck>): void;
}

/** `marks`: event id → the mark of the timeline entry it replays (provenance.ts timelineMarks) */
export function createEventFeed(container: HTMLElement, scenario: Scenario, marks: ReadonlyMap<string, Marked> = new Map(),
  ack?: (event: StoredEvent) => Promise<void>): EventFeed {
  let acks: ReadonlyMap<string, EventAck> = new Map();
  /** seq → its entry's acknowledgement slot and what it shows */
  const slots = new Map<number, { slot: HTMLElement; li: HTMLLIElement; event: StoredEvent; shown: string }>();
  function paintAck(entry: { slot: HTMLElement; li: HTMLLIElement; event: StoredEvent; shown: string }): void {
    const a = acks.get(entry.event.id);
    const key = a ? `acked:${a.by}` : ack ? "button" : "none";
    if (entry.shown === key) return;
    entry.shown = key;
    entry.li.setAttribute("data-acked", a ? "true" : "false");
    if (a) replaceChildren(entry.slot, h("span", { class: "feed-acked muted" }, `✓ ${t("acked", { by: a.by })}`));
    else if (ack) {
      const button = h("button", { class: "chip chip-small", "data-action": "ack", onclick: (ev: Event) => {
        ev.stopPropagation();
        button.disabled = true;
        void ack(entry.event).catch(() => { button.disabled = false; });
      } }, t("ackButton"));
      replaceChildren(entry.slot, button);
    } else replaceChildren(entry.slot);
  }
  const names = new Map<string, string>([...scenario.compounds, ...scenario.substations].map((x) => [x.id, x.name]));
  const trucks = new Map(scenario.trucks.map((x) => [x.id, x.name]));
  const list = h("ol", { class: "feed" });
  /** seq → its entry, in the language it was made in */
  let items = new Map<number, HTMLLIElement>();
  let itemsLang = lang();

  function item(e: StoredEvent): HTMLLIElement {
    const place = e.compound ?? e.substation;
    const slot = h("span", { class: "feed-ack" });
    const li = h("li", { class: `feed-item ev-${e.type.replace(/\./g, "-")}`, "data-seq": e.seq },
      h("span", { class: "feed-time" }, formatTime(e.at, scenario.timezone)),
      h("span", { class: "feed-what" },
        e.truck ? h("b", {}, `${e.truck} `) : null,
        e.truck && trucks.get(e.truck) ? h("span", { class: "muted" }, `${shortName(trucks.get(e.truck) ?? "")} `) : null,
        h("span", { class: "feed-type" }, tk(eventKey(e.type))),
        place ? ` · ${shortName(names.get(place) ?? e.details?.name ?? place)}` : "",
        e.note ? h("span", { class: "feed-note" }, ` “${e.note}”`) : null,
        marks.has(e.id) ? provenanceBadge({ provenance: marks.get(e.id) }) : null),
      h("span", { class: "feed-by muted" }, `#${e.seq} · ${e.by}`), slot);
    const entry = { slot, li, event: e, shown: "" };
    slots.set(e.seq, entry);
    paintAck(entry);
    return li;
  }

  return {
    render(events) {
      if (events.length === 0) {
        items.clear();
        slots.clear();
        return replaceChildren(container, h("p", { class: "muted" }, t("feedEmpty")));
      }
      if (itemsLang !== lang()) {
        items.clear();
        slots.clear();
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
      for (const seq of slots.keys()) if (!kept.has(seq)) slots.delete(seq);
      if (list.parentNode !== container) replaceChildren(container, list);
    },
    setAcks(next) {
      acks = next;
      for (const entry of slots.values()) paintAck(entry);
    },
  };
}
