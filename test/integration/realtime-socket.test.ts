/**
 * The socket.io adapter over a real loopback connection: handshake auth, join acknowledgement, scope, live events.
 * The store and state are fakes: what is tested here is the transport, not restoration accounting.
 */
import { expect } from "chai";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { loadConfig } from "../../server/config.ts";
import { attachRealtime, type Realtime } from "../../server/realtime/attach-realtime.ts";
import type { Store, TokenRecord } from "../../server/store/store.ts";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { StoredEvent } from "../../shared/events.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { ClientToServerEvents, Reply, ServerToClientEvents } from "../../shared/wire.ts";
import { waitFor } from "./helpers/wait-for.ts";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const tokens: Record<string, TokenRecord> = {
  "secret-viewer": { id: "t1", name: "wall screen", role: "viewer", incident: null, trucks: [], createdAt: "2021-07-20T00:00:00Z" },
  "secret-scoped": { id: "t2", name: "crew 7", role: "crew", incident: "zz", trucks: ["T7"], createdAt: "2021-07-20T00:00:00Z" },
};

const stateAt: IncidentState = { at: "2021-07-22T12:00:00+08:00", compounds: [], trucks: [], kpis: { customersOut: 10, restoredShare: 0, avgOutageHoursPerHousehold: 5 } };

function storedEvent(seq: number): StoredEvent {
  return { id: `e-${seq}`, incident: "zz", seq, type: "truck.arrived", at: "2021-07-22T12:00:00+08:00", truck: "T7", compound: "C1", receivedAt: "2021-07-22T04:00:00Z", by: "crew 7" };
}

describe("realtime over socket.io", () => {
  let http: HttpServer;
  let realtime: Realtime;
  let url: string;
  const sockets: ClientSocket[] = [];

  before(async () => {
    http = createServer();
    realtime = await attachRealtime(http, {
      config: loadConfig({ PORT: "0" }),
      store: {} as Store,
      authenticate: async (secret) => tokens[secret] ?? null,
      stateOf: async (incident) => {
        if (incident !== "zz" && incident !== "other") throw new LianxinError(ErrorCode.notFound, `no incident ${incident}`);
        return stateAt;
      },
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const s of sockets) s.disconnect();
    await realtime.close();
    await new Promise((resolve) => http.close(resolve));
  });

  function open(token: string): ClientSocket {
    const socket: ClientSocket = connect(url, { auth: { token }, transports: ["websocket"], reconnection: false });
    sockets.push(socket);
    return socket;
  }

  function join(socket: ClientSocket, incident: string): Promise<Reply<IncidentState>> {
    return new Promise((resolve) => socket.emit("join", { incident }, resolve));
  }

  it("refuses a bad token at the handshake", async () => {
    const socket = open("wrong");
    const error = await new Promise<Error>((resolve) => socket.on("connect_error", resolve));
    expect(error.message).to.equal("unauthorized");
  });

  it("acknowledges a join with the current state, then pushes every stored event", async () => {
    const socket = open("secret-viewer");
    const reply = await join(socket, "zz");
    expect(reply).to.deep.equal({ ok: true, data: stateAt });
    const received = new Promise<StoredEvent>((resolve) => socket.on("event", resolve));
    realtime.notifier.eventStored(storedEvent(1));
    expect((await received).seq).to.equal(1);
  });

  it("pushes a stored plan to the incident's room", async () => {
    const socket = open("secret-viewer");
    await join(socket, "zz");
    const received = new Promise<string>((resolve) => socket.on("plan", (p) => resolve(p.id)));
    realtime.notifier.planStored({
      id: "p1", incident: "zz", createdAt: "2021-07-22T04:00:00Z", createdBy: "cmd", status: "proposed", basedOnSeq: 1,
      plan: { scenario: "zz", customerOutageHours: 1, baselineCustomerOutageHours: 2, trucks: [], compounds: [], unserved: [] },
    });
    expect(await received).to.equal("p1");
  });

  it("refuses a token limited to one incident joining another", async () => {
    const socket = open("secret-scoped");
    const reply = await join(socket, "other");
    expect(reply.ok).to.equal(false);
    expect(reply.ok === false && reply.code).to.equal(ErrorCode.forbidden);
  });

  it("answers an unknown incident with not_found", async () => {
    const socket = open("secret-viewer");
    const reply = await join(socket, "nope");
    expect(reply.ok === false && reply.code).to.equal(ErrorCode.notFound);
  });

  it("forgets a socket's rooms when it disconnects", async () => {
    const socket = open("secret-viewer");
    await join(socket, "other");
    expect(realtime.rooms?.size("other")).to.equal(1);
    socket.disconnect();
    // the server hears of it a moment later, over the network
    await waitFor(() => realtime.rooms?.size("other") === 0, "the room emptied after the disconnect");
  });
});
