/**
 * Worker-thread entry for compute tasks (started by worker-compute.ts, which registers tsx first so this file and
 * the planner load as TypeScript). One task at a time: receive `{ task, data }`, run it, post a JobOutcome.
 */
import { parentPort, workerData } from "node:worker_threads";
import { toJobErrorData, type JobOutcome } from "../jobs/job-error.ts";

export interface ComputeWorkerData {
  /** URL of the module whose `handlePlanJob(data)` (and `handleCounterfactual(data)`, `handleScore(data)`) this worker runs */
  handlerModule: string;
}

export type ComputeTaskName = "plan" | "counterfactual" | "score" | "alerts";

export interface ComputeMessage {
  task: ComputeTaskName;
  data: unknown;
}

type TaskHandler = (data: unknown) => Promise<unknown>;

const port = parentPort;
if (!port) throw new Error("compute-worker.ts runs only as a worker thread");
const { handlerModule } = workerData as ComputeWorkerData;
// Messages posted before the listener below is attached wait in the port, so loading may take its time.
const handlers = (await import(handlerModule)) as { handlePlanJob?: TaskHandler; handleCounterfactual?: TaskHandler; handleScore?: TaskHandler; handleAlerts?: TaskHandler };
const byTask: Record<ComputeTaskName, TaskHandler | undefined> = {
  plan: handlers.handlePlanJob, counterfactual: handlers.handleCounterfactual, score: handlers.handleScore, alerts: handlers.handleAlerts,
};

port.on("message", (message: ComputeMessage) => {
  void runTask(message).then((outcome) => port.postMessage(outcome));
});

async function runTask({ task, data }: ComputeMessage): Promise<JobOutcome> {
  try {
    const handler = byTask[task];
    if (!handler) throw new Error(`${handlerModule} has no handler for the ${task} task`);
    return { ok: true, value: await handler(data) };
  } catch (error) {
    return { ok: false, error: toJobErrorData(error) };
  }
}
