/**
 * The HTTP API contract on PostgreSQL (DATABASE_URL; .ci/run sets it), in a schema of its own.
 * Without DATABASE_URL the suite shows as pending and says why; it never passes silently.
 */
import { registerApiSuite } from "./api-suite.ts";
import { makeFixtureClock } from "./helpers/server-harness.ts";
import { createPostgresFixture } from "./helpers/store-fixtures.ts";

const databaseUrl = process.env.DATABASE_URL?.trim() || null;

describe("HTTP API on PostgreSQL", function () {
  if (databaseUrl === null) {
    it("needs DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test); skipped");
    before(() => console.log("    HTTP API on PostgreSQL skipped: DATABASE_URL is not set"));
    return;
  }
  registerApiSuite(() => createPostgresFixture(databaseUrl, makeFixtureClock()));
});
