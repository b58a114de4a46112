/**
 * The incident's fleet as checkboxes, for the crew-token form: a filter (the true-scale Zhengzhou fleet is 358
 * trucks), the count chosen, and beside each truck the crews that already hold a token for it, so a commander sees
 * a second token for one truck before making it.
 */
import type { Scenario } from "../../shared/scenario.ts";
import { h, replaceChildren, setText } from "../common/dom.ts";
import { formatNumber } from "../common/format.ts";
import { lang, t } from "../common/i18n.ts";
import { shortName } from "../common/names.ts";

export interface TruckChooser {
  element: HTMLElement;
  /** the checked trucks' ids, in fleet order */
  chosen(): string[];
  clear(): void;
  /** truck id → names of the crews with an active token for it */
  showHeld(held: ReadonlyMap<string, readonly string[]>): void;
  relabel(): void;
}

interface Choice {
  label: HTMLLabelElement;
  box: HTMLInputElement;
  held: HTMLElement;
  /** what the filter matches: id, both names, origin */
  haystack: string;
}

export function createTruckChooser(scenario: Scenario): TruckChooser {
  const legend = h("legend");
  const count = h("span", { class: "muted token-chosen" });
  const filter = h("input", { type: "search", name: "truck-filter", class: "token-filter", autocomplete: "off" });
  const list = h("div", { class: "truck-choices scroll" });
  const choices: Choice[] = scenario.trucks.map((truck) => {
    const box = h("input", { type: "checkbox", name: "truck", value: truck.id });
    const held = h("span", { class: "token-held" });
    const sub = [truck.origin, `${formatNumber(truck.capacityKw, lang())} kW`].filter(Boolean).join(" · ");
    const label = h("label", { class: "truck-choice", "data-truck": truck.id },
      box, h("b", {}, truck.id), h("span", { class: "truck-choice-name" }, shortName(truck.name)), h("span", { class: "sub" }, sub), held);
    return { label, box, held, haystack: `${truck.id} ${truck.name} ${truck.origin ?? ""}`.toLowerCase() };
  });
  replaceChildren(list, ...choices.map((c) => c.label));
  let heldBy: ReadonlyMap<string, readonly string[]> = new Map();

  const recount = () => setText(count, t("tokenChosen", { n: choices.filter((c) => c.box.checked).length }));
  list.addEventListener("change", recount);
  filter.addEventListener("input", () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    // a checked truck stays in view: hiding it would hide part of what is about to be sent
    for (const c of choices) c.label.hidden = !c.box.checked && !words.every((w) => c.haystack.includes(w));
  });

  function relabel(): void {
    setText(legend, t("tokenTrucks"));
    filter.placeholder = t("tokenTruckFilter");
    recount();
    for (const c of choices) {
      const names = heldBy.get(c.box.value) ?? [];
      setText(c.held, names.length > 0 ? t("tokenHeld", { names: names.join(", ") }) : "");
    }
  }

  relabel();
  return {
    element: h("fieldset", { class: "token-trucks" }, legend, h("div", { class: "token-filter-row" }, filter, count), list),
    chosen: () => choices.filter((c) => c.box.checked).map((c) => c.box.value),
    clear() {
      for (const c of choices) {
        c.box.checked = false;
        c.label.hidden = false;
      }
      filter.value = "";
      recount();
    },
    showHeld(held) {
      heldBy = held;
      relabel();
    },
    relabel,
  };
}
