/**
 * ETR ranges and learned durations over HTTP (#17), on the embedded store: POST …/plans takes `durations`
 * ("scenario" by default, or "learned") and the stored plan records which it used and their values; GET …/state
 * gives each dark compound of the plan its ETR range, ISO in the incident's zone.
 */
import { expect } from "chai";
import { fakeClock } from "../../server/clock/clock.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { StoredPlan } from "../../shared/wire.ts";
import { randomScenario } from "../fixtures/random-scenario.ts";
import { startTestServer, type TestServer } from "./helpers/server-harness.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";

/** 20 Jul 2021 19:00 in Zhengzhou: an hour into the random city's outages */
const NOW_MS = Date.parse("2021-07-20T11:00:00Z");

describe("ETR ranges and learned durations (#17)", function () {
  this.timeout(120_000);
  let t: TestServer;
  let commander: string;
  let incident: string;
  let scenario: Scenario;

  before(async () => {
    t = await startTestServer(await createPgliteFixture(fakeClock(NOW_MS)));
    commander = (await t.store.createToken({ name: "Commander Li", role: "commander" })).secret;
    scenario = randomScenario(3, { compounds: 14, trucks: 4, grid: 5, flood: true });
    incident = (await t.call("POST", "/api/incidents", { token: commander, body: scenario })).body.id;
  });
  after(async () => t?.close());

  const plan = (body: unknown) => t.call<StoredPlan>("POST", `/api/incidents/${incident}/plans`, { token: commander, body });

  it("refuses a durations choice it does not know, naming the field", async () => {
    const r = await plan({ durations: "weekly" });
    expect(r.status).to.equal(400);
    expect(JSON.stringify(r.body)).to.contain('"path":"durations"').and.contain('must be \\"scenario\\" or \\"learned\\"');
  });

  it("plans with the scenario's durations unless asked, and says so in the plan", async () => {
    const r = await plan({ seed: 1 });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body.plan.durations).to.deep.equal({ requested: "scenario", used: "scenario", values: { planHours: 0.5, cableMetresPerHour: 200, switchOnHours: 0.25 } });
  });

  it("asked for learned durations with no reports yet, keeps the scenario's and says why", async () => {
    const r = await plan({ seed: 1, durations: "learned" });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body.plan.durations).to.include({ requested: "learned", used: "scenario" });
    expect(r.body.plan.durations!.reason).to.match(/^0 low-voltage on-site reports/);
  });

  it("gives each dark compound the plan serves an ETR range from the plan, in the incident's zone", async () => {
    const latest = (await t.call<StoredPlan>("GET", `/api/incidents/${incident}/plans/latest`, { token: commander })).body.plan;
    const served = new Set(latest.trucks.flatMap((x) => x.stops.map((s) => s.compound)));
    expect(served.size).to.be.above(0);
    const state = (await t.call<IncidentState>("GET", `/api/incidents/${incident}/state`, { token: commander })).body;
    for (const c of state.compounds) {
      if (c.status !== "dark") {
        expect(c.etr, c.id).to.equal(undefined);
        continue;
      }
      if (!served.has(c.id)) continue;
      const etr = c.etr!;
      expect(etr, c.id).to.be.an("object");
      for (const k of ["earliest", "likely", "latest"] as const) expect(etr[k]).to.match(/\+08:00$/);
      expect(Date.parse(etr.earliest)).to.be.at.most(Date.parse(etr.likely));
      expect(Date.parse(etr.likely)).to.be.at.most(Date.parse(etr.latest));
      expect(Date.parse(etr.earliest)).to.be.at.least(NOW_MS);
      // the grid side may come first (a compound whose substation returns before its truck): then basis "grid"
      expect(etr.basis).to.be.oneOf(["plan", "grid"]);
    }
    expect(state.compounds.filter((c) => c.etr?.basis === "plan").length).to.be.above(0);
  });
});
