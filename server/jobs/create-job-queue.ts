/**
 * Chooses the job queue from the configuration: Bull on Redis when REDIS_URL is set, else in-process. Bull is
 * imported only on that path, so a server without Redis never loads it.
 */
import type { Config } from "../config.ts";
import { allJobs } from "./all-jobs.ts";
import type { AnyJobDefinition, JobQueue } from "./job-definition.ts";
import type { JobDeps } from "./job-execution.ts";
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
export async function createJobQueue(config: Pick<Config, "redisUrl" | "jobs">, deps: JobDeps, options: CreateJobQueueOptions = {}): Promise<JobQueue> {
  const settings = config.jobs;
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
