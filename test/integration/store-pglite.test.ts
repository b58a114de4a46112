/** The store contract on the embedded PGlite, plus what only the embedded store has: its directory lock. */
import { expect } from "chai";
import { openStore } from "../../server/store/open-store.ts";
import { registerStoreContract } from "./store-contract.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";

describe("store on PGlite (embedded)", () => {
  registerStoreContract("PGlite", () => createPgliteFixture());

  it("refuses a second store on a data directory that is in use, naming the owner", async function () {
    this.timeout(60_000);
    const fixture = await createPgliteFixture();
    const store = await fixture.open();
    try {
      let message = "";
      await openStore({ databaseUrl: null, dataDir: fixture.dataDir }).catch((e: Error) => { message = e.message; });
      expect(message).to.contain(`in use by another Lianxin process (pid ${process.pid})`);
      expect(message).to.contain(fixture.dataDir);
    } finally {
      await store.close();
      await fixture.dispose();
    }
  });
});
