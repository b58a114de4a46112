/**
 * The counterfactual report (#6): what happened (a scenario's timeline, `scenario.events`) against what re-planning
 * at chosen decision times would have done, per compound and in customer outage hours.
 *
 * Historical: the timeline goes through the event log's own accounting (compoundsOf / gridTimes / replayTrucks, and
 * deriveState's outage hours), so the report's figures are the ones the board shows at the end of a replay.
 * A compound the timeline never restores gets its grid back at the scenario's time (gridRestoredAt, else its
 * substation's restoredAt, else horizonEnd), as on the board (gridTimes): the scenario's grid times are facts of the
 * scenario, a timeline's grid reports can only make them earlier.
 *
 * Planned (rolling horizon): at each decision time t, in order,
 *   1. the log known at t = the timeline's exogenous events with at ≤ t (road closures and openings, grid and
 *      substation returns, reported compounds, breakdowns) + the crew steps of the previous plans that were due by t
 *      (dispatched at depart, arrived, switched on); the timeline's own crew steps are left out: the plans replace them;
 *   2. the scenario at t = buildCurrentScenario(scenario without timeline, that log, t) (trucks where the plans left
 *      them, connections and trips under way kept), with only the trucks available by t (convoys still on the road
 *      are not known yet: see knownTrucksOnly);
 *   3. plan it from t on (planValidScenario, `at` = t) as a full plan, not a re-plan: what was done is fixed in the
 *      scenario (connections, trips under way), and what was only planned may change freely. A live re-plan is
 *      warm-started and penalises churn because crews act on the plan; here nobody has acted on the unexecuted
 *      part yet, and on Zhengzhou the re-plan mode's short budget left 4% on the table (3.62 M vs 3.48 M
 *      customer outage hours).
 * After the last decision every step of the last plan happens. The planned log (exogenous events + executed plan
 * steps) goes through the SAME accounting as the historical one, so both totals are the planner's objective
 * (priority × households × hours without supply, a partly supplied compound counting its unsupplied share) and
 * comparable. A compound's planned power time is thus the earlier of its grid return and the plans' first switch-on.
 *
 * Default decision times: the first outage start, then each distinct instant a truck becomes available (a convoy
 * arrives), up to the horizon. Deterministic: see `countingTicker`.
 */
import type { EventInput, StoredEvent } from "../../shared/events.ts";
import type { Plan } from "../../shared/plan.ts";
import type { IsoTime, Scenario } from "../../shared/scenario.ts";
import type { CounterfactualFigures, CounterfactualReport } from "../../shared/wire.ts";
import { maskFutureGrid } from "../../shared/timeline/known-at.ts";
import { iso, deriveState } from "../../shared/restoration/derive-state.ts";
import { buildCurrentScenario } from "../../shared/restoration/build-current-scenario.ts";
import { compoundsOf, gridTimes, replayTrucks, toMs } from "../../shared/restoration/timeline.ts";
import { timelineInputs, withoutTimeline } from "../../shared/timeline/timeline-inputs.ts";
import { planValidScenario } from "../planner/plan-dispatch.ts";
import { createPlannerCache } from "../planner/planner-cache.ts";

export type { CounterfactualReport } from "../../shared/wire.ts";

export interface CounterfactualOptions {
  /** ms since the Unix epoch; default (also for an empty list): the first outage start and each distinct truck availableAt */
  decisionTimes?: number[];
  /**
   * the planner's budget per decision, in ticks of the counting ticker (one per deadline check: every LNS iteration,
   * every few local-search moves, every bound step; default 200,000, which a Zhengzhou-sized plan does not reach: it
   * stops at its iteration limit after about 25,000)
   */
  timeLimitMs?: number;
  seed?: number;
  /**
   * #14: false (default) = each decision knows only what was known at it (knownAt semantics: the grid returns
   * announced by then, the default rule where none was); true = the true grid returns known in advance (upper bound)
   */
  foresight?: boolean;
  /** #14: compute the other mode too and report both (withForesight / withoutForesight); twice the work */
  both?: boolean;
  /** called after each decision: done of total */
  onProgress?(done: number, total: number): void;
}

