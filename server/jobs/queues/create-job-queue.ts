/**
 * Chooses the job queue from the configuration: Bull on Redis when REDIS_URL is set, else in-process. Bull is
 * imported only on that path, so a server without Redis never loads it.
 */
import type { Config } from "../../config.ts";
import { allJobs } from "../definitions/all-jobs.ts";
import type { JobKind } from "../../../shared/wire.ts";
import type { Notifier } from "../../notifiers/notifier.ts";
import type { AnyJobDefinition, JobQueue } from "../job-definition.ts";
import type { JobDeps } from "../job-execution.ts";
import { createLocalQueue } from "./local-queue.ts";

export interface CreateJobQueueOptions {
  /** false: only add jobs (LIANXIN_SERVER_JOBS=off); default config.jobs.process */
  process?: boolean;
  /** default all-jobs.ts */
  definitions?: readonly AnyJobDefinition[];
}

/**
 * @example
 * const jobs = await createJobQueue(config, { store, notifier, clock, compute }); // in main.ts or worker.ts
 */
export async function createJobQueue(config: Pick<Config, "redisUrl" | "jobs">, given: JobDeps, options: CreateJobQueueOptions = {}): Promise<JobQueue> {
  const settings = config.jobs;
  const deps: JobDeps = { ...given, notifier: quietRoutineJobs(given.notifier) };
  if (config.redisUrl === null) {
    return createLocalQueue(deps, { attempts: settings.attempts, backoffMs: settings.backoffMs, concurrency: settings.concurrency });
  }
  const { createBullQueue } = await import("./bull-queue.ts");
  return createBullQueue(config.redisUrl, deps, {
    definitions: options.definitions ?? allJobs,
    process: options.process ?? settings.process,
    prefix: settings.prefix,
    attempts: settings.attempts,
    backoffMs: settings.backoffMs,
    concurrency: settings.concurrency,
    lockDurationMs: settings.lockMs,
    stalledIntervalMs: settings.stalledIntervalMs,
  });
}

/** Kinds that run as routine ticks: a replay at ×10,000 advances some 15 times a second. */
const ROUTINE: ReadonlySet<JobKind> = new Set<JobKind>(["replay"]);

/**
 * Boards hear about routine jobs only when one fails or retries: their every queued/active/completed step would
 * flood the job strip and the sockets while saying nothing a commander can act on. Other kinds pass unchanged.
 *
 * @example
 * const notifier = quietRoutineJobs(realtime.notifier);
 */
export function quietRoutineJobs(notifier: Notifier): Notifier {
  return {
    eventStored: (event) => notifier.eventStored(event),
    planStored: (plan) => notifier.planStored(plan),
    clockChanged: (clock) => notifier.clockChanged(clock),
    jobUpdated(job) {
      if (ROUTINE.has(job.kind) && job.state !== "failed" && job.state !== "retrying") return;
      notifier.jobUpdated(job);
    },
  };
}
