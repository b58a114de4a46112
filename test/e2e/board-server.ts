/**
 * The whole server as `npm start` wires it (store, API, realtime rooms, client pages) started in-process on port 0,
 * over an embedded PGlite store in a temporary directory, with the Zhengzhou 2021 scenario loaded and a commander
 * and a crew token.
 *
 * The clock is a replay clock: it starts in the middle of the incident and runs at 1×, so what the board shows does
 * not depend on the day the tests run, while the server, the board and the crew app (which sync to the server's
 * time) agree on "now" as it moves, as they would during a live incident. A frozen clock would not do here: a
 * browser's timers and the crew's successive reports move on in real time.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Clock } from "../../server/clock.ts";
import { loadConfig } from "../../server/config.ts";
import { createServer, type LianxinServer } from "../../server/create-server.ts";
import { mountClient } from "../../server/http/client-routes.ts";
import { createJobRunner } from "../../server/jobs/create-job-runner.ts";
import { handlePlanJob } from "../../server/jobs/plan-job.ts";
import { attachRealtime, type Realtime } from "../../server/realtime/attach-realtime.ts";
import { openStore } from "../../server/store/open-store.ts";
import type { Store } from "../../server/store/store.ts";
import type { Scenario } from "../../shared/scenario.ts";

/** 22 Jul 2021 14:00 in Zhengzhou: two days into the outage, trucks arriving from other provinces. */
export const BOARD_NOW_MS = Date.parse("2021-07-22T14:00:00+08:00");

export interface BoardServer {
  base: string;
  store: Store;
  server: LianxinServer;
  scenario: Scenario;
  incident: string;
  commanderToken: string;
  /** a crew token for `crewTruck` only, limited to the incident */
  crewToken: string;
  crewTruck: string;
  close(): Promise<void>;
}

export async function startBoardServer(options: { crewTruck?: (scenario: Scenario, nowMs: number) => string } = {}): Promise<BoardServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-e2e-"));
  const clock = replayClock(BOARD_NOW_MS);
  const config = loadConfig({ PORT: "0", LIANXIN_DATA_DIR: dataDir, LIANXIN_SEED_DEMO: "0" });
  const store = await openStore({ databaseUrl: null, dataDir, clock });
  // the planner on the calling thread: no worker start-up in a browser test
  const jobs = await createJobRunner({ redisUrl: null }, { handler: handlePlanJob });
  const server = createServer({ store, jobs, clock, planTimeLimitMs: 1_000, mountClient: (app) => mountClient(app, config), logError: () => {} });
  const realtime: Realtime = await attachRealtime(server.http, {
    config,
    store,
    authenticate: server.findToken,
    stateOf: (incident) => server.incidents.stateOf(incident),
  });
  server.setNotifier(realtime.notifier);

  const scenario = JSON.parse(await readFile(new URL("../../scenarios/zhengzhou-2021/scenario.json", import.meta.url), "utf8")) as Scenario;
  const system = { id: "system", name: "e2e", role: "commander" as const };
  const { id: incident } = await store.createIncident(scenario, system);
  const crewTruck = (options.crewTruck ?? firstAvailableTruck)(scenario, BOARD_NOW_MS);
  const commander = await store.createToken({ name: "指挥长 commander", role: "commander" });
  const crew = await store.createToken({ name: `${crewTruck} crew`, role: "crew", incident, trucks: [crewTruck] });
  const port = await server.listen(0, "127.0.0.1");

  return {
    base: `http://127.0.0.1:${port}`,
    store,
    server,
    scenario,
    incident,
    commanderToken: commander.secret,
    crewToken: crew.secret,
    crewTruck,
    async close() {
      await realtime.close();
      await server.close();
      await jobs.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A truck already in Zhengzhou at `nowMs` and not tied up by the scenario's connections or en-route trips. */
export function firstAvailableTruck(scenario: Scenario, nowMs: number): string {
  const busy = new Set([...(scenario.connections ?? []), ...(scenario.enRoute ?? [])].map((c) => c.truck));
  const truck = scenario.trucks.find((t) => Date.parse(t.availableAt) <= nowMs && !busy.has(t.id));
  if (!truck) throw new Error("the scenario has no truck free at the test instant");
  return truck.id;
}

/** Starts at `startMs` and advances with the monotonic process timer (immune to wall-clock jumps). */
export function replayClock(startMs: number): Clock {
  const t0 = performance.now();
  return { now: () => startMs + Math.floor(performance.now() - t0) };
}
