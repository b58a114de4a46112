/**
 * What-if assignment (#16 item 2): a commander drags a compound onto a truck row (or picks both), sees at once what
 * the model makes of the latest plan with that change (POST …/plans/evaluate: customer outage hours, the delta
 * against the latest plan on the same state, the gap above the lower bound), and commits the changes as a proposed
 * plan that keeps them as pins, or discards them. Nothing is stored until the commit.
 *
 * Contract for tests: the panel is `[data-what-if]`; `[data-what-if-delta]` carries `data-delta` (customer-h),
 * `[data-what-if-gap]` `data-gap`; a refusal shows in `[data-what-if-error]`; buttons `data-action` what-if-assign,
 * what-if-commit, what-if-discard.
 */
import type { AssignmentPair } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { EvaluateRequest, PlanEvaluation, StoredPlan } from "../../shared/wire.ts";
import { ApiError } from "../common/api.ts";
import { h, replaceChildren, setText } from "../common/dom.ts";
import { formatNumber, formatPercent } from "../common/format.ts";
import { lang, t } from "../common/i18n.ts";
import { shortName } from "../common/names.ts";
import { refusalText, ruleText } from "../common/refusal-text.ts";

export interface WhatIfActions {
  evaluate(request: EvaluateRequest): Promise<PlanEvaluation>;
  /** a new proposed plan keeping these pins */
  commit(pins: AssignmentPair[]): Promise<void>;
}

export interface WhatIfPanel {
  element: HTMLElement;
  /** the commander moved `compound` onto `truck` */
  assign(truck: string, compound: string): void;
  setPlan(plan: StoredPlan | null): void;
  relabel(): void;
}

/**
 * The latest plan's assignments with each pin applied in order: the compound leaves the trucks that had it as a
 * planned stop and becomes the last stop of its pinned truck.
 *
 * @example
 * withPins(plan, [{ truck: "T2", compound: "C1" }]); // { trucks: [..., { id: "T2", stops: [..., { compound: "C1" }] }] }
 */
export function withPins(plan: StoredPlan | null, pins: readonly AssignmentPair[]): EvaluateRequest {
  const trucks = (plan?.plan.trucks ?? []).map((x) => ({ id: x.id, stops: x.stops.map((s) => ({ compound: s.compound })) }));
  for (const pin of pins) {
    for (const x of trucks) x.stops = x.stops.filter((s) => s.compound !== pin.compound);
    let target = trucks.find((x) => x.id === pin.truck);
    if (!target) trucks.push((target = { id: pin.truck, stops: [] }));
    target.stops.push({ compound: pin.compound });
  }
  return { trucks };
}

