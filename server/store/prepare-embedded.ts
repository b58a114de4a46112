/**
 * Creates (initdb) and migrates the embedded database in a short-lived child process, so that the memory both take
 * (initdb ~600 MB of WebAssembly memory on a new directory, the schema engine ~140 MB) is never the server's: a
 * process does not hand WebAssembly memory back while it runs, and a worker thread's leaves the heap fragmented.
 * Measured (Node 20, PGlite 0.5) on a new directory: the server idled at ~920 MB resident with both in its own
 * thread, ~540 MB (peak 957 MB) with them in a worker thread, ~400 MB with them in a child process.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

type Outcome = { ok: true; applied: string[] } | { ok: false; message: string };

/**
 * @example
 * await prepareEmbeddedDatabase(embeddedDatabaseDir(dataDir)); // → the migrations it applied, e.g. [] on a restart
 */
export async function prepareEmbeddedDatabase(dir: string): Promise<string[]> {
  const entry = fileURLToPath(new URL("./prepare-embedded-child.ts", import.meta.url));
  const child = fork(entry, [dir], { execArgv: ["--import", import.meta.resolve("tsx/esm")], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let outcome: Outcome | undefined;
  child.once("message", (m) => { outcome = m as Outcome; });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (c) => resolve(c));
  });
  // the child has closed the database by the time it exits: the server opens the same files next
  if (!outcome) throw new Error(`cannot prepare the embedded database in ${dir}: its process ended (exit code ${code}) without an answer`);
  if (!outcome.ok) throw new Error(`cannot prepare the embedded database in ${dir}: ${outcome.message}`);
  return outcome.applied;
}
