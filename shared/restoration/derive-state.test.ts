import { expect } from "chai";
import type { StoredEvent } from "../events.ts";
import { deriveState } from "./derive-state.ts";
import { restorationCurve } from "./restoration-curve.ts";
import { ms, stored, tinyScenario } from "./tiny-scenario.fixture.ts";

/** T1 (100 kW) feeds half of A (200 kW) from 20 Jul 04:00. */
function halfFedA(): StoredEvent[] {
  const log: StoredEvent[] = [];
  stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
  stored(log, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" });
  stored(log, { type: "switched.on", at: "20T04:00", truck: "T1", compound: "A" });
  return log;
}

describe("deriveState", () => {
  it("counts a partly supplied compound's unsupplied fraction in outage hours and KPIs", () => {
    const s = deriveState(tinyScenario(), halfFedA(), ms("20T06:00"));
    const [a, b] = s.compounds;
    // A: dark 00:00-04:00 = 4 h, then half fed 04:00-06:00 = 2 h × 0.5 = 1 h → 5 h
    expect(a).to.include({ status: "partial", outageHours: 5, suppliedShare: 0.5 });
    expect(a.servedBy).to.deep.equal(["T1"]);
    // B: dark 6 h
    expect(b).to.include({ status: "dark", outageHours: 6 });
    // out: 100 × 0.5 + 50 = 100; restored 1 − 100/150 = 1/3; 户均 (100×5 + 50×6)/150 = 800/150
    expect(s.kpis.customersOut).to.equal(100);
    expect(s.kpis.restoredShare).to.be.closeTo(1 / 3, 1e-12);
    expect(s.kpis.avgOutageHoursPerHousehold).to.be.closeTo(800 / 150, 1e-12);
    expect(s.at).to.equal("2021-07-20T06:00:00+08:00");
  });

  it("turns a compound to grid at its substation's return and stops its outage clock there", () => {
    const s = deriveState(tinyScenario(), [], ms("21T13:00"));
    // B's substation S1 is back at 21 Jul 12:00: 36 h of outage, not 37
    expect(s.compounds[1]).to.include({ status: "grid", outageHours: 36 });
    expect(s.compounds[1].servedBy).to.deep.equal([]);
  });

  it("caps several trucks' supply at all households and keeps it until release", () => {
    const log = halfFedA();
    stored(log, { type: "truck.dispatched", at: "21T00:00", truck: "T2", compound: "A" });
    stored(log, { type: "truck.arrived", at: "21T01:00", truck: "T2", compound: "A" });
    stored(log, { type: "switched.on", at: "21T02:00", truck: "T2", compound: "A" });
    stored(log, { type: "truck.released", at: "21T06:00", truck: "T1", compound: "A" });
    const s = deriveState(tinyScenario(), log, ms("21T13:00"));
    // A: 4 h dark + (26 − 4) h half fed = 4 + 11 = 15 h; from 21 Jul 02:00 100+300 kW ≥ 200 kW: fully fed
    expect(s.compounds[0]).to.include({ status: "generator", outageHours: 15, suppliedShare: 1 });
    expect(s.compounds[0].servedBy).to.deep.equal(["T2"]);
    expect(s.trucks).to.deep.equal([
      { id: "T1", status: "free", compound: "A", since: "2021-07-21T06:00:00+08:00" },
      { id: "T2", status: "connected", compound: "A", since: "2021-07-21T02:00:00+08:00" },
    ]);
  });

  it("ignores events after the instant, so the same log replays to any time", () => {
    const s = deriveState(tinyScenario(), halfFedA(), ms("20T02:30"));
    expect(s.compounds[0]).to.include({ status: "dark", outageHours: 2.5 });
    expect(s.trucks[0]).to.include({ status: "en-route", compound: "A" });
    // T2 becomes available 21 Jul 00:00
    expect(s.trucks[1].status).to.equal("inbound");
  });

  it("reports setting-up after arrival and broken after a breakdown, which ends the supply", () => {
    const log = halfFedA();
    stored(log, { type: "truck.broken", at: "20T05:00", truck: "T1" });
    const s = deriveState(tinyScenario(), log, ms("20T06:00"));
    // A: 4 h + 1 h × 0.5 + 1 h = 5.5 h
    expect(s.compounds[0]).to.include({ status: "dark", outageHours: 5.5 });
    expect(s.trucks[0]).to.include({ status: "broken", compound: "A" });
    expect(deriveState(tinyScenario(), log, ms("20T03:30")).trucks[0].status).to.equal("setting-up");
  });

  it("frees a connected truck when its compound's grid is reported back, and adds reported compounds", () => {
    const log = halfFedA();
    stored(log, { type: "grid.restored", at: "20T08:00", compound: "A" });
    const c = { id: "C", name: "C", location: [113.65, 34.7] as [number, number], households: 10, loadKw: 20, substation: "S2", outageStart: "2021-07-20T07:00:00+08:00" };
    stored(log, { type: "compound.reported", at: "20T09:00", compound: "C", details: c });
    const s = deriveState(tinyScenario(), log, ms("20T10:00"));
    // A: 4 h + 4 h × 0.5 = 6 h, then grid
    expect(s.compounds[0]).to.include({ status: "grid", outageHours: 6 });
    expect(s.trucks[0]).to.include({ status: "free", compound: "A" });
    // C dark since 07:00: 3 h
    expect(s.compounds[2]).to.include({ id: "C", status: "dark", outageHours: 3 });
  });

  it("treats a compound whose outage has not started as supplied", () => {
    const s = deriveState(tinyScenario(), [], ms("19T23:00"));
    expect(s.compounds.map((c) => c.status)).to.deep.equal(["grid", "grid"]);
    expect(s.kpis).to.deep.equal({ customersOut: 0, restoredShare: 0, avgOutageHoursPerHousehold: 0 });
  });
});

describe("restorationCurve", () => {
  it("samples customers out every step and at the end", () => {
    const points = restorationCurve(tinyScenario(), halfFedA(), ms("20T00:00"), ms("20T05:00"), 2 * 3_600_000);
    // 00:00, 02:00, 04:00 and the end 05:00; A half fed from 04:00: 150 → 150 → 100 → 100
    expect(points.map((p) => p.customersOut)).to.deep.equal([150, 150, 100, 100]);
    expect(points[3].at).to.equal("2021-07-20T05:00:00+08:00");
  });

  it("refuses a non-positive step", () => {
    expect(() => restorationCurve(tinyScenario(), [], 0, 1, 0)).to.throw(/positive step/);
  });
});

describe("deriveState at the horizon", () => {
  it("ends an outage with no known return at horizonEnd, as the planner does", () => {
    const s = deriveState(tinyScenario(), [], ms("27T00:00"));
    // A (substation S2, return unknown): 20 Jul 00:00 → horizon 26 Jul 00:00 = 144 h
    expect(s.compounds[0]).to.include({ status: "grid", outageHours: 144 });
  });
});
