/**
 * The heavy part of an exercise's scorecard (#18 item 2), run by the score job on the compute pool (a worker thread,
 * server/compute/compute-tasks.ts), never on the request thread: the counterfactual's two rolling-horizon logs of the
 * history (a planner run per decision time and mode), the planner's lower bound up to the instant
 * (exercise-bound.ts), and the planner's answer at each of the trainee's approved plans, from the same state the
 * trainee planned on (traineeView: the log up to the plan's seq, the grid returns announced by then, the trucks
 * arrived by then). Pure but for the planner's work; deterministic (budgets in ticks).
 *
 * The counterfactual logs depend only on the exercise's stored scenario, which never changes, and a decision's
 * answer only on its plan's state: both are memoised in the thread (a few exercises' worth), so a re-score after the
 * clock moved costs the bound and the new decisions only.
 */
import type { StoredEvent } from "../../shared/events.ts";
import { exerciseOf, traineeView } from "../../shared/exercise/exercise-scenario.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { PlanSummary } from "../../shared/wire.ts";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { planValidScenario } from "../planner/plan-dispatch.ts";
import { counterfactualLogs, countingTicker } from "../replay/counterfactual.ts";
import { exerciseLowerBound } from "./exercise-bound.ts";
import { scoreExercise, type DecisionInput, type ExerciseScore } from "./exercise-score.ts";

/** the planner's budget for a decision's answer, in ticks (the counterfactual's default per decision) */
const ANSWER_TICKS = 200_000;
/** exercises whose counterfactual logs a thread keeps */
const KEEP = 8;

export interface ScoreTask {
  exercise: string;
  /** the exercise's stored scenario (its exercise mark holds the history) */
  scenario: Scenario;
  log: StoredEvent[];
  plans: PlanSummary[];
  /** the trainee's approved plans: their instant and the log seq they were made on */
  approved: { plan: string; atMs: number; basedOnSeq: number }[];
  /** the instant scored: the exercise's present, ms */
  atMs: number;
}

type Logs = { historical: StoredEvent[]; without: StoredEvent[]; withF: StoredEvent[] };
const logsByExercise = new Map<string, Logs>();
const answers = new Map<string, number>();

/**
 * @example
 * const score = computeScore({ exercise, scenario, log, plans, approved, atMs });
 */
export function computeScore(task: ScoreTask): ExerciseScore {
  const mark = exerciseOf(task.scenario);
  if (!mark) throw new LianxinError(ErrorCode.notFound, `incident ${task.exercise} is not an exercise`, [{ path: "id", message: "not an exercise" }]);
  const logs = historyLogs(task.exercise, { ...task.scenario, events: mark.history });
  const base: Scenario = { ...task.scenario, events: [] };
  const lowerBound = exerciseLowerBound(base, [task.log, logs.historical, logs.without, logs.withF], task.atMs);
  const decisions: DecisionInput[] = task.approved.map((d) => ({ plan: d.plan, atMs: d.atMs, plannerCustomerOutageHours: plannerAnswer(task, d) }));
  return scoreExercise({
    exercise: task.exercise, scenario: task.scenario, log: task.log, plans: task.plans, atMs: task.atMs,
    historical: logs.historical, plannedWithoutForesight: logs.without, plannedWithForesight: logs.withF, lowerBound, decisions,
  });
}

function historyLogs(exercise: string, source: Scenario): Logs {
  const known = logsByExercise.get(exercise);
  if (known) return known;
  const without = counterfactualLogs(source, { foresight: false, seed: 1 });
  const withF = counterfactualLogs(source, { foresight: true, seed: 1 });
  const logs = { historical: without.historical, without: without.planned, withF: withF.planned };
  if (logsByExercise.size >= KEEP) logsByExercise.delete(logsByExercise.keys().next().value!);
  logsByExercise.set(exercise, logs);
  return logs;
}

/** The planner's customer-h from the state the trainee planned on (a full plan, as the counterfactual's decisions). */
function plannerAnswer(task: ScoreTask, d: ScoreTask["approved"][number]): number {
  const key = `${task.exercise}\u0000${d.plan}`;
  const known = answers.get(key);
  if (known !== undefined) return known;
  const state = traineeView(task.scenario, task.log.filter((e) => e.seq <= d.basedOnSeq), d.atMs);
  const cost = planValidScenario(state, { at: d.atMs, seed: 1, ticker: countingTicker(), timeLimitMs: ANSWER_TICKS }).customerOutageHours;
  if (answers.size >= 64 * KEEP) answers.delete(answers.keys().next().value!);
  answers.set(key, cost);
  return cost;
}
