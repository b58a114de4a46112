/**
 * One process per embedded database directory: PGlite has no postmaster to refuse a second writer, and two
 * processes writing the same files would corrupt it. A lock file holding the owner's pid; a lock left by a
 * killed process (pid no longer alive) is taken over, so a SIGKILL does not block the next start.
 */
import { open, readFile, unlink } from "node:fs/promises";
import { LianxinError, ErrorCode } from "../../shared/errors.ts";

export interface DirLock {
  release(): Promise<void>;
}

/**
 * @example
 * const lock = await lockDataDir("/var/lib/lianxin/pglite.lock"); // throws if another live process holds it
 * await lock.release();
 */
export async function lockDataDir(lockPath: string): Promise<DirLock> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return { release: () => unlink(lockPath).catch(() => {}) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const owner = Number((await readFile(lockPath, "utf8").catch(() => "")).trim());
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new LianxinError(
        ErrorCode.internal,
        `the embedded database is in use by process ${owner} (lock file ${lockPath}); ` +
          "run one server per data directory, choose another LIANXIN_DATA_DIR, or set DATABASE_URL",
      );
    }
    await unlink(lockPath).catch(() => {}); // stale: its owner is gone
  }
  throw new LianxinError(ErrorCode.internal, `could not lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
