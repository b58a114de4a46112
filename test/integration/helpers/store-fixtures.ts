/**
 * Databases for store tests: a fresh PGlite directory or a fresh PostgreSQL schema, each opened as many times
 * as a test likes (to prove persistence) and removed at the end.
 */
import { rmSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { fakeClock } from "../../../server/clock/clock.ts";
import { embeddedDatabaseDir, openStore, parseDatabaseUrl, withClient } from "../../../server/store/open-store.ts";
import type { Store } from "../../../server/store/store.ts";

export interface StoreFixture {
  /** what the suite prints: "PGlite" or "PostgreSQL" */
  kind: string;
  /** the shared fake clock every store opened here stamps times with */
  clock: ReturnType<typeof fakeClock>;
  /** opens (or reopens) a store on this fixture's database */
  open(): Promise<Store>;
  /** runs SQL on the database directly; for PGlite only while no store is open (one process per directory) */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** deletes the database (directory or schema) */
  dispose(): Promise<void>;
}

/** 2021-07-25T12:00:00Z: the clock stands still unless a test moves it. */
export const FIXTURE_START_MS = Date.UTC(2021, 6, 25, 12, 0, 0);

let template: Promise<string> | null = null;

/**
 * A migrated, empty embedded database made once per test run and copied for each fixture: PGlite's initdb takes
 * seconds (more on a busy machine), a copy of its ~40 MB a fraction of one.
 */
function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "lianxin-template-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    const store = await openStore({ databaseUrl: null, dataDir: dir });
    await store.close();
    return dir;
  })();
  return template;
}

export async function createPgliteFixture(clock = fakeClock(FIXTURE_START_MS)): Promise<StoreFixture & { dataDir: string }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-store-"));
  await cp(embeddedDatabaseDir(await pgliteTemplate()), embeddedDatabaseDir(dataDir), { recursive: true });
  return {
    kind: "PGlite",
    clock,
    dataDir,
    open: () => openStore({ databaseUrl: null, dataDir, clock }),
    async query(sql) {
      const db = await PGlite.create(embeddedDatabaseDir(dataDir));
      try {
        return (await db.query<Record<string, unknown>>(sql)).rows;
      } finally {
        await db.close();
      }
    },
    dispose: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/**
 * A schema of its own (`lianxin_test_<random>`) in the database DATABASE_URL names, so runs cannot collide.
 * The name is random only to isolate concurrent runs; no test outcome depends on it.
 */
export function createPostgresFixture(databaseUrl: string, clock = fakeClock(FIXTURE_START_MS)): StoreFixture & { url: string } {
  const schema = `lianxin_test_${randomBytes(6).toString("hex")}`;
  const base = parseDatabaseUrl(databaseUrl).connectionString;
  const url = new URL(base);
  url.searchParams.set("schema", schema);
  return {
    kind: "PostgreSQL",
    clock,
    url: url.toString(),
    open: () => openStore({ databaseUrl: url.toString(), dataDir: os.tmpdir(), clock }),
    query: (sql) => withClient(base, async (client) => {
      await client.query(`SET search_path TO "${schema}"`);
      return (await client.query(sql)).rows as Record<string, unknown>[];
    }),
    dispose: () => withClient(base, (client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).then(() => {}),
  };
}
