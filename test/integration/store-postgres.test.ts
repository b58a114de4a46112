/**
 * The store contract on a real PostgreSQL (DATABASE_URL; CI sets it), each run in a schema of its own.
 * Without DATABASE_URL the suite is skipped, and says why.
 */
import { expect } from "chai";
import { registerStoreContract } from "./store-contract.ts";
import { createPostgresFixture } from "./helpers/store-fixtures.ts";
import { commander, crew, report, tinyScenario } from "./helpers/store-scenario.ts";

const databaseUrl = process.env.DATABASE_URL?.trim() || null;

describe("store on PostgreSQL", function () {
  if (databaseUrl === null) {
    it("needs DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test); skipped");
    before(() => console.log("    store on PostgreSQL skipped: DATABASE_URL is not set"));
    return;
  }
  const url = databaseUrl;

  registerStoreContract("PostgreSQL", () => createPostgresFixture(url));

  it("stores a report once when two server processes receive it 10 times each, concurrently", async function () {
    this.timeout(60_000);
    // two stores on one schema stand in for two server processes with their own connection pools
    const fixture = createPostgresFixture(url);
    const [a, b] = [await fixture.open(), await fixture.open()];
    try {
      const incident = (await a.createIncident(tinyScenario(), commander)).id;
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).appendEvent(incident, report(1), crew, () => {})),
      );
      expect(outcomes.filter((o) => o.kind === "created")).to.have.length(1);
      await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).appendEvent(incident, report(i + 2), crew, () => {})));
      expect((await b.listEvents(incident)).map((e) => e.seq)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    } finally {
      await a.close();
      await b.close();
      await fixture.dispose();
    }
  });

  it("lets three servers start together on a fresh schema (schema creation and migrations one at a time)", async function () {
    this.timeout(60_000);
    const fixture = createPostgresFixture(url);
    try {
      const stores = await Promise.all([1, 2, 3].map(() => fixture.open()));
      const rows = await fixture.query("SELECT migration_name FROM _prisma_migrations");
      await Promise.all(stores.map((s) => s.close()));
      const names = rows.map((r) => r.migration_name);
      expect(names.length).to.be.greaterThan(0);
      expect(new Set(names).size).to.equal(names.length); // each migration recorded once
    } finally {
      await fixture.dispose();
    }
  });
});
