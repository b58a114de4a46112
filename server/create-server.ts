/**
 * Builds the express app and the HTTP server from their dependencies, without listening and without reading the
 * environment, so tests start it in-process on port 0 and main.ts wires the real pieces.
 */
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Express } from "express";
import type { Redis } from "ioredis";
import type { RateLimitConfig } from "./config.ts";
import type { Clock } from "./clock/clock.ts";
import { cachedTokenLookup, type CachedFindToken } from "./http/authenticate.ts";
import { createApiRouter } from "./http/api-routes.ts";
import { mountOpsRoutes } from "./http/ops-routes.ts";
import { createIncidentService, type IncidentService } from "./incidents/incident-service.ts";
import { createWhatIfService } from "./incidents/what-if-service.ts";
import { createAlertService, type AlertService } from "./incidents/alert-service.ts";
import type { DeriveAlerts } from "./incidents/alert-derivation.ts";
import { createWatchService } from "./incidents/watch-service.ts";
import { createTokenService } from "./incidents/token-service.ts";
import type { JobQueue } from "./jobs/job-definition.ts";
import { createJobService } from "./jobs/job-service.ts";
import { createRelayNotifier } from "./notifiers/relay-notifier.ts";
import type { Notifier } from "./notifiers/notifier.ts";
import { queueCheck, storeChecks } from "./ops/dependency-checks.ts";
import { silentLogger, type Logger } from "./ops/logger.ts";
import { countingNotifier, createMetrics, type Metrics } from "./ops/metrics.ts";
import { observeRequests } from "./ops/observe-requests.ts";
import { createReadiness, type Readiness, type ReadinessCheck } from "./ops/readiness.ts";
import { createWriteLimit } from "./ops/write-limit.ts";
import { createReplayService, type ReplayService } from "./replay/replay-service.ts";
import type { Store } from "./store/store.ts";
import { createAlertPusher, type AlertPusher, type AlertWebhookConfig } from "./resident-alerts/alert-webhook.ts";
import { createExerciseService, type ExerciseService } from "./exercises/exercise-service.ts";
import { createResidentAlertService, type ResidentAlertService } from "./resident-alerts/resident-alert-service.ts";

export interface ServerDeps {
  store: Store;
  /** the job queue (server/jobs/queues/create-job-queue.ts); its handlers get their own notifier */
  jobs: JobQueue;
  clock: Clock;
  /** mounts the board and crew pages (server/http/client-routes.ts) after the API */
  mountClient?: (app: Express) => void;
  planTimeLimitMs?: number;
  logError?: (error: unknown) => void;
  /** the process's logger (main.ts); default silent */
  logger?: Logger;
  /** default: a registry of this server's own */
  metrics?: Metrics;
  /** what /api/ready asks; default the store, its migrations and the job queue (main.ts adds Redis) */
  readinessChecks?: readonly ReadinessCheck[];
  /** per check; default 2000 */
  readyTimeoutMs?: number;
  /** writes per token; default none (main.ts passes config.ops.rateLimit) */
  rateLimit?: RateLimitConfig;
  /** shares the rate-limit counters across servers */
  redis?: Redis | null;
  /** LIANXIN_METRICS_TOKEN */
  metricsToken?: string | null;
  /** #18 resident alerts: the CAP sender (LIANXIN_ALERT_SENDER) and the SMS gateway webhook (LIANXIN_ALERT_WEBHOOK_URL) */
  residentAlerts?: { sender?: string; webhook?: AlertWebhookConfig | null };
  /** wall ms between the board alerts' clock ticks (#16, alert-service.ts); default 2000 */
  alertTickMs?: number;
  /** derives the board alerts (alert-derivation.ts): main.ts passes a worker thread's; default the calling thread */
  deriveAlerts?: DeriveAlerts;
}

