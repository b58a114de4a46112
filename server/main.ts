/**
 * The one place where everything is wired together: config and clock once, the store, the job runner, the HTTP
 * API, the board pages, the realtime rooms; first-run seeding; graceful shutdown on SIGTERM / SIGINT.
 *
 * Logs JSON lines (pino) on stdout; one of them says `Lianxin listening on http://localhost:<port>` once it
 * accepts connections (tests parse that line). SIGTERM drains: not ready, no new connections, requests in flight
 * finish (up to LIANXIN_DRAIN_MS), sockets and jobs close, the store closes, exit 0.
 */
import path from "node:path";
import v8 from "node:v8";
import type { Redis } from "ioredis";
import { systemClock } from "./clock/clock.ts";
import { loadConfig } from "./config.ts";
import { createServer } from "./create-server.ts";
import { mountClient } from "./http/client-routes.ts";
import { boardUrl, prepareFirstRun } from "./incidents/first-run.ts";
import { createJobQueue } from "./jobs/queues/create-job-queue.ts";
import { createRelayNotifier } from "./notifiers/relay-notifier.ts";
import { createWorkerCompute } from "./compute/worker-compute.ts";
import { queueCheck, redisCheck, storeChecks } from "./ops/dependency-checks.ts";
import { createLogger, type Logger } from "./ops/logger.ts";
import { countingNotifier, createMetrics } from "./ops/metrics.ts";
import { attachRealtime } from "./realtime/attach-realtime.ts";
import { readReplayAnchor, shiftableClock } from "./clock/shiftable-clock.ts";
import { removeServerFile, writeServerFile } from "./server-file.ts";
import { openStore } from "./store/open-store.ts";

/**
 * The demo replay starts on 22 Jul 2021 at 14:00 Zhengzhou time: the first provincial trucks are arriving and most
 * compounds are still dark. The demo is a replay incident (#6) with its own scenario clock; LIANXIN_REPLAY_FROM
 * shifts the whole server's clock instead (and `off` seeds the demo as a plain incident on the real clock).
 */
const DEMO_REPLAY_FROM = "2021-07-22T14:00:00+08:00";

/**
 * V8 lets the old generation grow to up to 4× what the last full GC kept before it collects again. Under a fuzz of
 * large refused bodies (each string over 128 KB is allocated straight into the old generation) that was ~200 MB of
 * garbage on a live ~60 MB heap, and the server's resident peak went to 745-775 MB; collecting at 1.2× kept it at
 * 499 MB on the same seed (bench/fuzz-bench.ts, 20,000 requests). A few more full GCs are cheap on a heap this size.
 * The flag is read at each GC, so setting it here (not only on the command line) takes effect.
 */
