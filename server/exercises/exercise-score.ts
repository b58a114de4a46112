/**
 * The exercise scorecard (#18 item 2): the trainee's customer outage hours up to the exercise's present, set against
 * the same replay up to the same instant under what happened in history, under the planner re-planning at the
 * counterfactual's decision times without foresight (the grid returns announced by then) and with it (the true
 * ones), with no truck at all, and the planner's own lower bound on that replay up to that instant
 * (exercise-bound.ts). Pure: plain data in, scorecard out; the heavy parts (the counterfactual logs, the bound, the
 * planner's answer at each decision) are computed by the caller, off the main thread (score-task.ts, in the score
 * job).
 *
 * Every figure is the board's own accounting (deriveState at the instant): weighted = Σ priority × households × hours
 * without supply (customer-h), unweighted = Σ households × hours (household-h), a partly supplied compound counting
 * its unsupplied share.
 */
import type { StoredEvent } from "../../shared/events.ts";
import { exerciseOf } from "../../shared/exercise/exercise-scenario.ts";
import { deriveState, iso } from "../../shared/restoration/derive-state.ts";
import { compoundsOf, eventsUpTo, isTruckStep } from "../../shared/restoration/timeline.ts";
import type { IsoTime, Scenario } from "../../shared/scenario.ts";
import type { PlanSummary } from "../../shared/wire.ts";

export interface ScoreFigures {
  /** Σ priority × households × hours without supply, customer-h */
  customerOutageHours: number;
  /** Σ households × hours without supply, household-h */
  householdHours: number;
}

export interface CompoundScore {
  id: string;
  name: string;
  households: number;
  /** customer-h up to `at`, each */
  trainee: number;
  history: number;
  planner: number;
  /** who kept this compound darker least (within 0.01 customer-h is a tie): trainee against the planner without foresight */
  better: "trainee" | "planner" | "tie";
}

export interface DecisionScore {
  plan: string;
  approvedAt: IsoTime;
  approvedBy: string;
  basedOnSeq: number;
  /** the instant the plan was made for (its `at`) */
  at: IsoTime;
  /** the approved plan's own figure (from its instant to the horizon, in the planner's model), customer-h */
  customerOutageHours: number;
  /**
   * the planner's answer at that moment: a plan computed in the score job from the same state the trainee planned
   * on (the log up to basedOnSeq, the grid returns announced by then, the trucks arrived by then; no foresight),
   * the same figure, customer-h
   */
  plannerCustomerOutageHours: number;
  /** customerOutageHours − plannerCustomerOutageHours, customer-h: > 0 = the trainee's plan loses that much to the planner's */
  deltaCustomerOutageHours: number;
  /** the best plan stored for the same state (same event seq), this one included, customer-h */
  bestStoredCustomerOutageHours: number;
  /** plans stored for that state */
  alternatives: number;
}

export interface ExerciseScore {
  exercise: string;
  trainee: { name: string };
  /** the instant scored: the exercise's present */
  at: IsoTime;
  /** the exercise log's last seq scored (0: none) */
  basedOnSeq: number;
  figures: {
    trainee: ScoreFigures;
    history: ScoreFigures;
    plannerWithoutForesight: ScoreFigures;
    plannerWithForesight: ScoreFigures;
    noTrucks: ScoreFigures;
    lowerBound: ScoreFigures;
  };
  compounds: CompoundScore[];
  decisions: DecisionScore[];
}

/** An approved plan of the trainee's and the planner's answer for the same state (computed by score-task.ts). */
export interface DecisionInput {
  plan: string;
  /** the plan's instant, ms */
  atMs: number;
  plannerCustomerOutageHours: number;
}

export interface ScoreInput {
  exercise: string;
  /** the exercise's stored scenario (world's timeline, exercise mark with the history) */
  scenario: Scenario;
  /** the exercise's event log */
  log: readonly StoredEvent[];
  plans: readonly PlanSummary[];
  atMs: number;
  /** counterfactualLogs of the history's scenario: what happened, and the planned logs in both modes */
  historical: readonly StoredEvent[];
  plannedWithoutForesight: readonly StoredEvent[];
  plannedWithForesight: readonly StoredEvent[];
  /** exercise-bound.ts on the same logs and instant */
  lowerBound: ScoreFigures;
  /** the planner's answer at each approved plan's moment, by plan id */
  decisions: readonly DecisionInput[];
}