/** What the log's accounting says of one compound. */
export interface CompoundOutcome {
  id: string;
  /** first supply (generator or grid) after the outage began, ms; null = dark until the horizon */
  poweredAtMs: number | null;
  /** hours without supply per household (a partly supplied compound counts its unsupplied share) */
  outageHours: number;
  /** priority × households × outageHours */
  customerOutageHours: number;
}

const DEFAULT_TICKS = 200_000;
const EXOGENOUS = new Set<EventInput["type"]>(["road.closed", "road.opened", "grid.restored", "substation.restored", "compound.reported", "truck.broken"]);

/**
 * Sets a scenario's timeline against re-planning at the decision times. Synchronous; pure but for the planner's
 * work (no clock, no I/O). Throws LianxinError(invalid_input) from the planner for a site with no road nearby.
 *
 * @example
 * const report = counterfactual(scenario, { seed: 1 });
 * report.historical.customerOutageHours - report.planned.customerOutageHours === report.savedCustomerOutageHours;
 */
export function counterfactual(scenario: Scenario, options: CounterfactualOptions = {}): CounterfactualReport {
  const base = withoutTimeline(scenario);
  const timeline = asStored(timelineInputs(scenario, `counterfactual:${scenario.id}`), 1);
  const historical = outcomes(base, timeline);
  const decisions = options.decisionTimes?.length ? [...new Set(options.decisionTimes)].sort((a, b) => a - b) : defaultDecisionTimes(base);
  const foresight = options.foresight ?? false;
  const run = (mode: boolean) => outcomes(base, planRollingHorizon(base, exogenousEvents(timeline), decisions, { ...options, foresight: mode }));
  const planned = run(foresight);
  const out = { ...report(base, timeline, decisions, historical, planned), foresight, ...savings(base, timeline, historical, planned) };
  if (options.both) {
    const other = run(!foresight);
    const mine = figures(base, timeline, historical, planned);
    const theirs = figures(base, timeline, historical, other);
    out.withForesight = foresight ? mine : theirs;
    out.withoutForesight = foresight ? theirs : mine;
  }
  return out;
}

/**
 * #18 scorecards: the two logs a counterfactual report is computed from, for the figures at any instant (deriveState
 * of either at t): what happened (the timeline as a log) and what the rolling-horizon plans made happen (the
 * exogenous events plus the plans' crew steps), with the report's own decision times and options.
 *
 * @example
 * const { historical, planned } = counterfactualLogs(scenario, { seed: 1 });
 * deriveState(withoutTimeline(scenario), planned, t).kpis;
 */
export function counterfactualLogs(scenario: Scenario, options: CounterfactualOptions = {}): { historical: StoredEvent[]; planned: StoredEvent[] } {
  const base = withoutTimeline(scenario);
  const timeline = asStored(timelineInputs(scenario, `counterfactual:${scenario.id}`), 1);
  const decisions = options.decisionTimes?.length ? [...new Set(options.decisionTimes)].sort((a, b) => a - b) : defaultDecisionTimes(base);
  return { historical: timeline, planned: planRollingHorizon(base, exogenousEvents(timeline), decisions, { ...options, foresight: options.foresight ?? false }) };
}

/** Unweighted household-hours and the share of the saving from the five largest contributors. */
function savings(base: Scenario, timeline: StoredEvent[], historical: Map<string, CompoundOutcome>, planned: Map<string, CompoundOutcome>) {
  const households = new Map(compoundsOf(base, timeline).map((c) => [c.id, c.households]));
  let h = 0;
  let p = 0;
  const saved: number[] = [];
  for (const o of historical.values()) {
    const q = planned.get(o.id) ?? o;
    const n = households.get(o.id) ?? 0;
    h += n * o.outageHours;
    p += n * q.outageHours;
    saved.push(o.customerOutageHours - q.customerOutageHours);
  }
  const total = saved.reduce((a, b) => a + b, 0);
  const top5 = saved.sort((a, b) => b - a).slice(0, 5).reduce((a, b) => a + b, 0);
  return { householdHours: { historical: h, planned: p, saved: h - p }, top5Share: total > 0 ? top5 / total : 0 };
}

function figures(base: Scenario, timeline: StoredEvent[], historical: Map<string, CompoundOutcome>, planned: Map<string, CompoundOutcome>): CounterfactualFigures {
  const sum = (m: Map<string, CompoundOutcome>) => [...m.values()].reduce((t, o) => t + o.customerOutageHours, 0);
  const s = savings(base, timeline, historical, planned);
  return { plannedCustomerOutageHours: sum(planned), savedCustomerOutageHours: sum(historical) - sum(planned), savedHouseholdHours: s.householdHours.saved, top5Share: s.top5Share };
}

