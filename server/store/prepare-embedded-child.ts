/**
 * Child-process entry (prepare-embedded.ts): creates the embedded database if its directory is new (initdb) and
 * applies the migrations, closes it, answers over IPC and exits, taking the memory both used with it.
 */
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { applyMigrations } from "./migrate.ts";
import { PGLITE_OPTIONS } from "./pglite-options.ts";

const dir = process.argv[2];
let answer: { ok: true; applied: string[] } | { ok: false; message: string };
try {
  const db = await PGlite.create(dir, PGLITE_OPTIONS);
  try {
    answer = { ok: true, applied: await applyMigrations(new PrismaPGlite(db)) };
  } finally {
    await db.close();
  }
} catch (e) {
  answer = { ok: false, message: e instanceof Error ? e.message : String(e) };
}
process.send!(answer, () => process.exit(0));
