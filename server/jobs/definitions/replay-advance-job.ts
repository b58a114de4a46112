/**
 * The replay job (#6): delivers what a replay's scenario clock has reached (advance-replay.ts), then adds itself
 * again for when the next timeline entry falls due at the current speed (none while paused or once done). One
 * pending job per replay (collapse key `replay:<incident>`; the latest add wins, with its delay), so a clock change
 * that adds an immediate run replaces the wake-up planned for the old speed. In-process it is a timer in this
 * process; with Bull a delayed job, so any server or worker delivers it; either way deliveries are idempotent.
 */
import { z } from "zod";
import type { JobDefinition } from "../job-definition.ts";
import { advanceReplay } from "../../replay/advance-replay.ts";

export const replayAdvancePayloadSchema = z.strictObject({ incident: z.string().min(1) });
export type ReplayAdvancePayload = z.infer<typeof replayAdvancePayloadSchema>;

export interface ReplayAdvanceOutcome {
  /** seqs stored by this run */
  created: number[];
  delivered: number;
  total: number;
  nextDelayMs: number | null;
}

/**
 * @example
 * await jobs.add(replayAdvanceJob, { incident }); // deliver now, then follow the clock
 */
export const replayAdvanceJob: JobDefinition<ReplayAdvancePayload, ReplayAdvanceOutcome> = {
  name: "replay-advance",
  kind: "replay",
  payloadSchema: replayAdvancePayloadSchema,
  collapseKey: ({ incident }) => `replay:${incident}`,
  async handler({ incident }, ctx) {
    const result = await advanceReplay(ctx, incident);
    if (result === null) return { created: [], delivered: 0, total: 0, nextDelayMs: null };
    if (result.nextDelayMs !== null) await ctx.jobs.add(replayAdvanceJob, { incident }, { delayMs: result.nextDelayMs });
    return { created: result.created.map((e) => e.seq), delivered: result.delivered, total: result.total, nextDelayMs: result.nextDelayMs };
  },
};
