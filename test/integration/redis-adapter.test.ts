import { randomUUID } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { Server } from "socket.io";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { applyRedisAdapter } from "../../server/realtime/redis-adapter.ts";
import { waitFor } from "./helpers/wait-for.ts";

const redisUrl = process.env.REDIS_URL;

interface Node {
  http: HttpServer;
  io: Server;
  closeAdapter: () => Promise<void>;
  url: string;
}

describe("socket.io Redis adapter (several servers)", function () {
  // one channel prefix per run, so that other runs on the same Redis cannot deliver into this one
  const key = `lianxin-test-${randomUUID()}`;
  const nodes: Node[] = [];
  const clients: ClientSocket[] = [];

  before(function () {
    if (!redisUrl) {
      console.log("    skipped: REDIS_URL is not set (CI sets redis://127.0.0.1:6379)");
      this.skip();
    }
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    for (const node of nodes.splice(0)) {
      await new Promise<void>((resolve) => node.io.close(() => resolve())); // also closes node.http
      await node.closeAdapter();
    }
  });

  async function startServer(): Promise<Node> {
    const http = createServer();
    const io = new Server(http);
    const closeAdapter = await applyRedisAdapter(io, redisUrl as string, { key });
    io.on("connection", (socket) => {
      void socket.join("incident:zz");
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const node = { http, io, closeAdapter, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
    nodes.push(node);
    return node;
  }

  async function connectClient(node: Node): Promise<ClientSocket> {
    const client = connect(node.url, { transports: ["websocket"], reconnection: false });
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      client.once("connect", resolve);
      client.once("connect_error", reject);
    });
    return client;
  }

  /** the adapter subscribes without waiting: wait until server `from` sees `count` servers on the channel */
  async function untilServers(from: Node, count: number): Promise<void> {
    await waitFor(async () => (await from.io.of("/").adapter.serverCount()) >= count, `${count} servers on the channel`);
    expect(await from.io.of("/").adapter.serverCount()).to.equal(count);
  }

  it("delivers a room broadcast emitted on server B to a client connected to server A", async () => {
    const [a, b] = [await startServer(), await startServer()];
    const client = await connectClient(a);
    await untilServers(b, 2);
    const received = new Promise((resolve) => client.once("event", resolve));
    b.io.to("incident:zz").emit("event", { seq: 1, type: "switched.on", compound: "c7" });
    expect(await received).to.deep.equal({ seq: 1, type: "switched.on", compound: "c7" });
  });

  it("lets server B find the sockets in a room that live on server A", async () => {
    const [a, b] = [await startServer(), await startServer()];
    const client = await connectClient(a);
    await untilServers(b, 2);
    const sockets = await b.io.in("incident:zz").fetchSockets();
    expect(sockets.map((s) => s.id)).to.deep.equal([client.id]);
  });

  it("rejects, instead of hanging, when Redis cannot be reached", async () => {
    const io = new Server();
    const error = await applyRedisAdapter(io, "redis://127.0.0.1:1", { onError: () => {} }).then(() => null, (e: unknown) => e);
    expect((error as Error).message).to.match(/ECONNREFUSED/);
    io.close();
  });
});
