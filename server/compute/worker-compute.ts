/**
 * The Compute pool: CPU-heavy pure tasks (planner, counterfactual, exercise scorecard) in worker threads of this process, so a planner
 * busy for seconds does not stop the server answering crew reports nor Bull renewing its job locks. Tasks queue in
 * arrival order; each worker runs one at a time.
 * Workers load TypeScript through ts-worker.ts.
 */
import type { Worker } from "node:worker_threads";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { Plan } from "../../shared/plan.ts";
import type { CounterfactualReport } from "../../shared/wire.ts";
import type { ExerciseScore } from "../exercises/exercise-score.ts";
import type { AlertDerivation } from "../incidents/alert-derivation.ts";
import type { CounterfactualTask, PlanJobHandler } from "./compute-tasks.ts";
import type { ComputeMessage, ComputeWorkerData } from "./compute-worker.ts";
import { fromJobErrorData, type JobOutcome } from "../jobs/job-error.ts";
import type { Compute } from "../jobs/job-definition.ts";
import { startTsWorker } from "./ts-worker.ts";

export interface WorkerComputeOptions {
  /** worker threads; default 1 (two cores here: one for the planner, one for the server) */
  size?: number;
  /** URL of the module whose `handlePlanJob` / `handleCounterfactual` the workers run; default ./compute-tasks.ts */
  handlerModule?: string;
  /** a task running longer than its timeLimitMs (default 60 s) plus this is stopped with its worker; default 60 s */
  graceMs?: number;
}

interface Task {
  message: ComputeMessage;
  limitMs: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker | null;
  task: Task | null;
  timer: NodeJS.Timeout | undefined;
}

const defaultTimeLimitMs = 60_000;
/** an alert evaluation takes ~0.1-0.3 s at 13,000 events */
const ALERTS_LIMIT_MS = 30_000;
const workerEntry = new URL("./compute-worker.ts", import.meta.url);

/**
 * @example
 * const compute = createWorkerCompute();
 * const plan = await compute.plan({ scenario, options: { seed: 1, timeLimitMs: 2000 } });
 * await compute.close();
 */
export function createWorkerCompute(options: WorkerComputeOptions = {}): Compute {
  const handlerModule = options.handlerModule ?? new URL("./compute-tasks.ts", import.meta.url).href;
  const graceMs = options.graceMs ?? 60_000;
  const slots: Slot[] = Array.from({ length: Math.max(1, options.size ?? 1) }, () => ({ worker: null, task: null, timer: undefined }));
  const queue: Task[] = [];
  let closed = false;

  function pump(): void {
    for (const slot of slots) {
      const task = slot.task === null ? queue.shift() : undefined;
      if (task) start(slot, task);
    }
  }

  function start(slot: Slot, task: Task): void {
    slot.task = task;
    const worker = slot.worker ?? spawn(slot);
    worker.ref(); // a running task keeps the process alive; an idle pool does not
    slot.timer = setTimeout(
      () => fail(slot, new LianxinError(ErrorCode.internal, `${task.message.task} job ran over ${task.limitMs} ms; its worker was stopped`)),
      task.limitMs,
    );
    try {
      worker.postMessage(task.message);
    } catch (error) {
      // not structured-cloneable: the worker never saw it and stays usable
      finish(slot).reject(error instanceof Error ? error : new Error(String(error)));
      pump();
    }
  }

  function spawn(slot: Slot): Worker {
    const workerData: ComputeWorkerData = { handlerModule };
    const worker = startTsWorker(workerEntry, workerData);
    worker.on("message", (outcome: JobOutcome) => {
      if (slot.worker !== worker || slot.task === null) return;
      const task = finish(slot);
      if (outcome.ok) task.resolve(outcome.value);
      else task.reject(fromJobErrorData(outcome.error));
      pump();
    });
    // an uncaught error (e.g. the handler module failed to load) ends the worker; its task fails with that error
    worker.on("error", (error) => { if (slot.worker === worker) fail(slot, error); });
    worker.on("exit", (code) => { if (slot.worker === worker) fail(slot, new Error(`compute worker exited with code ${code}`)); });
    slot.worker = worker;
    return worker;
  }

  function finish(slot: Slot): Task {
    clearTimeout(slot.timer);
    const task = slot.task as Task;
    slot.task = null;
    slot.worker?.unref();
    return task;
  }

  /** the slot's worker is unusable: drop it (the next task spawns a fresh one) and fail its task */
  function fail(slot: Slot, error: Error): void {
    const worker = slot.worker;
    slot.worker = null;
    if (worker) void worker.terminate();
    if (slot.task) finish(slot).reject(error);
    if (!closed) pump();
  }

  function submit(message: ComputeMessage, timeLimitMs: unknown): Promise<unknown> {
    if (closed) return Promise.reject(new Error("compute pool is closed"));
    const limitMs = (typeof timeLimitMs === "number" ? timeLimitMs : defaultTimeLimitMs) + graceMs;
    return new Promise((resolve, reject) => {
      queue.push({ message, limitMs, resolve, reject });
      pump();
    });
  }

  return {
    plan(payload) {
      return submit({ task: "plan", data: payload }, payload.options?.timeLimitMs) as Promise<Plan>;
    },
    counterfactual(scenario, counterfactualOptions) {
      const data: CounterfactualTask = { scenario, options: counterfactualOptions };
      // a counterfactual plans once per decision time (twice with both modes): its budget is per plan, so allow the
      // default on top
      const plans = Math.max(1, counterfactualOptions.decisionTimes?.length ?? 10) * (counterfactualOptions.both ? 2 : 1);
      const limit = (counterfactualOptions.timeLimitMs ?? defaultTimeLimitMs) * plans;
      return submit({ task: "counterfactual", data }, limit) as Promise<CounterfactualReport>;
    },
    score(task) {
      // the counterfactual's two modes (a plan per decision time each), the bound's two plans and one per decision
      const plans = 2 * 10 + 2 + task.approved.length;
      return submit({ task: "score", data: task }, defaultTimeLimitMs * plans) as Promise<ExerciseScore>;
    },
    alerts(task) {
      return submit({ task: "alerts", data: task }, ALERTS_LIMIT_MS) as Promise<AlertDerivation>;
    },
    async close() {
      closed = true;
      const error = new Error("compute pool closed before the task finished");
      for (const task of queue.splice(0)) task.reject(error);
      const workers = slots.flatMap((slot) => (slot.worker ? [slot.worker] : []));
      for (const slot of slots) fail(slot, error);
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/**
 * Compute on the calling thread (tests, the browser-test server): no worker start-up. The counterfactual still
 * loads lazily.
 *
 * @example
 * const compute = callingThreadCompute(handlePlanJob);
 */
export function callingThreadCompute(plan: PlanJobHandler): Compute {
  let closed = false;
  const guard = <T>(run: () => Promise<T>) => (closed ? Promise.reject(new Error("compute pool is closed")) : run());
  return {
    plan: (payload) => guard(() => plan(payload)),
    counterfactual: (scenario, options) => guard(async () => (await import("./compute-tasks.ts")).handleCounterfactual({ scenario, options })),
    score: (task) => guard(async () => (await import("./compute-tasks.ts")).handleScore(task)),
    alerts: (task) => guard(async () => (await import("./compute-tasks.ts")).handleAlerts(task)),
    close: async () => {
      closed = true;
    },
  };
}
