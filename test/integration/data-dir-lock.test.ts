/**
 * The embedded store's one-process lock is held by the kernel (a listening socket), so it dies with its process
 * however the process dies (#13 item 2). A child holding the lock is SIGKILLed and the directory relocked at once,
 * 50 times; the real server is started, killed and restarted on one directory; a second server on a running
 * server's directory is refused and the first goes on.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { LianxinError } from "../../shared/errors.ts";
import { lockDataDir, readLockOwner } from "../../server/store/data-dir-lock.ts";
import { spawnServer } from "./helpers/server-process.ts";
import { tinyScenario } from "./helpers/store-scenario.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const LOCK_MODULE = path.join(ROOT, "server/store/data-dir-lock.ts");

/** A process that takes the lock, says so, and waits to be killed. */
function holdLockInChild(dataDir: string): Promise<{ kill(): Promise<void> }> {
  const script = `import { lockDataDir } from ${JSON.stringify(LOCK_MODULE)};
await lockDataDir(${JSON.stringify(dataDir)});
process.stdout.write("locked\\n");
setInterval(() => {}, 1 << 30);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const early = (code: number | null) => reject(new Error(`lock holder exited (${code}): ${out}`));
    child.once("exit", early);
    child.stdout!.on("data", (d: Buffer) => {
      if (!d.toString().includes("locked")) return;
      child.off("exit", early);
      resolve({
        async kill() {
          child.kill("SIGKILL");
          await exited;
        },
      });
    });
  });
}

async function call(base: string, method: string, url: string, token: string, body?: unknown) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("the embedded store's data-directory lock", function () {
  this.timeout(300_000);
  let dataDir = "";
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-lock-"));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("is refused to a second holder while the first lives, naming the directory and how to choose another", async () => {
    const lock = await lockDataDir(dataDir);
    try {
      const refusal = await lockDataDir(dataDir).then(() => null, (e: unknown) => e);
      expect(refusal).to.be.instanceOf(LianxinError);
      const message = (refusal as LianxinError).message;
      expect(message).to.contain(dataDir);
      expect(message).to.contain(`pid ${process.pid}`);
      expect(message).to.contain("LIANXIN_DATA_DIR");
      expect(await readLockOwner(dataDir)).to.deep.equal({ pid: process.pid });
    } finally {
      await lock.release();
    }
    expect(await readLockOwner(dataDir)).to.equal(null);
    const again = await lockDataDir(dataDir);
    await again.release();
  });

  it("is free again at once after its holder is SIGKILLed, 50 times over", async () => {
    for (let cycle = 0; cycle < 50; cycle++) {
      const holder = await holdLockInChild(dataDir);
      // held: this process cannot take it
      const refused = await lockDataDir(dataDir).then((l) => l.release().then(() => false), () => true);
      expect(refused, `cycle ${cycle}: the live holder's lock was taken`).to.equal(true);
      await holder.kill();
      const lock = await lockDataDir(dataDir);
      await lock.release();
    }
  });

  it("is not blocked by a lock file of the old kind naming an unrelated live pid", async () => {
    // pid 1 is always alive; the pid-file lock of before #13 refused to start on it for good
    await writeFile(path.join(dataDir, "pglite.lock"), "1\n");
    const lock = await lockDataDir(dataDir);
    await lock.release();
  });

  it("lets the real server start right after a SIGKILL, and refuses a second server while the first runs", async () => {
    let token = "";
    let incident = "";
    for (let cycle = 0; cycle < 3; cycle++) {
      const server = await spawnServer({ dataDir, databaseUrl: null, expectBoardUrl: true });
      token = server.token!;
      if (cycle === 0) incident = (await call(server.base, "POST", "/api/incidents", token, tinyScenario())).body.id as string;
      await server.kill("SIGKILL");
    }

    const first = await spawnServer({ dataDir, databaseUrl: null, expectBoardUrl: true });
    try {
      const second = await spawnServer({ dataDir, databaseUrl: null }).then(
        (s) => s.kill("SIGKILL").then(() => ""),
        (e: Error) => e.message,
      );
      expect(second, "the second server started").to.match(/server exited \(1\) before listening/);
      expect(second).to.contain(dataDir);
      expect(second).to.contain("LIANXIN_DATA_DIR");
      // the first is unharmed: it answers and still has what was stored before
      const listed = await call(first.base, "GET", `/api/incidents/${incident}`, token);
      expect(listed.status).to.equal(200);
      expect(first.child.exitCode).to.equal(null);
    } finally {
      await first.kill("SIGTERM");
    }
  });
});
