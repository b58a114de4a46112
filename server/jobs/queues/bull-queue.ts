/**
 * Jobs on Redis with Bull: THE one file that imports Bull. Used when REDIS_URL is set; any number of servers and
 * `npm run worker` processes share the queues "lianxin-jobs" (light jobs) and "lianxin-cpu" (plans and
 * counterfactuals) on one Redis, and one PostgreSQL.
 *
 * - Processing: a process created with `process: true` runs every job named in its definitions (all-jobs.ts): up
 *   to `concurrency` light jobs and one CPU-bound job at a time; servers with LIANXIN_SERVER_JOBS=off only add
 *   jobs and wait for them.
 * - Outcomes: a value, or an input error (LianxinError with a non-internal code), complete the Bull job with a
 *   JobOutcome, so the error keeps its code and details and is not retried (the same input fails the same way).
 *   Anything else fails the attempt and Bull retries it with exponential backoff; a worker that dies mid-job
 *   (SIGKILL, lost machine) stops renewing the job's lock and another processor's stalled check hands it on.
 * - Board: the process that runs a job (or notices its worker died) reports each state change and progress through
 *   its notifier, which reaches boards on every server.
 * - Collapse: a job added with a key while another job with that key is still waiting or delayed is merged into
 *   it (latest payload, latest delay). Two servers adding at the same instant may each create one; a job already
 *   running is never merged into, because it may have read the log before the request's news was stored. Bull's
 *   job ids (and its `debounce` option) are used for what they do; the merge itself is hand-written because
 *   neither keeps the latest payload nor lets an add through while the job runs (see collapse()).
 * - Waiting: Bull's global completed/failed events, one subscription per lane, with the job's state read after a
 *   waiter registers and a poll as a backstop; not job.finished(), for the reasons at listenForOutcomes().
 */
import { randomUUID } from "node:crypto";
import Queue from "bull";
import type { JobKind, JobState, JobStatus } from "../../../shared/wire.ts";
import { systemClock } from "../../clock/clock.ts";
import { fromJobErrorData, isPermanentError, toJobErrorData, type JobOutcome } from "../job-error.ts";
import { incidentOfJob, isCpuBound, type AddOptions, type AnyJobDefinition, type JobDefinition, type JobQueue } from "../job-definition.ts";
import {
  attemptsOf,
  backoffDelayMs,
  collapseKeyOf,
  defaultBackoffMs,
  errorMessage,
  jobContext,
  jobListLimit,
  jobStatus,
  parseJobPayload,
  throttledProgress,
  type JobDeps,
  type QueueSettings,
} from "../job-execution.ts";

export const jobsQueueName = "lianxin-jobs";
/** the CPU lane: plans and counterfactuals, one at a time per process */
export const cpuQueueName = "lianxin-cpu";

export interface BullQueueOptions extends QueueSettings {
  /** every job this process may add or run (all-jobs.ts) */
  definitions: readonly AnyJobDefinition[];
  /** Redis key prefix; separates deployments (and test runs) sharing one Redis; default "bull" */
  prefix?: string;
  /** false: only add jobs and wait for them, other processes run them; default true */
  process?: boolean;
  /** a running job's lock lasts this long and is renewed at half of it; default 30 000 ms */
  lockDurationMs?: number;
  /** how often a processor looks for jobs whose worker died; default 30 000 ms */
  stalledIntervalMs?: number;
  /** a start against a Redis that does not answer within this fails instead of hanging; default 5000 ms */
  connectTimeoutMs?: number;
  /** Redis or queue errors no caller awaits; default console.error */
  onError?: (error: Error) => void;
}

type AnyDefinition = JobDefinition<unknown, unknown>;
type BullJob = Queue.Job<unknown>;
type Progress = { fraction: number; message: string };

const LIST_SCAN = 200;
/** jobs per lane the metrics' queue depth looks at (a deeper queue reads as this many) */
const DEPTH_SCAN = 1000;

/** a job that completed in Bull's eyes (a value, or an input error as data) */
const isOutcome = (job: Queue.Job<unknown>) => job.returnvalue !== null && typeof job.returnvalue === "object" && "ok" in job.returnvalue;

