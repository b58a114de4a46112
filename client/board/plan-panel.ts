/**
 * The plan panel: the current plan's customer outage hours against the commander's rule and the lower bound, the
 * re-plan and approve buttons, and what the last re-plan changed.
 */
import type { Scenario } from "../../shared/scenario.ts";
import type { StoredPlan } from "../../shared/wire.ts";
import { h, replaceChildren } from "../common/dom.ts";
import { formatNumber, formatPercent, formatTime, zoneLabel } from "../common/format.ts";
import { crewText, refusalText } from "../common/refusal-text.ts";
import { lang, t, tk } from "../common/i18n.ts";
import { shortName } from "../common/names.ts";
import { diffPlans } from "./plan-diff.ts";

export interface PlanPanelActions {
  replan(): Promise<void>;
  approve(planId: string): Promise<void>;
  /**
   * #16: `current` − `previous` in customer-h with both evaluated on the same current state (the previous plan's
   * assignments through POST …/plans/evaluate), and that state's instant; null when the previous plan's
   * assignments cannot be carried out from it
   */
  compare(previous: StoredPlan, current: StoredPlan): Promise<{ deltaCustomerHours: number; at: string } | null>;
}

export interface PlanPanel {
  show(plan: StoredPlan | null, previous: StoredPlan | null): void;
  /** an error from the server, shown until the next action */
  fail(message: string): void;
  relabel(): void;
}