export interface LianxinServer {
  app: Express;
  http: HttpServer;
  incidents: IncidentService;
  /** live replays and counterfactual reports (#6) */
  replays: ReplayService;
  /** the token lookup the API uses (cached); the realtime layer shares it and forgets revoked tokens through it */
  findToken: CachedFindToken;
  /** board alerts (#16): raised once each as socket `alert` */
  alerts: AlertService;
  /**
   * The realtime layer is attached to `http` after it exists and hands back its notifier: services call whatever
   * notifier is set when they store something (silent until then). Returns it wrapped so that what it hears has the
   * board alerts evaluated: pass that to the job handlers' relay too (their plans and replayed events count).
   */
  setNotifier(notifier: Notifier): Notifier;
  residentAlerts: ResidentAlertService;
  /** #18 exercises */
  exercises: ExerciseService;
  /** the webhook pusher, when a webhook is configured (tests wait on its idle()) */
  alertPusher: AlertPusher | null;
  /**
   * `n`, also telling the webhook pusher of each stored event: main.ts wraps the job handlers' notifier with it, so
   * reports a replay delivers are pushed too (the services' own notifier is wrapped here)
   */
  withAlertPush(n: Notifier): Notifier;
  /** what /api/ready answers from; main.ts drains it on SIGTERM */
  readiness: Readiness;
  metrics: Metrics;
  /** resolves with the port actually bound (0 = any free port) */
  listen(port: number, host?: string): Promise<number>;
  /**
   * stops accepting connections and ends idle keep-alive ones; resolves when requests in flight are answered, or
   * after `graceMs` (then their connections are cut)
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * @example
 * const server = createServer({ store, jobs, clock: systemClock });
 * const port = await server.listen(0);
 */
export function createServer(deps: ServerDeps): LianxinServer {
  // the realtime layer needs the HTTP server, so it is set later (setNotifier)
  const forwarding = createRelayNotifier();
  const metrics = deps.metrics ?? createMetrics();
  const logger = deps.logger ?? silentLogger();
  metrics.watchQueue(() => deps.jobs.depth());
  // what the services store is counted on its way to the boards (reports stored)
  const counted = countingNotifier(metrics, forwarding);
  // the services are made before the alert pusher, which reads incidents through them: it is looked up when told
  let alertPusher: AlertPusher | null = null;
  const withAlertPush = (n: Notifier): Notifier => ({
    eventStored(event) {
      n.eventStored(event);
      alertPusher?.eventStored(event);
    },
    planStored: (plan) => n.planStored(plan),
    clockChanged: (clock) => n.clockChanged(clock),
    jobUpdated: (job) => n.jobUpdated(job),
    tokenRevoked: (id) => n.tokenRevoked?.(id),
    alertRaised: (incident, alert) => n.alertRaised?.(incident, alert),
    eventAcked: (ack) => n.eventAcked?.(ack),
  });
  // an approved plan of an exercise (#18) becomes the fleet's steps: the replay job is woken to deliver them on time
  const pushing = withAlertPush(counted);
  const notifier: Notifier = {
    ...pushing,
    planStored(plan) {
      pushing.planStored(plan);
      if (plan.status === "approved") replays.nudge(plan.incident).catch((error: unknown) => logger.warn({ err: error, incident: plan.incident }, "could not wake the replay job"));
    },
  };
  const replays = createReplayService({ store: deps.store, jobs: deps.jobs, clock: deps.clock, notifier });
  const incidents = createIncidentService({ store: deps.store, jobs: deps.jobs, clock: deps.clock, notifier, planTimeLimitMs: deps.planTimeLimitMs, replayNow: replays.replayNow, replayReading: replays.replayReading });
  const residentAlerts = createResidentAlertService({ store: deps.store, incidents, sender: deps.residentAlerts?.sender });
  const exercises = createExerciseService({ store: deps.store, replays, jobs: deps.jobs });
  const webhook = deps.residentAlerts?.webhook;
  if (webhook) alertPusher = createAlertPusher(residentAlerts, webhook, logger);
  const findToken = cachedTokenLookup((secret) => deps.store.findToken(secret), deps.clock);
  // a revoked token is forgotten here at once, then its sockets closed and other servers told (realtime layer)
  const tokens = createTokenService({ store: deps.store, onRevoked: (token) => {
    findToken.forget(token.id);
    forwarding.tokenRevoked?.(token.id);
  } });
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  const jobs = createJobService({ jobs: deps.jobs, readIncident: incidents.getIncident, nowOf: incidents.nowOf });
  const readiness = createReadiness(deps.readinessChecks ?? [...storeChecks(deps.store), queueCheck(deps.jobs)], { timeoutMs: deps.readyTimeoutMs ?? 2000 });
  app.use(observeRequests({ logger, metrics, draining: readiness.draining }));
  mountOpsRoutes(app, { readiness, metrics, findToken, metricsToken: deps.metricsToken ?? null });
  const writeLimit = deps.rateLimit ? createWriteLimit(deps.rateLimit, { redis: deps.redis ?? null, logger }) : undefined;
  const whatIf = createWhatIfService({ store: deps.store, incidents });
  const alerts = createAlertService({ store: deps.store, incidents, raise: (id, alert) => forwarding.alertRaised?.(id, alert), tickMs: deps.alertTickMs, logError: deps.logError, derive: deps.deriveAlerts });
  const watch = createWatchService({ store: deps.store, incidents, notifier: forwarding, thresholdsChanged: alerts.touch });
  app.use("/api", createApiRouter({ incidents, jobs, replays, findToken, tokens, whatIf, watch, residentAlerts, exercises, logError: deps.logError, logger, writeLimit }));
  deps.mountClient?.(app);
  const http = createHttpServer(app);

  return {
    app,
    http,
    incidents,
    replays,
    findToken,
    residentAlerts,
    exercises,
    alertPusher,
    withAlertPush,
    readiness,
    metrics,
    alerts,
    setNotifier(n) {
      const watched = alerts.watching(n);
      forwarding.relayTo(watched);
      return watched;
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        http.once("error", reject);
        http.listen(port, host, () => {
          http.off("error", reject);
          resolve((http.address() as AddressInfo).port);
        });
      });
    },
    close(graceMs) {
      alerts.stop();
      return new Promise((resolve) => {
        if (!http.listening) return resolve();
        // past the grace period a request still running loses its connection rather than hold the shutdown
        const cut = graceMs === undefined ? undefined : setTimeout(() => http.closeAllConnections(), graceMs);
        http.close(() => {
          clearTimeout(cut);
          resolve();
        });
        http.closeIdleConnections();
      });
    },
  };
}
