/** The HTTP API contract on the embedded store (PGlite in a temporary directory). */
import { registerApiSuite } from "./api-suite.ts";
import { makeFixtureClock } from "./helpers/server-harness.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";

describe("HTTP API on PGlite (embedded)", () => {
  registerApiSuite(() => createPgliteFixture(makeFixtureClock()));
});
