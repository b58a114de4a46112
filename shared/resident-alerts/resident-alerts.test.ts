/**
 * Resident alerts (#18 item 3) on the tiny scenario (shared/restoration/tiny-scenario.fixture.ts): A (100 households,
 * substation S2, grid unknown) and B (50 households, S1 back 21 Jul 12:00), both out from 20 Jul 00:00 (+08:00).
 */
import { expect } from "chai";
import type { StoredEvent } from "../events.ts";
import type { Plan } from "../plan.ts";
import { ms, stored, t, tinyScenario } from "../restoration/tiny-scenario.fixture.ts";
import { capErrors, xmlErrors } from "../../test/fixtures/cap-1.2/validate-cap.ts";
import { atomFeed } from "./atom-feed.ts";
import { capXml } from "./cap-xml.ts";
import { etrRange } from "./etr-range.ts";
import { residentAlerts } from "./resident-alerts.ts";

const sender = "lianxin@test";
const options = (atMs: number, plan: Plan | null = null) => ({ incident: "inc-1", sender, atMs, plan });

/** T1 leaves the depot for A at 01:00 and switches on at 03:00 (2 h of drive and set-up) */
function planWithStop(): Plan {
  return {
    scenario: "tiny", customerOutageHours: 0, baselineCustomerOutageHours: 0, unserved: [], compounds: [],
    trucks: [{ id: "T1", stops: [{ compound: "A", depart: t("20T01:00"), arrive: t("20T02:00"), switchOn: t("20T03:00"), release: t("26T00:00") }] }],
  };
}

