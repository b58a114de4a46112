/**
 * Plan jobs on a Redis queue with Bull: THE one file that imports Bull. Used when REDIS_URL is set, typically with
 * several server processes behind a load balancer.
 *
 * Every process that creates a runner with `process: true` (the default) is also a processor of the shared queue
 * "lianxin-plan", one job at a time; a job is taken by whichever processor is free, and `plan()` resolves wherever
 * it was called, through Redis. A process can also be a dedicated planner (call createBullRunner and never plan())
 * or a producer only (`process: false`). Processors still run the planner in a worker thread (in-process-runner),
 * because a main thread busy for seconds would stall this server's requests and Bull's lock renewal.
 *
 * Outcomes: a plan, or an input error (LianxinError with a non-internal code), come back as a JobOutcome so the
 * error keeps its code and details and is not retried (the same input fails the same way). Anything else (a crashed
 * or stuck worker, a lost Redis connection) fails the attempt and Bull retries it with backoff.
 */
import Queue from "bull";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { createInProcessRunner } from "./in-process-runner.ts";
import { fromJobErrorData, toJobErrorData, type JobOutcome } from "./job-error.ts";
import type { JobRunner, PlanJobPayload } from "./job-runner.ts";
import { planJobName, type PlanJobHandler } from "./plan-job.ts";

export const planQueueName = "lianxin-plan";

export interface BullRunnerOptions {
  /** Redis key prefix of the queue; default "bull". Separates deployments (and test runs) sharing one Redis. */
  prefix?: string;
  /** false: only enqueue, other processes run the jobs; default true */
  process?: boolean;
  /** how this process runs a job; default a worker-thread runner (closed with this runner) */
  execute?: PlanJobHandler;
  /** attempts per job; default 2 (one retry after a crash or a lost worker) */
  attempts?: number;
  /** first retry delay, doubling after; default 2000 ms */
  backoffMs?: number;
  /** a start against a Redis that does not answer within this fails instead of hanging; default 5000 ms */
  connectTimeoutMs?: number;
  /** Redis or queue errors that no caller awaits; default console.error */
  onError?: (error: Error) => void;
}

/**
 * @example
 * const jobs = await createBullRunner(config.redisUrl);
 * const plan = await jobs.plan({ scenario, options: { seed: 1 } });
 * await jobs.close();
 */
export async function createBullRunner(redisUrl: string, options: BullRunnerOptions = {}): Promise<JobRunner> {
  const queue = new Queue<PlanJobPayload>(planQueueName, redisUrl, {
    prefix: options.prefix ?? "bull",
    defaultJobOptions: {
      attempts: options.attempts ?? 2,
      backoff: { type: "exponential", delay: options.backoffMs ?? 2000 },
      // keep a few finished jobs to inspect, and never remove one before job.finished() can read it
      removeOnComplete: { age: 3600, count: 50 },
      removeOnFail: { age: 24 * 3600, count: 200 },
    },
  });
  const onError = options.onError ?? ((error: Error) => console.error(`[jobs] ${planQueueName}: ${error.message}`));
  queue.on("error", onError); // an EventEmitter "error" with no listener would crash the server
  await whenConnected(queue, options.connectTimeoutMs ?? 5000);

  let ownRunner: JobRunner | null = null;
  if (options.process ?? true) {
    const execute = options.execute ?? (ownRunner = createInProcessRunner()).plan;
    queue.process(planJobName, 1, (job) => runJob(execute, job.data)).catch(onError);
  }

  return {
    async plan(payload) {
      const job = await queue.add(planJobName, payload);
      const outcome = (await job.finished()) as JobOutcome;
      if (outcome.ok) return outcome.plan;
      throw fromJobErrorData(outcome.error);
    },
    async close() {
      await queue.close(); // waits for this process's active job, so a shutdown does not strand it
      await ownRunner?.close();
    },
  };
}

async function runJob(execute: PlanJobHandler, data: PlanJobPayload): Promise<JobOutcome> {
  try {
    return { ok: true, plan: await execute(data) };
  } catch (error) {
    if (error instanceof LianxinError && error.code !== ErrorCode.internal) return { ok: false, error: toJobErrorData(error) };
    throw error;
  }
}

/** Bull's isReady() resolves before any connection exists and commands then wait forever: ping with a deadline. */
async function whenConnected(queue: Queue.Queue, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const answer = await Promise.race([queue.client.ping(), deadline]).finally(() => clearTimeout(timer));
  if (answer !== "timeout") return;
  await queue.close();
  throw new Error(`Redis did not answer within ${timeoutMs} ms (check REDIS_URL)`);
}
