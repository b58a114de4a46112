/**
 * The board's alerts (#16 item 4), above the feed: each alert that holds, in the board's language (its message key
 * and parameters, compound and truck ids shown by name), with the instant it began to hold in the incident's zone.
 * Entries are kept by id: an update adds and removes only what changed. Each entry carries `data-alert-id` and
 * `data-alert-kind`. A commander sets the incident's thresholds here (PUT …/alert-thresholds; empty = off).
 */
import type { AlertThresholds, BoardAlert } from "../../shared/board-alerts.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { h, replaceChildren, setText } from "../common/dom.ts";
import { formatTime } from "../common/format.ts";
import { t, tk } from "../common/i18n.ts";
import { shortName } from "../common/names.ts";

export interface AlertStrip {
  element: HTMLElement;
  update(alerts: readonly BoardAlert[]): void;
  setThresholds(thresholds: AlertThresholds): void;
  relabel(): void;
}

export function createAlertStrip(scenario: Scenario, save: ((thresholds: AlertThresholds) => Promise<void>) | null): AlertStrip {
  const names = new Map<string, string>([...scenario.compounds, ...scenario.trucks].map((x) => [x.id, shortName(x.name)]));
  const title = h("b", {});
  const list = h("ul", { class: "alert-list" });
  const empty = h("span", { class: "muted" });
  const entries = new Map<string, HTMLLIElement>();
  let current: readonly BoardAlert[] = [];
  const inputs = {
    prioritySiteDarkHours: h("input", { type: "number", min: "0", step: "any", "data-threshold": "prioritySiteDarkHours" }),
    truckSilentHours: h("input", { type: "number", min: "0", step: "any", "data-threshold": "truckSilentHours" }),
    stepLateMinutes: h("input", { type: "number", min: "0", step: "any", "data-threshold": "stepLateMinutes" }),
  };
  const labels = { prioritySiteDarkHours: h("span", {}), truckSilentHours: h("span", {}), stepLateMinutes: h("span", {}) };
  const saveButton = h("button", { class: "chip", "data-action": "save-thresholds" });
  const status = h("span", { class: "muted", role: "status" });
  const editor = save && h("details", { class: "threshold-editor" }, h("summary", {}, ""),
    ...(Object.keys(inputs) as (keyof typeof inputs)[]).map((k) => h("label", {}, labels[k], inputs[k])), saveButton, status);
  saveButton.addEventListener("click", () => {
    if (!save) return;
    const read = (input: HTMLInputElement) => (input.value.trim() === "" ? null : Number(input.value));
    setText(status, "");
    void save({ prioritySiteDarkHours: read(inputs.prioritySiteDarkHours), truckSilentHours: read(inputs.truckSilentHours), stepLateMinutes: read(inputs.stepLateMinutes) })
      .then(() => setText(status, t("thresholdSaved")), (e: unknown) => setText(status, e instanceof Error ? e.message : String(e)));
  });
  const element = h("section", { class: "alert-strip", "data-alert-count": 0 }, title, empty, list, editor);

  function text(a: BoardAlert): string {
    const params: Record<string, string | number> = { ...a.message.params };
    for (const key of ["compound", "truck"]) if (typeof params[key] === "string") params[key] = names.get(params[key] as string) ?? params[key];
    return `${tk(a.message.key, params)} · ${formatTime(a.raisedAt, scenario.timezone)}`;
  }

  function update(alerts: readonly BoardAlert[]): void {
    current = alerts;
    const wanted = new Set(alerts.map((a) => a.id));
    for (const [id, li] of entries) if (!wanted.has(id)) { li.remove(); entries.delete(id); }
    let previous: ChildNode | null = null;
    for (const a of alerts) {
      let li = entries.get(a.id);
      if (!li) entries.set(a.id, (li = h("li", { class: `alert-item alert-${a.kind}`, "data-alert-id": a.id, "data-alert-kind": a.kind, title: t("alertSince", { t: formatTime(a.since, scenario.timezone) }) }, text(a))));
      else setText(li, text(a));
      const expected: ChildNode | null = previous ? previous.nextSibling : list.firstChild;
      if (expected !== li) list.insertBefore(li, expected);
      previous = li;
    }
    element.setAttribute("data-alert-count", String(alerts.length));
    element.classList.toggle("has-alerts", alerts.length > 0);
    setText(empty, alerts.length === 0 ? t("alertsNone") : "");
  }

  function relabel(): void {
    setText(title, `${t("alertsTitle")} `);
    if (editor) setText(editor.querySelector("summary")!, `${t("alertThresholds")} (${t("thresholdOff")})`);
    setText(labels.prioritySiteDarkHours, t("thresholdPriorityDark"));
    setText(labels.truckSilentHours, t("thresholdTruckSilent"));
    setText(labels.stepLateMinutes, t("thresholdStepLate"));
    setText(saveButton, t("thresholdSave"));
    for (const li of entries.values()) li.remove();
    entries.clear();
    replaceChildren(list);
    update(current);
  }

  relabel();
  return {
    element,
    update,
    setThresholds(th) {
      for (const k of Object.keys(inputs) as (keyof typeof inputs)[]) inputs[k].value = th[k] === null ? "" : String(th[k]);
    },
    relabel,
  };
}
