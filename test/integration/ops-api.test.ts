/**
 * Operating the server (#13 item 7) in-process on the embedded store: /api/ready and what it names when a
 * dependency is down, /metrics behind its token, JSON log lines with a request id and no secret, 500s logged with
 * the request id, per-token write limits (429 + Retry-After), shared across servers through Redis when REDIS_URL
 * is set.
 */
import { createServer as createNetServer } from "node:net";
import { expect } from "chai";
import { Redis } from "ioredis";
import { io as connect } from "socket.io-client";
import { loadConfig, type RateLimitConfig } from "../../server/config.ts";
import { createServer, type LianxinServer, type ServerDeps } from "../../server/create-server.ts";
import { handlePlanJob } from "../../server/compute/compute-tasks.ts";
import type { JobQueue } from "../../server/jobs/job-definition.ts";
import { createLocalQueue } from "../../server/jobs/queues/local-queue.ts";
import { callingThreadCompute } from "../../server/compute/worker-compute.ts";
import { silentNotifier } from "../../server/notifiers/notifier.ts";
import { queueCheck, redisCheck, storeChecks } from "../../server/ops/dependency-checks.ts";
import { createLogger } from "../../server/ops/logger.ts";
import { countingNotifier, createMetrics, type Metrics } from "../../server/ops/metrics.ts";
import { attachRealtime, type Realtime } from "../../server/realtime/attach-realtime.ts";
import type { Store } from "../../server/store/store.ts";
import { makeFixtureClock } from "./helpers/server-harness.ts";
import { createPgliteFixture, type StoreFixture } from "./helpers/store-fixtures.ts";
import { tinyScenario } from "./helpers/store-scenario.ts";

const METRICS_TOKEN = "metrics-token-0123456789";
/** tiny on purpose: a crew token may write 3 times a minute here; the commander is not limited */
const LIMITS: RateLimitConfig = { windowMs: 60_000, writes: 3, commanderWrites: 0, prefix: "unused:" };

interface Running {
  base: string;
  server: LianxinServer;
  close(): Promise<void>;
}

async function listen(server: LianxinServer, extra: () => Promise<void> = async () => {}): Promise<Running> {
  const port = await server.listen(0, "127.0.0.1");
  return { base: `http://127.0.0.1:${port}`, server, close: async () => { await extra(); await server.close(); } };
}

/** a port nothing listens on: bound by us a moment ago, then released */
async function deadPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function call(base: string, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  const json = (res.headers.get("content-type") ?? "").includes("json") && text !== "" ? JSON.parse(text) : null;
  return { status: res.status, headers: res.headers, text, body: json };
}

