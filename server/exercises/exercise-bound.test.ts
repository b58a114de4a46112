import { expect } from "chai";
import type { StoredEvent } from "../../shared/events.ts";
import { deriveState } from "../../shared/restoration/derive-state.ts";
import { ms, stored, t, tinyScenario } from "../../shared/restoration/tiny-scenario.fixture.ts";
import { boundScenario, exerciseLowerBound } from "./exercise-bound.ts";

/** customer-h up to atMs by the board's accounting: Σ priority × households × hours without supply */
function outage(log: StoredEvent[], atMs: number): number {
  const s = tinyScenario();
  return deriveState(s, log, atMs).compounds.reduce((sum, c) => sum + c.households * c.outageHours * (s.compounds.find((x) => x.id === c.id)?.priority ?? 1), 0);
}

describe("exerciseLowerBound (#18 scorecard)", () => {
  it("makes the scenario 'up to t': grid returns and horizon capped at t, nothing dark before t, no truck that comes at t or later", () => {
    const s = boundScenario(tinyScenario(), [[]], ms("20T12:00"));
    expect(s.horizonEnd).to.equal(t("20T12:00"));
    // A's substation has no return, B's is 21 Jul 12:00: both capped at 20 Jul 12:00
    expect(s.compounds.map((c) => [c.id, c.gridRestoredAt])).to.deep.equal([["A", t("20T12:00")], ["B", t("20T12:00")]]);
    // T2 arrives 21 Jul 00:00, after t: it cannot help before t
    expect(s.trucks.map((x) => x.id)).to.deep.equal(["T1"]);
    // on site at most the event rules' 10 min (a report may switch on that soon after arriving)
    for (const c of s.compounds) expect(c.setupHours).to.be.at.most(10 / 60 + 1e-12);
    expect(boundScenario(tinyScenario(), [[]], ms("20T00:00")).compounds).to.deep.equal([]);
  });

  it("relaxes over the logs: the earliest grid return any knows by t, only the compounds all know", () => {
    const early: StoredEvent[] = [];
    stored(early, { type: "grid.restored", at: "20T06:00", compound: "A" });
    stored(early, { type: "compound.reported", at: "20T01:00", details: { ...tinyScenario().compounds[1], id: "N", name: "N" } });
    const s = boundScenario(tinyScenario(), [[], early], ms("21T06:00"));
    expect(s.compounds.map((c) => [c.id, c.gridRestoredAt])).to.deep.equal([["A", t("20T06:00")], ["B", t("21T06:00")]]);
  });

  it("is never above the outage of a command in the planner's model, nor of no truck at all", () => {
    const atMs = ms("21T06:00");
    const none: StoredEvent[] = [];
    // T1 drives to A (0.9 km) at once and stays: A half supplied (100 of 200 kW) from 00:20
    const t1AtA: StoredEvent[] = [];
    stored(t1AtA, { type: "truck.dispatched", at: "20T00:00", truck: "T1", compound: "A" });
    stored(t1AtA, { type: "truck.arrived", at: "20T00:05", truck: "T1", compound: "A" });
    stored(t1AtA, { type: "switched.on", at: "20T00:20", truck: "T1", compound: "A" });
    const bound = exerciseLowerBound(tinyScenario(), [none, t1AtA], atMs);
    // no truck: (100 + 50) households × 30 h = 4,500 customer-h; T1 at A saves 50 × (30 h − 20 min) = 1,483.3
    expect(outage(none, atMs)).to.be.closeTo(4500, 1e-6);
    expect(outage(t1AtA, atMs)).to.be.closeTo(4500 - 50 * (30 - 1 / 3), 1e-6);
    expect(bound.customerOutageHours).to.be.at.most(outage(t1AtA, atMs) + 1e-9);
    // and no plan saves more than T1's 50 × (30 h − 10 min) + T2's 100 × (6 h − 10 min) = 2,075: at least 2,425
    expect(bound.customerOutageHours).to.be.at.least(4500 - 2075 - 1e-6);
    // every priority is 1 here: the unweighted bound is the weighted one
    expect(bound.householdHours).to.be.closeTo(bound.customerOutageHours, 1e-9);
  });
});
