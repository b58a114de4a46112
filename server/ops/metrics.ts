/**
 * Prometheus metrics (prom-client), one registry per server instance (not prom-client's global one), so tests
 * that start several servers in one process do not collide. The edges call it (HTTP middleware, the notifier the
 * services and jobs tell, the realtime layer); the planner core knows nothing of it.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { JobKind } from "../../shared/wire.ts";
import type { Notifier } from "../notifiers/notifier.ts";

const JOB_KINDS: readonly JobKind[] = ["plan", "replay", "export", "counterfactual"];

export interface Metrics {
  registry: Registry;
  /** one answered HTTP request; `route` is the route pattern ("/api/incidents/:id/events"), never the raw URL */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  reportStored(type: string): void;
  planComputed(runtimeMs: number): void;
  /** the job queue's pending and running jobs per kind, asked at every scrape */
  watchQueue(depth: () => Promise<Partial<Record<JobKind, number>>>): void;
  /** board sockets connected to this process, asked at every scrape */
  watchSockets(count: () => number): void;
  /** the text exposition format and its content type */
  render(): Promise<{ contentType: string; text: string }>;
}

/**
 * @example
 * const metrics = createMetrics();
 * metrics.observeRequest("POST", "/api/incidents/:id/events", 201, 0.012);
 * const { text } = await metrics.render(); // lianxin_http_request_duration_seconds_bucket{…} …
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  // process memory, CPU, event-loop lag: what an operator looks at first
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: "lianxin_http_request_duration_seconds",
    help: "HTTP requests by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    // a report round trip is tens of ms; a plan with ?wait is its time budget (5 s by default, 60 s at most)
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const reports = new Counter({
    name: "lianxin_reports_stored_total",
    help: "restoration events stored through this server (crew and commander reports), by type",
    labelNames: ["type"] as const,
    registers: [registry],
  });
  const plans = new Histogram({
    name: "lianxin_plan_duration_seconds",
    help: "planner run time of the plans computed by this process's jobs",
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60],
    registers: [registry],
  });
  let queueDepth: () => Promise<Partial<Record<JobKind, number>>> = async () => ({});
  new Gauge({
    name: "lianxin_job_queue_depth",
    help: "jobs waiting, delayed or running, by kind",
    labelNames: ["kind"] as const,
    registers: [registry],
    async collect() {
      const depth = await queueDepth().catch(() => null);
      if (depth === null) return; // the queue does not answer: no sample rather than a false zero
      for (const kind of JOB_KINDS) this.set({ kind }, depth[kind] ?? 0);
    },
  });
  let sockets = () => 0;
  new Gauge({
    name: "lianxin_board_sockets",
    help: "board and crew sockets connected to this process",
    registers: [registry],
    collect() {
      this.set(sockets());
    },
  });

  return {
    registry,
    observeRequest(method, route, status, seconds) {
      requests.observe({ method, route, status: String(status) }, seconds);
    },
    reportStored(type) {
      reports.inc({ type });
    },
    planComputed(runtimeMs) {
      plans.observe(runtimeMs / 1000);
    },
    watchQueue(depth) {
      queueDepth = depth;
    },
    watchSockets(count) {
      sockets = count;
    },
    async render() {
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}

/**
 * A notifier that counts what it is told before passing it on: stored events as reports (the services' notifier)
 * and stored proposed plans by their planner run time (the job handlers' notifier, whose events are replay
 * timeline entries rather than reports: `reports: false`). Approvals re-send a plan and are not counted again.
 *
 * @example
 * const notifier = countingNotifier(metrics, realtime.notifier);
 */
export function countingNotifier(metrics: Metrics, target: Notifier, options: { reports?: boolean } = {}): Notifier {
  const reports = options.reports ?? true;
  return {
    eventStored(event) {
      if (reports) metrics.reportStored(event.type);
      target.eventStored(event);
    },
    planStored(plan) {
      if (plan.status === "proposed" && typeof plan.plan.runtimeMs === "number") metrics.planComputed(plan.plan.runtimeMs);
      target.planStored(plan);
    },
    clockChanged: (clock) => target.clockChanged(clock),
    jobUpdated: (job) => target.jobUpdated(job),
    alertRaised: (incident, alert) => target.alertRaised?.(incident, alert),
    eventAcked: (ack) => target.eventAcked?.(ack),
  };
}
