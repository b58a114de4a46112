/**
 * Starts the real express app and HTTP server in-process on port 0 over a store fixture (PGlite directory or
 * PostgreSQL schema), with the planner run on the calling thread and a notifier that records what it was told.
 */
import { fakeClock } from "../../../server/clock/clock.ts";
import { createServer, type LianxinServer, type ServerDeps } from "../../../server/create-server.ts";
import { handlePlanJob } from "../../../server/compute/compute-tasks.ts";
import { createLocalQueue } from "../../../server/jobs/queues/local-queue.ts";
import type { JobQueue } from "../../../server/jobs/job-definition.ts";
import { callingThreadCompute } from "../../../server/compute/worker-compute.ts";
import type { Notifier } from "../../../server/notifiers/notifier.ts";
import type { Store } from "../../../server/store/store.ts";
import type { StoredEvent } from "../../../shared/events.ts";
import type { JobStatus, ReplayClock, StoredPlan } from "../../../shared/wire.ts";
import type { StoreFixture } from "./store-fixtures.ts";

/** 2021-07-27T00:00Z: after every report the tests send (reports from the future are refused). */
export const SERVER_NOW_MS = Date.UTC(2021, 6, 27, 0, 0, 0);

export interface RecordingNotifier extends Notifier {
  events: StoredEvent[];
  plans: StoredPlan[];
  clocks: ReplayClock[];
  jobs: JobStatus[];
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
}

export interface TestServer {
  base: string;
  store: Store;
  server: LianxinServer;
  notified: RecordingNotifier;
  /** the server's job queue (in-process): tests wait on a job's result with jobs.wait(id) */
  jobs: JobQueue;
  // replies are asserted field by field with chai, so a loose default type keeps the tests readable
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call<T = any>(method: string, path: string, options?: { token?: string; body?: unknown; raw?: string }): Promise<Reply<T>>;
  close(): Promise<void>;
}

export function recordingNotifier(): RecordingNotifier {
  const events: StoredEvent[] = [];
  const plans: StoredPlan[] = [];
  const clocks: ReplayClock[] = [];
  const jobs: JobStatus[] = [];
  return {
    events,
    plans,
    clocks,
    jobs,
    eventStored: (e) => events.push(e),
    planStored: (p) => plans.push(p),
    clockChanged: (c) => clocks.push(c),
    jobUpdated: (j) => jobs.push(j),
  };
}

export function makeFixtureClock() {
  return fakeClock(SERVER_NOW_MS);
}

/**
 * @example
 * const t = await startTestServer(await createPgliteFixture(makeFixtureClock()));
 * const r = await t.call("GET", "/api/incidents", { token });
 */
export async function startTestServer(fixture: StoreFixture, options: Pick<ServerDeps, "residentAlerts"> = {}): Promise<TestServer> {
  const store = await fixture.open();
  const notified = recordingNotifier();
  // the job handlers run in this process and the planner on this thread; they report to the same recorder
  const jobs = createLocalQueue({ store, notifier: notified, clock: fixture.clock, compute: callingThreadCompute(handlePlanJob) });
  const server = createServer({ store, jobs, clock: fixture.clock, planTimeLimitMs: 500, logError: () => {}, ...options });
  server.setNotifier(notified);
  const port = await server.listen(0, "127.0.0.1");
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    store,
    server,
    notified,
    jobs,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = {};
      if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.raw !== undefined || options.body !== undefined) {
        headers["content-type"] = "application/json";
        body = options.raw ?? JSON.stringify(options.body);
      }
      const res = await fetch(`${base}${path}`, { method, headers, body });
      const text = await res.text();
      return { status: res.status, body: text === "" ? null : JSON.parse(text) };
    },
    async close() {
      await server.close();
      await jobs.close();
      await store.close();
      await fixture.dispose();
    },
  };
}
