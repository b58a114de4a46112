/**
 * The job framework's vocabulary: what a job is (JobDefinition), what its handler may use (JobContext), the queue
 * that runs jobs (JobQueue: in-process by default, Bull on Redis with REDIS_URL) and the off-main-thread compute
 * pool for CPU-heavy pure tasks (Compute).
 *
 * A job file exports one JobDefinition and nothing else it needs to be run; server/jobs/definitions/all-jobs.ts lists them all,
 * because a Bull processor (a server or `npm run worker`) must know every name it may be handed.
 */
import type { z } from "zod";
import type { AssignmentPair, Plan } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { CounterfactualReport, JobKind, JobStatus } from "../../shared/wire.ts";
import type { Clock } from "../clock/clock.ts";
import type { Notifier } from "../notifiers/notifier.ts";
import type { Store } from "../store/store.ts";
import type { ScoreTask } from "../exercises/score-task.ts";
import type { ExerciseScore } from "../exercises/exercise-score.ts";
import type { AlertDerivation, AlertTask } from "../incidents/alert-derivation.ts";

/**
 * @example
 * export const exportJob: JobDefinition<ExportPayload, ExportFile> = {
 *   name: "export", kind: "export", payloadSchema: exportPayloadSchema,
 *   async handler(payload, ctx) { ctx.progress(0.5, "reading the log"); return renderExport(...); },
 * };
 */
export interface JobDefinition<P, R> {
  /** unique among all jobs (Bull's job name) */
  name: string;
  kind: JobKind;
  /** checked where the job is added and again where it runs (the payload may have crossed Redis) */
  payloadSchema: z.ZodType<P>;
  /** must return JSON-serialisable data (it crosses Redis with Bull) */
  handler(payload: P, ctx: JobContext): Promise<R>;
  /**
   * Jobs with the same key (namespaced by name) collapse while one is still waiting or delayed: the pending job
   * takes the latest payload (and delay) and every caller gets its one result. `AddOptions.key` overrides it.
   */
  collapseKey?(payload: P): string;
  /** the incident the job belongs to (board room, scope checks, job lists); default `payload.incident` when a string */
  incidentOf?(payload: P): string | null;
  /** attempts before the job fails for good; default the queue's (LIANXIN_JOB_ATTEMPTS, 3) */
  attempts?: number;
  /**
   * Runs in the CPU lane: at most one such job at a time per process (they wait on Compute's one thread anyway),
   * apart from the light jobs (replay steps, exports), which are then never held up behind a plan. One at a time
   * is also what lets a burst of re-plan requests collapse into the one job waiting behind the running one.
   * Default: true for the kinds "plan", "counterfactual" and "score".
   */
  cpuBound?: boolean;
}

/** Any definition, for registries (all-jobs.ts) that hold jobs of every payload type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a handler's payload type varies by definition
export type AnyJobDefinition = JobDefinition<any, unknown>;

/** What a handler is given; the same wherever it runs (a server, a worker process, a test). */
export interface JobContext {
  store: Store;
  /** reaches boards on every server, also from a worker process */
  notifier: Notifier;
  clock: Clock;
  compute: Compute;
  /** to add follow-up jobs (e.g. the next replay step) */
  jobs: JobQueue;
  /** 0..1 and what is being done; sent to the board at most a few times a second */
  progress(fraction: number, message: string): void;
  /** 1-based; > 1 on a retry */
  attempt: number;
  /** the job's id */
  jobId: string;
}

export interface AddOptions {
  /**
   * run no earlier than this many ms from now; collapsing into a pending job, a given delay (0 too) replaces its
   * delay, none keeps it
   */
  delayMs?: number;
  /** collapse key; default the definition's collapseKey(payload) */
  key?: string;
}

export interface JobQueue {
  /** adds (or collapses into a pending job) and resolves with its status, before it runs */
  add<P, R>(def: JobDefinition<P, R>, payload: P, opts?: AddOptions): Promise<JobStatus>;
  /** add, then the job's result; rejects with its error (a LianxinError keeps its code and details) */
  run<P, R>(def: JobDefinition<P, R>, payload: P, opts?: AddOptions): Promise<R>;
  /** the result of a job added earlier, by any process */
  wait<R>(id: string): Promise<R>;
  status(id: string): Promise<JobStatus | null>;
  /** a completed job's result; null when unknown or not completed */
  result(id: string): Promise<unknown>;
  /** recent jobs of an incident, newest first */
  list(incident: string): Promise<JobStatus[]>;
  /** jobs waiting, delayed or running, per kind (the metrics' queue depth) */
  depth(): Promise<Partial<Record<JobKind, number>>>;
  /** resolves when the queue's backing service answers (Redis for Bull; at once in-process): readiness */
  ping(): Promise<void>;
  /** stops taking jobs, waits for running ones (up to a grace period), rejects waiters */
  close(): Promise<void>;
}

/** Input of the planner compute task: a scenario snapshot and planner options. */
export interface PlanJobPayload {
  scenario: Scenario;
  options: {
    /** ms since Unix epoch: no departure before it */
    at?: number;
    timeLimitMs?: number;
    seed?: number;
    /** the plan this one replaces: a re-plan starts from it and moves only what gains more than the churn */
    previousPlan?: Plan;
    /** #16: assignments the plan must keep, and ones it must never make */
    pins?: AssignmentPair[];
    forbid?: AssignmentPair[];
  };
}

export interface CounterfactualOptions {
  /** ms since Unix epoch */
  decisionTimes?: number[];
  timeLimitMs?: number;
  seed?: number;
  /** #14: both modes, with and without foresight of the grid returns (server/replay/counterfactual.ts); twice the work */
  both?: boolean;
}

/**
 * CPU-heavy pure tasks off the main thread (worker threads): a planner busy for seconds must not stall crew
 * reports, socket pings or Bull's lock renewal.
 */
export interface Compute {
  plan(payload: PlanJobPayload): Promise<Plan>;
  /** server/replay/counterfactual.ts, run in a worker thread; its report is the wire type */
  counterfactual(scenario: Scenario, options: CounterfactualOptions): Promise<CounterfactualReport>;
  /** #18: an exercise's scorecard (server/exercises/score-task.ts), run in a worker thread */
  score(task: ScoreTask): Promise<ExerciseScore>;
  /** #16: an incident's board alerts from its new events (server/incidents/alert-derivation.ts), in a worker thread */
  alerts(task: AlertTask): Promise<AlertDerivation>;
  close(): Promise<void>;
}

export function isCpuBound(def: { kind: JobKind; cpuBound?: boolean }): boolean {
  return def.cpuBound ?? (def.kind === "plan" || def.kind === "counterfactual" || def.kind === "score");
}

/** The incident a job belongs to: the definition's incidentOf, else a string `incident` field of the payload. */
export function incidentOfJob<P>(def: JobDefinition<P, unknown>, payload: P): string | null {
  if (def.incidentOf) return def.incidentOf(payload);
  const incident = (payload as { incident?: unknown } | null)?.incident;
  return typeof incident === "string" ? incident : null;
}