describe("operating the server: readiness, metrics, logs and write limits", function () {
  this.timeout(120_000);
  let fixture: StoreFixture;
  let store: Store;
  let jobs: JobQueue;
  let metrics: Metrics;
  let realtime: Realtime;
  let main: Running;
  const lines: string[] = [];
  const tokens = { commander: "", crew: "", viewer: "" };
  let incident = "";

  before(async () => {
    fixture = await createPgliteFixture(makeFixtureClock());
    store = await fixture.open();
    metrics = createMetrics({ defaultMetrics: false });
    // plans are timed on the job handlers' notifier, as in main.ts
    jobs = createLocalQueue({ store, notifier: countingNotifier(metrics, silentNotifier, { reports: false }), clock: fixture.clock, compute: callingThreadCompute(handlePlanJob) });
    const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
    const server = createServer({ store, jobs, clock: fixture.clock, planTimeLimitMs: 300, metrics, logger, rateLimit: LIMITS, metricsToken: METRICS_TOKEN });
    realtime = await attachRealtime(server.http, { config: loadConfig({}), store, authenticate: server.findToken, stateOf: (id) => server.incidents.stateOf(id) });
    server.setNotifier(realtime.notifier);
    metrics.watchSockets(() => realtime.sockets());
    main = await listen(server, () => realtime.close());
    tokens.commander = (await store.createToken({ name: "Commander Li", role: "commander" })).secret;
    tokens.viewer = (await store.createToken({ name: "Viewer Zhao", role: "viewer" })).secret;
    incident = (await call(main.base, "POST", "/api/incidents", { token: tokens.commander, body: tinyScenario() })).body.id;
    tokens.crew = (await store.createToken({ name: "Crew Wang", role: "crew", incident, trucks: ["T1"] })).secret;
  });
  after(async () => {
    await main?.close();
    await jobs?.close();
    await store?.close();
    await fixture?.dispose();
  });

  describe("GET /api/ready", () => {
    it("answers 200 naming what it checked when the store, its migrations and the queue answer", async () => {
      const r = await call(main.base, "GET", "/api/ready");
      expect(r.status).to.equal(200);
      expect(r.body).to.deep.equal({ ready: true, checked: ["store", "migrations", "queues"] });
    });

    it("keeps /api/health a liveness check that needs no token", async () => {
      expect((await call(main.base, "GET", "/api/health")).body).to.deep.equal({ ok: true });
    });

    it("answers 503 unavailable naming the store when the store is closed", async () => {
      const other = await createPgliteFixture(makeFixtureClock());
      const closed = await other.open();
      await closed.close();
      const server = createServer({ store: closed, jobs, clock: fixture.clock, readinessChecks: [...storeChecks(closed), queueCheck(jobs)] });
      const running = await listen(server);
      try {
        const r = await call(running.base, "GET", "/api/ready");
        expect(r.status).to.equal(503);
        expect(r.body.error.code).to.equal("unavailable");
        const down = r.body.error.details.map((d: { path: string }) => d.path);
        expect(down).to.include("store");
        expect(down).to.not.include("queues");
      } finally {
        await running.close();
        await other.dispose();
      }
    });

    it("names the migrations when one in prisma/migrations is not recorded as applied", async () => {
      const behind = { appliedMigrations: async () => [] as string[] };
      const server = createServer({ store, jobs, clock: fixture.clock, readinessChecks: storeChecks(behind) });
      const running = await listen(server);
      try {
        const r = await call(running.base, "GET", "/api/ready");
        expect(r.status).to.equal(503);
        expect(r.body.error.details).to.have.length(1);
        expect(r.body.error.details[0].path).to.equal("migrations");
        expect(r.body.error.details[0].message).to.match(/^not applied: \d{8}/);
      } finally {
        await running.close();
      }
    });

    it("answers 503 naming Redis when REDIS_URL points at a port where nothing answers", async () => {
      const redis = new Redis(`redis://127.0.0.1:${await deadPort()}`, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
      redis.on("error", () => {}); // refused connections are the point here
      const server = createServer({ store, jobs, clock: fixture.clock, readyTimeoutMs: 1000, readinessChecks: [...storeChecks(store), queueCheck(jobs), redisCheck(redis)] });
      const running = await listen(server);
      try {
        const r = await call(running.base, "GET", "/api/ready");
        expect(r.status).to.equal(503);
        expect(r.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(["redis"]);
      } finally {
        await running.close();
        redis.disconnect();
      }
    });

    it("answers 503 naming the server once it drains, whatever its dependencies say", async () => {
      const server = createServer({ store, jobs, clock: fixture.clock });
      const running = await listen(server);
      try {
        expect((await call(running.base, "GET", "/api/ready")).status).to.equal(200);
        server.readiness.drain();
        const r = await call(running.base, "GET", "/api/ready");
        expect(r.status).to.equal(503);
        expect(r.body.error.details).to.deep.equal([{ path: "server", message: "draining: shutting down" }]);
        // answers while draining ask the client to close its connection
        expect(r.headers.get("connection")).to.equal("close");
      } finally {
        await running.close();
      }
    });
  });

  describe("GET /metrics", () => {
    it("refuses without a token, with a crew or viewer token and with a wrong one (401)", async () => {
      for (const token of [undefined, tokens.viewer, tokens.crew, "not-a-token"]) {
        const r = await call(main.base, "GET", "/metrics", { token });
        expect(r.status, String(token)).to.equal(401);
        expect(r.body.error.code).to.equal("unauthorized");
      }
    });

    it("exposes request durations by route pattern, reports stored, plan durations, queue depth and board sockets", async () => {
      const report = { id: "20000000-0000-4000-8000-000000000001", type: "truck.dispatched", at: "2021-07-25T20:30:00+08:00", truck: "T1", compound: "C1" };
      expect((await call(main.base, "POST", `/api/incidents/${incident}/events`, { token: tokens.commander, body: report })).status).to.equal(201);
      expect((await call(main.base, "POST", `/api/incidents/${incident}/plans`, { token: tokens.commander, body: { timeLimitSeconds: 0.3, seed: 1 } })).status).to.equal(201);
      const socket = connect(main.base, { auth: { token: tokens.viewer }, transports: ["websocket"], reconnection: false });
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      try {
        for (const token of [tokens.commander, METRICS_TOKEN]) {
          const r = await call(main.base, "GET", "/metrics", { token });
          expect(r.status).to.equal(200);
          expect(r.headers.get("content-type")).to.match(/^text\/plain/);
          // the pattern, not the incident's id: one series per route whatever ids clients send
          expect(r.text).to.include('lianxin_http_request_duration_seconds_count{method="POST",route="/api/incidents/:id/events",status="201"} 1');
          expect(r.text).to.not.include(incident);
          expect(r.text).to.include('lianxin_reports_stored_total{type="truck.dispatched"} 1');
          expect(r.text).to.include("lianxin_plan_duration_seconds_count 1");
          expect(r.text).to.include('lianxin_job_queue_depth{kind="plan"} 0');
          expect(r.text).to.include("lianxin_board_sockets 1");
        }
      } finally {
        socket.disconnect();
      }
    });

    it("keeps one registry per server: a second server's metrics start empty", async () => {
      const server = createServer({ store, jobs, clock: fixture.clock, metricsToken: METRICS_TOKEN });
      const running = await listen(server);
      try {
        const r = await call(running.base, "GET", "/metrics", { token: METRICS_TOKEN });
        expect(r.text).to.not.include("lianxin_reports_stored_total{");
        expect(r.text).to.not.include('route="/api/incidents/:id/events"');
      } finally {
        await running.close();
      }
    });
  });

  describe("JSON logs", () => {
    it("writes one line per request with its request id, echoed in X-Request-Id, and never the token", async () => {
      const before = lines.length;
      const r = await call(main.base, "GET", `/api/incidents/${incident}/state?token=${tokens.commander}`, {
        token: tokens.commander,
        headers: { cookie: `lianxin=${tokens.crew}`, "x-request-id": "op-check-42" },
      });
      expect(r.status).to.equal(200);
      expect(r.headers.get("x-request-id")).to.equal("op-check-42");
      const mine = lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.reqId === "op-check-42");
      expect(mine).to.have.length(1);
      expect(mine[0]).to.include({ msg: "request", method: "GET", route: "/api/incidents/:id/state", status: 200 });
      expect(mine[0].url).to.equal(`/api/incidents/${incident}/state?token=[redacted]`);
      const written = lines.slice(before).join("");
      expect(written).to.not.include(tokens.commander);
      expect(written).to.not.include(tokens.crew);
    });

    it("makes its own request id when the incoming one is not sane", async () => {
      for (const id of ["a b;c", "x".repeat(200), "<script>"]) {
        const r = await call(main.base, "GET", "/api/health", { headers: { "x-request-id": id } });
        expect(r.headers.get("x-request-id")).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      }
    });

    it("logs an error that maps to 500 with the request id", async () => {
      const failing = new Proxy(store, {
        get: (target, name) => (name === "listIncidents" ? async () => { throw new Error("disk on fire"); } : Reflect.get(target, name)),
      });
      const own: string[] = [];
      const server = createServer({ store: failing, jobs, clock: fixture.clock, logger: createLogger("info", { write: (l: string) => void own.push(l) }) });
      const running = await listen(server);
      try {
        const r = await call(running.base, "GET", "/api/incidents", { token: tokens.viewer, headers: { "x-request-id": "boom-1" } });
        expect(r.status).to.equal(500);
        expect(r.body.error.message).to.equal("internal error");
        const error = own.map((l) => JSON.parse(l) as { reqId?: string; msg: string; err?: { message: string } }).find((l) => l.msg === "internal error");
        expect(error?.reqId).to.equal("boom-1");
        expect(error?.err?.message).to.equal("disk on fire");
      } finally {
        await running.close();
      }
    });
  });

  describe("write limits", () => {
    it("answers a crew token's writes over its limit with 429 rate_limited and Retry-After; reads and other tokens go on", async () => {
      const post = (token: string, n: number) =>
        call(main.base, "POST", `/api/incidents/${incident}/events`, { token, body: { id: `30000000-0000-4000-8000-00000000000${n}`, type: "truck.dispatched", at: "2021-07-25T20:40:00+08:00", truck: "T1", compound: "C2" } });
      // three writes pass the limiter (whatever the service then says of them), the fourth does not
      for (let n = 1; n <= 3; n++) expect((await post(tokens.crew, n)).status).to.not.equal(429);
      const refused = await post(tokens.crew, 4);
      expect(refused.status).to.equal(429);
      expect(refused.body.error.code).to.equal("rate_limited");
      expect(refused.body.error.details[0].path).to.equal("authorization");
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).to.be.greaterThan(0).and.at.most(60);
      expect((await call(main.base, "GET", `/api/incidents/${incident}/events`, { token: tokens.crew })).status).to.equal(200);
      // the commander (no limit here) is not held back by the crew's count
      expect((await post(tokens.commander, 5)).status).to.not.equal(429);
    });

    it("shares the counts across servers through Redis when REDIS_URL is set", async function () {
      const url = process.env.REDIS_URL;
      if (!url) this.skip();
      // a key prefix of this run's own, so runs in parallel cannot share counts
      const prefix = `lianxin:test:rl:${process.pid}:${process.hrtime.bigint()}:`;
      const clients = [new Redis(url!), new Redis(url!)];
      const deps: Omit<ServerDeps, "redis"> = { store, jobs, clock: fixture.clock, rateLimit: { ...LIMITS, writes: 3, prefix } };
      const [a, b] = await Promise.all(clients.map((redis) => listen(createServer({ ...deps, redis }))));
      const token = (await store.createToken({ name: "Crew Sun", role: "crew", incident, trucks: ["T2"] })).secret;
      const post = (base: string, n: number) =>
        call(base, "POST", `/api/incidents/${incident}/events`, { token, body: { id: `40000000-0000-4000-8000-00000000000${n}`, type: "truck.dispatched", at: "2021-07-25T21:10:00+08:00", truck: "T2", compound: "C1" } });
      try {
        expect((await post(a.base, 1)).status).to.not.equal(429);
        expect((await post(b.base, 2)).status).to.not.equal(429);
        expect((await post(a.base, 3)).status).to.not.equal(429);
        const refused = await post(b.base, 4);
        expect(refused.status).to.equal(429);
        expect(refused.headers.get("retry-after")).to.match(/^\d+$/);
      } finally {
        await a.close();
        await b.close();
        const keys = await clients[0].keys(`${prefix}*`);
        if (keys.length > 0) await clients[0].del(...keys);
        for (const c of clients) c.disconnect();
      }
    });
  });
});
