import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { Redis } from "ioredis";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { Plan } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { createBullRunner, planQueueName } from "../../server/jobs/bull-runner.ts";
import { createJobRunner } from "../../server/jobs/create-job-runner.ts";
import type { JobRunner, PlanJobPayload } from "../../server/jobs/job-runner.ts";

const redisUrl = process.env.REDIS_URL;

function payload(id: string, seed = 1): PlanJobPayload {
  return { scenario: { id } as Scenario, options: { seed, at: Date.parse("2021-07-25T23:30:00+08:00") } };
}

function fakePlan(data: PlanJobPayload): Plan {
  return { scenario: data.scenario.id, seed: data.options.seed, customerOutageHours: 1, baselineCustomerOutageHours: 2, trucks: [], compounds: [], unserved: [] };
}

describe("Bull job runner (Redis)", function () {
  // one key prefix per run so that concurrent runs and leftovers of earlier runs cannot meet
  const prefix = `lianxin-test-${randomUUID()}`;
  const runners: JobRunner[] = [];
  let redis: Redis;

  before(function () {
    if (!redisUrl) {
      console.log("    skipped: REDIS_URL is not set (CI sets redis://127.0.0.1:6379)");
      this.skip();
    }
    redis = new Redis(redisUrl);
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.close()));
  });

  after(async () => {
    if (!redis) return;
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  async function start(options: Parameters<typeof createBullRunner>[1]): Promise<JobRunner> {
    const runner = await createBullRunner(redisUrl as string, { prefix, backoffMs: 10, ...options });
    runners.push(runner);
    return runner;
  }

  it("resolves plan() with the plan the queue's processor computed, through Redis", async () => {
    const seen: PlanJobPayload[] = [];
    const runner = await start({ execute: async (data) => (seen.push(data), fakePlan(data)) });
    const plan = await runner.plan(payload("zz", 7));
    expect(plan).to.deep.equal(fakePlan(payload("zz", 7)));
    expect(seen).to.deep.equal([payload("zz", 7)]);
    // the job really went through the queue: Bull numbers jobs from 1 per queue
    expect(await redis.get(`${prefix}:${planQueueName}:id`)).to.equal("1");
  });

  it("returns an input error with its code and details and does not retry it", async () => {
    let calls = 0;
    const runner = await start({
      execute: async () => {
        calls += 1;
        throw new LianxinError(ErrorCode.invalidInput, "invalid plan job payload", [{ path: "scenario.compounds[3].households", message: "must be a positive integer" }]);
      },
    });
    const error = await runner.plan(payload("bad")).then(() => null, (e: unknown) => e);
    expect(error).to.be.instanceOf(LianxinError);
    expect((error as LianxinError).code).to.equal(ErrorCode.invalidInput);
    expect((error as LianxinError).details).to.deep.equal([{ path: "scenario.compounds[3].households", message: "must be a positive integer" }]);
    expect(calls).to.equal(1);
  });

  it("retries an unexpected failure, then rejects with its message", async () => {
    let calls = 0;
    const runner = await start({
      attempts: 2,
      execute: async (data) => {
        calls += 1;
        if (calls === 1) throw new Error("worker ran out of memory");
        return fakePlan(data);
      },
    });
    // first attempt fails, the retry (after 10 ms backoff) succeeds
    expect((await runner.plan(payload("flaky"))).scenario).to.equal("flaky");
    expect(calls).to.equal(2);

    const failing = await start({ attempts: 2, execute: async () => Promise.reject(new Error("planner bug")) });
    await runners[0].close(); // leave the failing runner as the only processor
    const error = await failing.plan(payload("doomed")).then(() => null, (e: unknown) => e);
    expect((error as Error).message).to.equal("planner bug");
  });

  it("lets a producer-only server hand jobs to another server's processor", async () => {
    const processedBy: string[] = [];
    await start({ execute: async (data) => (processedBy.push("planner server"), fakePlan(data)) });
    const producer = await start({ process: false });
    const plans = await Promise.all([producer.plan(payload("a")), producer.plan(payload("b"))]);
    expect(plans.map((p) => p.scenario)).to.deep.equal(["a", "b"]);
    expect(processedBy).to.deep.equal(["planner server", "planner server"]);
  });

  it("runs the real plan job handler in a worker thread by default", async () => {
    const runner = await start({});
    const bad = { scenario: { id: "x" }, options: { seed: 1.5 } } as unknown as PlanJobPayload;
    const error = await runner.plan(bad).then(() => null, (e: unknown) => e);
    // validation happened in the worker and its LianxinError survived the thread and the queue
    expect(error).to.be.instanceOf(LianxinError);
    expect((error as LianxinError).code).to.equal(ErrorCode.invalidInput);
    expect((error as LianxinError).details.map((d) => d.path)).to.include.members(["scenario.name", "options.seed"]);
  });

  it("plans a real scenario through the queue and a worker thread", async () => {
    const runner = await start({});
    const tiny = JSON.parse(readFileSync(new URL("../fixtures/tiny.json", import.meta.url), "utf8")) as Scenario;
    const plan = await runner.plan({ scenario: tiny, options: { seed: 1 } });
    expect(plan.scenario).to.equal("tiny");
    expect(plan.customerOutageHours).to.be.at.most(plan.baselineCustomerOutageHours);
  });

  it("is what createJobRunner returns when redisUrl is set", async () => {
    const runner = await createJobRunner({ redisUrl: redisUrl as string }, { prefix, handler: async (data) => fakePlan(data) });
    runners.push(runner);
    const before = Number(await redis.get(`${prefix}:${planQueueName}:id`));
    await runner.plan(payload("via-config"));
    expect(Number(await redis.get(`${prefix}:${planQueueName}:id`))).to.equal(before + 1);
  });

  it("fails to start, instead of hanging, when Redis does not answer", async () => {
    const error = await createBullRunner("redis://127.0.0.1:1", { prefix, connectTimeoutMs: 300, onError: () => {} }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as Error).message).to.equal("Redis did not answer within 300 ms (check REDIS_URL)");
  });
});
