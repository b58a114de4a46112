/**
 * The one place where everything is wired together: config and clock once, the store, the job runner, the HTTP
 * API, the board pages, the realtime rooms; first-run seeding; graceful shutdown on SIGTERM / SIGINT.
 *
 * Prints `Lianxin listening on http://localhost:<port>` once it accepts connections (tests parse that line).
 */
import { systemClock } from "./clock.ts";
import { loadConfig } from "./config.ts";
import { createServer } from "./create-server.ts";
import { mountClient } from "./http/client-routes.ts";
import { boardUrl, prepareFirstRun } from "./incidents/first-run.ts";
import { createJobQueue } from "./jobs/create-job-queue.ts";
import { createRelayNotifier } from "./jobs/relay-notifier.ts";
import { createWorkerCompute } from "./jobs/worker-compute.ts";
import { attachRealtime } from "./realtime/attach-realtime.ts";
import { readReplayAnchor, shiftableClock } from "./replay-clock.ts";
import { openStore } from "./store/open-store.ts";

/**
 * The demo replay starts on 22 Jul 2021 at 14:00 Zhengzhou time: the first provincial trucks are arriving and most
 * compounds are still dark. The demo is a replay incident (#6) with its own scenario clock; LIANXIN_REPLAY_FROM
 * shifts the whole server's clock instead (and `off` seeds the demo as a plain incident on the real clock).
 */
const DEMO_REPLAY_FROM = "2021-07-22T14:00:00+08:00";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const clock = shiftableClock(systemClock);
  if (typeof config.replay === "number") clock.anchor({ from: config.replay, wallAt: systemClock.now() });
  else if (config.replay === "auto") clock.anchor(await readReplayAnchor(config.dataDir));
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, clock });
  // job handlers reach the boards through the realtime layer, which exists only once the server does
  const jobNotifier = createRelayNotifier();
  const compute = createWorkerCompute();
  const jobs = await createJobQueue(config, { store, notifier: jobNotifier, clock, compute });
  const server = createServer({ store, jobs, clock, mountClient: (app) => mountClient(app, config) });
  const realtime = await attachRealtime(server.http, {
    config,
    store,
    authenticate: server.findToken,
    stateOf: (incident) => server.incidents.stateOf(incident),
  });
  server.setNotifier(realtime.notifier);
  jobNotifier.relayTo(realtime.notifier);

  const demoReplay = config.replay === "off" ? undefined : { fromMs: Date.parse(DEMO_REPLAY_FROM), wallMs: clock.now() };
  const first = await prepareFirstRun(store, { dataDir: config.dataDir, seedDemo: config.seedDemo, demoReplay });
  const port = await server.listen(config.port);
  console.log(`Lianxin listening on http://localhost:${port}`);
  // replay jobs kept in memory died with the last process: every running replay gets one again
  const resumed = await server.replays.resumeRunning();
  if (first.seeded && first.incident !== null) {
    const incident = first.incident;
    console.log(
      demoReplay
        ? `Loaded the Zhengzhou 2021 scenario as a replay: its clock reads ${DEMO_REPLAY_FROM} and runs at 1× (pause, speed up or jump from the board); computing its first plan in the background.`
        : "Loaded the Zhengzhou 2021 scenario as the first incident; computing its first plan in the background.",
    );
    // a new user should find a plan on the board, not an empty panel; the board receives it live when stored. A
    // replay plans once its history up to the start is in the log.
    const system = { id: "system", name: "first-run", role: "commander" as const, incident: null, trucks: [], createdAt: new Date(clock.now()).toISOString() };
    (demoReplay ? server.replays.advance(incident) : Promise.resolve())
      .then(() => server.incidents.plan(system, incident))
      .catch((error: unknown) => console.error("first plan failed:", error));
  } else if (resumed.length > 0) {
    console.log(`Resumed ${resumed.length} running replay(s).`);
  }
  const replay = clock.replaying();
  if (replay !== null) {
    console.log(`Replay clock: now reads ${new Date(clock.now()).toISOString()} (UTC), running at 1×; LIANXIN_REPLAY_FROM=off for the real time.`);
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
    await compute.close();
    await store.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error && "details" in error ? `${error.message}: ${JSON.stringify(error.details)}` : error);
  process.exit(1);
});
