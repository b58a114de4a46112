/**
 * `<dataDir>/server.json` (#13 item 3): `{ pid, port }` of the server running on this data directory, written once
 * it listens and removed when it stops cleanly, so `npm run token` can reach the running server's API instead of
 * opening a store the server holds. A file left by a killed server is harmless: nothing listens on its port (the
 * CLI then opens the store itself) or the server there refuses the data directory's commander token.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

export interface ServerFile {
  pid: number;
  port: number;
}

export function serverFilePath(dataDir: string): string {
  return path.join(dataDir, "server.json");
}

/** owner-only, like the commander token beside it */
export async function writeServerFile(dataDir: string, entry: ServerFile): Promise<void> {
  // with PostgreSQL nothing else may have created the data directory
  await mkdir(dataDir, { recursive: true });
  await writeFile(serverFilePath(dataDir), `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}

/** removes it only when it is still this process's (a second server may have written its own since) */
export async function removeServerFile(dataDir: string, pid: number): Promise<void> {
  if ((await readServerFile(dataDir))?.pid === pid) await rm(serverFilePath(dataDir), { force: true });
}

/** null when absent or unreadable */
export async function readServerFile(dataDir: string): Promise<ServerFile | null> {
  try {
    const doc = JSON.parse(await readFile(serverFilePath(dataDir), "utf8")) as Partial<ServerFile>;
    const ok = Number.isInteger(doc.pid) && Number.isInteger(doc.port) && doc.port! > 0 && doc.port! < 65_536;
    return ok ? { pid: doc.pid!, port: doc.port! } : null;
  } catch {
    return null;
  }
}
