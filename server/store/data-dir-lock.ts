/**
 * One process per embedded database directory: PGlite has no postmaster to refuse a second writer, and two
 * processes writing the same files would corrupt it.
 *
 * The lock is a listening Unix domain socket that the owning process holds open, so the kernel releases it
 * however the process ends (SIGKILL, crash, OOM): nothing names a pid that a later process could reuse.
 * - On Linux the socket lives in the abstract namespace (a name, no file), keyed by the directory's real path:
 *   bind is atomic, so of two servers starting at once exactly one wins, and there is never a stale file.
 * - Elsewhere it is a socket file inside the directory; a file that refuses connections is a dead owner's and is
 *   taken over. (Two starts racing over a stale file could both win there; Linux is what we deploy on.)
 * A process that connects reads one JSON line naming the owner's pid, for the refusal message.
 */
import { createHash } from "node:crypto";
import { realpath, unlink } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { LianxinError, ErrorCode } from "../../shared/errors.ts";

export interface DirLock {
  /** the socket's address (abstract names start with "\0") */
  address: string;
  release(): Promise<void>;
}

export interface LockOwner {
  pid: number;
}

/**
 * @example
 * const lock = await lockDataDir("/var/lib/lianxin"); // throws conflict if a live process holds it
 * await lock.release();
 */
export async function lockDataDir(dataDir: string): Promise<DirLock> {
  const address = await lockAddress(dataDir);
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    socket.end(`${JSON.stringify({ pid: process.pid })}\n`);
  });
  // the lock must not keep a finished CLI alive
  server.unref();
  await listenOrTakeOver(server, address, dataDir);
  let released = false;
  return {
    address,
    async release() {
      if (released) return;
      released = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // a socket file (not on Linux) stays behind after close
      if (!isAbstract(address)) await unlink(address).catch(() => {});
    },
  };
}

/** The owner of a locked data directory, or null when no live process holds it. */
export async function readLockOwner(dataDir: string): Promise<LockOwner | null> {
  const address = await lockAddress(dataDir);
  return new Promise((resolve) => {
    let text = "";
    const socket = net.connect(address);
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", () => resolve(null));
    socket.on("end", () => {
      try {
        const owner = JSON.parse(text) as LockOwner;
        resolve(typeof owner.pid === "number" ? owner : null);
      } catch {
        resolve(null);
      }
    });
  });
}

async function listenOrTakeOver(server: net.Server, address: string, dataDir: string): Promise<void> {
  try {
    await listen(server, address);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE") throw e;
  }
  const owner = await readLockOwner(dataDir);
  if (owner !== null || isAbstract(address)) {
    // an abstract name in use always has a live owner; one that answered nothing is still alive
    throw inUse(dataDir, owner);
  }
  await unlink(address).catch(() => {}); // a socket file its dead owner left behind
  try {
    await listen(server, address);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") throw inUse(dataDir, await readLockOwner(dataDir));
    throw e;
  }
}

function listen(server: net.Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(address, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function inUse(dataDir: string, owner: LockOwner | null): LianxinError {
  const who = owner === null ? "another process" : `another Lianxin process (pid ${owner.pid})`;
  return new LianxinError(
    ErrorCode.conflict,
    `the embedded database in ${dataDir} is in use by ${who}; run one server per data directory: ` +
      "set LIANXIN_DATA_DIR to another directory, or DATABASE_URL to use PostgreSQL",
    [{ path: "LIANXIN_DATA_DIR", message: `${dataDir} is locked by a running process` }],
  );
}

async function lockAddress(dataDir: string): Promise<string> {
  const real = await realpath(dataDir).catch(() => path.resolve(dataDir));
  const key = createHash("sha256").update(real).digest("hex").slice(0, 24);
  if (process.platform === "linux") return `\0lianxin-data-dir-${key}`;
  const inside = path.join(real, "lianxin.lock.sock");
  // a socket path longer than sun_path (104 bytes on macOS) cannot be bound: fall back to a short one
  return Buffer.byteLength(inside) < 100 ? inside : path.join("/tmp", `lianxin-${key}.sock`);
}

function isAbstract(address: string): boolean {
  return address.startsWith("\0");
}