export function createWhatIfPanel(scenario: Scenario, actions: WhatIfActions): WhatIfPanel {
  const compoundName = new Map(scenario.compounds.map((c) => [c.id, shortName(c.name)]));
  const truckName = new Map(scenario.trucks.map((x) => [x.id, x.name]));
  let plan: StoredPlan | null = null;
  let pins: AssignmentPair[] = [];
  let asked = 0;
  let result: PlanEvaluation | null = null;
  let error: string | null = null;
  let busy = false;

  const title = h("h4", {});
  const hint = h("div", { class: "muted" });
  const compoundSelect = h("select", { "data-what-if-compound": "" });
  const truckSelect = h("select", { "data-what-if-truck": "" });
  const assignButton = h("button", { class: "chip", "data-action": "what-if-assign", onclick: () => assign(truckSelect.value, compoundSelect.value) });
  const body = h("div", { class: "what-if-body" });
  const element = h("div", { class: "what-if", "data-what-if": "" }, title, hint, h("div", { class: "what-if-pick" }, compoundSelect, truckSelect, assignButton), body);
  for (const c of scenario.compounds) compoundSelect.append(h("option", { value: c.id }, compoundName.get(c.id) ?? c.id));
  for (const x of scenario.trucks) truckSelect.append(h("option", { value: x.id }, x.name));

  function assign(truck: string, compound: string): void {
    if (!truck || !compound) return;
    pins = [...pins.filter((p) => p.compound !== compound), { truck, compound }];
    void evaluate();
  }

  async function evaluate(): Promise<void> {
    const mine = ++asked;
    busy = true;
    error = null;
    render();
    try {
      const answer = await actions.evaluate(withPins(plan, pins));
      if (mine !== asked) return;
      result = answer;
    } catch (e) {
      if (mine !== asked) return;
      result = null;
      // the server names each stop it refuses and why
      error = refusalWords(e);
    }
    busy = false;
    render();
  }

  function discard(): void {
    pins = [];
    result = null;
    error = null;
    asked++;
    busy = false;
    render();
  }

  /** every stop the server refuses, each worded in the page's language (#16), never the server's English */
  function refusalWords(e: unknown): string {
    if (!(e instanceof ApiError) || e.details.length === 0) return refusalText(e, scenario);
    return e.details.map((d) => ruleText(d, scenario) ?? refusalText(e, scenario)).join(lang() === "zh" ? "；" : "; ");
  }

  async function commit(): Promise<void> {
    const kept = pins;
    busy = true;
    render();
    try {
      await actions.commit(kept);
      discard();
    } catch (e) {
      busy = false;
      error = refusalWords(e);
      render();
    }
  }

  function render(): void {
    setText(title, t("whatIf"));
    setText(hint, plan ? t("whatIfHint") : t("whatIfNoPlan"));
    setText(assignButton, t("whatIfAssign"));
    assignButton.disabled = plan === null;
    if (pins.length === 0 && !error) return replaceChildren(body);
    const n = (x: number) => formatNumber(x, lang());
    const pinList = pins.map((p) => `${compoundName.get(p.compound) ?? p.compound} → ${truckName.get(p.truck) ?? p.truck}`).join(", ");
    const figures = result && !busy ? [
      h("div", { "data-what-if-total": "" }, t("whatIfTotal", { h: n(result.customerOutageHours) })),
      result.deltaCustomerOutageHours === null ? null : h("div", {
        "data-what-if-delta": "", "data-delta": result.deltaCustomerOutageHours,
        class: result.deltaCustomerOutageHours > 0 ? "delta-worse" : "delta-better",
      }, t("whatIfDelta", { d: `${result.deltaCustomerOutageHours > 0 ? "+" : ""}${n(result.deltaCustomerOutageHours)}` })),
      result.gapCustomerOutageHours === null || result.lowerBound === null
        ? h("div", { class: "muted" }, t("whatIfNoBound"))
        : h("div", { "data-what-if-gap": "", "data-gap": result.gapCustomerOutageHours },
          t("whatIfGap", { g: n(result.gapCustomerOutageHours), p: formatPercent(result.lowerBound > 0 ? result.gapCustomerOutageHours / result.lowerBound : 0, lang()) })),
    ] : [];
    replaceChildren(body,
      h("div", { class: "what-if-pins" }, t("whatIfPins", { list: pinList })),
      busy ? h("div", { class: "muted" }, t("whatIfWorking")) : null,
      ...figures,
      error ? h("div", { class: "error", role: "alert", "data-what-if-error": "" }, error) : null,
      h("div", { class: "what-if-actions" },
        h("button", { class: "primary", "data-action": "what-if-commit", disabled: busy || error !== null || pins.length === 0, onclick: () => void commit() }, t("whatIfCommit")),
        h("button", { "data-action": "what-if-discard", onclick: discard }, t("whatIfDiscard"))));
  }

  render();
  return {
    element,
    assign,
    setPlan(next) {
      const changed = next?.id !== plan?.id;
      plan = next;
      if (changed && pins.length > 0) void evaluate();
      else render();
    },
    relabel: render,
  };
}

/**
 * Drag and drop from compound rows (`[data-compound-id]`, made draggable here) onto truck rows (`[data-truck-id]`).
 *
 * @example
 * enableDragAssign(compoundList, truckRows, (truck, compound) => whatIf.assign(truck, compound));
 */
export function enableDragAssign(from: HTMLElement, onto: HTMLElement, drop: (truck: string, compound: string) => void): void {
  const TYPE = "application/x-lianxin-compound";
  // rows are redrawn as news arrives: mark them draggable as the pointer reaches them
  from.addEventListener("pointerover", (e) => {
    const row = (e.target as Element).closest?.("[data-compound-id]");
    if (row && row.getAttribute("draggable") !== "true") row.setAttribute("draggable", "true");
  });
  from.addEventListener("dragstart", (e) => {
    const row = (e.target as Element).closest?.("[data-compound-id]");
    if (!row || !e.dataTransfer) return;
    e.dataTransfer.setData(TYPE, row.getAttribute("data-compound-id")!);
    e.dataTransfer.setData("text/plain", row.getAttribute("data-compound-id")!);
    e.dataTransfer.effectAllowed = "copy";
  });
  const rowOf = (e: DragEvent) => (e.target as Element).closest?.("[data-truck-id]") ?? null;
  onto.addEventListener("dragover", (e) => {
    const row = rowOf(e);
    if (!row) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    row.classList.add("drop-target");
  });
  onto.addEventListener("dragleave", (e) => rowOf(e)?.classList.remove("drop-target"));
  onto.addEventListener("drop", (e) => {
    const row = rowOf(e);
    if (!row) return;
    e.preventDefault();
    row.classList.remove("drop-target");
    const compound = e.dataTransfer?.getData(TYPE) || e.dataTransfer?.getData("text/plain");
    if (compound) drop(row.getAttribute("data-truck-id")!, compound);
  });
}
