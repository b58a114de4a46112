/**
 * What a plan would have changed against what really happened: for replays of past incidents (HQ's after-action
 * review). A scenario folder may hold `history.json` beside the scenario (see scenarios/zhengzhou-2021) listing
 * dated events per compound; each first supply ("generator-on …" or "grid-on …") is set against the plan's
 * `poweredAt` for that compound.
 */
import { DateTime } from "luxon";
import type { Plan } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";

export interface History {
  scenario: string;
  events: { compound: string; event: string; at: string; source?: string }[];
}

export interface HistoryComparison {
  compound: string;
  name: string;
  /** hours from outage start to the first supply in reality */
  thenHours: number;
  /** the same under the plan; null when the plan leaves it dark to the horizon */
  planHours: number | null;
  thenAt: string;
  planAt: string | null;
}

/**
 * @example
 * compareWithHistory(scenario, plan, history)[0]; // { compound: "jincheng-zhongyuan", thenHours: 126, planHours: 68.3, … }
 */
export function compareWithHistory(scenario: Scenario, plan: Plan, history: History): HistoryComparison[] {
  const compounds = new Map(scenario.compounds.map((c) => [c.id, c]));
  const planned = new Map(plan.compounds.map((c) => [c.id, c]));
  const firstSupply = new Map<string, string>();
  for (const e of history.events) {
    if (!/^(generator|grid)-on/.test(e.event) || !compounds.has(e.compound)) continue;
    const known = firstSupply.get(e.compound);
    if (known === undefined || Date.parse(e.at) < Date.parse(known)) firstSupply.set(e.compound, e.at);
  }
  return [...firstSupply].map(([id, thenAt]) => {
    const c = compounds.get(id)!;
    const start = Date.parse(c.outageStart);
    const planAt = planned.get(id)?.poweredAt ?? null;
    return {
      compound: id,
      name: c.name,
      thenHours: (Date.parse(thenAt) - start) / 3_600_000,
      planHours: planAt === null ? null : (Date.parse(planAt) - start) / 3_600_000,
      thenAt,
      planAt,
    };
  });
}

/** Report lines, times in the scenario's zone. */
export function formatHistoryComparison(scenario: Scenario, rows: HistoryComparison[]): string[] {
  const local = (iso: string) => DateTime.fromISO(iso, { zone: scenario.timezone }).toFormat("MM-dd HH:mm");
  const h = (x: number) => `${x.toFixed(1)} h`;
  return rows.map((r) => {
    const plan = r.planAt === null || r.planHours === null ? "plan: dark to the horizon" : `plan ${local(r.planAt)} (${h(r.planHours)})`;
    const delta = r.planHours === null ? "" : r.planHours <= r.thenHours ? `, ${h(r.thenHours - r.planHours)} sooner` : `, ${h(r.planHours - r.thenHours)} later`;
    return `  ${r.compound} ${r.name}: then ${local(r.thenAt)} (${h(r.thenHours)} into its outage), ${plan}${delta}`;
  });
}