/**
 * @example
 * const jobs = await createBullQueue(config.redisUrl, { store, notifier, clock, compute }, { definitions: allJobs });
 * const stored = await jobs.run(planJob, { incident, requestedBy });
 */
export async function createBullQueue(redisUrl: string, deps: JobDeps, options: BullQueueOptions): Promise<JobQueue> {
  const wallClock = options.wallClock ?? systemClock;
  const prefix = options.prefix ?? "bull";
  const definitions = new Map(options.definitions.map((def) => [def.name, def as unknown as AnyDefinition]));
  const onError = options.onError ?? ((error: Error) => console.error(`[jobs] ${error.message}`));
  const definitionOf = (job: BullJob): AnyDefinition | undefined => definitions.get(job.name);
  const maxAttemptsOf = (job: BullJob) => job.opts.attempts ?? 1;
  // two queues: light jobs side by side, CPU-bound ones (plans) one at a time per process
  const light = await openLane(jobsQueueName);
  const cpu = await openLane(cpuQueueName).catch(async (error: unknown) => {
    await light.queue.close();
    throw error;
  });
  const lanes = [light, cpu];
  const laneOf = (def: AnyDefinition) => (isCpuBound(def) ? cpu : light);
  const keysHash = `${prefix}:${jobsQueueName}:lianxin-keys`;

  async function openLane(name: string) {
    const lockDuration = options.lockDurationMs ?? 30_000;
    const queue = new Queue<unknown>(name, redisUrl, {
      prefix,
      settings: { lockDuration, lockRenewTime: lockDuration / 2, stalledInterval: options.stalledIntervalMs ?? 30_000, maxStalledCount: 1 },
      defaultJobOptions: {
        // keep finished jobs for status, results (exports) and the outcome poll
        removeOnComplete: { age: 3600, count: 200 },
        removeOnFail: { age: 24 * 3600, count: 200 },
      },
    });
    queue.on("error", (error: Error) => onError(new Error(`${name}: ${error.message}`))); // an unheard "error" would crash the process
    await whenConnected(queue, options.connectTimeoutMs ?? 5000);
    if (options.process ?? true) {
      // Reported by the process that saw it happen: the processor's own outcome, or a stalled check for a dead worker.
      queue.on("completed", (job: BullJob, outcome: JobOutcome) => {
        deps.notifier.jobUpdated(outcome.ok ? statusFrom(job, "completed", { progress: 1, message: undefined }) : statusFrom(job, "failed", { error: outcome.error.message }));
      });
      queue.on("failed", (job: BullJob, error: Error) => {
        // attemptsMade already counts this attempt; a job that stalled once too often fails for good too
        const final = job.attemptsMade >= maxAttemptsOf(job) || /stalled more than/.test(error.message);
        deps.notifier.jobUpdated(statusFrom(job, final ? "failed" : "retrying", { error: error.message }));
      });
      queue.on("stalled", (job: BullJob) => {
        // a stall does not count as a failed attempt in Bull: the attempt that stopped is the one after those counted
        deps.notifier.jobUpdated(statusFrom(job, "retrying", { error: "the worker running it stopped; retrying on another", attempt: job.attemptsMade + 1 }));
      });
    }
    const outcomes = await listenForOutcomes(queue);
    return { queue, outcomes };
  }

  async function findJob(id: string): Promise<BullJob | null> {
    for (const lane of lanes) {
      const job = await lane.queue.getJob(id);
      if (job) return job;
    }
    return null;
  }

  function statusFrom(job: BullJob, state: JobState, extra: Partial<JobStatus> = {}): JobStatus {
    const def = definitionOf(job);
    const progress = job.progress() as Progress | number;
    return jobStatus(
      {
        id: String(job.id),
        kind: def?.kind ?? "plan",
        incident: def ? incidentOfJob(def, job.data) : null,
        state,
        // Bull counts an attempt when it fails, not when it starts or completes; "retrying" names the failed attempt
        attempt: Math.max(1, Math.min(maxAttemptsOf(job), job.attemptsMade + ((state === "failed" && !isOutcome(job)) || state === "retrying" ? 0 : 1))),
        maxAttempts: maxAttemptsOf(job),
        ...(typeof progress === "object" && progress !== null ? { progress: progress.fraction, message: progress.message } : {}),
        ...extra,
      },
      wallClock,
    );
  }

  async function statusOf(job: BullJob): Promise<JobStatus> {
    const state = await job.getState();
    if (state === "completed") {
      const outcome = job.returnvalue as JobOutcome | null;
      return outcome?.ok === false ? statusFrom(job, "failed", { error: outcome.error.message }) : statusFrom(job, "completed", { progress: 1, message: undefined });
    }
    if (state === "failed") return statusFrom(job, "failed", { error: job.failedReason });
    if (state === "active") return statusFrom(job, "active");
    return statusFrom(job, job.attemptsMade > 0 ? "retrying" : "queued", job.failedReason ? { error: job.failedReason } : {});
  }

  async function execute(job: BullJob): Promise<JobOutcome> {
    const def = definitionOf(job);
    if (!def) return { ok: false, error: { name: "Error", message: `no job named ${job.name} in this process's all-jobs.ts` } };
    const attempt = job.attemptsMade + 1;
    await job.progress({ fraction: 0, message: "started" } satisfies Progress);
    deps.notifier.jobUpdated(statusFrom(job, "active"));
    const reporter = throttledProgress(options.progressIntervalMs ?? 250, (fraction, message) => {
      job.progress({ fraction, message } satisfies Progress).catch(() => {});
      deps.notifier.jobUpdated(statusFrom(job, "active", { progress: fraction, message }));
    });
    try {
      const payload = parseJobPayload(def, job.data);
      return { ok: true, value: await def.handler(payload, jobContext(deps, jobs, String(job.id), attempt, reporter.progress)) };
    } catch (error) {
      if (isPermanentError(error)) return { ok: false, error: toJobErrorData(error) };
      throw error instanceof Error ? error : new Error(errorMessage(error));
    } finally {
      reporter.stop();
    }
  }

  /** Merges into the pending job with this key, if there is one still waiting or delayed; that job, else null. */
  // Why not Bull's own dedup (a jobId derived from the key): Bull ignores an add whose jobId exists in any state, so
  // a request arriving while the job runs (it may have read the log before the request's news was stored) or after
  // it completed (until removed) would be silently dropped, and a new payload or delay would never replace the old.
  // Bull 4's `debounce: { id }` is the same for our purpose: its key lives until the job finishes (or its ttl ends)
  // and every add meanwhile, the job running included, is dropped in favour of the first payload and delay.
  // Collapse here merges only into a job still waiting or delayed, and keeps the latest payload and delay; it uses
  // Bull for the rest (job.update for the payload, the same jobId re-added for a new delay).
  async function collapse(key: string, payload: unknown, opts: AddOptions): Promise<BullJob | null> {
    const existingId = await light.queue.client.hget(keysHash, key);
    const job = existingId === null ? null : await findJob(existingId);
    if (!job) return null;
    const state = await job.getState();
    const pending = (s: string) => s === "waiting" || s === "delayed";
    if (!pending(state) || job.attemptsMade > 0) return null;
    if (opts.delayMs === undefined || (state === "waiting" && opts.delayMs === 0)) {
      await job.update(payload);
      // Still pending after the update: no processor has read the old payload, nor the log. Taken meanwhile: it may
      // have read both before this request, so this request gets a job of its own.
      return pending(await job.getState()) ? job : null;
    }
    // a new delay: the same id again (its waiters keep waiting on it), re-added with the latest payload and delay
    const removed = await job.remove().then(() => true, () => false); // locked: a processor took it
    if (!removed) return null;
    const { timestamp: _added, ...jobOptions } = job.opts as Queue.JobOptions & { timestamp?: number };
    return job.queue.add(job.name, payload, { ...jobOptions, jobId: String(job.id), delay: opts.delayMs });
  }

  const turns = new Map<string, Promise<unknown>>();
  /** one collapse at a time per key: in this process by a promise chain, across processes by a short Redis lock */
  function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = turns.get(key) ?? Promise.resolve();
    const locked = () => withRedisLock(light.queue, `${prefix}:${jobsQueueName}:lianxin-lock:${key}`, work);
    const mine = previous.then(locked, locked);
    const settled = mine.then(() => {}, () => {});
    turns.set(key, settled);
    void settled.then(() => {
      if (turns.get(key) === settled) turns.delete(key);
    });
    return mine;
  }

  const jobs: JobQueue = {
    async add(def, payload, opts: AddOptions = {}) {
      if (!definitions.has(def.name)) throw new Error(`job ${def.name} is not among this queue's definitions (all-jobs.ts)`);
      const checked = parseJobPayload(def, payload);
      const key = collapseKeyOf(def, checked, opts);
      const addNew = async () => {
        const jobId = randomUUID();
        if (key !== null) await light.queue.client.hset(keysHash, key, jobId);
        return laneOf(def as AnyDefinition).queue.add(def.name, checked, {
          jobId,
          attempts: attemptsOf(def, options),
          backoff: { type: "exponential", delay: backoffDelayMs(options.backoffMs ?? defaultBackoffMs, 1) },
          ...(opts.delayMs ? { delay: opts.delayMs } : {}),
        });
      };
      const job = key === null ? await addNew() : await inTurn(key, async () => (await collapse(key, checked, opts)) ?? (await addNew()));
      const status = statusFrom(job, "queued");
      deps.notifier.jobUpdated(status);
      return status;
    },
    async run(def, payload, opts) {
      const { id } = await jobs.add(def, payload, opts);
      return jobs.wait(id);
    },
    async wait<R>(id: string) {
      const job = await findJob(id);
      const lane = job && job.queue === cpu.queue ? cpu : light;
      const outcome = await lane.outcomes.expect(id);
      if (outcome.ok) return outcome.value as R;
      throw fromJobErrorData(outcome.error);
    },
    async status(id) {
      const job = await findJob(id);
      return job ? statusOf(job) : null;
    },
    async result(id) {
      const found = await findJob(id);
      if (!found || !(await found.isCompleted())) return null;
      const outcome = (await found.queue.getJob(id))?.returnvalue as JobOutcome | null | undefined;
      return outcome?.ok ? outcome.value : null;
    },
    async list(incident) {
      const states: Queue.JobStatus[] = ["active", "waiting", "delayed", "completed", "failed"];
      const recent = (await Promise.all(lanes.map((lane) => lane.queue.getJobs(states, 0, LIST_SCAN)))).flat();
      const mine = recent
        .filter((job): job is BullJob => Boolean(job))
        .filter((job) => {
          const def = definitionOf(job);
          return def !== undefined && incidentOfJob(def, job.data) === incident;
        })
        .sort((a, b) => b.timestamp - a.timestamp)
        .slice(0, jobListLimit);
      return Promise.all(mine.map(statusOf));
    },
    async depth() {
      // kinds share a lane (light: replays and exports; cpu: plans and counterfactuals), so count the jobs themselves
      const pending = (await Promise.all(lanes.map((lane) => lane.queue.getJobs(["waiting", "delayed", "active", "paused"], 0, DEPTH_SCAN - 1)))).flat();
      const depth: Partial<Record<JobKind, number>> = {};
      for (const job of pending) {
        const kind = job ? definitionOf(job)?.kind : undefined;
        if (kind !== undefined) depth[kind] = (depth[kind] ?? 0) + 1;
      }
      return depth;
    },
    async ping() {
      await Promise.all(lanes.map((lane) => lane.queue.client.ping()));
    },
    async close() {
      // waits for this process's active jobs, so a shutdown does not strand them
      await Promise.all(lanes.map((lane) => lane.queue.close()));
      for (const lane of lanes) lane.outcomes.rejectAll(new Error("job queue closed before the job finished"));
    },
  };
  if (options.process ?? true) {
    // only now: a job waiting in Redis may be handed over at once, and its handler uses `jobs`
    light.queue.process("*", Math.max(1, options.concurrency ?? 2), (job) => execute(job)).catch(onError);
    cpu.queue.process("*", 1, (job) => execute(job)).catch(onError);
  }
  return jobs;
}

