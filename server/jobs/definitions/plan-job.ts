/**
 * The plan job: plans (or re-plans) an incident from its event log as it stands when the job runs, stores the plan
 * and tells the boards. Requests that pile up for one incident collapse into one job (key = incident), and since
 * the handler reads the log when it starts, the latest state wins.
 */
import { z } from "zod";
import { ErrorCode, LianxinError } from "../../../shared/errors.ts";
import { buildCurrentScenario } from "../../../shared/restoration/build-current-scenario.ts";
import { learnDurations } from "../../../shared/restoration/learned-durations.ts";
import { withPlanDurations } from "../../../shared/restoration/plan-durations.ts";
import { exerciseOf, traineeView } from "../../../shared/exercise/exercise-scenario.ts";
import type { StoredPlan } from "../../../shared/wire.ts";
import type { JobContext, JobDefinition } from "../job-definition.ts";
import { loadIncident } from "../../incidents/load-incident.ts";

export const DEFAULT_PLAN_TIME_LIMIT_MS = 5_000;
export const MAX_PLAN_TIME_LIMIT_MS = 60_000;

const actorSchema = z.object({ id: z.string(), name: z.string(), role: z.enum(["commander", "crew", "viewer"]) });

export const planJobRequestSchema = z.strictObject({
  incident: z.string().min(1),
  /** planning instant, ms; default the clock's now when the job runs */
  atMs: z.number().optional(),
  timeLimitMs: z.number().positive().max(MAX_PLAN_TIME_LIMIT_MS).optional(),
  seed: z.number().int().optional(),
  /** #16: the commander's pins (kept by the plan) and forbids (never made) */
  pins: z.array(z.strictObject({ truck: z.string(), compound: z.string() })).optional(),
  forbid: z.array(z.strictObject({ truck: z.string(), compound: z.string() })).optional(),
  /** #17: on-site durations from the scenario (default) or learned from the event log */
  durations: z.enum(["scenario", "learned"]).optional(),
  requestedBy: actorSchema,
});

export type PlanJobRequest = z.infer<typeof planJobRequestSchema>;

/** progress messages while the planner runs in its thread: at most this often */
const BUDGET_TICK_MS = 250;

/**
 * @example
 * const stored = await jobs.run(planJob, { incident, requestedBy: actorOf(caller) });
 */
export const planJob: JobDefinition<PlanJobRequest, StoredPlan> = {
  name: "plan",
  kind: "plan",
  payloadSchema: planJobRequestSchema,
  collapseKey: (request) => request.incident,
  async handler(request, ctx) {
    ctx.progress(0, "reading the event log");
    const { scenario } = await loadIncident(ctx.store, request.incident);
    const events = await ctx.store.listEvents(request.incident);
    const atMs = request.atMs ?? ctx.clock.now();
    // an exercise (#18): the trainee plans with what was known then (announced grid returns, arrived convoys), as the
    // counterfactual's planner without foresight does, never with the scenario's true future
    // a re-plan starts from the latest plan and changes only what the log's news makes worth changing; its trucks'
    // tanks start where that plan and the log leave them (#17), as the board shows them
    const previousPlan = (await ctx.store.latestPlan(request.incident))?.plan;
    const built = exerciseOf(scenario) ? traineeView(scenario, events, atMs) : buildCurrentScenario(scenario, events, atMs, { fuelFrom: previousPlan ?? null });
    // #17: learned durations reach the pure planner as scenario defaults; the plan records which it used
    const choice = request.durations ?? "scenario";
    const { scenario: current, durations } = withPlanDurations(
      built, choice, choice === "learned" ? learnDurations(scenario, events, atMs) : undefined,
    );
    const timeLimitMs = request.timeLimitMs ?? DEFAULT_PLAN_TIME_LIMIT_MS;
    const options = {
      at: atMs, timeLimitMs, seed: request.seed ?? 1, ...(previousPlan ? { previousPlan } : {}),
      ...(request.pins?.length ? { pins: request.pins } : {}), ...(request.forbid?.length ? { forbid: request.forbid } : {}),
    };
    const plan = await whileBudgetRuns(ctx, timeLimitMs, ctx.compute.plan({ scenario: current, options })).catch((e: unknown) => {
      // the request was fine; what the log made of the scenario is not plannable: say so as 422, not 400
      if (e instanceof LianxinError && e.code === ErrorCode.invalidInput) throw new LianxinError(ErrorCode.impossible, e.message, e.details);
      throw e;
    });
    ctx.progress(0.95, "saving the plan");
    const basedOnSeq = events.reduce((max, e) => Math.max(max, e.seq), 0);
    const stored = await ctx.store.savePlan(request.incident, { ...plan, durations }, basedOnSeq, request.requestedBy);
    ctx.notifier.planStored(stored);
    return stored;
  },
};

/**
 * The planner runs in another thread and reports nothing while it searches: tell the board how much of its time
 * budget has passed (fraction 0.05-0.9 of the job), e.g. "planning: 2.1 s of a 5 s budget".
 */
async function whileBudgetRuns<T>(ctx: JobContext, budgetMs: number, work: Promise<T>): Promise<T> {
  const started = performance.now();
  const budgetS = budgetMs / 1000;
  ctx.progress(0.05, `planning: 0.0 s of a ${budgetS} s budget`);
  const timer = setInterval(() => {
    const elapsedMs = performance.now() - started;
    const share = Math.min(1, elapsedMs / budgetMs);
    ctx.progress(0.05 + 0.85 * share, `planning: ${(elapsedMs / 1000).toFixed(1)} s of a ${budgetS} s budget`);
  }, BUDGET_TICK_MS);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
