/**
 * Worker-thread entry for plan jobs (started by in-process-runner.ts, which registers tsx first so this file and
 * the planner load as TypeScript). One job at a time: receive a payload, run the handler, post a JobOutcome.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Plan } from "../../shared/plan.ts";
import { toJobErrorData, type JobOutcome } from "./job-error.ts";

export interface PlanWorkerData {
  /** URL of the module whose `handlePlanJob(data)` this worker runs */
  handlerModule: string;
}

const port = parentPort;
if (!port) throw new Error("plan-worker.ts runs only as a worker thread");
const { handlerModule } = workerData as PlanWorkerData;
// Messages posted before the listener below is attached wait in the port, so loading may take its time.
const { handlePlanJob } = (await import(handlerModule)) as { handlePlanJob: (data: unknown) => Promise<Plan> };

port.on("message", (data: unknown) => {
  void runJob(data).then((outcome) => port.postMessage(outcome));
});

async function runJob(data: unknown): Promise<JobOutcome> {
  try {
    return { ok: true, plan: await handlePlanJob(data) };
  } catch (error) {
    return { ok: false, error: toJobErrorData(error) };
  }
}
