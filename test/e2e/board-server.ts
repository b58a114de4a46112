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
import type { Clock } from "../../server/clock/clock.ts";
import { loadConfig } from "../../server/config.ts";
import { createServer, type LianxinServer } from "../../server/create-server.ts";
import { mountClient } from "../../server/http/client-routes.ts";
import { handlePlanJob } from "../../server/compute/compute-tasks.ts";
import { createLocalQueue } from "../../server/jobs/queues/local-queue.ts";
import { createRelayNotifier } from "../../server/notifiers/relay-notifier.ts";
import { callingThreadCompute } from "../../server/compute/worker-compute.ts";
import { attachRealtime, type Realtime } from "../../server/realtime/attach-realtime.ts";
import { openStore } from "../../server/store/open-store.ts";
import type { Store } from "../../server/store/store.ts";
import { randomUUID } from "node:crypto";
import type { EventInput } from "../../shared/events.ts";
import type { Plan } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";

/** 22 Jul 2021 14:00 in Zhengzhou: two days into the outage, trucks arriving from other provinces. */
export const BOARD_NOW_MS = Date.parse("2021-07-22T14:00:00+08:00");

export interface BoardServer {
  base: string;
  store: Store;
  server: LianxinServer;
  clock: Clock & { jump(ms: number): void };
  scenario: Scenario;
  incident: string;
  commanderToken: string;
  /** a crew token for `crewTruck` only, limited to the incident */
  crewToken: string;
  crewTruck: string;
  close(): Promise<void>;
}

export interface BoardServerOptions {
  crewTruck?: (scenario: Scenario, nowMs: number) => string;
  /** another scenario than the 1:10 Zhengzhou model (the board bench's true scale) */
  scenario?: Scenario;
  /** the clock's start, BOARD_NOW_MS unless given */
  nowMs?: number;
}

export async function startBoardServer(options: BoardServerOptions = {}): Promise<BoardServer> {
  const nowMs = options.nowMs ?? BOARD_NOW_MS;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-e2e-"));
  const clock = replayClock(nowMs);
  const config = loadConfig({ PORT: "0", LIANXIN_DATA_DIR: dataDir, LIANXIN_SEED_DEMO: "0" });
  const store = await openStore({ databaseUrl: null, dataDir, clock });
  // the planner on the calling thread: no worker start-up in a browser test
  const jobNotifier = createRelayNotifier();
  const jobs = createLocalQueue({ store, notifier: jobNotifier, clock, compute: callingThreadCompute(handlePlanJob) });
  const server = createServer({ store, jobs, clock, planTimeLimitMs: 1_000, mountClient: (app) => mountClient(app, config), logError: () => {} });
  const realtime: Realtime = await attachRealtime(server.http, {
    config,
    store,
    authenticate: server.findToken,
    stateOf: (incident) => server.incidents.stateOf(incident),
  });
  // the jobs' plans and replayed events reach the boards through the same notifier, so their alerts are evaluated (#16)
  const watched = server.setNotifier(realtime.notifier);
  jobNotifier.relayTo(watched);

  const scenario = options.scenario ?? JSON.parse(await readFile(new URL("../../scenarios/zhengzhou-2021-model/scenario.json", import.meta.url), "utf8")) as Scenario;
  const system = { id: "system", name: "e2e", role: "commander" as const };
  const { id: incident } = await store.createIncident(scenario, system);
  const crewTruck = (options.crewTruck ?? firstAvailableTruck)(scenario, nowMs);
  const commander = await store.createToken({ name: "指挥长 commander", role: "commander" });
  const crew = await store.createToken({ name: `${crewTruck} crew`, role: "crew", incident, trucks: [crewTruck] });
  const port = await server.listen(0, "127.0.0.1");

  return {
    base: `http://127.0.0.1:${port}`,
    store,
    server,
    clock,
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

/** Starts at `startMs` and advances with the monotonic process timer; `jump` moves it on, like a replay skipping ahead. */
export function replayClock(startMs: number): Clock & { jump(ms: number): void } {
  const t0 = performance.now();
  let skipped = 0;
  return {
    now: () => startMs + skipped + Math.floor(performance.now() - t0),
    jump(ms) {
      skipped += ms;
    },
  };
}

/**
 * Other crews at work, for a board that looks like a real afternoon: each planned truck (but `except`) reports its
 * first stop's steps at the plan's times when they are past, one arriving late and one breaking down on the way.
 * Sent as the commander through the HTTP API, so they pass the same validation as any crew's.
 */
export async function reportPlannedSteps(s: BoardServer, plan: Plan, nowMs: number, except: string): Promise<number> {
  let sent = 0;
  const post = async (body: Omit<EventInput, "id">) => {
    const res = await fetch(`${s.base}/api/incidents/${encodeURIComponent(s.incident)}/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.commanderToken}`, "content-type": "application/json" },
      body: JSON.stringify({ id: randomUUID(), ...body }),
    });
    if (res.status !== 201) throw new Error(`${body.type} ${body.truck}: ${res.status} ${await res.text()}`);
    sent++;
  };
  const trucks = plan.trucks.filter((t) => t.id !== except && t.stops.length > 0);
  for (const [i, truck] of trucks.entries()) {
    const stop = truck.stops[0];
    const late = i === 2 ? 25 * 60_000 : i % 3 === 1 ? 6 * 60_000 : 0;
    const at = (iso: string, extra = 0) => new Date(Date.parse(iso) + extra).toISOString();
    const steps: [EventInput["type"], string, number][] = [
      ["truck.dispatched", stop.depart, 0],
      ["truck.arrived", stop.arrive, late],
      ["cable.laid", stop.switchOn, late - 10 * 60_000],
      ["switched.on", stop.switchOn, late],
    ];
    for (const [type, iso, extra] of steps) {
      if (Date.parse(iso) + extra > nowMs) break;
      if (i === 4 && type === "truck.arrived") {
        await post({ type: "truck.broken", at: at(stop.depart, 20 * 60_000), truck: truck.id, compound: stop.compound, note: "水深过轮 water over the wheels" });
        break;
      }
      await post({ type, at: at(iso, extra), truck: truck.id, compound: stop.compound });
    }
  }
  return sent;
}