/**
 * A mutual exclusion across processes for a few Redis round trips (SET NX with an expiry, so a process that dies
 * holding it blocks others for at most `ttlMs`).
 */
async function withRedisLock<T>(queue: Queue.Queue<unknown>, lockKey: string, work: () => Promise<T>, ttlMs = 5_000): Promise<T> {
  const token = randomUUID();
  for (let wait = 5; (await queue.client.set(lockKey, token, "PX", ttlMs, "NX")) !== "OK"; wait = Math.min(wait * 2, 100)) {
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  try {
    return await work();
  } finally {
    // release only our own lock (it may have expired and been taken by another)
    await queue.client.eval(`if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`, 1, lockKey, token);
  }
}

interface Outcomes {
  /** resolves with the job's outcome (whenever it finishes, or at once if it has), rejects with its final failure */
  expect(jobId: string): Promise<JobOutcome>;
  rejectAll(error: Error): void;
}

/**
 * Outcomes of jobs, from the queue's global events (published by whichever process ran the job). Why not Bull's
 * own job.finished() (Bull 4.16), which listens to the same events:
 * - it reads the job's state on the command connection and only then adds its listeners, while the completion is
 *   published on the subscriber connection: a job finishing in that gap is noticed only by its 5 s watchdog;
 * - its watchdog treats a job that is no longer in Redis (removed by removeOnComplete / removeOnFail after its
 *   outcome was missed, or never added) as not finished, forever: a wait would never settle.
 * Here one subscription is made at start, each waiter registers before the job's state is read, and a poll every
 * few seconds (the same backstop as Bull's watchdog) covers messages lost while the subscriber reconnects and
 * rejects after two checks in a row find no job (one is not enough: a collapse removes a job and re-adds it).
 */
async function listenForOutcomes(queue: Queue.Queue<unknown>, pollMs = 5000): Promise<Outcomes> {
  interface Waiter {
    promise: Promise<JobOutcome>;
    resolve(outcome: JobOutcome): void;
    reject(error: Error): void;
    poll: NodeJS.Timeout;
    /** consecutive checks that found no job: a collapse re-adds a job under the same id, so one miss is not enough */
    misses: number;
  }
  const waiting = new Map<string, Waiter>();
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
    const waiter = waiting.get(jobId);
    if (waiter) waiter.misses = job ? 0 : waiter.misses + 1;
    if (!job) {
      if ((waiter?.misses ?? 0) >= 2) settle(jobId, { error: new Error(`no job ${jobId} (finished too long ago, or never added)`) });
    } else if (await job.isCompleted()) {
      // read again: the job read above may be from before it completed, without its return value
      const outcome = (await queue.getJob(jobId))?.returnvalue as JobOutcome | null | undefined;
      if (outcome) settle(jobId, { outcome });
    }
    else if (await job.isFailed()) settle(jobId, { error: new Error(job.failedReason) });
  };
  const registered = ["global:completed", "global:failed"].map((event) => new Promise((resolve) => queue.on(`registered:${event}`, resolve)));
  queue.on("global:completed", (jobId: string, result: string) => settle(jobId, { outcome: JSON.parse(result) as JobOutcome }));
  queue.on("global:failed", (jobId: string, reason: string) => {
    // Bull 4 publishes this only for a job failed for good (its last attempt, or stalled too often); its state is
    // read again anyway, so that only a job that is failed in Redis settles a waiter
    void queue.getJob(jobId).then(async (job) => {
      if (job && (await job.isFailed())) settle(jobId, { error: new Error(reason) });
    });
  });
  await Promise.all(registered);
  return {
    expect(jobId) {
      const existing = waiting.get(jobId);
      if (existing) return existing.promise;
      let resolve!: (outcome: JobOutcome) => void;
      let reject!: (error: Error) => void;
      const promise = new Promise<JobOutcome>((res, rej) => ((resolve = res), (reject = rej)));
      const poll = setInterval(() => void check(jobId).catch(() => {}), pollMs);
      waiting.set(jobId, { promise, resolve, reject, poll, misses: 0 });
      void check(jobId).catch(() => {});
      return promise;
    },
    rejectAll(error) {
      for (const jobId of [...waiting.keys()]) settle(jobId, { error });
    },
  };
}

/** Bull's isReady() resolves before any connection exists and commands then wait forever: ping with a deadline. */
async function whenConnected(queue: Queue.Queue<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const answer = await Promise.race([queue.client.ping(), deadline]).finally(() => clearTimeout(timer));
  if (answer !== "timeout") return;
  await queue.close();
  throw new Error(`Redis did not answer within ${timeoutMs} ms (check REDIS_URL)`);
}
