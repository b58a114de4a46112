/**
 * Builds the express app and the HTTP server from their dependencies, without listening and without reading the
 * environment, so tests start it in-process on port 0 and main.ts wires the real pieces.
 */
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Express } from "express";
import type { Clock } from "./clock.ts";
import { cachedTokenLookup, type FindToken } from "./http/authenticate.ts";
import { createApiRouter } from "./http/api-routes.ts";
import { createIncidentService, type IncidentService } from "./incidents/incident-service.ts";
import type { JobQueue } from "./jobs/job-definition.ts";
import { createJobService } from "./jobs/job-service.ts";
import { createRelayNotifier } from "./jobs/relay-notifier.ts";
import type { Notifier } from "./notifier.ts";
import { createReplayService, type ReplayService } from "./replay/replay-service.ts";
import type { Store } from "./store/store.ts";

export interface ServerDeps {
  store: Store;
  /** the job queue (server/jobs/create-job-queue.ts); its handlers get their own notifier */
  jobs: JobQueue;
  clock: Clock;
  /** mounts the board and crew pages (server/http/client-routes.ts) after the API */
  mountClient?: (app: Express) => void;
  planTimeLimitMs?: number;
  logError?: (error: unknown) => void;
}

export interface LianxinServer {
  app: Express;
  http: HttpServer;
  incidents: IncidentService;
  /** live replays and counterfactual reports (#6) */
  replays: ReplayService;
  /** the token lookup the API uses (cached); the realtime layer can share it */
  findToken: FindToken;
  /**
   * The realtime layer is attached to `http` after it exists and hands back its notifier: services call whatever
   * notifier is set when they store something (silent until then).
   */
  setNotifier(notifier: Notifier): void;
  /** resolves with the port actually bound (0 = any free port) */
  listen(port: number, host?: string): Promise<number>;
  /** stops accepting connections and ends idle keep-alive ones */
  close(): Promise<void>;
}

/**
 * @example
 * const server = createServer({ store, jobs, clock: systemClock });
 * const port = await server.listen(0);
 */
export function createServer(deps: ServerDeps): LianxinServer {
  // the realtime layer needs the HTTP server, so it is set later (setNotifier)
  const forwarding = createRelayNotifier();
  const replays = createReplayService({ store: deps.store, jobs: deps.jobs, clock: deps.clock, notifier: forwarding });
  const incidents = createIncidentService({ store: deps.store, jobs: deps.jobs, clock: deps.clock, notifier: forwarding, planTimeLimitMs: deps.planTimeLimitMs, replayNow: replays.replayNow });
  const findToken = cachedTokenLookup((secret) => deps.store.findToken(secret), deps.clock);
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  const jobs = createJobService({ jobs: deps.jobs, readIncident: incidents.getIncident });
  app.use("/api", createApiRouter({ incidents, jobs, replays, findToken, logError: deps.logError }));
  deps.mountClient?.(app);
  const http = createHttpServer(app);

  return {
    app,
    http,
    incidents,
    replays,
    findToken,
    setNotifier(n) {
      forwarding.relayTo(n);
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
    close() {
      return new Promise((resolve) => {
        if (!http.listening) return resolve();
        http.close(() => resolve());
        http.closeIdleConnections();
      });
    },
  };
}
