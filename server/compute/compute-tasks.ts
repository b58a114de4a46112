/**
 * The compute tasks a worker thread runs (worker-compute.ts): the planner, the counterfactual replay, the
 * exercise scorecard (#18) and the board alerts (#16). Every plan
 * job, wherever it runs, computes through exactly handlePlanJob, so a plan computed in the background is the plan
 * the CLI would print for the same input and seed.
 */
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { ErrorCode, LianxinError, type ErrorDetail } from "../../shared/errors.ts";
import type { Plan } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { CounterfactualReport } from "../../shared/wire.ts";
import { formatPath, validateScenario } from "../../shared/validate-scenario.ts";
import type { CounterfactualOptions, PlanJobPayload } from "../jobs/job-definition.ts";
import type { PlannerCache } from "../planner/planner-cache.ts";
import type { StartBound } from "../planner/bounds/parallel-bound.ts";
import type { BoundThread } from "./bound-thread.ts";
import type { ScoreTask } from "../exercises/score-task.ts";
import type { ExerciseScore } from "../exercises/exercise-score.ts";
import { createAlertDeriver, type AlertDerivation, type AlertTask } from "../incidents/alert-derivation.ts";

/** What computes a plan wherever it runs; tests inject stand-ins with the same shape. */
export type PlanJobHandler = (payload: PlanJobPayload) => Promise<Plan>;

export interface CounterfactualTask {
  scenario: Scenario;
  options: CounterfactualOptions;
}

/**
 * Payloads cross a thread or a Redis queue, possibly from another process: check them where they are executed.
 * The scenario is checked against the full scenario contract (validateScenario), not only its outline.
 */
export const planJobPayloadSchema = z
  .object({
    scenario: z.unknown().superRefine((doc, ctx) => {
      const result = validateScenario(doc);
      if (result.ok) return;
      for (const detail of result.details) ctx.addIssue({ code: "custom", message: detail.message, params: { path: detail.path } });
    }),
    options: z
      .object({
        at: z.number().optional(),
        timeLimitMs: z.number().positive().optional(),
        seed: z.number().int().optional(),
        // a plan this server stored earlier; only its outline is checked: routesFromPlan ignores what it cannot use
        // #16: the commander's pins and forbids, by id (the planner names any it cannot keep)
        pins: z.array(z.strictObject({ truck: z.string(), compound: z.string() })).optional(),
        forbid: z.array(z.strictObject({ truck: z.string(), compound: z.string() })).optional(),
        previousPlan: z.looseObject({ scenario: z.string(), trucks: z.array(z.looseObject({ id: z.string(), stops: z.array(z.looseObject({ compound: z.string() })) })) }).optional(),
      })
      .strict(),
  })
  .strict();

/**
 * Checks an untrusted payload; throws LianxinError(invalid_input) naming every offending field.
 *
 * @example
 * const payload = parsePlanJobPayload(job.data); // payload.scenario is a valid Scenario
 */
export function parsePlanJobPayload(data: unknown): PlanJobPayload {
  const parsed = planJobPayloadSchema.safeParse(data);
  if (parsed.success) return { scenario: parsed.data.scenario as Scenario, options: parsed.data.options as PlanJobPayload["options"] };
  const details: ErrorDetail[] = parsed.error.issues.map((issue) => {
    // scenario issues carry validateScenario's own path ("compounds[3].households") in params
    const inner = issue.code === "custom" ? (issue.params?.path as string | undefined) : undefined;
    const outer = formatPath(issue.path);
    return { path: inner ? `${outer}.${inner}` : outer, message: issue.message };
  });
  throw new LianxinError(ErrorCode.invalidInput, "invalid plan job payload", details);
}

/**
 * The handler: validates the payload and runs the planner with a monotonic ticker for its time budget. This is the
 * only place that hands the planner a clock (performance.now, not the wall clock, so budgets survive clock jumps).
 * The planner is imported lazily so that a runner can start (and a stand-in handler run) without loading it.
 *
 * @example
 * const plan = await handlePlanJob({ scenario, options: { seed: 1, timeLimitMs: 2000 } });
 */
export async function handlePlanJob(data: unknown): Promise<Plan> {
  const { scenario, options } = parsePlanJobPayload(data);
  // parsePlanJobPayload has validated the scenario against the whole contract: do not do it twice
  const { planValidScenario } = await import("../planner/plan-dispatch.ts");
  return planValidScenario(scenario, { ...options, cache: await plannerCache(), ticker: () => performance.now(), parallelBound: await boundThread() });
}

/**
 * The counterfactual replay (server/replay/counterfactual.ts, sync and pure), imported lazily: the framework runs
 * before that module exists, and a worker thread that never replays never loads it.
 *
 * @example
 * const report = await handleCounterfactual({ scenario, options: { seed: 1 } });
 */
export async function handleCounterfactual(data: CounterfactualTask): Promise<CounterfactualReport> {
  const { counterfactual } = await import("../replay/counterfactual.ts");
  return counterfactual(data.scenario, data.options);
}

/**
 * An exercise's scorecard (#18: server/exercises/score-task.ts: the counterfactual logs, the planner's bound and its
 * answer at each decision), imported lazily like the counterfactual.
 *
 * @example
 * const score = await handleScore({ exercise, scenario, log, plans, approved, atMs });
 */
export async function handleScore(data: ScoreTask): Promise<ExerciseScore> {
  const { computeScore } = await import("../exercises/score-task.ts");
  return computeScore(data);
}

/** this thread's copies of the incidents' logs (alert-derivation.ts): a worker kept for alerts extends them task by task */
const deriveAlerts = createAlertDeriver();

/**
 * The board alerts of an incident (#16), from the events stored since the previous task (alert-derivation.ts); run
 * by a pool of its own (main.ts), so an evaluation never waits behind a plan and the server's event loop never
 * derives a storm's state.
 *
 * @example
 * const { alerts } = await handleAlerts({ incident, afterSeq: null, events, scenario, plan: { plan: null }, thresholds, nowMs, zone });
 */
export function handleAlerts(task: AlertTask): Promise<AlertDerivation> {
  return deriveAlerts(task);
}

let cache: PlannerCache | undefined;
let bounds: BoundThread | undefined;

/**
 * One bound thread per thread that runs plans (bound-thread.ts): a timed full plan's bound runs there beside the
 * search. Never closed: it is unref'd, and ends with the thread that started it.
 */
async function boundThread(): Promise<StartBound | undefined> {
  bounds ??= (await import("./bound-thread.ts")).createBoundThread();
  return bounds.start;
}

/**
 * One planner cache per thread that runs jobs: road networks and travel rows survive between the plans of an
 * incident (found again by the roads' content hash), so a re-plan after one event costs a fraction of a full plan.
 */
async function plannerCache(): Promise<PlannerCache> {
  if (cache === undefined) cache = (await import("../planner/planner-cache.ts")).createPlannerCache();
  return cache;
}
