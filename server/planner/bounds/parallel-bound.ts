/**
 * The lower bound of a full plan, computed beside the search instead of after it (the contract between planDispatch
 * and whatever runs it on another core: server/compute/bound-thread.ts runs it in a worker thread).
 *
 * Why: outside the core case the bound is an anytime Lagrangian (lower-bound.ts) and the search an anytime local
 * search; one after the other they split one core's budget (on the 2,000-compound city each got about 4 s of 9 s).
 * Side by side on two cores each gets the whole budget. The bound is the same relaxation either way, so it is as
 * valid; only how far its subgradient gets, and the Polyak target it aims at (the search's saving, sent as the
 * search improves), differ.
 *
 * Pure: plain data in, a result out; the thread, its messages and its clock are the caller's.
 */
import type { Scenario } from "../../../shared/scenario.ts";
import { buildInstance } from "../build-instance.ts";
import { boundMemo, type PlannerCache } from "../planner-cache.ts";
import { computeLowerBound, type BoundReuse, type LowerBoundResult } from "./lower-bound.ts";

/** What the bound beside a full plan needs: the plan's (validated) scenario and planning instant. */
export interface BoundJob {
  scenario: Scenario;
  /** the planning instant, ms since Unix epoch (PlanOptions.at) */
  at?: number;
  /**
   * how long from the start call the bound may run: the plan's time left, in the planner ticker's units, which a
   * thread measures on its own clock in milliseconds (so a counting ticker, as the counterfactual's, and a bound
   * beside the search do not mix)
   */
  timeLimitMs: number;
  /**
   * the planner cache's bound memo for these roads (relaxed travel, landmarks, arcs), handed over for the run and
   * handed back in the outcome (BoundOutcome.reuse), so that later re-plans find it filled as after an inline bound
   */
  reuse?: BoundReuse;
  /**
   * a work budget (plan-budget.ts): exactly this many subgradient steps, aimed at the first saving the search
   * sends (its best start's, known before any timing matters), so the bound is the same on every run;
   * `timeLimitMs` is then only a safety cap (LowerBoundResult.cut). Without it: steps until the deadline, aimed at
   * the search's latest saving.
   */
  steps?: number;
}

export interface BoundOutcome {
  result: LowerBoundResult;
  /** the memo as the bound left it (BoundJob.reuse, updated) */
  reuse?: BoundReuse;
}

/** A bound running elsewhere. */
export interface RunningBound {
  /** whether it took BoundJob.reuse (then lost with the bound if collect() answers undefined) */
  readonly tookMemo: boolean;
  /** the saving of the best plan the search has so far (customer-hours): the subgradient's Polyak target */
  aim(knownSaving: number): void;
  /**
   * stops the bound and waits for it (blocking: the planner is synchronous); undefined when it failed or did not
   * answer in time, and the planner then bounds inline with what time is left
   */
  collect(): BoundOutcome | undefined;
  /** the plan failed: stop the bound without waiting for it (the memo it took is lost) */
  abandon(): void;
}

/** Starts BoundJob elsewhere (PlanOptions.parallelBound). */
export type StartBound = (job: BoundJob) => RunningBound;

/**
 * The bound of a full plan, as planDispatch computes it inline outside the core case: the Lagrangian on all arcs
 * until `timeUp`, aimed at the search's latest saving. The thread running a BoundJob calls this.
 *
 * @example
 * const { result } = boundFullPlan(job, { knownSaving: () => latestSaving, timeUp: () => stopped });
 */
export function boundFullPlan(
  job: BoundJob,
  hooks: { knownSaving: () => number | undefined; timeUp: () => boolean; cache?: PlannerCache },
): BoundOutcome {
  const inst = buildInstance(job.scenario, { at: job.at, cache: hooks.cache });
  const memo = job.reuse ?? boundMemo(hooks.cache, inst.network);
  // a full plan's bound never starts from the last prices (so that it is the same with or without a cache); the
  // prices it ends with are what a re-plan starts from
  const reuse = memo && { ...memo, prices: new Map<string, number>() };
  // planDispatch's settings for a timed full plan outside the core case: no flow (it is not exact there) and τ
  // from the landmarks or flood-free travel, searched as needed
  let first: number | undefined;
  const knownSaving = job.steps === undefined ? hooks.knownSaving : (): number | undefined => (first ??= hooks.knownSaving());
  const result = computeLowerBound(inst, { useFlow: false, searchFree: false, reuse, knownSaving, timeUp: hooks.timeUp, iterations: job.steps });
  return { result, reuse };
}
