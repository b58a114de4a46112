/**
 * The default, in-process job queue (no Redis): the same job definitions as with Bull, retries with backoff,
 * collapse by key, and every state change told to the notifier. The plan job runs here against a real embedded
 * store; the planner is replaced by stand-ins where a test needs it to fail.
 */
import { expect } from "chai";
import { z } from "zod";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { Plan } from "../../shared/plan.ts";
import type { JobStatus } from "../../shared/wire.ts";
import { handlePlanJob } from "../../server/compute/compute-tasks.ts";
import type { JobDefinition, JobQueue, PlanJobPayload } from "../../server/jobs/job-definition.ts";
import { createLocalQueue } from "../../server/jobs/queues/local-queue.ts";
import { planJob } from "../../server/jobs/definitions/plan-job.ts";
import { callingThreadCompute } from "../../server/compute/worker-compute.ts";
import type { Store } from "../../server/store/store.ts";
import { recordingNotifier, type RecordingNotifier } from "./helpers/server-harness.ts";
import { createPgliteFixture, type StoreFixture } from "./helpers/store-fixtures.ts";
import { commander, tinyScenario } from "./helpers/store-scenario.ts";

const payloadSchema = z.strictObject({ incident: z.string(), n: z.number().int() });
type Payload = z.infer<typeof payloadSchema>;

function standInJob(behaviour: (payload: Payload, attempt: number) => Promise<number>, extra: Partial<JobDefinition<Payload, number>> = {}): JobDefinition<Payload, number> & { runs: Payload[] } {
  const runs: Payload[] = [];
  return {
    name: "stand-in",
    kind: "export",
    payloadSchema,
    collapseKey: (p) => p.incident,
    runs,
    async handler(payload, ctx) {
      runs.push(payload);
      return behaviour(payload, ctx.attempt);
    },
    ...extra,
  };
}

const statesOf = (jobs: JobStatus[]) => jobs.map((j) => [j.state, j.attempt]);

