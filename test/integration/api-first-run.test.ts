/** First run (issue #5): an empty store gets the Zhengzhou 2021 incident and one local commander token, once. */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import { boardUrl, prepareFirstRun } from "../../server/incidents/first-run.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";

describe("first run", function () {
  this.timeout(120_000);

  it("seeds the Zhengzhou scenario and a commander token on an empty store, and only reads them back later", async () => {
    const fixture = await createPgliteFixture();
    const store = await fixture.open();
    try {
      const first = await prepareFirstRun(store, { dataDir: fixture.dataDir, seedDemo: true });
      expect(first).to.include({ seeded: true, tokenCreated: true });
      expect((await store.findToken(first.token!))?.role).to.equal("commander");
      const tokenFile = path.join(fixture.dataDir, "commander-token");
      expect((await readFile(tokenFile, "utf8")).trim()).to.equal(first.token);
      // owner read/write only: it is a commander's key
      expect((await stat(tokenFile)).mode & 0o777).to.equal(0o600);
      const incidents = await store.listIncidents();
      expect(incidents).to.have.length(1);
      expect(incidents[0].name).to.match(/Zhengzhou/);
      expect(boardUrl(3000, first)).to.equal(`http://localhost:3000/incidents/${incidents[0].id}?token=${encodeURIComponent(first.token!)}`);

      const again = await prepareFirstRun(store, { dataDir: fixture.dataDir, seedDemo: true });
      expect(again).to.deep.equal({ incident: incidents[0].id, seeded: false, token: first.token, tokenCreated: false });
      expect(await store.countTokens()).to.equal(1);
      expect(await store.listIncidents()).to.have.length(1);
    } finally {
      await store.close();
      await fixture.dispose();
    }
  });

  it("seeds the demo as a replay whose own clock reads the demo's start and runs at 1×", async () => {
    const fixture = await createPgliteFixture();
    const store = await fixture.open();
    try {
      const fromMs = Date.parse("2021-07-22T14:00:00+08:00");
      const wallMs = Date.UTC(2026, 10, 28, 21, 0);
      const first = await prepareFirstRun(store, { dataDir: fixture.dataDir, seedDemo: true, demoReplay: { fromMs, wallMs } });
      const clock = await store.getReplayClock(first.incident!);
      expect(clock).to.include({ anchorScenarioMs: fromMs, anchorWallMs: wallMs, speed: 1, paused: false });
    } finally {
      await store.close();
      await fixture.dispose();
    }
  });

  it("seeds nothing when LIANXIN_SEED_DEMO=0 and links to the incident list", async () => {
    const fixture = await createPgliteFixture();
    const store = await fixture.open();
    try {
      const first = await prepareFirstRun(store, { dataDir: fixture.dataDir, seedDemo: false });
      expect(first).to.include({ incident: null, seeded: false, tokenCreated: true });
      expect(boardUrl(8080, first)).to.match(/^http:\/\/localhost:8080\/\?token=/);
    } finally {
      await store.close();
      await fixture.dispose();
    }
  });
});
