import { readFileSync } from "node:fs";
import { expect } from "chai";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { Plan } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { Compute, PlanJobPayload } from "../../server/jobs/job-definition.ts";
import { callingThreadCompute, createWorkerCompute } from "../../server/compute/worker-compute.ts";
import { planDispatch } from "../../server/planner/plan-dispatch.ts";

/**
 * A stand-in for plan-job.ts that the worker imports from a data: URL (no file, no planner). It blocks its thread
 * with Atomics.wait for `options.timeLimitMs` ms (no clock read), then answers from the payload:
 * seed 13 throws, seed 666 kills the worker thread, anything else returns a plan naming the thread that ran it.
 */
const standIn = moduleUrl(`
  import { threadId } from "node:worker_threads";
  export async function handlePlanJob({ scenario, options }) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, options.timeLimitMs ?? 0);
    if (options.seed === 13) throw new Error("no open road reaches " + scenario.id);
    if (options.seed === 666) process.exit(3);
    return { scenario: scenario.id, seed: options.seed, trucks: [], compounds: [], unserved: [],
      customerOutageHours: threadId, baselineCustomerOutageHours: 0 };
  }
`);

function moduleUrl(source: string): string {
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

function payload(seed: number, blockMs = 0): PlanJobPayload {
  return { scenario: { id: `s${seed}` } as Scenario, options: { seed, timeLimitMs: blockMs } };
}

describe("compute pool (worker threads)", function () {
  let runner: Compute;
  afterEach(async () => runner?.close());

  it("runs a job off the main thread and resolves with the handler's plan", async () => {
    runner = createWorkerCompute({ handlerModule: standIn });
    const plan = await runner.plan(payload(1));
    expect(plan.scenario).to.equal("s1");
    // the stand-in reports its threadId in this field: the main thread's is 0
    expect(plan.customerOutageHours).to.be.greaterThan(0);
  });

  it("keeps the main thread answering while a job computes", async () => {
    runner = createWorkerCompute({ handlerModule: standIn });
    const order: string[] = [];
    const job = runner.plan(payload(1, 400)).then(() => order.push("job"));
    // were the 400 ms block on this thread, the event loop's next turn could not come before the job ends
    await new Promise((resolve) => setImmediate(resolve)).then(() => order.push("timer"));
    await job;
    expect(order).to.deep.equal(["timer", "job"]);
  });

  it("runs queued jobs one at a time in arrival order", async () => {
    runner = createWorkerCompute({ handlerModule: standIn });
    const finished: string[] = [];
    // s3 blocks longest: run concurrently the short ones would finish first
    const jobs = [payload(3, 150), payload(1, 10), payload(2, 50)].map((p) => runner.plan(p).then((plan) => finished.push(plan.scenario)));
    await Promise.all(jobs);
    expect(finished).to.deep.equal(["s3", "s1", "s2"]);
  });

  it("rejects with the worker's error message and keeps serving the next jobs", async () => {
    runner = createWorkerCompute({ handlerModule: standIn });
    const [failed, next] = await Promise.allSettled([runner.plan(payload(13)), runner.plan(payload(2))]);
    expect(failed.status).to.equal("rejected");
    expect((failed as PromiseRejectedResult).reason.message).to.equal("no open road reaches s13");
    expect((next as PromiseFulfilledResult<Plan>).value.scenario).to.equal("s2");
  });

  it("fails the job of a worker that dies and starts a fresh worker for the next", async () => {
    runner = createWorkerCompute({ handlerModule: standIn });
    const [died, next] = await Promise.allSettled([runner.plan(payload(666)), runner.plan(payload(4))]);
    expect((died as PromiseRejectedResult).reason.message).to.equal("compute worker exited with code 3");
    expect((next as PromiseFulfilledResult<Plan>).value.scenario).to.equal("s4");
  });

  it("stops a job that overruns its time limit plus grace", async () => {
    // the job was given 50 ms but blocks for 5 s; limit = timeLimitMs 50 + grace 100 = 150 ms
    const blocking = moduleUrl(`export async function handlePlanJob() { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000); }`);
    runner = createWorkerCompute({ handlerModule: blocking, graceMs: 100 });
    const stuck: PlanJobPayload = { scenario: { id: "stuck" } as Scenario, options: { timeLimitMs: 50 } };
    const error = await runner.plan(stuck).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(LianxinError);
    expect((error as LianxinError).code).to.equal(ErrorCode.internal);
    expect((error as LianxinError).message).to.equal("plan job ran over 150 ms; its worker was stopped");
  });

  it("rejects queued jobs when closed", async () => {
    runner = createWorkerCompute({ handlerModule: standIn });
    const settled = Promise.allSettled([runner.plan(payload(1, 200)), runner.plan(payload(2))]);
    await runner.close();
    const results = await settled;
    expect(results.map((r) => r.status)).to.deep.equal(["rejected", "rejected"]);
    const error = await runner.plan(payload(3)).then(() => null, (e: unknown) => e);
    expect((error as Error).message).to.equal("compute pool is closed");
  });

  it("runs the given handler on the calling thread with callingThreadCompute", async () => {
    const calls: PlanJobPayload[] = [];
    runner = callingThreadCompute(async (p) => (calls.push(p), { scenario: p.scenario.id } as Plan));
    expect((await runner.plan(payload(5))).scenario).to.equal("s5");
    expect(calls).to.deep.equal([payload(5)]);
  });

  describe("with the real plan job handler", function () {
    const tiny = JSON.parse(readFileSync(new URL("../fixtures/tiny.json", import.meta.url), "utf8")) as Scenario;
    // no time limit: the search then stops after its iteration cap, so the plan depends on input and seed alone
    const options = { seed: 7, at: Date.parse("2021-07-21T08:00:00+08:00") };

    it("plans a real scenario in a worker exactly as planDispatch does on this thread", async () => {
      runner = createWorkerCompute();
      const inWorker = await runner.plan({ scenario: tiny, options });
      const here = planDispatch(tiny, { ...options, ticker: () => 0 });
      expect(inWorker.scenario).to.equal("tiny");
      // runtimeMs is measured, everything else is fixed by the input and the seed
      expect({ ...inWorker, runtimeMs: 0 }).to.deep.equal({ ...here, runtimeMs: 0 });
    });

    it("rejects a bad payload with invalid_input naming every offending field", async () => {
      runner = createWorkerCompute();
      const bad = { scenario: { id: "x" }, options: { seed: 1.5, speed: "fast" } } as unknown as PlanJobPayload;
      const error = await runner.plan(bad).then(() => null, (e: unknown) => e);
      expect(error).to.be.instanceOf(LianxinError);
      expect((error as LianxinError).code).to.equal(ErrorCode.invalidInput);
      const paths = (error as LianxinError).details.map((d) => d.path);
      expect(paths).to.include.members(["scenario.name", "scenario.compounds", "options.seed", "options"]);
    });
  });
});
