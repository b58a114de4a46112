/**
 * Worker-thread entry (prepare-embedded.ts): creates the embedded database if its directory is new (initdb) and
 * applies the migrations, then closes it and ends. Both leave WebAssembly memory behind that a process never
 * returns (initdb's ~600 MB, the schema engine's ~140 MB); a worker's memory goes with the worker.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { applyMigrations } from "./migrate.ts";
import { PGLITE_OPTIONS } from "./pglite-options.ts";

const { dir } = workerData as { dir: string };
const db = await PGlite.create(dir, PGLITE_OPTIONS);
try {
  const applied = await applyMigrations(new PrismaPGlite(db));
  parentPort!.postMessage({ ok: true, applied });
} catch (e) {
  parentPort!.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
} finally {
  await db.close();
}