/**
 * Per compound of the scenario (and those the log reports): when it was first powered and its outage, by the event
 * log's accounting (the board's). One function for history and plan, so their figures compare.
 *
 * @example
 * outcomes(scenario, log).get("jincheng-zhongyuan")?.poweredAtMs; // ms of 2021-07-25T23:30:00+08:00
 */
export function outcomes(scenario: Scenario, log: readonly StoredEvent[]): Map<string, CompoundOutcome> {
  const compounds = compoundsOf(scenario, log);
  const gridAt = gridTimes(scenario, compounds, log);
  const horizonMs = toMs(scenario.horizonEnd);
  const endMs = Math.max(horizonMs, ...log.map((e) => toMs(e.at)), ...compounds.map((c) => gridAt(c.id, Infinity)));
  // deriveState at the end of everything: each compound's hours without supply, exactly as the board counts them
  const state = new Map(deriveState(scenario, log, endMs).compounds.map((c) => [c.id, c]));
  const { supply } = replayTrucks(scenario, log, gridAt, Infinity);
  const out = new Map<string, CompoundOutcome>();
  for (const c of compounds) {
    const startMs = toMs(c.outageStart);
    const gridMs = gridAt(c.id, Infinity);
    const firstTruck = Math.min(...supply.filter((s) => s.compound === c.id && s.toMs > startMs && s.fromMs < gridMs).map((s) => Math.max(s.fromMs, startMs)));
    const powered = Math.min(firstTruck, gridMs);
    const outageHours = state.get(c.id)?.outageHours ?? 0;
    out.set(c.id, {
      id: c.id,
      // as in a plan: power only at the horizon (an outage with no known end) is no power
      poweredAtMs: powered < horizonMs ? powered : null,
      outageHours,
      customerOutageHours: (c.priority ?? 1) * c.households * outageHours,
    });
  }
  return out;
}

/**
 * The first outage start, then each distinct truck availableAt after it, before the horizon (ms, ascending).
 *
 * @example
 * defaultDecisionTimes(zhengzhou).length; // 14: 20 Jul 12:00, 19:00, 20:00, 21:00, 22:00, 21 Jul 02:00, ...
 */
export function defaultDecisionTimes(scenario: Scenario): number[] {
  const first = Math.min(...scenario.compounds.map((c) => toMs(c.outageStart)));
  const horizon = toMs(scenario.horizonEnd);
  const times = new Set([first, ...scenario.trucks.map((t) => toMs(t.availableAt)).filter((t) => t > first && t < horizon)]);
  return [...times].sort((a, b) => a - b);
}

/**
 * What the plans cannot change: the timeline's events but the crew steps. A breakdown is kept without the compound
 * where it happened in history: under the plans the truck may be elsewhere when it breaks down.
 */
function exogenousEvents(timeline: readonly StoredEvent[]): StoredEvent[] {
  return timeline
    .filter((e) => EXOGENOUS.has(e.type))
    .map((e) => {
      if (e.type !== "truck.broken" || e.compound === undefined) return e;
      const { compound: _where, ...rest } = e;
      return rest;
    });
}

/**
 * Re-plans at each decision time and returns the planned log: the exogenous events plus every crew step the plans
 * made happen (those due by each next decision, then all of the last plan's).
 */
function planRollingHorizon(base: Scenario, exogenous: StoredEvent[], decisions: number[], options: CounterfactualOptions): StoredEvent[] {
  const steps = new PlanSteps(base.timezone, exogenous.length + 1);
  const cache = createPlannerCache();
  let previous: Plan | undefined;
  decisions.forEach((t, k) => {
    if (previous) steps.execute(previous, t);
    const known = [...exogenous, ...steps.log].filter((e) => toMs(e.at) <= t);
    // without foresight the decision sees the grid returns announced by t, not the true ones (knownAt semantics)
    const seen = options.foresight ? base : maskFutureGrid(base, t);
    const current = knownTrucksOnly(buildCurrentScenario(seen, known, t), base, t);
    previous = planValidScenario(current, {
      at: t,
      seed: options.seed ?? 1,
      timeLimitMs: options.timeLimitMs ?? DEFAULT_TICKS,
      ticker: countingTicker(),
      cache,
    });
    options.onProgress?.(k + 1, decisions.length);
  });
  if (previous) steps.execute(previous, Infinity);
  return [...exogenous, ...steps.log];
}

