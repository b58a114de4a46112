/**
 * The exercise scorecard (#18 item 2): the trainee's customer outage hours up to the exercise's present, set against
 * the same replay up to the same instant under what happened in history, under the planner re-planning at the
 * counterfactual's decision times without foresight (the grid returns announced by then) and with it (the true
 * ones), with no truck at all, and a lower bound no command can beat. Pure: plain data in, scorecard out (the
 * counterfactual logs are computed by the caller, once per exercise: they cost a planner run per decision).
 *
 * Every figure is the board's own accounting (deriveState at the instant): weighted = Σ priority × households × hours
 * without supply (customer-h), unweighted = Σ households × hours (household-h), a partly supplied compound counting
 * its unsupplied share.
 *
 * The lower bound at t, per compound: hours from its outage start to the earliest instant anything could supply it,
 * capped at t: its grid return (as the exercise's log knows it), a truck already connected to it or on its way in the
 * scenario, or the earliest any truck becomes available plus the least on-site time the event rules allow
 * (defaults.minOnSiteMinutes), as if every compound had a truck of its own that drove no distance and carried its
 * whole load. Each relaxation only lowers it, so no trainee and no plan beats it; it is weak, not tight.
 */
import type { StoredEvent } from "../../shared/events.ts";
import { exerciseOf } from "../../shared/exercise/exercise-scenario.ts";
import { deriveState, iso } from "../../shared/restoration/derive-state.ts";
import { compoundsOf, eventsUpTo, gridTimes, isTruckStep, toMs } from "../../shared/restoration/timeline.ts";
import { minOnSiteMinutes } from "../../shared/restoration/validate-event.ts";
import type { Compound, IsoTime, Scenario } from "../../shared/scenario.ts";
import type { PlanSummary } from "../../shared/wire.ts";

const HOUR_MS = 3_600_000;

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
  /** the approved plan's own figure (from its instant to the horizon), customer-h */
  customerOutageHours: number;
  /** the best plan stored for the same state (same event seq), this one included, customer-h */
  bestCustomerOutageHours: number;
  /** customerOutageHours − bestCustomerOutageHours, customer-h: 0 = the best answer known at that moment */
  deltaCustomerOutageHours: number;
  /** plans stored for that state */
  alternatives: number;
}

export interface ExerciseScore {
  exercise: string;
  trainee: { name: string };
  /** the instant scored: the exercise's present */
  at: IsoTime;
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
}

/**
 * @example
 * const score = scoreExercise({ exercise, scenario, log, plans, atMs, historical, plannedWithoutForesight, plannedWithForesight });
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
  const bound = lowerBound(base, log, atMs);
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
    figures: { trainee: total(trainee), history: total(history), plannerWithoutForesight: total(without), plannerWithForesight: total(withF), noTrucks: total(none), lowerBound: total(bound) },
    compounds,
    decisions: decisions(input.plans, scenario.timezone),
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

function lowerBound(scenario: Scenario, log: readonly StoredEvent[], atMs: number): Hours {
  const known = eventsUpTo(log, atMs);
  const compounds = compoundsOf(scenario, known);
  const gridAt = gridTimes(scenario, compounds, known);
  const onSiteMs = minOnSiteMinutes(scenario) * 60_000;
  const firstTruckMs = Math.min(...scenario.trucks.map((t) => toMs(t.availableAt))) + onSiteMs;
  const out: Hours = new Map();
  for (const c of compounds) {
    const startMs = toMs(c.outageStart);
    const earliest = Math.min(gridAt(c.id, atMs), firstTruckMs, ...committed(scenario, c, onSiteMs));
    const hours = Math.max(0, Math.min(atMs, earliest) - startMs) / HOUR_MS;
    out.set(c.id, { customer: (c.priority ?? 1) * c.households * hours, household: c.households * hours });
  }
  return out;
}

/** a connection's switch-on, or a trip under way's departure plus the on-site minimum, at this compound */
function committed(scenario: Scenario, c: Compound, onSiteMs: number): number[] {
  return [
    ...(scenario.connections ?? []).filter((k) => k.compound === c.id).map((k) => toMs(k.switchOn)),
    ...(scenario.enRoute ?? []).filter((k) => k.compound === c.id).map((k) => toMs(k.departedAt) + onSiteMs),
  ];
}

function decisions(plans: readonly PlanSummary[], zone: string): DecisionScore[] {
  return plans
    .filter((p) => p.approvedAt !== undefined)
    .map((p) => {
      const same = plans.filter((q) => q.basedOnSeq === p.basedOnSeq);
      const best = Math.min(...same.map((q) => q.customerOutageHours));
      return {
        plan: p.id, approvedAt: iso(Date.parse(p.approvedAt!), zone), approvedBy: p.approvedBy ?? "", basedOnSeq: p.basedOnSeq,
        customerOutageHours: p.customerOutageHours, bestCustomerOutageHours: best, deltaCustomerOutageHours: p.customerOutageHours - best, alternatives: same.length,
      };
    })
    .sort((a, b) => Date.parse(a.approvedAt) - Date.parse(b.approvedAt));
}