/**
 * @example
 * const score = scoreExercise({ exercise, scenario, log, plans, atMs, historical, plannedWithoutForesight, plannedWithForesight, lowerBound, decisions });
 * score.figures.trainee.customerOutageHours >= score.figures.lowerBound.customerOutageHours; // always
 */
export function scoreExercise(input: ScoreInput): ExerciseScore {
  const { scenario, log, atMs } = input;
  const mark = exerciseOf(scenario);
  const base: Scenario = { ...scenario, events: [] };
  const trainee = perCompound(base, log, atMs);
  const history = perCompound(base, input.historical, atMs);
  const without = perCompound(base, input.plannedWithoutForesight, atMs);
  const withF = perCompound(base, input.plannedWithForesight, atMs);
  const none = perCompound(base, log.filter((e) => !isTruckStep(e.type)), atMs);
  const compounds = compoundsOf(base, eventsUpTo(log, atMs)).map((c): CompoundScore => {
    const mine = trainee.get(c.id)?.customer ?? 0;
    const planner = without.get(c.id)?.customer ?? 0;
    return {
      id: c.id, name: c.name, households: c.households, trainee: mine, history: history.get(c.id)?.customer ?? 0, planner,
      better: Math.abs(mine - planner) <= 0.01 ? "tie" : mine < planner ? "trainee" : "planner",
    };
  });
  return {
    exercise: input.exercise,
    trainee: { name: mark?.trainee.name ?? "" },
    at: iso(atMs, scenario.timezone),
    basedOnSeq: log.reduce((max, e) => Math.max(max, e.seq), 0),
    figures: { trainee: total(trainee), history: total(history), plannerWithoutForesight: total(without), plannerWithForesight: total(withF), noTrucks: total(none), lowerBound: input.lowerBound },
    compounds,
    decisions: decisions(input.plans, input.decisions, scenario.timezone),
  };
}

type Hours = Map<string, { customer: number; household: number }>;

function perCompound(scenario: Scenario, log: readonly StoredEvent[], atMs: number): Hours {
  const weight = new Map(compoundsOf(scenario, log).map((c) => [c.id, c.priority ?? 1]));
  const out: Hours = new Map();
  for (const c of deriveState(scenario, log, atMs).compounds) {
    out.set(c.id, { customer: (weight.get(c.id) ?? 1) * c.households * c.outageHours, household: c.households * c.outageHours });
  }
  return out;
}

function total(hours: Hours): ScoreFigures {
  let customerOutageHours = 0;
  let householdHours = 0;
  for (const h of hours.values()) {
    customerOutageHours += h.customer;
    householdHours += h.household;
  }
  return { customerOutageHours, householdHours };
}

/** Each approved plan with the planner's answer for its state (a plan without one is not scored: the job had none). */
function decisions(plans: readonly PlanSummary[], answers: readonly DecisionInput[], zone: string): DecisionScore[] {
  const byPlan = new Map(answers.map((a) => [a.plan, a]));
  return plans
    .filter((p) => p.approvedAt !== undefined && byPlan.has(p.id))
    .map((p) => {
      const answer = byPlan.get(p.id)!;
      const same = plans.filter((q) => q.basedOnSeq === p.basedOnSeq);
      return {
        plan: p.id, approvedAt: iso(Date.parse(p.approvedAt!), zone), approvedBy: p.approvedBy ?? "", basedOnSeq: p.basedOnSeq, at: iso(answer.atMs, zone),
        customerOutageHours: p.customerOutageHours, plannerCustomerOutageHours: answer.plannerCustomerOutageHours,
        deltaCustomerOutageHours: p.customerOutageHours - answer.plannerCustomerOutageHours,
        bestStoredCustomerOutageHours: Math.min(...same.map((q) => q.customerOutageHours)), alternatives: same.length,
      };
    })
    // by approval, then (one wall instant in a test, or one minute) by the plan's own instant
    .sort((a, b) => Date.parse(a.approvedAt) - Date.parse(b.approvedAt) || Date.parse(a.at) - Date.parse(b.at));
}
