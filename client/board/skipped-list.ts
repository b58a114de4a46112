/**
 * The timeline entries a replay skipped after a jump back (#16): each contradicts what was done since (a trainee
 * sent the truck elsewhere), so the replay did not deliver it. Shown above the event feed, with the rule it broke
 * in the page's language; the list comes with the replay's clock (ReplayClock.skipped).
 */
import type { Scenario } from "../../shared/scenario.ts";
import type { SkippedEntry } from "../../shared/wire.ts";
import { h, replaceChildren } from "../common/dom.ts";
import { formatTime, zoneLabel } from "../common/format.ts";
import { eventKey, tk } from "../common/i18n.ts";
import { crewText, ruleText } from "../common/refusal-text.ts";

export interface SkippedList {
  element: HTMLElement;
  render(entries: readonly SkippedEntry[]): void;
  relabel(): void;
}

export function createSkippedList(scenario: Scenario): SkippedList {
  const element = h("div", { class: "feed-skipped", hidden: true });
  let last: readonly SkippedEntry[] = [];
  const zone = scenario.timezone;
  const name = (list: { id: string; name: string }[], id: string | undefined) => (id === undefined ? "" : list.find((x) => x.id === id)?.name ?? id);

  function render(entries: readonly SkippedEntry[]): void {
    last = entries;
    element.hidden = entries.length === 0;
    replaceChildren(element, entries.length === 0 ? null : h("div", { class: "muted" }, crewText("skippedTitle")),
      ...entries.map((e) => h("div", { class: "feed-skipped-item", "data-skipped": e.type, role: "note" }, crewText("skipped", {
        what: [name(scenario.trucks, e.truck), tk(eventKey(e.type)), name(scenario.compounds, e.compound)].filter(Boolean).join(" · "),
        at: `${formatTime(e.at, zone)} ${zoneLabel(zone, Date.parse(e.at))}`,
        reason: ruleText(e.reason, scenario) ?? crewText("code_impossible"),
      }))));
  }

  return { element, render, relabel: () => render(last) };
}