describe("in-process job queue", function () {
  let fixture: StoreFixture;
  let store: Store;
  let notes: RecordingNotifier;
  let queue: JobQueue;
  let incident: string;
  const at = Date.parse("2021-07-21T08:00:00+08:00");
  const requestedBy = commander;

  before(async function () {
    this.timeout(120_000);
    fixture = await createPgliteFixture();
    store = await fixture.open();
    incident = (await store.createIncident(tinyScenario(), commander)).id;
  });
  after(async () => {
    await store?.close();
    await fixture?.dispose();
  });
  afterEach(async () => queue?.close());

  function start(plan: (payload: PlanJobPayload) => Promise<Plan> = handlePlanJob, settings = {}): JobQueue {
    notes = recordingNotifier();
    queue = createLocalQueue({ store, notifier: notes, clock: fixture.clock, compute: callingThreadCompute(plan) }, { backoffMs: 5, ...settings });
    return queue;
  }

  it("runs the plan job here: stores the plan, tells the board, and reports queued → active → completed", async () => {
    start();
    const stored = await queue.run(planJob, { incident, atMs: at, timeLimitMs: 500, requestedBy });
    expect(stored.plan.scenario).to.equal("tiny");
    expect((await store.latestPlan(incident))?.id).to.equal(stored.id);
    expect(notes.plans.map((p) => p.id)).to.deep.equal([stored.id]);
    const states = notes.jobs.map((j) => j.state);
    expect(states[0]).to.equal("queued");
    expect(states.at(-1)).to.equal("completed");
    // the first progress goes out at once; later ones at most every 250 ms, so which of them show depends on speed
    expect(notes.jobs.find((j) => j.state === "active" && j.message !== "started")?.message).to.equal("reading the event log");
  });

  it("retries a plan job whose planner crashed, then shows it failed with the error, and rejects the caller", async () => {
    let calls = 0;
    start(async () => {
      calls += 1;
      throw new Error("compute worker exited with code 134");
    });
    const error = await queue.run(planJob, { incident, atMs: at, requestedBy }).then(() => null, (e: unknown) => e);
    expect((error as Error).message).to.equal("compute worker exited with code 134");
    // 3 attempts (the default): two retries, then failed for good
    expect(calls).to.equal(3);
    const outcomes = notes.jobs.filter((j) => j.state === "retrying" || j.state === "failed");
    expect(statesOf(outcomes)).to.deep.equal([
      ["retrying", 1],
      ["retrying", 2],
      ["failed", 3],
    ]);
    expect(outcomes.every((j) => j.error === "compute worker exited with code 134" && j.incident === incident)).to.equal(true);
    const [listed] = await queue.list(incident);
    expect(listed).to.include({ state: "failed", kind: "plan", error: "compute worker exited with code 134" });
  });

  it("does not retry an input error: the plan job fails once, as impossible (422)", async () => {
    let calls = 0;
    start(async () => {
      calls += 1;
      throw new LianxinError(ErrorCode.invalidInput, "invalid plan job payload", [{ path: "scenario.trucks", message: "must not be empty" }]);
    });
    const error = await queue.run(planJob, { incident, atMs: at, requestedBy }).then(() => null, (e: unknown) => e);
    expect((error as LianxinError).code).to.equal(ErrorCode.impossible);
    expect(calls).to.equal(1);
    expect(notes.jobs.at(-1)).to.include({ state: "failed", attempt: 1, error: "invalid plan job payload" });
  });

  it("fails a plan job for an unknown incident without retrying it", async () => {
    start();
    const error = await queue.run(planJob, { incident: "nope", requestedBy }).then(() => null, (e: unknown) => e);
    expect((error as LianxinError).code).to.equal(ErrorCode.notFound);
    expect(notes.jobs.filter((j) => j.state === "failed")).to.have.length(1);
  });

  it("collapses requests with one key while their job waits: one run with the latest payload, one result for all", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // concurrency 1: the blocker holds the only light slot, so the burst waits behind it
    start(undefined, { concurrency: 1 });
    const blocker = standInJob(async () => (await gate, 0), { name: "blocker", collapseKey: undefined });
    const job = standInJob(async (p) => p.n * 10);
    const blocked = queue.run(blocker, { incident: "other", n: 0 });
    const results = Promise.all([1, 2, 3, 4, 5].map((n) => queue.run(job, { incident: "burst", n })));
    release();
    // the last payload (n = 5) ran once: 5 × 10 = 50 for all five callers
    expect(await results).to.deep.equal([50, 50, 50, 50, 50]);
    expect(job.runs).to.deep.equal([{ incident: "burst", n: 5 }]);
    await blocked;
  });

  it("keeps light jobs running while a CPU-bound job runs", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    start(undefined, { concurrency: 1 });
    const heavy = standInJob(async () => (await gate, 1), { name: "heavy", kind: "plan" });
    const light = standInJob(async (p) => p.n, { name: "light" });
    const heavyDone = queue.run(heavy, { incident: "h", n: 1 });
    // were the plan lane and the light lane one, the light job would wait for the gate and this would time out
    expect(await queue.run(light, { incident: "l", n: 7 })).to.equal(7);
    release();
    expect(await heavyDone).to.equal(1);
  });

  it("runs a delayed job no earlier than asked; a later request for the same key replaces its delay", async () => {
    start();
    const job = standInJob(async (p) => p.n);
    const later = await queue.add(job, { incident: "later", n: 1 }, { delayMs: 3_600_000 });
    expect((await queue.status(later.id))?.state).to.equal("queued");
    expect(job.runs).to.deep.equal([]);
    const now = await queue.add(job, { incident: "later", n: 2 }, { delayMs: 0 });
    expect(now.id).to.equal(later.id);
    expect(await queue.wait(later.id)).to.equal(2);
  });

  it("sends progress at most once per interval, and the last word of a burst", async () => {
    start(undefined, { progressIntervalMs: 60_000 });
    const chatty: JobDefinition<Payload, number> = {
      name: "chatty",
      kind: "export",
      payloadSchema,
      async handler(payload, ctx) {
        for (let i = 1; i <= 100; i++) ctx.progress(i / 100, `step ${i}`);
        return payload.n;
      },
    };
    await queue.run(chatty, { incident: "c", n: 1 });
    // the first call goes out at once; the 99 after it fall in the same 60 s interval and the job completes first
    expect(notes.jobs.filter((j) => j.state === "active" && j.message?.startsWith("step")).map((j) => j.message)).to.deep.equal(["step 1"]);
    expect(notes.jobs.at(-1)).to.include({ state: "completed", progress: 1 });
  });
});
