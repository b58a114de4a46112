/**
 * The headline figures, each with its unit: customers out, share restored, 户均停电时间, trucks connected.
 */
import type { IncidentState } from "../../shared/state.ts";
import { h, patchChildren } from "../common/dom.ts";
import { formatHours, formatNumber, formatPercent } from "../common/format.ts";
import { lang, t } from "../common/i18n.ts";
import { crewText } from "../common/refusal-text.ts";

export function renderKpis(container: HTMLElement, state: IncidentState): void {
  const k = state.kpis;
  const connected = state.trucks.filter((x) => x.status === "connected").length;
  const working = state.trucks.filter((x) => x.status === "en-route" || x.status === "setting-up").length;
  const card = (id: string, label: string, value: string, unit: string, tone = "", title?: string) =>
    h("div", { class: `kpi ${tone}`, "data-kpi": id, title }, h("div", { class: "kpi-label" }, label), h("div", { class: "kpi-value" }, value, h("span", { class: "kpi-unit" }, unit)));
  // only the figures that changed are replaced: redrawn from scratch on every report, the strip was a whole-panel redraw
  patchChildren(container,
    card("customers-out", t("customersOut"), formatNumber(Math.round(k.customersOut), lang()), ` ${t("households")}`, k.customersOut > 0 ? "alert" : "ok"),
    card("restored", t("restored"), formatPercent(k.restoredShare, lang()).replace(" %", ""), " %"),
    card("avg-outage", t("avgOutage"), formatHours(k.avgOutageHoursPerHousehold, lang()).split(" ")[0], lang() === "zh" ? " 小时/户" : " h / household"),
    // #16: "19 / 41 (+1)" said nothing; the unit names what each figure counts
    card("trucks", t("trucksConnected"), `${connected}`, crewText("trucksKpi", {
      total: state.trucks.length, working: working ? crewText("trucksKpiWorking", { n: working }) : "",
    }), "", crewText("trucksKpiTitle")));
}
