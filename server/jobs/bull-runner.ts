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
import { randomUUID } from "node:crypto";
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
      // keep a few finished jobs to inspect, and long enough for the outcome poll (listenForOutcomes) to read them
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

  const outcomes = await listenForOutcomes(queue);
  return {
    async plan(payload) {
      // The id is ours, so the outcome is awaited before the job exists: no completion can slip past unheard.
      const jobId = randomUUID();
      const outcome = outcomes.expect(jobId);
      try {
        await queue.add(planJobName, payload, { jobId });
        const settled = await outcome;
        if (settled.ok) return settled.plan;
        throw fromJobErrorData(settled.error);
      } finally {
        outcomes.forget(jobId);
      }
    },
    async close() {
      await queue.close(); // waits for this process's active job, so a shutdown does not strand it
      outcomes.rejectAll(new Error("job runner closed before the job finished"));
      await ownRunner?.close();
    },
  };
}

interface Outcomes {
  /** resolves with the job's outcome, rejects with its final failure reason */
  expect(jobId: string): Promise<JobOutcome>;
  forget(jobId: string): void;
  rejectAll(error: Error): void;
}

/**
 * Outcomes of this process's jobs, from the queue's global events (published by whichever process ran the job).
 * Bull's own job.finished() subscribes per call and checks the job's state before listening: a job finishing in
 * that gap (easily, for a fast job) is only noticed by its 5 s watchdog. Here one subscription is made at start and
 * a poll every few seconds covers messages lost while the subscriber reconnects.
 */
async function listenForOutcomes(queue: Queue.Queue<PlanJobPayload>, pollMs = 5000): Promise<Outcomes> {
  const waiting = new Map<string, { resolve(outcome: JobOutcome): void; reject(error: Error): void; poll: NodeJS.Timeout }>();
  const settle = (jobId: string, result: { outcome: JobOutcome } | { error: Error }) => {
    const waiter = waiting.get(String(jobId));
    if (!waiter) return;
    clearInterval(waiter.poll);
    waiting.delete(String(jobId));
    if ("outcome" in result) waiter.resolve(result.outcome);
    else waiter.reject(result.error);
  };
  const check = async (jobId: string) => {
    const job = await queue.getJob(jobId);
    if (job && (await job.isCompleted())) settle(jobId, { outcome: job.returnvalue as JobOutcome });
    else if (job && (await job.isFailed())) settle(jobId, { error: new Error(job.failedReason) });
  };
  const registered = ["global:completed", "global:failed"].map((event) => new Promise((resolve) => queue.on(`registered:${event}`, resolve)));
  queue.on("global:completed", (jobId: string, result: string) => settle(jobId, { outcome: JSON.parse(result) as JobOutcome }));
  queue.on("global:failed", (jobId: string, reason: string) => settle(jobId, { error: new Error(reason) }));
  await Promise.all(registered);
  return {
    expect: (jobId) =>
      new Promise((resolve, reject) => {
        const poll = setInterval(() => void check(jobId).catch(() => {}), pollMs);
        waiting.set(jobId, { resolve, reject, poll });
      }),
    forget: (jobId) => {
      clearInterval(waiting.get(jobId)?.poll);
      waiting.delete(jobId);
    },
    rejectAll: (error) => {
      for (const jobId of [...waiting.keys()]) settle(jobId, { error });
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
