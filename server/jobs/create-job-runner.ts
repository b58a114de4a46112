/**
 * Chooses the job runner from the configuration: Bull on Redis when REDIS_URL is set, else worker threads in this
 * process. Bull is imported only on that path, so a server without Redis never loads it.
 */
import type { Config } from "../config.ts";
import { createInProcessRunner } from "./in-process-runner.ts";
import type { JobRunner } from "./job-runner.ts";
import type { PlanJobHandler } from "./plan-job.ts";

export interface CreateJobRunnerOptions {
  /**
   * Runs each job on the calling thread instead of a worker thread (tests, stand-ins). With Redis, jobs still
   * travel through the queue and this process's processor calls it.
   */
  handler?: PlanJobHandler;
  /** Redis key prefix for the Bull queue (isolates test runs or deployments sharing a Redis); default "bull" */
  prefix?: string;
}

/**
 * @example
 * const jobs = await createJobRunner(config); // in main.ts
 * const plan = await jobs.plan({ scenario, options: { at: clock.now(), seed: 1 } });
 */
export async function createJobRunner(config: Pick<Config, "redisUrl">, options: CreateJobRunnerOptions = {}): Promise<JobRunner> {
  if (config.redisUrl !== null) {
    const { createBullRunner } = await import("./bull-runner.ts");
    return createBullRunner(config.redisUrl, { execute: options.handler, prefix: options.prefix });
  }
  return options.handler ? createCallingThreadRunner(options.handler) : createInProcessRunner();
}

function createCallingThreadRunner(handler: PlanJobHandler): JobRunner {
  let closed = false;
  return {
    plan: (payload) => (closed ? Promise.reject(new Error("job runner is closed")) : handler(payload)),
    close: async () => {
      closed = true;
    },
  };
}
