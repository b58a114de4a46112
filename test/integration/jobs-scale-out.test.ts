/**
 * Scale-out with real processes: servers (with LIANXIN_SERVER_JOBS=off) and `npm run worker` processes sharing the
 * Redis at REDIS_URL and a PostgreSQL schema of their own in DATABASE_URL. Runs when both are set (CI sets them).
 */
import { expect } from "chai";
import { Redis } from "ioredis";
import type { Store } from "../../server/store/store.ts";
import { generateCity } from "../../scenarios/synthetic/generate-city.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { JobStatus, StoredPlan } from "../../shared/wire.ts";
import { startCluster, type BoardSocket, type Cluster, type ClusterServer, type LianxinProcess } from "./helpers/lianxin-cluster.ts";
import { createPostgresFixture, type StoreFixture } from "./helpers/store-fixtures.ts";
import { tinyScenario } from "./helpers/store-scenario.ts";

const redisUrl = process.env.REDIS_URL;
const databaseUrl = process.env.DATABASE_URL;

/** waits for what the test observes; the guard only ends a hang (no speed claim) */
async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A city whose plan takes the planner a couple of seconds (60 compounds, 10 trucks, floods): long enough to kill a worker mid-plan. */
function smallCity(): Scenario {
  return generateCity({ seed: 101, compounds: 60, trucks: 10, gridSide: 20, floods: true, mixedSizes: true });
}