describe("resident alerts (#18)", () => {
  it("confirms each outage once its start has passed, nothing before", () => {
    const scenario = tinyScenario();
    expect(residentAlerts(scenario, [], options(ms("19T23:00")))).to.deep.equal([]);
    const alerts = residentAlerts(scenario, [], options(ms("20T00:30")));
    expect(alerts.map((a) => [a.compound, a.kind, a.msgType, a.sent])).to.deep.equal([
      ["A", "outage.confirmed", "Alert", "2021-07-20T00:00:00+08:00"],
      ["B", "outage.confirmed", "Alert", "2021-07-20T00:00:00+08:00"],
    ]);
  });

  it("follows a compound through dispatch, generator power and the grid's return, each an Update of the first", () => {
    const scenario = tinyScenario();
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", truck: "T1", compound: "B", at: "20T01:00" });
    stored(log, { type: "truck.arrived", truck: "T1", compound: "B", at: "20T02:00" });
    stored(log, { type: "switched.on", truck: "T1", compound: "B", at: "20T03:00" });
    // B's substation S1 is back 21 Jul 12:00 in the scenario: alerted once the clock passes it
    const before = residentAlerts(scenario, log, options(ms("21T11:00"))).filter((a) => a.compound === "B");
    expect(before.map((a) => a.kind)).to.deep.equal(["outage.confirmed", "generator.en-route", "generator.powered"]);
    const after = residentAlerts(scenario, log, options(ms("21T13:00"))).filter((a) => a.compound === "B");
    expect(after.map((a) => [a.kind, a.sent])).to.deep.equal([
      ["outage.confirmed", "2021-07-20T00:00:00+08:00"],
      ["generator.en-route", "2021-07-20T01:00:00+08:00"],
      ["generator.powered", "2021-07-20T03:00:00+08:00"],
      ["grid.back", "2021-07-21T12:00:00+08:00"],
    ]);
    expect(after.slice(1).every((a) => a.msgType === "Update" && a.references === `${sender},${after[0].identifier},${after[0].sent}`)).to.equal(true);
    // the same derivation later gives the same identifiers (the webhook pushes each once)
    expect(after.slice(0, 3).map((a) => a.identifier)).to.deep.equal(before.map((a) => a.identifier));
  });

  it("quotes the ETR range from the plan's stop: likely its switch-on, −25 % / +50 % of its drive and set-up", () => {
    // depart 01:00, switchOn 03:00: 2 h; earliest 03:00 − 0.5 h = 02:30, latest 03:00 + 1 h = 04:00
    expect(etrRange(planWithStop(), "A", "T1", "Asia/Shanghai")).to.deep.equal({
      earliest: "2021-07-20T02:30:00+08:00", likely: "2021-07-20T03:00:00+08:00", latest: "2021-07-20T04:00:00+08:00",
    });
    expect(etrRange(planWithStop(), "B", "T1", "Asia/Shanghai")).to.equal(undefined);
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", truck: "T1", compound: "A", at: "20T01:00" });
    const enRoute = residentAlerts(tinyScenario(), log, options(ms("20T01:30"), planWithStop())).find((a) => a.kind === "generator.en-route");
    expect(enRoute?.etr?.likely).to.equal("2021-07-20T03:00:00+08:00");
    expect(enRoute?.headline.en).to.include("20 Jul 03:00 (UTC+08:00)");
    expect(enRoute?.description["zh-CN"]).to.include("最早 7月20日 02:30");
    // a state's own ETR (another module's) wins over the plan's
    const own = { earliest: t("20T02:00"), likely: t("20T02:15"), latest: t("20T05:00") };
    const withState = residentAlerts(tinyScenario(), log, { ...options(ms("20T01:30"), planWithStop()), etrOf: () => own });
    expect(withState.find((a) => a.kind === "generator.en-route")?.etr).to.deep.equal(own);
  });

  it("writes CAP documents the OASIS CAP 1.2 schema accepts, and refuses what it should", async () => {
    const scenario = tinyScenario();
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", truck: "T1", compound: "A", at: "20T01:00" });
    stored(log, { type: "switched.on", truck: "T1", compound: "A", at: "20T03:00" });
    stored(log, { type: "grid.restored", compound: "A", at: "21T06:00" });
    const alerts = residentAlerts(scenario, log, options(ms("21T13:00"), planWithStop()));
    expect(new Set(alerts.map((a) => a.kind)).size).to.equal(4);
    for (const a of alerts) {
      const compound = scenario.compounds.find((c) => c.id === a.compound)!;
      const xml = capXml(a, compound, { sender, status: "Exercise" });
      expect(await capErrors(xml), xml).to.deep.equal([]);
      expect(xml).to.include("<category>Infra</category>").and.include("<language>zh-CN</language>").and.include("<language>en</language>");
      expect(xml).to.match(/<circle>34\.700000,113\.(610000|690000) 0\.3<\/circle>/);
    }
    // the validator is not a rubber stamp: a category outside CAP's list fails
    const bad = capXml(alerts[0], scenario.compounds[0], { sender, status: "Actual" }).replace("<category>Infra</category>", "<category>Power</category>");
    expect(await capErrors(bad)).to.have.length.greaterThan(0);
  });

  it("lists every alert in an Atom feed that parses, newest first", async () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", truck: "T1", compound: "A", at: "20T01:00" });
    const alerts = residentAlerts(tinyScenario(), log, options(ms("20T02:00")));
    const xml = atomFeed(alerts, { incident: "inc-1", incidentName: "Tiny & co", selfPath: "/api/incidents/inc-1/alerts.atom", capPath: (a) => `/cap?compound=${a.compound}&identifier=${a.identifier}`, updated: t("20T02:00") });
    expect(await xmlErrors(xml)).to.deep.equal([]);
    expect(await xmlErrors(xml.replace("</feed>", ""))).to.have.length.greaterThan(0);
    const entryIds = [...xml.matchAll(/<id>urn:lianxin:alert:([^<]+)<\/id>/g)].map((m) => m[1]);
    expect(entryIds).to.deep.equal([...alerts].reverse().map((a) => a.identifier));
    expect(xml).to.include("Tiny &amp; co");
  });
});
