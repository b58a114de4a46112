/**
 * The Bull job queue on the Redis at REDIS_URL, with stand-in job definitions (no store, no planner): producers
 * and processors are separate queue instances in this process, each with its own Redis connections, as separate
 * processes would have. The real plan job across processes is in jobs-scale-out.test.ts.
 */
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { Redis } from "ioredis";
import { z } from "zod";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { JobStatus } from "../../shared/wire.ts";
import { fakeClock } from "../../server/clock/clock.ts";
import { createBullQueue, jobsQueueName, type BullQueueOptions } from "../../server/jobs/queues/bull-queue.ts";
import type { JobDefinition, JobQueue } from "../../server/jobs/job-definition.ts";
import { callingThreadCompute } from "../../server/compute/worker-compute.ts";
import type { Store } from "../../server/store/store.ts";
import type { Plan } from "../../shared/plan.ts";
import { recordingNotifier, type RecordingNotifier } from "./helpers/server-harness.ts";
import { waitFor } from "./helpers/wait-for.ts";

const redisUrl = process.env.REDIS_URL;

const payloadSchema = z.strictObject({ incident: z.string(), n: z.number().int() });
type Payload = z.infer<typeof payloadSchema>;

/** what the stand-in handlers do, set per test */
let behaviour: (payload: Payload, attempt: number) => Promise<number>;
const executed: Payload[] = [];

const echoJob: JobDefinition<Payload, number> = {
  name: "test-echo",
  kind: "export",
  payloadSchema,
  collapseKey: (p) => p.incident,
  async handler(payload, ctx) {
    executed.push(payload);
    ctx.progress(0.5, "halfway");
    return behaviour(payload, ctx.attempt);
  },
};

/** waits for a notice the test expects (a hang ends at the helper's guard, with its name) */
const until = (condition: () => boolean, what = "the notice"): Promise<void> => waitFor(condition, what);