export function createPlanPanel(container: HTMLElement, scenario: Scenario, actions: PlanPanelActions, canCommand: boolean): PlanPanel {
  const weights = new Map(scenario.compounds.map((c) => [c.id, (c.priority ?? 1) * c.households]));
  const names = new Map(scenario.compounds.map((c) => [c.id, c.name]));
  const nameOf = (id: string) => shortName(names.get(id) ?? id);
  const truckNames = new Map(scenario.trucks.map((x) => [x.id, x.name]));
  const truckNameOf = (id: string) => truckNames.get(id) ?? id;
  let current: StoredPlan | null = null;
  let before: StoredPlan | null = null;
  let busy = false;
  let error = "";
  /** the same-state comparison of `before` and `current`, by their ids */
  let comparison: { key: string; result: { deltaCustomerHours: number; at: string } | null | "pending" } | null = null;

  function compare(): void {
    if (!current || !before || before.id === current.id) return;
    const key = `${before.id}>${current.id}`;
    if (comparison?.key === key) return;
    comparison = { key, result: "pending" };
    const [b, c] = [before, current];
    actions.compare(b, c).then((result) => {
      if (comparison?.key === key) comparison = { key, result };
    }, () => {
      if (comparison?.key === key) comparison = { key, result: null };
    }).finally(render);
  }

  const run = async (action: () => Promise<void>) => {
    busy = true;
    error = "";
    render();
    try {
      await action();
    } catch (e) {
      // #16: in the page's language, from the error's rule or code, never the server's English
      error = refusalText(e, scenario);
    } finally {
      busy = false;
      render();
    }
  };

  function figures(p: StoredPlan): HTMLElement {
    const plan = p.plan;
    const ch = (v: number) => `${formatNumber(v, lang())} ${t("customerHours")}`;
    const saved = plan.baselineCustomerOutageHours > 0 ? 1 - plan.customerOutageHours / plan.baselineCustomerOutageHours : 0;
    const gap = plan.lowerBound !== undefined && plan.customerOutageHours > 0 ? (plan.customerOutageHours - plan.lowerBound) / plan.customerOutageHours : null;
    return h("dl", { class: "figures" },
      h("dt", {}, t("planCustomerHours")), h("dd", { class: "big" }, ch(plan.customerOutageHours)),
      h("dt", {}, t("ruleCustomerHours")), h("dd", {}, ch(plan.baselineCustomerOutageHours)),
      h("dt", {}, t("saved")), h("dd", { class: saved > 0 ? "good" : "" }, `${ch(plan.baselineCustomerOutageHours - plan.customerOutageHours)} (${formatPercent(saved, lang())})`),
      h("dt", {}, t("lowerBound")), h("dd", {}, plan.lowerBound === undefined ? "—" : ch(plan.lowerBound)),
      h("dt", {}, t("gap")), h("dd", {}, gap === null ? "—" : formatPercent(gap, lang(), 2)));
  }

  function diffView(): HTMLElement | null {
    if (!current || !before || before.id === current.id) return null;
    const d = diffPlans(before.plan, current.plan, (id) => weights.get(id) ?? 0);
    const route = (ids: string[]) => (ids.length ? ids.slice(0, 4).map(nameOf).join(" → ") + (ids.length > 4 ? " …" : "") : t("diffNothing"));
    const shown = d.moves.slice(0, 5);
    // #16: the two plans' own figures were made at different instants from different logs; only the previous
    // plan's assignments evaluated on the current state compare like with like
    const same = comparison?.result;
    const deltaLine = same === undefined || same === "pending"
      ? h("div", { class: "muted", "data-plan-delta": "pending" }, crewText("diffComparing"))
      : same === null
        ? h("div", { class: "muted", "data-plan-delta": "none" }, crewText("diffIncomparable"))
        : h("div", { class: same.deltaCustomerHours <= 0 ? "good" : "bad", "data-plan-delta": "same-state" }, crewText("diffSameState", {
          t: `${formatTime(same.at, scenario.timezone)} ${zoneLabel(scenario.timezone, Date.parse(same.at))}`,
          d: `${same.deltaCustomerHours > 0 ? "+" : ""}${formatNumber(same.deltaCustomerHours, lang())} ${t("customerHours")}`,
        }));
    return h("div", { class: "plan-diff" },
      h("h4", {}, t("diffTitle")),
      deltaLine,
      d.moves.length === 0 ? h("div", { class: "muted" }, t("diffNone")) : h("ul", { class: "moves" },
        // "now" first: it is what crews will be told; "was" beneath, muted
        ...shown.map((m) => h("li", { "data-truck-id": m.truck },
          h("b", {}, m.truck), " ", t("diffNow"), " ", route(m.after),
          h("span", { class: "sub" }, `${t("diffWas")} ${route(m.before)}`))),
        d.moves.length > shown.length ? h("li", { class: "muted" }, t("diffMore", { n: d.moves.length - shown.length })) : null),
      d.compounds.length === 0 ? null : h("ul", { class: "muted" },
        ...d.compounds.slice(0, 3).map((c) => h("li", {}, `${nameOf(c.compound)}: ${formatNumber(c.before, lang())} → ${formatNumber(c.after, lang())} ${t("customerHours")}`))));
  }

  /** "Unserved: 23 (trucks save more elsewhere 20, no open road 3)", names in the tooltip: a count reads faster. */
  function unservedLine(p: StoredPlan): HTMLElement | null {
    const unserved = p.plan.unserved;
    if (unserved.length === 0) return null;
    const byReason = new Map<string, number>();
    for (const u of unserved) byReason.set(u.reason, (byReason.get(u.reason) ?? 0) + 1);
    const reasons = [...byReason].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${tk("reason_" + r)} ${n}`).join(", ");
    return h("div", { class: "muted unserved", title: unserved.map((u) => `${nameOf(u.compound)}: ${tk("reason_" + u.reason)}`).join("\n") },
      `${t("unserved")}: ${unserved.length} (${reasons})`);
  }

  /**
   * "Stranded trucks: 1 (no open road …)": trucks reported on their way to a compound that no open road now reaches
   * (a road closed under them); the plan gives them nothing until a crew reports where they are
   */
  function strandedLine(p: StoredPlan): HTMLElement | null {
    const stranded = p.plan.stranded ?? [];
    if (stranded.length === 0) return null;
    return h("div", { class: "warn stranded", "data-stranded": stranded.length,
      title: stranded.map((x) => `${truckNameOf(x.truck)} → ${nameOf(x.compound)}: ${tk("stranded_" + x.reason)}`).join("\n") },
    t("strandedTrucks", { n: stranded.length }));
  }

  function render(): void {
    const p = current;
    const buttons = h("div", { class: "plan-buttons" },
      h("button", { class: "primary", "data-action": "replan", disabled: busy || !canCommand, onclick: () => run(actions.replan) }, busy ? t("planning") : t("replan")),
      p && p.status === "proposed"
        ? h("button", { "data-action": "approve", disabled: busy || !canCommand, onclick: () => run(() => actions.approve(p.id)) }, t("approve"))
        : null);
    replaceChildren(container,
      p === null ? h("p", { class: "muted" }, t("noPlan")) : h("div", {},
        h("div", { class: "plan-meta" },
          h("span", { class: `plan-status plan-${p.status}` }, tk("planStatus_" + p.status)),
          h("span", { class: "muted", "data-plan-for": p.plan.at ?? p.createdAt }, crewText("planFor", {
            who: p.approvedBy ?? p.createdBy,
            t: `${formatTime(p.plan.at ?? p.createdAt, scenario.timezone)} ${zoneLabel(scenario.timezone, Date.parse(p.plan.at ?? p.createdAt))}`,
          }))),
        figures(p),
        unservedLine(p),
        strandedLine(p)),
      buttons,
      error ? h("div", { class: "error", role: "alert" }, error) : null,
      diffView());
  }

  render();
  return {
    show(plan, previous) {
      current = plan;
      before = previous;
      compare();
      render();
    },
    fail(message) {
      error = message;
      render();
    },
    relabel: render,
  };
}
