/** No 5xx for bad input (#13 item 4) on the embedded store (PGlite in a temporary directory). */
import { registerFuzzSuite } from "./fuzz-suite.ts";
import { makeFixtureClock } from "./helpers/server-harness.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";

describe("fuzzed requests on PGlite (embedded)", () => {
  registerFuzzSuite(() => createPgliteFixture(makeFixtureClock()), { seed: 13, requests: 3000 });
});