/**
 * A decision at t cannot count on convoys still on the road: a truck enters the plans when it becomes available
 * (its availableAt, when the convoy arrives), which is why the default decision times include every arrival.
 * Without this the first plan would already route trucks that, in 2021, nobody in Zhengzhou knew would come, and
 * later decisions would learn nothing.
 */
function knownTrucksOnly(current: Scenario, base: Scenario, t: number): Scenario {
  const arrived = new Set(base.trucks.filter((truck) => toMs(truck.availableAt) <= t).map((truck) => truck.id));
  return { ...current, trucks: current.trucks.filter((truck) => arrived.has(truck.id)) };
}

/**
 * Time for the planner's budget without a clock: each call advances one tick. The planner reads its ticker at its
 * deadline checks, so a budget in ticks ends a search after the same moves on every machine and every run (the wall
 * clock would make the report depend on the machine's load).
 */
export function countingTicker(): () => number {
  let ticks = 0;
  return () => ticks++;
}

/** The crew steps plans made happen, as a log; each (truck, compound, step) once. */
class PlanSteps {
  readonly log: StoredEvent[] = [];
  private readonly done = new Set<string>();
  constructor(
    private readonly zone: string,
    private nextSeq: number,
  ) {}

  /** Adds the plan's steps due by `untilMs` (its depart, arrive and switch-on instants) not added before. */
  execute(plan: Plan, untilMs: number): void {
    const due: EventInput[] = [];
    for (const truck of plan.trucks) {
      for (const stop of truck.stops) {
        const step = (type: EventInput["type"], at: IsoTime) => {
          const key = `${truck.id}|${stop.compound}|${type}`;
          if (toMs(at) > untilMs || this.done.has(key)) return;
          this.done.add(key);
          due.push({ id: key, type, at: iso(toMs(at), this.zone), truck: truck.id, compound: stop.compound });
        };
        step("truck.dispatched", stop.depart);
        step("truck.arrived", stop.arrive);
        step("switched.on", stop.switchOn);
      }
    }
    // per truck the steps are in time order already; a stable sort by time keeps equal instants in step order
    due.sort((a, b) => toMs(a.at) - toMs(b.at));
    this.log.push(...asStored(due, this.nextSeq));
    this.nextSeq += due.length;
  }
}

function asStored(inputs: readonly EventInput[], firstSeq: number): StoredEvent[] {
  return inputs.map((e, i) => ({ ...e, incident: "counterfactual", seq: firstSeq + i, receivedAt: e.at, by: "counterfactual" }));
}

function report(
  base: Scenario,
  timeline: StoredEvent[],
  decisions: number[],
  historical: Map<string, CompoundOutcome>,
  planned: Map<string, CompoundOutcome>,
): CounterfactualReport {
  const zone = base.timezone;
  const known = new Map(compoundsOf(base, timeline).map((c) => [c.id, c]));
  const at = (ms: number | null): IsoTime | null => (ms === null ? null : iso(ms, zone));
  const compounds = [...historical.values()].map((h) => {
    const p = planned.get(h.id);
    const c = known.get(h.id);
    return {
      id: h.id,
      name: c?.name ?? h.id,
      households: c?.households ?? 0,
      historicalPoweredAt: at(h.poweredAtMs),
      plannedPoweredAt: at(p?.poweredAtMs ?? null),
      historicalOutageHours: h.outageHours,
      plannedOutageHours: p?.outageHours ?? h.outageHours,
    };
  });
  const total = (m: Map<string, CompoundOutcome>) => [...m.values()].reduce((sum, o) => sum + o.customerOutageHours, 0);
  const historicalTotal = total(historical);
  const plannedTotal = total(planned);
  return {
    scenario: base.id,
    decisionTimes: decisions.map((t) => iso(t, zone)),
    historical: { customerOutageHours: historicalTotal },
    planned: { customerOutageHours: plannedTotal },
    savedCustomerOutageHours: historicalTotal - plannedTotal,
    compounds,
  };
}
