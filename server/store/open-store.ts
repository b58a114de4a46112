/**
 * Opens the store the configuration asks for, after bringing its database up to prisma/migrations:
 * a real PostgreSQL when `databaseUrl` is set, else the embedded PGlite under `dataDir`.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { LianxinError, ErrorCode } from "../../shared/errors.ts";
import type { Clock } from "../clock/clock.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import { PrismaClient } from "./generated/client.ts";
import { applyMigrations, readMigrations } from "./migrate.ts";
import { PGLITE_OPTIONS } from "./pglite-options.ts";
import { prepareEmbeddedDatabase } from "./prepare-embedded.ts";
import { createPrismaStore } from "./prisma-store.ts";
import type { Store } from "./store.ts";

export interface StoreConfig {
  /** postgresql://… (an optional `?schema=name` selects, and creates, a schema); null = embedded PGlite */
  databaseUrl: string | null;
  /** the embedded database lives in `<dataDir>/pglite` */
  dataDir: string;
  /** stamps createdAt / receivedAt / audit times; the system clock by default */
  clock?: Clock;
  /**
   * embedded store: create and migrate the database in a child process first (prepare-embedded.ts), so that the
   * memory initdb and the schema engine leave behind is not the server's for its whole life. Long-lived processes
   * (the server, the job worker) set it; a short CLI or a test need not pay its start-up (~1 s).
   */
  prepareInChild?: boolean;
}

/**
 * @example
 * const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
 * try { await store.listIncidents(); } finally { await store.close(); }
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  return config.databaseUrl === null
    ? openEmbeddedStore(config.dataDir, config.clock, config.prepareInChild ?? false)
    : openPostgresStore(config.databaseUrl, config.clock);
}

/** The directory PGlite keeps its files in, for tools that want to inspect or back it up. */
export function embeddedDatabaseDir(dataDir: string): string {
  return path.join(dataDir, "pglite");
}

async function openEmbeddedStore(dataDir: string, clock: Clock | undefined, prepareInChild: boolean): Promise<Store> {
  await mkdir(dataDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  let pglite: PGlite | null = null;
  try {
    // (under the lock: the child is ours, and no other server opens the directory meanwhile)
    if (prepareInChild) await prepareEmbeddedDatabase(embeddedDatabaseDir(dataDir));
    pglite = await PGlite.create(embeddedDatabaseDir(dataDir), PGLITE_OPTIONS);
    // Durability: with synchronous_commit on, a commit has written its WAL to the files under dataDir (through
    // Node's fs, into the OS) before it returns, so a killed process loses nothing it acknowledged. With it off,
    // a SIGKILL lost every acknowledged report in our test, so we insist on it whatever the config files say
    // (PGlite has a single session). PGlite's fsync is a no-op: an OS crash or power cut may still lose commits.
    await pglite.exec("SET synchronous_commit = on");
    // prepared in the child: nothing is left to apply, so the schema engine is not loaded here (allApplied)
    if (!(prepareInChild && (await allApplied(pglite)))) await applyMigrations(new PrismaPGlite(pglite));
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    const db = pglite;
    return createPrismaStore(prisma, {
      clock,
      onClose: async () => {
        await db.close();
        await lock.release();
      },
    });
  } catch (e) {
    await pglite?.close().catch(() => {});
    await lock.release();
    throw e;
  }
}

/** every migration of prisma/migrations recorded as finished in the database */
async function allApplied(db: PGlite): Promise<boolean> {
  const expected = (await readMigrations()).migrationDirectories.map((d) => d.path);
  const rows = await db.query<{ migration_name: string }>("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL");
  const applied = new Set(rows.rows.map((r) => r.migration_name));
  return expected.every((name) => applied.has(name));
}

async function openPostgresStore(databaseUrl: string, clock: Clock | undefined): Promise<Store> {
  const { connectionString, schema } = parseDatabaseUrl(databaseUrl);
  // an acknowledged report must be on disk: never let a server-wide synchronous_commit=off apply to us
  const options = ["-c synchronous_commit=on"];
  // migration SQL names tables without a schema, so the schema must come first on the search path
  if (schema !== null) options.push(`-c search_path="${schema}"`);
  const poolConfig: pg.PoolConfig = { connectionString, options: options.join(" ") };
  const adapterOptions = schema === null ? undefined : { schema };
  // Servers starting together would race to create the schema and apply migrations: one at a time.
  await withClient(connectionString, async (client) => {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [`lianxin.migrate.${schema ?? "public"}`]);
    if (schema !== null) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    // Our own pool, ended by us: the schema engine never disposes the connections it opens, and an idle pool
    // would keep a CLI such as `npm run token` alive for pg's idle timeout. (The lock ends with the client.)
    const migrationPool = new pg.Pool(poolConfig);
    try {
      await applyMigrations(new PrismaPg(migrationPool, adapterOptions));
    } finally {
      await migrationPool.end();
    }
  });
  const pool = new pg.Pool(poolConfig);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, adapterOptions) });
  return createPrismaStore(prisma, { clock, onClose: () => pool.end() });
}

/** Splits Prisma's `?schema=` convention off the URL; `pg` would not understand it. */
export function parseDatabaseUrl(databaseUrl: string): { connectionString: string; schema: string | null } {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema");
  url.searchParams.delete("schema");
  if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new LianxinError(ErrorCode.invalidInput, "invalid configuration", [
      { path: "DATABASE_URL", message: "schema must be letters, digits and _ (at most 63)" },
    ]);
  }
  return { connectionString: url.toString(), schema };
}

/** Runs one statement on a short-lived connection (creating or dropping a schema). */
export async function withClient<T>(connectionString: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
