/**
 * The scorecard's lower bound (#18 item 2): the planner's own valid lower bound (server/planner/bounds/lower-bound.ts,
 * the `lowerBound` a plan document gives) on the same replay up to the same instant t.
 *
 * How "up to t" becomes a planner scenario: every compound's grid return is capped at t (gridRestoredAt =
 * min(grid return, t)) and so is the horizon, so a plan's objective in that scenario is exactly its customer outage
 * hours up to t (Σ priority × households × hours from the outage start to min(grid, t) without supply, partial
 * supply counting its unsupplied share: the board's accounting). Compounds dark for no time before t are dropped,
 * and so are trucks available only from t on: neither changes any figure up to t.
 *
 * So that one bound holds for every figure of the scorecard (the trainee's exercise log, the history and both
 * planners' logs, which share the history's compounds), the scenario is the relaxation of all the logs given: the
 * compounds known to all of them, each with the least households, priority and load, the latest outage start and
 * the earliest grid return any of them knows by t. Further relaxations, each only lowering the bound: no road
 * closure from the logs (floods of the scenario itself stay), no breakdown, every truck free from its availableAt
 * (no planning instant), and each compound's on-site time at most the event rules' minimum
 * (defaults.minOnSiteMinutes), since a report may switch on that soon after arriving.
 *
 * What it assumes (the planner's model, lower-bound.ts step 2): a truck that supplies a compound stays until that
 * compound's grid returns (or t). The exercise's fleet steps come from approved plans, which keep that; a truck
 * released before its compound's grid returns and sent on is outside the model, and against such a command the
 * bound is not proven.
 *
 * The unweighted figure (household-h) is the same bound with every priority 1. Deterministic: the planner's budget
 * is counted in ticks (countingTicker), not read from a clock.
 */
import type { StoredEvent } from "../../shared/events.ts";
import { iso } from "../../shared/restoration/derive-state.ts";
import { compoundsOf, eventsUpTo, gridTimes, toMs } from "../../shared/restoration/timeline.ts";
import { minOnSiteMinutes } from "../../shared/restoration/validate-event.ts";
import { DEFAULTS, type Compound, type Scenario } from "../../shared/scenario.ts";
import { setupHours } from "../planner/build-instance.ts";
import { planValidScenario } from "../planner/plan-dispatch.ts";
import { countingTicker } from "../replay/counterfactual.ts";
import type { ScoreFigures } from "./exercise-score.ts";

/** the planner's budget for the bound's plan, in ticks (the counterfactual's default per decision) */
const BOUND_TICKS = 200_000;

/**
 * @example
 * const bound = exerciseLowerBound(base, [exerciseLog, historical, plannedWithout, plannedWith], atMs);
 * bound.customerOutageHours <= traineeCustomerOutageHours; // for commands in the planner's model
 */
export function exerciseLowerBound(base: Scenario, logs: readonly (readonly StoredEvent[])[], atMs: number): ScoreFigures {
  const scenario = boundScenario(base, logs, atMs);
  if (scenario.compounds.length === 0) return { customerOutageHours: 0, householdHours: 0 };
  const unweighted: Scenario = { ...scenario, compounds: scenario.compounds.map((c) => ({ ...c, priority: 1 })) };
  return { customerOutageHours: boundOf(scenario), householdHours: boundOf(unweighted) };
}

/** The planner's lowerBound of a scenario, as its plan document gives it (no planning instant: trucks free from availableAt). */
function boundOf(scenario: Scenario): number {
  const plan = planValidScenario(scenario, { seed: 1, ticker: countingTicker(), timeLimitMs: BOUND_TICKS });
  return plan.lowerBound ?? 0;
}

/**
 * The relaxed scenario "up to t" of the logs (see the file comment).
 *
 * @example
 * boundScenario(tiny, [log], ms("21T06:00")).horizonEnd; // "2021-07-21T06:00:00+08:00"
 */
export function boundScenario(base: Scenario, logs: readonly (readonly StoredEvent[])[], atMs: number): Scenario {
  const defaults = { ...DEFAULTS, ...base.defaults };
  const onSiteHours = minOnSiteMinutes(base) / 60;
  const views = logs.map((log) => {
    const known = eventsUpTo(log, atMs);
    const compounds = compoundsOf(base, known);
    return { compounds: new Map(compounds.map((c) => [c.id, c])), gridAt: gridTimes(base, compounds, known) };
  });
  const ids = [...(views[0]?.compounds.keys() ?? [])].filter((id) => views.every((v) => v.compounds.has(id)));
  const compounds: Compound[] = [];
  for (const id of ids) {
    const all = views.map((v) => v.compounds.get(id)!);
    const startMs = Math.max(...all.map((c) => toMs(c.outageStart)));
    const endMs = Math.min(atMs, ...views.map((v) => v.gridAt(id, atMs)));
    if (!(endMs > startMs)) continue;
    const first = all[0];
    compounds.push({
      ...first,
      households: Math.min(...all.map((c) => c.households)),
      priority: Math.min(...all.map((c) => c.priority ?? 1)),
      loadKw: Math.min(...all.map((c) => c.loadKw)),
      outageStart: iso(startMs, base.timezone),
      gridRestoredAt: iso(endMs, base.timezone),
      setupHours: Math.min(setupHours(first, defaults), onSiteHours),
    });
  }
  const kept = new Set(compounds.map((c) => c.id));
  const trucks = base.trucks.filter((t) => toMs(t.availableAt) < atMs);
  const truckIds = new Set(trucks.map((t) => t.id));
  const fixed = <T extends { truck: string; compound: string }>(list: T[] | undefined) => list?.filter((k) => kept.has(k.compound) && truckIds.has(k.truck));
  return {
    ...base,
    events: [],
    horizonEnd: iso(atMs, base.timezone),
    compounds,
    trucks,
    ...(base.connections ? { connections: fixed(base.connections) } : {}),
    ...(base.enRoute ? { enRoute: fixed(base.enRoute) } : {}),
  };
}
