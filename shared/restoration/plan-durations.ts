/**
 * Which on-site durations a plan uses (#17): the scenario's defaults, or, when the commander opts in, the ones
 * learned from the event log. The planner stays pure and unchanged: learned durations reach it as scenario
 * defaults. The planner's on-site time of a compound is one figure per compound (setupHoursOf), so the learned
 * figure it takes is the on-site ratio (observed ÷ scenario on-site hours, median of the low-voltage reports): every
 * modelled on-site time is scaled by it: planHours and switchOnHours × r, cableMetresPerHour ÷ r, and each
 * compound's own setupHours × r. Then a compound of 100 m cable at the defaults (0.5 + 0.5 + 0.25 = 1.25 h) plans
 * with 1.25 × r h, and the reports' median compound plans with the reports' median hours.
 * Medium-voltage reports are learned and shown, but the planner has no per-truck on-site time to give them.
 */
import type { PlanDurations } from "../plan.ts";
import { DEFAULTS, type Scenario } from "../scenario.ts";
import { usable, type LearnedDurations } from "./learned-durations.ts";

export type DurationsChoice = "scenario" | "learned";

/**
 * The scenario the planner gets and the `durations` record the plan document keeps.
 *
 * @example
 * const { scenario: planned, durations } = withPlanDurations(current, "learned", learnDurations(incident, log, now));
 * const plan = { ...(await compute.plan({ scenario: planned, options })), durations };
 */
export function withPlanDurations(scenario: Scenario, choice: DurationsChoice, learned: LearnedDurations | undefined): { scenario: Scenario; durations: PlanDurations } {
  const d = { ...DEFAULTS, ...scenario.defaults };
  const values = (s: Scenario): PlanDurations["values"] => {
    const x = { ...DEFAULTS, ...s.defaults };
    return { planHours: x.planHours, cableMetresPerHour: x.cableMetresPerHour, switchOnHours: x.switchOnHours };
  };
  if (choice === "scenario") return { scenario, durations: { requested: "scenario", used: "scenario", values: values(scenario) } };
  const onSite = usable(learned, "lv", "onSite")?.ratio;
  const n = learned?.byVoltage.lv.onSite?.ratio?.n ?? 0;
  const min = learned?.minSamples ?? 0;
  if (!onSite || onSite.n < min) {
    const reason = `${n} low-voltage on-site report${n === 1 ? "" : "s"} (truck.arrived → switched.on) so far, ${min} needed: the scenario's durations are used`;
    return { scenario, durations: { requested: "learned", used: "scenario", values: values(scenario), reason } };
  }
  const r = onSite.median;
  const scaled: Scenario = {
    ...scenario,
    defaults: { ...scenario.defaults, planHours: d.planHours * r, cableMetresPerHour: d.cableMetresPerHour / r, switchOnHours: d.switchOnHours * r },
    compounds: scenario.compounds.map((c) => (c.setupHours === undefined ? c : { ...c, setupHours: c.setupHours * r })),
  };
  return {
    scenario: scaled,
    durations: { requested: "learned", used: "learned", values: values(scaled), onSiteRatio: { n: onSite.n, median: r, p10: onSite.p10, p90: onSite.p90 } },
  };
}
