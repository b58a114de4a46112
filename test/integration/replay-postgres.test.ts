/**
 * Live replays over HTTP on PostgreSQL (DATABASE_URL; .ci/run sets it), in a schema of its own.
 * Without DATABASE_URL the suite shows as pending and says why; it never passes silently.
 */
import { makeFixtureClock } from "./helpers/server-harness.ts";
import { createPostgresFixture } from "./helpers/store-fixtures.ts";
import { registerReplaySuite } from "./replay-suite.ts";

const databaseUrl = process.env.DATABASE_URL?.trim() || null;

describe("replays over HTTP on PostgreSQL", function () {
  if (databaseUrl === null) {
    it("needs DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test); skipped");
    before(() => console.log("    replays on PostgreSQL skipped: DATABASE_URL is not set"));
    return;
  }
  registerReplaySuite(() => createPostgresFixture(databaseUrl, makeFixtureClock()));
});
