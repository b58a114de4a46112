/**
 * Two server processes' realtime layers sharing one Redis (simulated by two io servers in this process, each with
 * its own Redis connections): an event stored through server B reaches a board connected to server A, once.
 * Needs the Redis at REDIS_URL (default redis://127.0.0.1:6379, running on the dev machine and in CI).
 */
import { expect } from "chai";
import { randomUUID } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { loadConfig } from "../../server/config.ts";
import { attachRealtime, type Realtime } from "../../server/realtime/attach-realtime.ts";
import { applyRedisAdapter } from "../../server/realtime/redis-adapter.ts";
import type { Store, TokenRecord } from "../../server/store/store.ts";
import type { StoredEvent } from "../../shared/events.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { ClientToServerEvents, Reply, ServerToClientEvents } from "../../shared/wire.ts";
import { waitFor } from "./helpers/wait-for.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const viewer: TokenRecord = { id: "t1", name: "wall", role: "viewer", incident: null, trucks: [], createdAt: "2021-07-20T00:00:00Z" };
const state: IncidentState = { at: "2021-07-22T12:00:00+08:00", compounds: [], trucks: [], kpis: { customersOut: 0, restoredShare: 0, avgOutageHoursPerHousehold: 0 } };

describe("realtime across two servers through Redis", () => {
  // one channel prefix per run, so other runs on the same Redis cannot deliver into this one
  const key = `lianxin-realtime-test-${randomUUID()}`;
  const servers: { http: HttpServer; realtime: Realtime; url: string }[] = [];
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;

  before(async () => {
    for (let i = 0; i < 2; i++) {
      const http = createServer();
      const realtime = await attachRealtime(http, {
        config: loadConfig({ REDIS_URL: redisUrl }),
        store: {} as Store,
        authenticate: async (secret) => (secret === "ok" ? viewer : null),
        stateOf: async () => state,
        applyAdapter: (io) => applyRedisAdapter(io, redisUrl, { key }),
      });
      await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
      servers.push({ http, realtime, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
    }
  });

  after(async () => {
    socket?.disconnect();
    for (const s of servers) {
      await s.realtime.close();
      await new Promise((resolve) => s.http.close(resolve));
    }
  });

  it("delivers an event stored through the other server to a board on this one, once", async () => {
    socket = connect(servers[0].url, { auth: { token: "ok" }, transports: ["websocket"], reconnection: false });
    const reply = await new Promise<Reply<IncidentState>>((resolve) => socket.emit("join", { incident: "zz" }, resolve));
    expect(reply.ok).to.equal(true);
    const received: number[] = [];
    socket.on("event", (e) => received.push(e.seq));
    const event: StoredEvent = { id: "e1", incident: "zz", seq: 1, type: "truck.arrived", at: "2021-07-22T12:00:00+08:00", truck: "T1", compound: "C1", receivedAt: "2021-07-22T04:00:00Z", by: "crew" };
    servers[1].realtime.notifier.eventStored(event);
    // then a second event the same way: the route keeps order, so once it is here a duplicate of the first (right
    // behind its first copy) would be too
    servers[1].realtime.notifier.eventStored({ ...event, id: "e2", seq: 2 });
    await waitFor(() => received.includes(2), "the second event on the board on the other server");
    expect(received).to.deep.equal([1, 2]);
  });
});
