/**
 * The default job runner: plan jobs run in worker threads of this process, so a planner busy for seconds does not
 * stop the server answering crew reports. Jobs queue in arrival order; each worker runs one job at a time.
 *
 * How a worker loads TypeScript: Node 20 does not apply the parent's `--import tsx/esm` hooks to a worker's entry
 * (neither inherited nor via `execArgv`: "Unknown file extension .ts"), so each worker starts from a tiny JavaScript
 * bootstrap that calls tsx's `register()` (tsx/esm/api) and then imports plan-worker.ts.
 */
import { Worker } from "node:worker_threads";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { Plan } from "../../shared/plan.ts";
import { fromJobErrorData, type JobOutcome } from "./job-error.ts";
import type { JobRunner, PlanJobPayload } from "./job-runner.ts";
import type { PlanWorkerData } from "./plan-worker.ts";

export interface InProcessRunnerOptions {
  /** worker threads; default 1 (two cores here: one for the planner, one for the server) */
  size?: number;
  /** URL of the module whose `handlePlanJob` the workers run; default ./plan-job.ts (tests pass stand-ins) */
  handlerModule?: string;
  /** a job running longer than its timeLimitMs (default 60 s) plus this is stopped with its worker; default 60 s */
  graceMs?: number;
}

interface Task {
  payload: PlanJobPayload;
  resolve(plan: Plan): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker | null;
  task: Task | null;
  timer: NodeJS.Timeout | undefined;
}

const defaultTimeLimitMs = 60_000;
const workerEntry = new URL("./plan-worker.ts", import.meta.url).href;
const bootstrap = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
  .then(({ register }) => { register(); return import(${JSON.stringify(workerEntry)}); });`;

/**
 * @example
 * const jobs = createInProcessRunner();
 * const plan = await jobs.plan({ scenario, options: { seed: 1, timeLimitMs: 2000 } });
 * await jobs.close();
 */
export function createInProcessRunner(options: InProcessRunnerOptions = {}): JobRunner {
  const handlerModule = options.handlerModule ?? new URL("./plan-job.ts", import.meta.url).href;
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
    worker.ref(); // a running job keeps the process alive; an idle pool does not
    const limitMs = (typeof task.payload.options?.timeLimitMs === "number" ? task.payload.options.timeLimitMs : defaultTimeLimitMs) + graceMs;
    slot.timer = setTimeout(() => fail(slot, new LianxinError(ErrorCode.internal, `plan job ran over ${limitMs} ms; its worker was stopped`)), limitMs);
    try {
      worker.postMessage(task.payload);
    } catch (error) {
      // not structured-cloneable: the worker never saw it and stays usable
      finish(slot).reject(error instanceof Error ? error : new Error(String(error)));
      pump();
    }
  }

  function spawn(slot: Slot): Worker {
    const workerData: PlanWorkerData = { handlerModule };
    const worker = new Worker(bootstrap, { eval: true, workerData });
    worker.on("message", (outcome: JobOutcome) => {
      if (slot.worker !== worker || slot.task === null) return;
      const task = finish(slot);
      if (outcome.ok) task.resolve(outcome.plan);
      else task.reject(fromJobErrorData(outcome.error));
      pump();
    });
    // an uncaught error (e.g. the handler module failed to load) ends the worker; its job fails with that error
    worker.on("error", (error) => { if (slot.worker === worker) fail(slot, error); });
    worker.on("exit", (code) => { if (slot.worker === worker) fail(slot, new Error(`plan worker exited with code ${code}`)); });
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

  /** the slot's worker is unusable: drop it (the next job spawns a fresh one) and fail its job */
  function fail(slot: Slot, error: Error): void {
    const worker = slot.worker;
    slot.worker = null;
    if (worker) void worker.terminate();
    if (slot.task) finish(slot).reject(error);
    if (!closed) pump();
  }

  return {
    plan(payload) {
      if (closed) return Promise.reject(new Error("job runner is closed"));
      return new Promise<Plan>((resolve, reject) => {
        queue.push({ payload, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      const error = new Error("job runner closed before the job finished");
      for (const task of queue.splice(0)) task.reject(error);
      const workers = slots.flatMap((slot) => (slot.worker ? [slot.worker] : []));
      for (const slot of slots) fail(slot, error);
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
