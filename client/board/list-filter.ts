/**
 * The filter bars over the compound list and the trucks (#16 item 4): a search box and selects. What a filter
 * matches on that never changes (name, substation, district, priority, provenance, origin) is worked out once per
 * input, into a set of ids; status and lateness change with the reports and are compared per row as rows update.
 * Each control carries `data-filter` (its name), for tests and tools.
 */
import { h, replaceChildren } from "../common/dom.ts";

export interface FilterOption {
  value: string;
  label: string;
}

/** `<select data-filter=name>` with "all" (value "") first; calls `changed` on each choice. */
export function filterSelect(name: string, label: string, all: string, options: readonly FilterOption[], changed: () => void): HTMLSelectElement {
  return h("select", { "data-filter": name, "aria-label": label, title: label, onchange: changed },
    h("option", { value: "" }, all), ...options.map((o) => h("option", { value: o.value }, o.label)));
}

/** Relabels a filter select in the current language, keeping what is chosen. */
export function relabelSelect(select: HTMLSelectElement, label: string, all: string, options: readonly FilterOption[]): void {
  const chosen = select.value;
  select.setAttribute("aria-label", label);
  select.title = label;
  replaceChildren(select, h("option", { value: "" }, all), ...options.map((o) => h("option", { value: o.value }, o.label)));
  select.value = chosen;
}

/** `<input type=search data-filter=search>`; calls `changed` as the user types. */
export function searchBox(placeholder: string, changed: () => void): HTMLInputElement {
  return h("input", { type: "search", "data-filter": "search", placeholder, "aria-label": placeholder, oninput: changed });
}

/** lower-case, no spaces: "Lotus Garden" matches "lotusg" and "lotus garden" */
export function searchKey(...parts: (string | undefined | null)[]): string {
  return parts.filter(Boolean).join(" ").toLowerCase();
}

export function matchesSearch(key: string, query: string): boolean {
  const q = query.trim().toLowerCase();
  return q === "" || q.split(/\s+/).every((word) => key.includes(word));
}
