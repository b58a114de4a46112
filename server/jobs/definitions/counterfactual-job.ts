/**
 * The counterfactual job (#6): re-plans a replayed incident at its decision times off the main thread
 * (server/replay/counterfactual.ts through ctx.compute) and stores the report; GET /api/incidents/:id/counterfactual
 * serves the latest. Requests that pile up for one incident collapse into one job (the latest options win).
 *
 * Both modes, always (#14): the board's headline is the saving with only the grid returns announced at each
 * decision, and beside it the saving with the true returns known in advance, the upper bound no commander had. One
 * mode alone would leave the board either without its headline or without the bound that puts it in proportion.
 */
import { z } from "zod";
import type { JobContext, JobDefinition } from "../job-definition.ts";
import { loadTimeline } from "../../replay/advance-replay.ts";

export const counterfactualPayloadSchema = z.strictObject({
  incident: z.string().min(1),
  /** ms since Unix epoch; default: the counterfactual's own choice (when each convoy arrives) */
  decisionTimes: z.array(z.number()).optional(),
  timeLimitMs: z.number().positive().optional(),
  seed: z.number().int().optional(),
});
export type CounterfactualPayload = z.infer<typeof counterfactualPayloadSchema>;

/** progress messages while the planner runs in its thread: at most this often */
const TICK_MS = 500;

/**
 * @example
 * const status = await jobs.add(counterfactualJob, { incident, seed: 1 });
 */
export const counterfactualJob: JobDefinition<CounterfactualPayload, { createdAt: string }> = {
  name: "counterfactual",
  kind: "counterfactual",
  payloadSchema: counterfactualPayloadSchema,
  collapseKey: ({ incident }) => `counterfactual:${incident}`,
  async handler({ incident, ...options }, ctx) {
    ctx.progress(0, "reading the scenario and its timeline");
    const { detail } = await loadTimeline(ctx.store, incident);
    const report = await whileComputing(ctx, ctx.compute.counterfactual(detail.scenario, { ...options, both: true }));
    ctx.progress(0.95, "saving the report");
    const stored = await ctx.store.saveCounterfactual(incident, report);
    return { createdAt: stored.createdAt };
  },
};

/** The planner reports nothing while it runs in its thread: say how long it has been at it (fraction 0.05-0.9). */
async function whileComputing<T>(ctx: JobContext, work: Promise<T>): Promise<T> {
  const started = performance.now();
  ctx.progress(0.05, "re-planning at the decision times");
  const timer = setInterval(() => {
    const seconds = (performance.now() - started) / 1000;
    // no total is known in advance: the fraction creeps towards 0.9 (half way after 10 s)
    ctx.progress(0.05 + 0.85 * (seconds / (seconds + 10)), `re-planning at the decision times: ${seconds.toFixed(1)} s`);
  }, TICK_MS);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