/** the first outage: planning from there keeps every compound in play */
function firstOutage(scenario: Scenario): string {
  return scenario.compounds.map((c) => c.outageStart).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

describe("jobs across processes (worker processes, Redis, PostgreSQL)", function () {
  this.timeout(180_000);
  let fixture: StoreFixture & { url: string };
  let store: Store;
  let cluster: Cluster;
  let a: ClusterServer;
  let b: ClusterServer;
  const tokens = { commander: "", viewer: "" };

  before(async function () {
    if (!redisUrl || !databaseUrl) {
      console.log("    skipped: needs REDIS_URL and DATABASE_URL (CI sets both)");
      this.skip();
    }
    fixture = createPostgresFixture(databaseUrl);
    store = await fixture.open();
    tokens.commander = (await store.createToken({ name: "Commander Li", role: "commander" })).secret;
    tokens.viewer = (await store.createToken({ name: "HQ wall", role: "viewer" })).secret;
    // a dead worker's job: its 2 s lock lapses and a stalled check (every 1 s) hands it to another worker
    cluster = await startCluster({ databaseUrl: fixture.url, redisUrl, env: { LIANXIN_JOB_LOCK_MS: "2000", LIANXIN_JOB_STALLED_MS: "1000", LIANXIN_JOB_BACKOFF_MS: "200" } });
    [a, b] = await Promise.all([cluster.server(), cluster.server()]);
  });

  after(async () => {
    await cluster?.close();
    await store?.close();
    await fixture?.dispose();
    if (!redisUrl || !cluster) return;
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${cluster.prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  // a test's workers must not outlive it: a leftover worker would take the next test's jobs
  const workers: LianxinProcess[] = [];
  const started = (worker: LianxinProcess) => (workers.push(worker), worker);
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill("SIGKILL")));
  });

  async function call<T>(server: ClusterServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${server.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens.commander}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async function createIncident(scenario: Scenario): Promise<string> {
    const created = await call<{ id: string }>(a, "POST", "/api/incidents", scenario);
    expect(created.status).to.equal(201);
    return created.body.id;
  }

  function record(board: BoardSocket): { plans: StoredPlan[]; jobs: JobStatus[] } {
    const seen = { plans: [] as StoredPlan[], jobs: [] as JobStatus[] };
    board.on("plan", (plan) => seen.plans.push(plan));
    board.on("job", (job) => seen.jobs.push(job));
    return seen;
  }

  it("hands a plan job submitted through server A to a worker process, and the plan reaches a board on server B", async () => {
    const worker = started(await cluster.worker());
    const incident = await createIncident(tinyScenario("scale-out"));
    const seen = record(await cluster.board(b, tokens.viewer, incident));

    const r = await call<StoredPlan>(a, "POST", `/api/incidents/${incident}/plans`, { at: "2021-07-21T08:00:00+08:00" });
    expect(r.status).to.equal(201);
    expect(r.body.plan.scenario).to.equal("scale-out");
    await until(() => seen.plans.some((p) => p.id === r.body.id), "the plan on the board on server B");
    // the worker reports "completed" once Bull has stored the outcome, a moment after server A may have answered
    await until(() => seen.jobs.some((j) => j.kind === "plan" && j.state === "completed"), "a completed plan job on the board on server B");
    const job = seen.jobs.find((j) => j.kind === "plan" && j.state === "completed")!;
    // neither server runs jobs: the worker did, and says so
    await worker.waitFor(new RegExp(`plan job ${job.id} completed`));
    await worker.kill("SIGTERM");
  });

  it("retries the job of a worker killed mid-plan on another worker, and the request still gets its plan", async () => {
    const city = smallCity();
    const incident = await createIncident(city);
    const seen = record(await cluster.board(b, tokens.viewer, incident));
    const first = started(await cluster.worker());

    const request = call<StoredPlan>(a, "POST", `/api/incidents/${incident}/plans`, { at: firstOutage(city), timeLimitSeconds: 3 });
    await until(() => seen.jobs.some((j) => j.state === "active" && j.message?.startsWith("planning") === true), "the planner running on the first worker");
    const jobId = seen.jobs.find((j) => j.state === "active")!.id;
    await first.kill("SIGKILL");
    const second = started(await cluster.worker());

    const r = await request;
    expect(r.status).to.equal(201);
    expect(r.body.plan.scenario).to.equal(city.id);
    expect(first.output()).to.include(`plan job ${jobId} active`).and.not.include(`plan job ${jobId} completed`);
    // the worker logs its own "completed" a moment after Redis told server A
    await second.waitFor(new RegExp(`plan job ${jobId} completed`));
    // the board was told about the retry, with the reason, before the plan arrived
    const retry = seen.jobs.find((j) => j.id === jobId && j.state === "retrying");
    expect(retry?.error).to.equal("the worker running it stopped; retrying on another");
    await until(() => seen.plans.some((p) => p.id === r.body.id), "the retried plan on the board");
    await second.kill("SIGTERM");
  });

  it("lets a worker stopped with SIGTERM finish its running plan before it exits", async () => {
    const city = smallCity();
    const incident = await createIncident({ ...city, id: "sigterm-city" });
    const seen = record(await cluster.board(b, tokens.viewer, incident));
    const worker = started(await cluster.worker());

    const request = call<StoredPlan>(a, "POST", `/api/incidents/${incident}/plans`, { at: firstOutage(city), timeLimitSeconds: 2 });
    await until(() => seen.jobs.some((j) => j.state === "active" && j.message?.startsWith("planning") === true), "the planner running on the worker");
    const exited = new Promise<number | null>((resolve) => worker.child.once("exit", (code) => resolve(code)));
    worker.child.kill("SIGTERM");

    expect((await request).status).to.equal(201);
    expect(await exited).to.equal(0);
    expect(worker.output()).to.match(/SIGTERM: finishing running jobs[\s\S]*plan job \S+ completed/);
  });

  it("collapses a burst of 20 re-plan requests through two servers, made while no worker is free, into one plan job, and answers every request", async () => {
    const city = smallCity();
    const incident = await createIncident({ ...city, id: "burst-city" });
    const seen = record(await cluster.board(b, tokens.viewer, incident));

    // no worker yet (each test's workers are gone): every request finds the job still waiting, however long the
    // burst takes to arrive, and joins it; the board hears each one queued, under the one job's id
    const body = { at: firstOutage(city), timeLimitSeconds: 2 };
    const replies = Promise.all(Array.from({ length: 20 }, (_, i) => call<StoredPlan>(i % 2 === 0 ? a : b, "POST", `/api/incidents/${incident}/plans`, body)));
    const queued = () => seen.jobs.filter((j) => j.kind === "plan" && j.state === "queued");
    await until(() => queued().length === 20, "the 20 requests queued");
    expect(new Set(queued().map((j) => j.id)).size).to.equal(1);
    const worker = started(await cluster.worker());

    expect((await replies).map((r) => r.status)).to.deep.equal(Array(20).fill(201));
    // one plan computed and stored, and every request answered with it
    const stored = await store.listPlans(incident);
    expect(stored).to.have.length(1);
    expect(new Set((await replies).map((r) => r.body.id))).to.deep.equal(new Set([stored[0].id]));
    await until(() => (worker.output().match(/plan job \S+ completed/g)?.length ?? 0) >= 1, "the worker's log");
    expect(worker.output().match(/plan job \S+ completed/g)?.length).to.equal(1);
    await worker.kill("SIGTERM");
  });
});
