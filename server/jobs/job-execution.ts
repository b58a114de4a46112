/**
 * What both queue backends (local-queue.ts, bull-queue.ts) do the same way around a handler: check the payload,
 * build the context, throttle progress, and say what the board sees.
 */
import { ErrorCode, LianxinError, type ErrorDetail } from "../../shared/errors.ts";
import type { JobState, JobStatus } from "../../shared/wire.ts";
import { formatPath } from "../../shared/validate-scenario.ts";
import type { Clock } from "../clock/clock.ts";
import type { Notifier } from "../notifiers/notifier.ts";
import type { Store } from "../store/store.ts";
import type { AddOptions, Compute, JobContext, JobDefinition, JobQueue } from "./job-definition.ts";

/** What every handler's context is made of, given once to a queue. */
export interface JobDeps {
  store: Store;
  notifier: Notifier;
  clock: Clock;
  compute: Compute;
}

/** Queue settings shared by both backends (from config.ts). */
export interface QueueSettings {
  /** attempts of a job whose definition names none; default 3 */
  attempts?: number;
  /** first retry delay, doubling after; default 2000 ms */
  backoffMs?: number;
  /** light jobs this process runs at once; default 2 (CPU-bound jobs run one at a time in their own lane) */
  concurrency?: number;
  /** progress is sent to boards at most once per this; default 250 ms */
  progressIntervalMs?: number;
  /** stamps JobStatus.updatedAt: wall time, not a replay clock; default the system clock */
  wallClock?: Clock;
}

const defaultAttempts = 3;
export const defaultBackoffMs = 2000;

/**
 * Checks a payload against its definition's schema; throws LianxinError(invalid_input) naming every bad field.
 *
 * @example
 * const payload = parseJobPayload(planJob, job.data);
 */
export function parseJobPayload<P>(def: JobDefinition<P, unknown>, data: unknown): P {
  const parsed = def.payloadSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const details: ErrorDetail[] = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path) || "payload", message: issue.message }));
  throw new LianxinError(ErrorCode.invalidInput, `invalid ${def.name} job payload`, details);
}

/** recent jobs an incident's job list shows */
export const jobListLimit = 20;

/** Attempts of a job: its definition's, else the queue's, else 3; at least 1. */
export function attemptsOf(def: { attempts?: number }, settings: QueueSettings): number {
  return Math.max(1, def.attempts ?? settings.attempts ?? defaultAttempts);
}

/** The job's collapse key, namespaced by its name (`AddOptions.key` overrides the definition's); null: none. */
export function collapseKeyOf<P>(def: JobDefinition<P, unknown>, payload: P, opts: AddOptions): string | null {
  const ownKey = opts.key ?? def.collapseKey?.(payload);
  return ownKey === undefined ? null : `${def.name}:${ownKey}`;
}

/** The delay before retry n (1-based): backoffMs, 2 × backoffMs, 4 × … */
export function backoffDelayMs(backoffMs: number, retry: number): number {
  return backoffMs * 2 ** Math.max(0, retry - 1);
}

export interface StatusFields {
  id: string;
  kind: JobStatus["kind"];
  incident: string | null;
  state: JobState;
  attempt: number;
  maxAttempts: number;
  progress?: number;
  message?: string;
  error?: string;
}

export function jobStatus(fields: StatusFields, wallClock: Clock): JobStatus {
  const status: JobStatus = { ...fields, updatedAt: new Date(wallClock.now()).toISOString() };
  for (const key of ["progress", "message", "error"] as const) if (status[key] === undefined) delete status[key];
  return status;
}

/**
 * A progress callback that sends at most one update per interval (the last word of a burst is not lost: it goes
 * out when the interval ends, unless a later state change made it stale).
 */
export function throttledProgress(intervalMs: number, send: (fraction: number, message: string) => void): {
  progress(fraction: number, message: string): void;
  stop(): void;
} {
  let lastAt = -Infinity;
  let pending: { fraction: number; message: string } | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const flush = () => {
    timer = undefined;
    if (stopped || pending === null) return;
    lastAt = performance.now();
    const { fraction, message } = pending;
    pending = null;
    send(fraction, message);
  };
  return {
    progress(fraction, message) {
      if (stopped) return;
      pending = { fraction: Math.min(1, Math.max(0, fraction)), message };
      const wait = lastAt + intervalMs - performance.now();
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export function jobContext(deps: JobDeps, jobs: JobQueue, jobId: string, attempt: number, progress: JobContext["progress"]): JobContext {
  return { store: deps.store, notifier: deps.notifier, clock: deps.clock, compute: deps.compute, jobs, progress, attempt, jobId };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
