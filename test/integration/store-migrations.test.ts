/** prisma/migrations: applied once, in step with schema.prisma, and edits after the fact are caught. */
import { cp, mkdtemp, readdir, appendFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { expect } from "chai";
import { MIGRATIONS_DIR, applyMigrations, diffMigrationsToSchema } from "../../server/store/migrate.ts";
import { embeddedDatabaseDir, openStore } from "../../server/store/open-store.ts";
import { prepareEmbeddedDatabase } from "../../server/store/prepare-embedded.ts";

describe("store migrations (WebAssembly schema engine)", function () {
  this.timeout(120_000);

  it("covers schema.prisma: replaying the committed migrations leaves nothing to diff", async () => {
    // if this fails: npx tsx server/store/scripts/create-migration.ts <name>
    const db = await PGlite.create();
    try {
      expect(await diffMigrationsToSchema(new PrismaPGlite(db))).to.equal("");
    } finally {
      await db.close();
    }
  });

  it("applies each migration once and refuses a migration edited after it was applied", async () => {
    const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const dir = await mkdtemp(path.join(os.tmpdir(), "lianxin-migrations-"));
    const db = await PGlite.create();
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      expect(await applyMigrations(new PrismaPGlite(db), dir)).to.deep.equal(names);
      expect(await applyMigrations(new PrismaPGlite(db), dir)).to.deep.equal([]);
      const rows = (await db.query<{ migration_name: string }>("SELECT migration_name FROM _prisma_migrations ORDER BY migration_name")).rows;
      expect(rows.map((r) => r.migration_name)).to.deep.equal(names);

      await appendFile(path.join(dir, names[0], "migration.sql"), "\n-- edited\n");
      let message = "";
      await applyMigrations(new PrismaPGlite(db), dir).catch((e: Error) => { message = e.message; });
      expect(message).to.include(`edited after they were applied: ${names[0]}`);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("prepares a new embedded database in a child process: created and migrated there, then opened by the server", async () => {
    const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-prepare-"));
    try {
      const store = await openStore({ databaseUrl: null, dataDir, prepareInChild: true });
      try {
        expect((await store.appliedMigrations()).sort()).to.deep.equal(names);
        expect(await store.listIncidents()).to.deep.equal([]);
      } finally {
        await store.close();
      }
      // a second preparation of the same directory applies nothing
      expect(await prepareEmbeddedDatabase(embeddedDatabaseDir(dataDir))).to.deep.equal([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
