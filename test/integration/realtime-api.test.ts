/**
 * The realtime contract end to end, without a browser: reports and plans stored through the real HTTP API (on the
 * embedded store) reach a socket.io client that joined the incident, each once, with the stored id and seq.
 */
import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import type { StoredEvent } from "../../shared/events.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { ClientToServerEvents, Reply, ServerToClientEvents, StoredPlan } from "../../shared/wire.ts";
import { BOARD_NOW_MS, startBoardServer, type BoardServer } from "../e2e/board-server.ts";
import { waitFor } from "./helpers/wait-for.ts";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe("realtime contract through the HTTP API", function () {
  this.timeout(60_000);
  let s: BoardServer;
  let socket: ClientSocket;
  const events: StoredEvent[] = [];
  const plans: StoredPlan[] = [];

  before(async () => {
    s = await startBoardServer();
    socket = connect(s.base, { auth: { token: s.crewToken }, transports: ["websocket"], reconnection: false });
    socket.on("event", (e) => events.push(e));
    socket.on("plan", (p) => plans.push(p));
  });

  after(async () => {
    socket?.disconnect();
    await s?.close();
  });

  async function post(path: string, token: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${s.base}/api/incidents/${encodeURIComponent(s.incident)}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  /** a round trip on the socket: whatever the server sent this socket before answering has arrived */
  async function roundTrip(): Promise<void> {
    await new Promise((resolve) => socket.emit("join", { incident: s.incident }, resolve));
  }

  it("acknowledges join with the incident's state at the server's clock", async () => {
    const reply = await new Promise<Reply<IncidentState>>((resolve) => socket.emit("join", { incident: s.incident }, resolve));
    expect(reply.ok).to.equal(true);
    if (!reply.ok) return;
    expect(reply.data.compounds).to.have.length(s.scenario.compounds.length);
    // the replay clock started at BOARD_NOW_MS and runs on from there: the state is at an instant between the two
    expect(Date.parse(reply.data.at)).to.be.within(BOARD_NOW_MS, s.clock.now());
  });

  it("emits each stored report once, with its id and seq; a retried report is not emitted again", async () => {
    const report = { id: randomUUID(), type: "truck.dispatched", at: new Date(s.clock.now()).toISOString(), truck: s.crewTruck, compound: s.scenario.compounds[0].id };
    const first = await post("/events", s.crewToken, report);
    expect(first.status).to.equal(201);
    await waitFor(() => events.length === 1, "the stored report on the socket");
    const again = await post("/events", s.crewToken, report);
    expect(again.status).to.equal(200);
    // the server emits while it handles a report, before it answers; a round trip after the answer is behind any emit
    await roundTrip();
    expect(events.map((e) => [e.id, e.seq])).to.deep.equal([[report.id, (first.body as StoredEvent).seq]]);
  });

  it("emits a plan when one is stored", async () => {
    const created = await post("/plans", s.commanderToken, {});
    expect(created.status).to.be.oneOf([200, 201]);
    await waitFor(() => plans.length > 0, "the plan on the socket");
    expect(plans.map((p) => p.id)).to.include((created.body as StoredPlan).id);
  });
});
