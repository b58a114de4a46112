/**
 * The default job queue: handlers run in this process (the planner still computes in a worker thread through
 * Compute), so `npm install && npm start` works on a bare machine with no Redis. Same definitions, same retry and
 * collapse rules and the same board messages as the Bull queue; jobs live only in memory, so a restart forgets
 * them (the Bull queue is the one that survives a crash).
 */
import { randomUUID } from "node:crypto";
import type { JobKind, JobState, JobStatus } from "../../../shared/wire.ts";
import { systemClock } from "../../clock/clock.ts";
import { isPermanentError } from "../job-error.ts";
import { incidentOfJob, isCpuBound, type AddOptions, type JobDefinition, type JobQueue } from "../job-definition.ts";
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

interface Job {
  id: string;
  def: JobDefinition<unknown, unknown>;
  payload: unknown;
  key: string | null;
  incident: string | null;
  state: JobState;
  /** attempts begun so far */
  attempts: number;
  maxAttempts: number;
  progress?: number;
  message?: string;
  error?: string;
  createdAt: number;
  timer?: NodeJS.Timeout;
  value?: unknown;
  done: Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** finished jobs kept for status(), result() and list() */
const KEEP_FINISHED = 200;

/**
 * @example
 * const jobs = createLocalQueue({ store, notifier, clock, compute });
 * const stored = await jobs.run(planJob, { incident, requestedBy });
 */
export function createLocalQueue(deps: JobDeps, settings: QueueSettings = {}): JobQueue {
  const wallClock = settings.wallClock ?? systemClock;
  const concurrency = Math.max(1, settings.concurrency ?? 2);
  const jobs = new Map<string, Job>();
  const pendingByKey = new Map<string, Job>();
  const ready: Job[] = [];
  const running = new Set<Promise<void>>();
  /** jobs running in the CPU lane (at most one) */
  let cpuRunning = 0;
  let closed = false;

  const statusOf = (job: Job): JobStatus =>
    jobStatus(
      {
        id: job.id,
        kind: job.def.kind,
        incident: job.incident,
        state: job.state,
        attempt: Math.max(1, job.attempts),
        maxAttempts: job.maxAttempts,
        progress: job.progress,
        message: job.message,
        error: job.error,
      },
      wallClock,
    );
  const publish = (job: Job) => deps.notifier.jobUpdated(statusOf(job));

  function schedule(job: Job, delayMs: number): void {
    clearTimeout(job.timer);
    const index = ready.indexOf(job);
    if (index >= 0) ready.splice(index, 1);
    if (delayMs > 0) {
      job.timer = setTimeout(() => {
        job.timer = undefined;
        ready.push(job);
        pump();
      }, delayMs);
    } else {
      ready.push(job);
    }
  }

  function pump(): void {
    for (;;) {
      const lightRunning = running.size - cpuRunning;
      const index = closed ? -1 : ready.findIndex((job) => (isCpuBound(job.def) ? cpuRunning < 1 : lightRunning < concurrency));
      if (index < 0) return;
      const [job] = ready.splice(index, 1);
      const cpu = isCpuBound(job.def);
      if (cpu) cpuRunning += 1;
      const run = execute(job).finally(() => {
        if (cpu) cpuRunning -= 1;
        running.delete(run);
        pump();
      });
      running.add(run);
    }
  }

  async function execute(job: Job): Promise<void> {
    if (job.key !== null && pendingByKey.get(job.key) === job) pendingByKey.delete(job.key);
    job.attempts += 1;
    Object.assign(job, { state: "active", progress: 0, message: "started" });
    publish(job);
    const reporter = throttledProgress(settings.progressIntervalMs ?? 250, (fraction, message) => {
      if (job.state !== "active") return;
      Object.assign(job, { progress: fraction, message });
      publish(job);
    });
    try {
      const payload = parseJobPayload(job.def, job.payload);
      const value = await job.def.handler(payload, jobContext(deps, queue, job.id, job.attempts, reporter.progress));
      reporter.stop();
      Object.assign(job, { state: "completed", progress: 1, message: undefined, value, error: undefined });
      publish(job);
      job.resolve(value);
    } catch (error) {
      reporter.stop();
      job.error = errorMessage(error);
      if (isPermanentError(error) || job.attempts >= job.maxAttempts || closed) {
        job.state = "failed";
        publish(job);
        job.reject(error);
      } else {
        job.state = "retrying";
        publish(job);
        schedule(job, backoffDelayMs(settings.backoffMs ?? defaultBackoffMs, job.attempts));
      }
    }
    forgetOldJobs();
  }

  function forgetOldJobs(): void {
    const finished = [...jobs.values()].filter((j) => j.state === "completed" || j.state === "failed");
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.delete(job.id);
  }

  function newJob(def: JobDefinition<unknown, unknown>, payload: unknown, key: string | null): Job {
    let resolve!: (value: unknown) => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<unknown>((res, rej) => ((resolve = res), (reject = rej)));
    done.catch(() => {}); // a failure nobody awaits is shown on the board, not an unhandled rejection
    return {
      id: randomUUID(),
      def,
      payload,
      key,
      incident: incidentOfJob(def, payload),
      state: "queued",
      attempts: 0,
      maxAttempts: attemptsOf(def, settings),
      createdAt: wallClock.now(),
      done,
      resolve,
      reject,
    };
  }

  const queue: JobQueue = {
    async add(def, payload, opts: AddOptions = {}) {
      if (closed) throw new Error("job queue is closed");
      const checked = parseJobPayload(def, payload);
      const anyDef = def as JobDefinition<unknown, unknown>;
      const key = collapseKeyOf(def, checked, opts);
      const pending = key === null ? undefined : pendingByKey.get(key);
      if (pending && pending.state === "queued") {
        // the latest request wins: its payload, and its delay when it names one
        pending.payload = checked;
        if (opts.delayMs !== undefined) schedule(pending, opts.delayMs);
        const status = statusOf(pending);
        deps.notifier.jobUpdated(status);
        pump(); // a new delay of 0 makes it ready now
        return status;
      }
      const job = newJob(anyDef, checked, key);
      jobs.set(job.id, job);
      if (key !== null) pendingByKey.set(key, job);
      const queued = statusOf(job);
      deps.notifier.jobUpdated(queued);
      schedule(job, opts.delayMs ?? 0);
      pump();
      return queued;
    },
    async run(def, payload, opts) {
      const { id } = await queue.add(def, payload, opts);
      return queue.wait(id);
    },
    async wait<R>(id: string) {
      const job = jobs.get(id);
      if (!job) throw new Error(`no job ${id}`);
      return job.done as Promise<R>;
    },
    async status(id) {
      const job = jobs.get(id);
      return job ? statusOf(job) : null;
    },
    async result(id) {
      const job = jobs.get(id);
      return job?.state === "completed" ? job.value : null;
    },
    async list(incident) {
      return [...jobs.values()]
        .filter((job) => job.incident === incident)
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, jobListLimit)
        .map(statusOf);
    },
    async depth() {
      const depth: Partial<Record<JobKind, number>> = {};
      for (const job of jobs.values()) {
        if (job.state === "completed" || job.state === "failed") continue;
        depth[job.def.kind] = (depth[job.def.kind] ?? 0) + 1;
      }
      return depth;
    },
    async ping() {
      if (closed) throw new Error("job queue is closed");
    },
    async close() {
      closed = true;
      const error = new Error("job queue closed before the job ran");
      for (const job of jobs.values()) {
        if (job.state !== "queued" && job.state !== "retrying") continue;
        clearTimeout(job.timer);
        job.state = "failed";
        job.error = error.message;
        job.reject(error);
      }
      ready.length = 0;
      await Promise.allSettled([...running]);
    },
  };
  return queue;
}
