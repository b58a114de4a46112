/** Live replays over HTTP on the embedded store (PGlite in a temporary directory). */
import { makeFixtureClock } from "./helpers/server-harness.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";
import { registerReplaySuite } from "./replay-suite.ts";

describe("replays over HTTP on PGlite (embedded)", () => {
  registerReplaySuite(() => createPgliteFixture(makeFixtureClock()));
});
