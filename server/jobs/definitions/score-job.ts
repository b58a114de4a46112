/**
 * The exercise score job (#18 item 2): computes an exercise's scorecard off the main thread (the counterfactual logs,
 * the planner's bound up to the exercise's present and the planner's answer at each approved plan, in
 * server/exercises/score-task.ts through ctx.compute) from the exercise as it stands when the job runs. Its result is
 * the scorecard; GET /api/exercises/:id/score answers the last one computed and starts this job when that one is
 * stale. Requests that pile up for one exercise collapse into one job.
 */
import { z } from "zod";
import type { JobDefinition } from "../job-definition.ts";
import { loadIncident } from "../../incidents/load-incident.ts";
import { replayNow } from "../../clock/scenario-clock.ts";
import type { ExerciseScore } from "../../exercises/exercise-score.ts";

export const scorePayloadSchema = z.strictObject({ incident: z.string().min(1) });
export type ScorePayload = z.infer<typeof scorePayloadSchema>;

/**
 * @example
 * const status = await jobs.add(scoreJob, { incident: exerciseId });
 */
export const scoreJob: JobDefinition<ScorePayload, ExerciseScore> = {
  name: "exercise-score",
  kind: "score",
  payloadSchema: scorePayloadSchema,
  cpuBound: true,
  collapseKey: ({ incident }) => `exercise-score:${incident}`,
  async handler({ incident }, ctx) {
    ctx.progress(0, "reading the exercise, its log and plans");
    const detail = await loadIncident(ctx.store, incident, "id");
    const [log, plans, now] = await Promise.all([ctx.store.listEvents(incident), ctx.store.listPlans(incident), replayNow(ctx.store, ctx.clock, incident)]);
    const approved = await Promise.all(plans.filter((p) => p.approvedAt !== undefined).map(async (p) => {
      const stored = await ctx.store.getPlan(incident, p.id);
      const at = stored?.plan.at ?? p.approvedAt!;
      return { plan: p.id, atMs: Date.parse(at), basedOnSeq: p.basedOnSeq };
    }));
    ctx.progress(0.05, "scoring: the counterfactual, the bound and the planner's answer at each decision");
    const atMs = now ?? Date.parse(detail.scenario.horizonEnd);
    const score = await ctx.compute.score({ exercise: incident, scenario: detail.scenario, log, plans, approved, atMs });
    ctx.progress(0.95, "scored");
    return score;
  },
};
