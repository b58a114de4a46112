/**
 * #17: what a truck's row and the resources panel say about its fuel and, for an MV (10 kV) truck, the compounds it
 * feeds: "400 / 600 L · 66.7 % · dry in 10 h 00 min", "10 kV at A (RMU f1), 1,200 of 1,800 kW, feeds: A, B, C".
 */
import type { PlanStop } from "../../shared/plan.ts";
import type { Scenario, Truck } from "../../shared/scenario.ts";
import { LOW_FUEL_HOURS, LOW_FUEL_SHARE, type TruckFuel } from "../../shared/restoration/truck-fuel.ts";
import { h } from "../common/dom.ts";
import { formatDuration, formatHours, formatNumber, formatPercent, formatTime, zoneLabel } from "../common/format.ts";
import { lang, t } from "../common/i18n.ts";

/** Whether the scenario has anything the resources panel and layers show (a tank, a tanker, a crew, an MV truck). */
export function scenarioHasResources(scenario: Scenario): boolean {
  return scenario.trucks.some((x) => x.fuelLitres !== undefined || x.voltage === "mv") || (scenario.tankers?.length ?? 0) > 0 || (scenario.crews?.length ?? 0) > 0;
}

export function litresText(litres: number): string {
  return `${formatNumber(litres, lang())} ${t("unitLitres")}`;
}

/** "400 / 600 L · 66.7 %" */
export function fuelLevelText(f: TruckFuel): string {
  return `${formatNumber(f.litres, lang())} / ${litresText(f.tankLitres)} · ${formatPercent(f.share, lang())}`;
}

/** "burning 40 L/h · dry in 10 h 00 min", "ran dry at 21 Jul 11:20 UTC+8", "not running, burning nothing" */
export function fuelBurnText(f: TruckFuel, zone: string): string {
  if (f.dryAtMs !== null && f.litres === 0) return t("fuelDry", { t: `${formatTime(f.dryAtMs, zone)} ${zoneLabel(zone, f.dryAtMs)}` });
  if (f.hoursToDry === null) return t("fuelIdle");
  return `${t("fuelBurn", { r: `${formatNumber(f.burnLitresPerHour, lang(), 1)} ${t("unitLitresPerHour")}` })} · ${t("fuelToDry", { d: formatDuration(f.hoursToDry, lang()) })}`;
}

/** "Low fuel: under 25 % of the tank or dry within 2.0 h" */
export function lowFuelRuleText(): string {
  return t("lowFuelRule", { p: formatPercent(LOW_FUEL_SHARE, lang(), 0), h: formatHours(LOW_FUEL_HOURS, lang()) });
}

/** The truck row's fuel chip: litres and % of the tank, marked when low. */
export function fuelChip(f: TruckFuel | undefined, zone: string): HTMLElement | null {
  if (!f) return null;
  return h("span", { class: `fuel-chip${f.low ? " fuel-low" : ""}`, "data-fuel-litres": Math.round(f.litres), "data-fuel-low": f.low ? "true" : "false",
    title: fuelBurnText(f, zone) },
    `${t("fuelShort")} ${fuelLevelText(f)}`, f.low ? h("b", { class: "fuel-low-badge" }, ` ${t("fuelLow")}`) : null);
}

/** The MV stop a truck is on or heading for next (its release after now), with supplies. */
export function currentMvStop(stops: readonly PlanStop[], nowMs: number): PlanStop | undefined {
  return stops.find((s) => s.supplies !== undefined && Date.parse(s.release) > nowMs);
}

/** "10 kV at A (RMU f1), 1,200 of 1,800 kW, feeds: A, B, C"; null for an LV truck. */
export function mvLine(truck: Truck | undefined, stops: readonly PlanStop[], nowMs: number, scenario: Scenario, nameOf: (id: string) => string): HTMLElement | null {
  if (truck?.voltage !== "mv") return null;
  const stop = currentMvStop(stops, nowMs);
  const badge = h("span", { class: "mv-badge" }, t("mvBadge"));
  if (!stop) return h("div", { class: "sub mv-line", "data-mv-truck": truck.id }, badge, " ", t("mvNoStop"));
  const loads = new Map(scenario.compounds.map((c) => [c.id, c.loadKw]));
  const supplies = stop.supplies!;
  const kw = Math.min(truck.capacityKw, supplies.reduce((sum, c) => sum + (loads.get(c) ?? 0), 0));
  const feeder = scenario.compounds.find((c) => c.id === stop.compound)?.feeder ?? "—";
  return h("div", { class: "sub mv-line", "data-mv-truck": truck.id, "data-mv-supplies": supplies.join(",") },
    badge, " ",
    t("mvSupplies", { c: nameOf(stop.compound), f: feeder, kw: formatNumber(kw, lang()), cap: formatNumber(truck.capacityKw, lang()) }),
    supplies.map(nameOf).join(lang() === "zh" ? "、" : ", "));
}
