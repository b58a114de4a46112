/**
 * The one place where everything is wired together: config and clock once, the store, the job runner, the HTTP
 * API, the board pages, the realtime rooms; first-run seeding; graceful shutdown on SIGTERM / SIGINT.
 *
 * Prints `Lianxin listening on http://localhost:<port>` once it accepts connections (tests parse that line).
 */
import { systemClock, type Clock } from "./clock.ts";
import { loadConfig } from "./config.ts";
import { createServer } from "./create-server.ts";
import { mountClient } from "./http/client-routes.ts";
import { boardUrl, prepareFirstRun } from "./incidents/first-run.ts";
import { createJobRunner } from "./jobs/create-job-runner.ts";
import { attachRealtime } from "./realtime/attach-realtime.ts";
import { openStore } from "./store/open-store.ts";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const clock = config.replayFrom == null ? systemClock : replayClock(config.replayFrom);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, clock });
  const jobs = await createJobRunner(config);
  const server = createServer({ store, jobs, clock, mountClient: (app) => mountClient(app, config) });
  const realtime = await attachRealtime(server.http, {
    config,
    store,
    authenticate: server.findToken,
    stateOf: (incident) => server.incidents.stateOf(incident),
  });
  server.setNotifier(realtime.notifier);

  const first = await prepareFirstRun(store, { dataDir: config.dataDir, seedDemo: config.seedDemo });
  const port = await server.listen(config.port);
  console.log(`Lianxin listening on http://localhost:${port}`);
  if (config.replayFrom != null) console.log(`Replaying from ${new Date(config.replayFrom).toISOString()} at 1× (LIANXIN_REPLAY_FROM).`);
  if (first.seeded) {
    console.log("Loaded the Zhengzhou 2021 scenario as the first incident.");
    if (config.replayFrom == null) {
      console.log("It is a past incident: start with LIANXIN_REPLAY_FROM=2021-07-22T14:00:00+08:00 to watch it as it was on 22 July 2021.");
    }
  }
  if (first.token !== null) {
    console.log(`${first.tokenCreated ? "Created a local commander token. " : ""}Board: ${boardUrl(port, first)}`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    // a stuck connection must not keep a stopping server alive
    setTimeout(() => process.exit(1), 10_000).unref();
    // sockets first (they hold connections open), then requests in flight, then what they use
    await realtime.close();
    await server.close();
    await jobs.close();
    await store.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/** The real clock shifted so that it read `fromMs` when the server started: a past incident, live again. */
function replayClock(fromMs: number): Clock {
  const offset = fromMs - systemClock.now();
  return { now: () => systemClock.now() + offset };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error && "details" in error ? `${error.message}: ${JSON.stringify(error.details)}` : error);
  process.exit(1);
});
