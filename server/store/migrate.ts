/**
 * Applies (and, for developers, diffs) Prisma migrations with the WebAssembly schema engine.
 *
 * Prisma's CLI drives a native schema engine that cannot be downloaded on our machines, so we load
 * @prisma/schema-engine-wasm by hand and hand it the same driver adapter the client uses. The SQL files in
 * prisma/migrations keep Prisma's layout and checksums, so `prisma migrate deploy` works on the same folder
 * wherever the native engine is available.
 */
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SCHEMA_PATH = path.join(projectRoot, "prisma", "schema.prisma");
export const MIGRATIONS_DIR = path.join(projectRoot, "prisma", "migrations");

const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

type EngineModule = { SchemaEngine: typeof SchemaEngine };
let engineModule: Promise<EngineModule> | null = null;

/** Node 20 cannot import a .wasm file, so we compile and wire the wasm-bindgen glue ourselves (once). */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": withUnrefTimers(bg) });
    const exports = instance.exports as unknown as { __wbindgen_start(): void };
    (bg as unknown as { __wbg_set_wasm(exports: unknown): void }).__wbg_set_wasm(instance.exports);
    exports.__wbindgen_start();
    return bg as unknown as EngineModule;
  })();
  return engineModule;
}

/**
 * The engine races its queries against 10 s timers it never clears; unref'd, they no longer keep a short-lived
 * process (the token CLI, a test run) alive for 10 s after its work is done.
 */
function withUnrefTimers(bg: object): WebAssembly.ModuleImports {
  const imports: Record<string, unknown> = { ...bg };
  for (const name of Object.keys(imports)) {
    if (!name.startsWith("__wbg_setTimeout_")) continue;
    imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
  }
  return imports as WebAssembly.ModuleImports;
}

/** A schema engine bound to one adapter; `errorCause` recovers the real error behind "External error id#N". */
interface BoundEngine {
  engine: SchemaEngine;
  explain(error: unknown): Error;
}

async function openEngine(factory: SqlMigrationAwareDriverAdapterFactory, schemaText: string): Promise<BoundEngine> {
  const { SchemaEngine } = await loadEngineModule();
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const log = () => {}; // the engine's tracing output; errors still surface as rejections
  const engine = await SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schemaText]] }, log, bound);
  const explain = (error: unknown): Error => {
    const message = error instanceof Error ? error.message : String(error);
    const id = /External error id#(\d+)/.exec(message);
    const cause = id ? bound.errorRegistry.consumeError(Number(id[1]))?.error : undefined;
    const detail = cause === undefined ? "" : `: ${cause instanceof Error ? cause.message : JSON.stringify(cause)}`;
    return new Error(`schema engine: ${message}${detail}`, { cause: cause ?? error });
  };
  return { engine, explain };
}

/** Reads prisma/migrations as the engine expects it: every `<name>/migration.sql`, sorted by name. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: await readFile(path.join(dir, name, "migration.sql"), "utf8")
          .then((value) => ({ tag: "ok" as const, value }))
          .catch((e: Error) => ({ tag: "error" as const, value: e.message })),
      },
    })),
  );
  const lockPath = path.join(dir, "migration_lock.toml");
  const lockContent = await readFile(lockPath, "utf8").catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/**
 * Applies every migration in prisma/migrations not yet recorded in `_prisma_migrations`; returns their names.
 * Re-running applies nothing. Throws when a recorded migration failed or was edited after being applied.
 *
 * @example
 * await applyMigrations(new PrismaPGlite(pglite)); // → ["20261128_init"] the first time, [] afterwards
 */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const { engine, explain } = await openEngine(factory, await readFile(SCHEMA_PATH, "utf8"));
  try {
    const migrationsList = await readMigrations(dir);
    const history = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS });
    if (history.editedMigrationNames.length > 0) {
      throw new Error(`migrations edited after they were applied: ${history.editedMigrationNames.join(", ")}`);
    }
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return appliedMigrationNames;
  } catch (e) {
    throw e instanceof Error && !/External error id#/.test(e.message) ? e : explain(e);
  } finally {
    engine.free();
  }
}

/**
 * The SQL that takes a database built from the committed migrations to prisma/schema.prisma ("" when in step).
 * The factory's shadow database (an in-memory PGlite with PrismaPGlite) replays the migrations.
 */
export async function diffMigrationsToSchema(factory: SqlMigrationAwareDriverAdapterFactory, dir: string = MIGRATIONS_DIR): Promise<string> {
  const schemaText = await readFile(SCHEMA_PATH, "utf8");
  const { engine, explain } = await openEngine(factory, schemaText);
  try {
    const migrationsList = await readMigrations(dir);
    const from = migrationsList.migrationDirectories.length === 0
      ? { tag: "empty" as const }
      : { tag: "migrations" as const, ...migrationsList };
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schemaText }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    const sql = result.stdout ?? "";
    return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? "" : sql;
  } catch (e) {
    throw explain(e);
  } finally {
    engine.free();
  }
}
