import { expect } from "chai";
import type { JobKind, JobState, JobStatus } from "../../../shared/wire.ts";
import { silentNotifier } from "../../notifiers/notifier.ts";
import { quietRoutineJobs } from "./create-job-queue.ts";

function status(kind: JobKind, state: JobState): JobStatus {
  return { id: `${kind}-${state}`, kind, incident: "zz", state, attempt: 1, maxAttempts: 3, updatedAt: "2021-07-22T06:00:00Z" };
}

describe("quietRoutineJobs", () => {
  it("passes a replay job's failures and retries to the boards, and drops its routine steps", () => {
    const heard: string[] = [];
    const notifier = quietRoutineJobs({ ...silentNotifier, jobUpdated: (job) => heard.push(job.id) });
    for (const state of ["queued", "active", "completed", "retrying", "failed"] as const) notifier.jobUpdated(status("replay", state));
    expect(heard).to.deep.equal(["replay-retrying", "replay-failed"]);
  });

  it("passes every state of a plan, export or counterfactual job", () => {
    const heard: string[] = [];
    const notifier = quietRoutineJobs({ ...silentNotifier, jobUpdated: (job) => heard.push(job.id) });
    for (const kind of ["plan", "export", "counterfactual"] as const) notifier.jobUpdated(status(kind, "active"));
    expect(heard).to.deep.equal(["plan-active", "export-active", "counterfactual-active"]);
  });
});
