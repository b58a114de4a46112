/**
 * A replay's clock reaches the boards (#6): the whole server in-process with its socket.io layer, a board client
 * joined to a replay incident, and the commander's clock changes arriving as socket `clock` messages.
 */
import { expect } from "chai";
import { io as connect, type Socket } from "socket.io-client";
import { loadConfig } from "../../server/config.ts";
import { attachRealtime, type Realtime } from "../../server/realtime/attach-realtime.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { ClientToServerEvents, ReplayClock, Reply, ServerToClientEvents } from "../../shared/wire.ts";
import { makeFixtureClock, startTestServer, type TestServer } from "./helpers/server-harness.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";
import { replayScenario } from "./replay-suite.ts";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe("replay clock over socket.io", function () {
  this.timeout(120_000);
  let t: TestServer;
  let realtime: Realtime;
  let socket: ClientSocket | undefined;
  const tokens = { commander: "", viewer: "" };

  before(async () => {
    t = await startTestServer(await createPgliteFixture(makeFixtureClock()));
    realtime = await attachRealtime(t.server.http, {
      config: loadConfig({ PORT: "0" }),
      store: t.store,
      authenticate: t.server.findToken,
      stateOf: (incident) => t.server.incidents.stateOf(incident),
    });
    t.server.setNotifier(realtime.notifier);
    tokens.commander = (await t.store.createToken({ name: "HQ Chen", role: "commander" })).secret;
    tokens.viewer = (await t.store.createToken({ name: "Wall screen", role: "viewer" })).secret;
  });
  after(async () => {
    socket?.disconnect();
    await realtime?.close();
    await t?.close();
  });

  it("sends every clock change to a board joined to the replay, with the state at the scenario clock on join", async () => {
    const started = await t.call("POST", "/api/replays", { token: tokens.commander, body: { scenario: replayScenario(), paused: true, from: "2021-07-25T21:00:00+08:00" } });
    expect(started.status).to.equal(201);
    const incident: string = started.body.incident.id;
    socket = connect(t.base, { auth: { token: tokens.viewer }, transports: ["websocket"], reconnection: false });
    const joined = await new Promise<Reply<IncidentState>>((resolve) => socket!.emit("join", { incident }, resolve));
    expect(joined.ok && joined.data.at).to.equal("2021-07-25T21:00:00+08:00");

    const received: ReplayClock[] = [];
    const two = new Promise<void>((resolve) => socket!.on("clock", (clock) => (received.push(clock), received.length === 2 && resolve())));
    await t.call("POST", `/api/incidents/${incident}/replay`, { token: tokens.commander, body: { speed: 600 } });
    await t.call("POST", `/api/incidents/${incident}/replay`, { token: tokens.commander, body: { paused: false, at: "2021-07-25T22:00:00+08:00" } });
    await two;
    expect(received.map((c) => ({ incident: c.incident, paused: c.paused, speed: c.speed, scenarioAt: c.scenarioAt }))).to.deep.equal([
      { incident, paused: true, speed: 600, scenarioAt: "2021-07-25T21:00:00+08:00" },
      { incident, paused: false, speed: 600, scenarioAt: "2021-07-25T22:00:00+08:00" },
    ]);
  });
});