v8.setFlagsFromString(`--heap-growing-percent=${process.env.LIANXIN_HEAP_GROWING_PERCENT ?? "20"}`);

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.ops.logLevel);
  const metrics = createMetrics();
  const clock = shiftableClock(systemClock);
  if (typeof config.replay === "number") clock.anchor({ from: config.replay, wallAt: systemClock.now() });
  else if (config.replay === "auto") clock.anchor(await readReplayAnchor(config.dataDir));
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, clock, prepareInChild: true });
  // job handlers reach the boards through the realtime layer, which exists only once the server does
  const jobNotifier = createRelayNotifier();
  const compute = createWorkerCompute();
  // board alerts (#16) derive a storm's state in a worker of their own: never behind a plan, never on the event loop
  // (its copies of the logs live there; started on the first evaluation, which needs a board watching)
  const alertCompute = createWorkerCompute({ size: 1 });
  // plans are timed as the job handlers store them (the services' notifier counts reports, in createServer)
  const jobs = await createJobQueue(config, { store, notifier: countingNotifier(metrics, jobNotifier, { reports: false }), clock, compute });
  const redis = config.redisUrl === null ? null : await connectRedis(config.redisUrl, logger);
  const server = createServer({
    store, jobs, clock, mountClient: (app) => mountClient(app, config),
    logger, metrics, rateLimit: config.ops.rateLimit, redis, metricsToken: config.ops.metricsToken,
    readinessChecks: [...storeChecks(store), queueCheck(jobs), ...(redis ? [redisCheck(redis)] : [])],
    readyTimeoutMs: config.ops.readyTimeoutMs,
    deriveAlerts: (task) => alertCompute.alerts(task),
    residentAlerts: {
      sender: config.alerts.sender,
      webhook: config.alerts.webhookUrl === null ? null : {
        url: config.alerts.webhookUrl,
        ...(config.alerts.webhookSecret === null ? {} : { secretHeader: { name: config.alerts.webhookHeader, value: config.alerts.webhookSecret } }),
      },
    },
  });
  const realtime = await attachRealtime(server.http, {
    config,
    store,
    authenticate: server.findToken,
    forgetToken: (id) => server.findToken.forget(id),
    stateOf: (incident) => server.incidents.stateOf(incident),
  });
  // the jobs' plans and replayed events reach the boards through the same notifier, so their alerts are evaluated (#16)
  const watched = server.setNotifier(realtime.notifier);
  // board alerts are evaluated for the incidents this server's boards watch (each server for its own boards)
  const rooms = realtime.rooms;
  if (rooms) server.alerts.countWatchersWith((incident) => rooms.size(incident));
  metrics.watchSockets(() => realtime.sockets());
  // reports a replay's job delivers reach the SMS webhook (#18) and the board alerts (#16) too
  jobNotifier.relayTo(server.withAlertPush(watched));

  const demoReplay = config.replay === "off" ? undefined : { fromMs: Date.parse(DEMO_REPLAY_FROM), wallMs: clock.now() };
  const first = await prepareFirstRun(store, { dataDir: config.dataDir, seedDemo: config.seedDemo, demoReplay });
  const port = await server.listen(config.port);
  // `npm run token` finds the running server here (server-file.ts); written before the line tests wait for
  await writeServerFile(config.dataDir, { pid: process.pid, port }).catch((error: unknown) => logger.warn({ err: error }, "could not write server.json"));
  logger.info({ port }, `Lianxin listening on http://localhost:${port}`);
  // replay jobs kept in memory died with the last process: every running replay gets one again
  const resumed = await server.replays.resumeRunning();
  if (first.seeded && first.incident !== null) {
    const incident = first.incident;
    logger.info(
      demoReplay
        ? `Loaded the Zhengzhou 2021 scenario as a replay: its clock reads ${DEMO_REPLAY_FROM} and runs at 1× (pause, speed up or jump from the board); computing its first plan in the background.`
        : "Loaded the Zhengzhou 2021 scenario as the first incident; computing its first plan in the background.",
    );
    // a new user should find a plan on the board, not an empty panel; the board receives it live when stored. A
    // replay plans once its history up to the start is in the log.
    const system = { id: "system", name: "first-run", role: "commander" as const, incident: null, trucks: [], createdAt: new Date(clock.now()).toISOString() };
    (demoReplay ? server.replays.advance(incident) : Promise.resolve())
      .then(() => server.incidents.plan(system, incident))
      .catch((error: unknown) => logger.error({ err: error }, "first plan failed"));
  } else if (resumed.length > 0) {
    logger.info(`Resumed ${resumed.length} running replay(s).`);
  }
  const replay = clock.replaying();
  if (replay !== null) {
    logger.info(`Replay clock: now reads ${new Date(clock.now()).toISOString()} (UTC), running at 1×; LIANXIN_REPLAY_FROM=off for the real time.`);
  }
  if (first.token !== null) {
    // Never a token in a log line. A person at a terminal gets the link that signs in; a log gets the board's
    // address and where the token is kept.
    const created = first.tokenCreated ? "Created a local commander token. " : "";
    const tokenFile = path.join(config.dataDir, "commander-token");
    logger.info({ tokenFile }, `${created}Board: ${boardUrl(port, { ...first, token: null })} (sign in with the token in ${tokenFile})`);
    if (process.stdout.isTTY) process.stdout.write(`Board: ${boardUrl(port, first)}\n`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const drainMs = config.ops.drainMs;
    logger.info({ signal, drainMs }, `${signal}: draining (not ready, no new connections, finishing requests in flight)`);
    // past the drain, requests lose their connections; past that and a margin (jobs, store), the process goes anyway
    setTimeout(() => {
      logger.error("shutdown did not finish in time; exiting 1");
      process.exit(1);
    }, drainMs + 10_000).unref();
    server.readiness.drain();
    // stop accepting at once; sockets are closed (they hold connections open), then requests in flight finish,
    // then what they use closes
    const answered = server.close(drainMs);
    await realtime.close();
    await answered;
    await jobs.close();
    await compute.close();
    await alertCompute.close();
    await store.close();
    await removeServerFile(config.dataDir, process.pid).catch(() => {});
    await redis?.quit().catch(() => {});
    logger.info(`${signal}: stopped; the store closed cleanly`);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/**
 * The server's own Redis connection: readiness pings it and the rate limits keep their counters on it. A Redis
 * that goes away is logged once, and once again when it is back, not at every reconnection attempt.
 */
async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  // imported here, as Bull is, so a server without Redis never loads a Redis client
  const { Redis } = await import("ioredis");
  // a command fails after one reconnection attempt rather than wait in the offline queue (the rate limits then
  // let the write pass)
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  let down = false;
  client.on("error", (error: Error) => {
    if (!down) logger.warn({ err: error }, "redis: connection lost; retrying");
    down = true;
  });
  client.on("ready", () => {
    if (down) logger.info("redis: connected again");
    down = false;
  });
  return client;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error && "details" in error ? `${error.message}: ${JSON.stringify(error.details)}` : error);
  process.exit(1);
});
