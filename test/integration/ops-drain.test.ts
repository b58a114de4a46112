/**
 * SIGTERM drains (#13 item 7): a real server process receiving SIGTERM while a request is in flight stops taking
 * connections, answers that request, closes the embedded store and exits 0; the store then reopens with the
 * report in it. The request is held in flight by its body: the last bytes are sent only once the server has said
 * it is draining, so nothing depends on timing.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { openStore } from "../../server/store/open-store.ts";
import { spawnServer, type ServerProcess } from "./helpers/server-process.ts";
import { tinyScenario } from "./helpers/store-scenario.ts";

/** resolves once the server's output (stdout and stderr) matches */
function waitForOutput(s: ServerProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!pattern.test(s.output())) return false;
      s.child.stdout!.off("data", check);
      s.child.stderr!.off("data", check);
      s.child.off("exit", gone);
      resolve();
      return true;
    };
    const gone = () => reject(new Error(`server exited before printing ${pattern}:\n${s.output()}`));
    if (check()) return;
    s.child.stdout!.on("data", check);
    s.child.stderr!.on("data", check);
    s.child.once("exit", gone);
  });
}

/** the whole answer on a connection the server closes after it */
function readAnswer(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    socket.on("data", (d: Buffer) => (text += d.toString()));
    socket.once("end", () => resolve(text));
    socket.once("error", reject);
  });
}

describe("SIGTERM drain (a real server process)", function () {
  this.timeout(120_000);
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-drain-"));
  });
  afterEach(async () => {
    await server?.kill("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
  });

  it("finishes the request in flight, refuses new connections, closes the store and exits 0", async () => {
    server = await spawnServer({ dataDir, databaseUrl: null, expectBoardUrl: true, env: { LIANXIN_LOG_LEVEL: "debug" } });
    const s = server;
    const auth = { authorization: `Bearer ${s.token}`, "content-type": "application/json" };
    const created = await fetch(`${s.base}/api/incidents`, { method: "POST", headers: auth, body: JSON.stringify(tinyScenario()) });
    expect(created.status).to.equal(201);
    const incident = ((await created.json()) as { id: string }).id;

    const body = JSON.stringify({ id: "50000000-0000-4000-8000-000000000001", type: "truck.dispatched", at: "2021-07-25T20:30:00+08:00", truck: "T1", compound: "C1" });
    const socket = connect(s.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const answer = readAnswer(socket);
    socket.write(
      `POST /api/incidents/${incident}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${s.token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: slow-report\r\n\r\n${body.slice(0, 20)}`,
    );
    await waitForOutput(s, /"reqId":"slow-report"[^\n]*"msg":"request started"/);

    const exited = new Promise<number | null>((resolve) => s.child.once("exit", (code) => resolve(code)));
    s.child.kill("SIGTERM");
    await waitForOutput(s, /SIGTERM: draining/);
    // no new connections while draining
    const refused = await fetch(`${s.base}/api/health`).then(() => null, (error: Error) => error);
    expect(refused, "a new connection during the drain").to.be.instanceOf(Error);

    socket.write(body.slice(20));
    const text = await answer;
    expect(text).to.match(/^HTTP\/1\.1 201 /);
    expect(await exited).to.equal(0);
    expect(s.output()).to.match(/SIGTERM: stopped; the store closed cleanly/);

    // the embedded store reopens cleanly (its directory lock released) with the report in it
    const store = await openStore({ databaseUrl: null, dataDir });
    try {
      const events = await store.listEvents(incident);
      expect(events.map((e) => e.id)).to.deep.equal(["50000000-0000-4000-8000-000000000001"]);
    } finally {
      await store.close();
    }
  });
});