describe("Bull job queue (Redis)", function () {
  // one key prefix per run so that concurrent runs and leftovers of earlier runs cannot meet
  const prefix = `lianxin-test-${randomUUID()}`;
  const queues: JobQueue[] = [];
  let redis: Redis;

  before(function () {
    if (!redisUrl) {
      console.log("    skipped: REDIS_URL is not set (CI sets redis://127.0.0.1:6379)");
      this.skip();
    }
    redis = new Redis(redisUrl);
  });

  beforeEach(() => {
    executed.length = 0;
    behaviour = async (p) => p.n * 10;
  });

  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.close()));
  });

  after(async () => {
    if (!redis) return;
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  async function start(options: Partial<BullQueueOptions> = {}, notifier: RecordingNotifier = recordingNotifier()): Promise<JobQueue> {
    const deps = { store: {} as Store, notifier, clock: fakeClock(0), compute: callingThreadCompute(async () => ({}) as Plan) };
    const queue = await createBullQueue(redisUrl as string, deps, { definitions: [echoJob], prefix, backoffMs: 10, attempts: 3, ...options });
    queues.push(queue);
    return queue;
  }

  const statesOf = (jobs: JobStatus[], id: string) => jobs.filter((j) => j.id === id).map((j) => j.state);

  it("resolves run() with the value a processor in another queue instance computed, through Redis", async () => {
    const processorNotes = recordingNotifier();
    await start({ process: true }, processorNotes);
    const producer = await start({ process: false });
    // 4 × 10 = 40
    expect(await producer.run(echoJob, { incident: "zz", n: 4 })).to.equal(40);
    expect(executed).to.deep.equal([{ incident: "zz", n: 4 }]);
    const [status] = await producer.list("zz");
    await until(() => statesOf(processorNotes.jobs, status.id).includes("completed"));
    expect(status).to.include({ kind: "export", incident: "zz", state: "completed" });
    // the processor told the boards as it went
    expect(statesOf(processorNotes.jobs, status.id)).to.include.members(["active", "completed"]);
    // the job went through Redis: its hash is stored under the queue's prefix
    expect(await redis.exists(`${prefix}:${jobsQueueName}:${status.id}`)).to.equal(1);
  });

  it("returns an input error with its code and details, does not retry it, and shows it failed", async () => {
    const notes = recordingNotifier();
    const queue = await start({}, notes);
    behaviour = async () => {
      throw new LianxinError(ErrorCode.impossible, "no truck can reach C9", [{ path: "compounds[8]", message: "unreachable" }]);
    };
    const error = await queue.run(echoJob, { incident: "bad", n: 1 }).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(LianxinError);
    expect((error as LianxinError).code).to.equal(ErrorCode.impossible);
    expect((error as LianxinError).details).to.deep.equal([{ path: "compounds[8]", message: "unreachable" }]);
    expect(executed).to.have.length(1);
    await until(() => notes.jobs.some((j) => j.state === "failed"));
    const failed = notes.jobs.find((j) => j.state === "failed");
    expect(failed).to.include({ incident: "bad", error: "no truck can reach C9", attempt: 1 });
    expect((await queue.status(failed!.id))?.state).to.equal("failed");
  });

  it("retries an unexpected failure with backoff and shows the retry with its error", async () => {
    const notes = recordingNotifier();
    const queue = await start({}, notes);
    behaviour = async (p, attempt) => {
      if (attempt === 1) throw new Error("lost the database connection");
      return p.n;
    };
    expect(await queue.run(echoJob, { incident: "flaky", n: 7 })).to.equal(7);
    expect(executed).to.have.length(2);
    const retrying = notes.jobs.find((j) => j.state === "retrying");
    // "retrying" names the attempt that failed
    expect(retrying).to.include({ error: "lost the database connection", attempt: 1, maxAttempts: 3 });
    // the processor's own "completed" may follow the caller's answer by a moment
    await until(() => notes.jobs.some((j) => j.state === "completed"));
    expect(notes.jobs.at(-1)).to.include({ state: "completed", attempt: 2 });
  });

  it("fails a job for good after its attempts, rejects its callers and shows the failure", async () => {
    const notes = recordingNotifier();
    const queue = await start({ attempts: 2 }, notes);
    behaviour = async () => {
      throw new Error("planner bug");
    };
    const error = await queue.run(echoJob, { incident: "doomed", n: 1 }).then(() => null, (e: unknown) => e);
    expect((error as Error).message).to.equal("planner bug");
    // attempt 1 fails → retrying; attempt 2 fails → failed
    expect(notes.jobs.filter((j) => j.state === "retrying" || j.state === "failed").map((j) => [j.state, j.attempt])).to.deep.equal([
      ["retrying", 1],
      ["failed", 2],
    ]);
  });

  it("collapses jobs added with one key while it waits: one run, the latest payload, one result for all", async () => {
    // a producer only: the jobs wait until a processor starts
    const producer = await start({ process: false });
    const statuses: JobStatus[] = [];
    for (let n = 1; n <= 10; n++) statuses.push(await producer.add(echoJob, { incident: "burst", n }));
    expect(new Set(statuses.map((s) => s.id)).size).to.equal(1);
    const results = Promise.all(statuses.map((s) => producer.wait<number>(s.id)));
    await start({ process: true });
    // the latest payload (n = 10) ran, once: 10 × 10 = 100 for every caller
    expect(await results).to.deep.equal(Array(10).fill(100));
    expect(executed).to.deep.equal([{ incident: "burst", n: 10 }]);
  });

  it("runs a delayed job only when its delay is over, and a later request with no delay takes its place", async () => {
    await start({ process: true });
    const producer = await start({ process: false });
    const delayed = await producer.add(echoJob, { incident: "later", n: 1 }, { delayMs: 3_600_000 });
    expect((await producer.status(delayed.id))?.state).to.equal("queued");
    const now = await producer.add(echoJob, { incident: "later", n: 2 }, { delayMs: 0 });
    expect(now.id).to.equal(delayed.id);
    expect(await producer.wait(delayed.id)).to.equal(20);
    expect(executed).to.deep.equal([{ incident: "later", n: 2 }]);
  });

  it("refuses a payload that does not match the job's schema, naming the field", async () => {
    const queue = await start({ process: false });
    const error = await queue.add(echoJob, { incident: "x", n: 1.5 }).then(() => null, (e: unknown) => e);
    expect((error as LianxinError).code).to.equal(ErrorCode.invalidInput);
    expect((error as LianxinError).details.map((d) => d.path)).to.deep.equal(["n"]);
  });

  it("fails to start, instead of hanging, when Redis does not answer", async () => {
    const deps = { store: {} as Store, notifier: recordingNotifier(), clock: fakeClock(0), compute: callingThreadCompute(async () => ({}) as Plan) };
    const error = await createBullQueue("redis://127.0.0.1:1", deps, { definitions: [echoJob], prefix, connectTimeoutMs: 300, onError: () => {} }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as Error).message).to.equal("Redis did not answer within 300 ms (check REDIS_URL)");
  });
});
