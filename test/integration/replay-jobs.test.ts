/**
 * A running replay delivers its whole timeline by itself (#6): each replay job wakes the next one for when the next
 * entry falls due, as a timer in this process (in-process queue) or as a delayed Bull job on the Redis at REDIS_URL.
 * The clock here is the real one: at ×10,000 the tiny timeline's 22 scenario hours take 7.92 wall seconds. What is
 * asserted is what reaches the log (all of it, in order), never how fast.
 */
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { systemClock } from "../../server/clock/clock.ts";
import { allJobs } from "../../server/jobs/definitions/all-jobs.ts";
import type { JobQueue } from "../../server/jobs/job-definition.ts";
import type { JobDeps } from "../../server/jobs/job-execution.ts";
import { createLocalQueue } from "../../server/jobs/queues/local-queue.ts";
import { callingThreadCompute } from "../../server/compute/worker-compute.ts";
import { handlePlanJob } from "../../server/compute/compute-tasks.ts";
import { createReplayService } from "../../server/replay/replay-service.ts";
import type { Store } from "../../server/store/store.ts";
import { recordingNotifier } from "./helpers/server-harness.ts";
import { createPgliteFixture, type StoreFixture } from "./helpers/store-fixtures.ts";
import { replayScenario } from "./replay-suite.ts";

const redisUrl = process.env.REDIS_URL?.trim() || null;
const hq = { id: "tok-hq", name: "HQ Chen", role: "commander" as const, incident: null, trucks: [], createdAt: "2021-07-20T00:00:00Z" };

describe("a running replay delivers its timeline by itself", function () {
  this.timeout(120_000);
  let fixture: StoreFixture;
  let store: Store;
  let jobs: JobQueue | undefined;

  before(async () => {
    fixture = await createPgliteFixture();
    store = await fixture.open();
  });
  afterEach(async () => {
    await jobs?.close();
    jobs = undefined;
  });
  after(async () => {
    await store?.close();
    await fixture?.dispose();
  });

  async function replayToTheEnd(makeQueue: (deps: JobDeps) => Promise<JobQueue>): Promise<string[]> {
    const notifier = recordingNotifier();
    jobs = await makeQueue({ store, notifier, clock: systemClock, compute: callingThreadCompute(handlePlanJob) });
    const replays = createReplayService({ store, jobs, clock: systemClock, notifier });
    const { incident } = await replays.start(hq, { scenario: replayScenario(), speed: 10_000 });
    for (let i = 0; i < 600 && (await store.listEvents(incident.id)).length < 7; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const log = await store.listEvents(incident.id);
    expect(notifier.events.filter((e) => e.incident === incident.id).map((e) => e.seq)).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    expect((await replays.getClock(hq, incident.id)).delivered).to.equal(7);
    return log.map((e) => `${e.seq} ${e.type} ${e.at}`);
  }

  const expected = [
    "1 truck.dispatched 2021-07-25T20:00:00+08:00",
    "2 truck.arrived 2021-07-25T20:20:00+08:00",
    "3 truck.dispatched 2021-07-25T21:00:00+08:00",
    "4 switched.on 2021-07-25T21:20:00+08:00",
    "5 truck.arrived 2021-07-25T21:30:00+08:00",
    "6 switched.on 2021-07-25T22:30:00+08:00",
    "7 substation.restored 2021-07-26T18:00:00+08:00",
  ];

  it("in-process: each replay job sets a timer for the next entry", async () => {
    expect(await replayToTheEnd(async (deps) => createLocalQueue(deps))).to.deep.equal(expected);
  });

  it("with Bull: each replay job adds a delayed job for the next entry (REDIS_URL)", async function () {
    if (!redisUrl) {
      console.log("      skipped: REDIS_URL is not set (CI sets redis://127.0.0.1:6379)");
      this.skip();
    }
    const { createBullQueue } = await import("../../server/jobs/queues/bull-queue.ts");
    const prefix = `lianxin-test-${randomUUID()}`;
    try {
      expect(await replayToTheEnd((deps) => createBullQueue(redisUrl!, deps, { definitions: allJobs, prefix }))).to.deep.equal(expected);
    } finally {
      await jobs?.close();
      jobs = undefined;
      const { Redis } = await import("ioredis");
      const redis = new Redis(redisUrl!);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });
});
