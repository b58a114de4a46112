import { expect } from "chai";
import type { Polygon } from "geojson";
import { LianxinError } from "../errors.ts";
import type { EventInput, StoredEvent } from "../events.ts";
import type { Scenario } from "../scenario.ts";
import { validateEvent } from "./validate-event.ts";
import { input, ms, stored, tinyScenario } from "./tiny-scenario.fixture.ts";

function refusal(log: StoredEvent[], e: EventInput, nowMs?: number): { path: string; message: string } {
  try {
    validateEvent(tinyScenario(), log, e, { nowMs });
  } catch (err) {
    expect(err).to.be.instanceOf(LianxinError);
    const le = err as LianxinError;
    expect(le.code).to.equal("impossible");
    return { path: le.details[0].path, message: le.message };
  }
  throw new Error("expected a refusal");
}

function dispatchedAndArrived(): StoredEvent[] {
  const log: StoredEvent[] = [];
  stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
  stored(log, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" });
  return log;
}

const square: Polygon = { type: "Polygon", coordinates: [[[113.6, 34.6], [113.7, 34.6], [113.7, 34.8], [113.6, 34.6]]] };

describe("validateEvent", () => {
  it("accepts the normal sequence dispatched → arrived → cable laid → switched on → released", () => {
    const log = dispatchedAndArrived();
    for (const [type, at] of [["cable.laid", "20T03:30"], ["switched.on", "20T04:00"], ["truck.released", "20T09:00"]] as const) {
      const e = input({ type, at, truck: "T1", compound: "A" });
      validateEvent(tinyScenario(), log, e);
      stored(log, { type, at, truck: "T1", compound: "A" });
    }
  });

  it("refuses switching on before arriving", () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
    const r = refusal(log, input({ type: "switched.on", at: "20T04:00", truck: "T1", compound: "A" }));
    expect(r).to.deep.equal({ path: "type", message: "truck T1 has not arrived at A: it cannot switch on at it" });
  });

  it("refuses a truck in two places: dispatched elsewhere while connected", () => {
    const log = dispatchedAndArrived();
    stored(log, { type: "switched.on", at: "20T04:00", truck: "T1", compound: "A" });
    const r = refusal(log, input({ type: "truck.dispatched", at: "20T05:00", truck: "T1", compound: "B" }));
    expect(r.message).to.match(/connected at A: it cannot be in two places/);
  });

  it("lets a connected truck leave once its compound's grid is back, even before its release is reported", () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "B" });
    stored(log, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "B" });
    stored(log, { type: "switched.on", at: "20T04:00", truck: "T1", compound: "B" });
    // B's substation S1 returns 21 Jul 12:00
    validateEvent(tinyScenario(), log, input({ type: "truck.dispatched", at: "21T13:00", truck: "T1", compound: "A" }));
    expect(refusal(log, input({ type: "truck.dispatched", at: "21T11:00", truck: "T1", compound: "A" })).path).to.equal("type");
  });

  it("refuses a step at a compound the truck was not dispatched to", () => {
    const r = refusal(dispatchedAndArrived(), input({ type: "switched.on", at: "20T04:00", truck: "T1", compound: "B" }));
    expect(r).to.deep.equal({ path: "compound", message: "truck T1 is at A, not B" });
  });

  it("refuses any step after a breakdown", () => {
    const log = dispatchedAndArrived();
    stored(log, { type: "truck.broken", at: "20T03:10", truck: "T1" });
    expect(refusal(log, input({ type: "switched.on", at: "20T04:00", truck: "T1", compound: "A" })).message).to.match(/broke down at A/);
  });

  it("refuses unknown trucks, compounds and substations, naming the field", () => {
    expect(refusal([], input({ type: "truck.dispatched", at: "20T02:00", truck: "T9", compound: "A" }))).to.deep.equal({ path: "truck", message: 'unknown truck "T9"' });
    expect(refusal([], input({ type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "Z" })).path).to.equal("compound");
    expect(refusal([], input({ type: "grid.restored", at: "20T02:00", compound: "Z" })).path).to.equal("compound");
    expect(refusal([], input({ type: "substation.restored", at: "20T02:00", substation: "S9" })).path).to.equal("substation");
  });

  describe("reports delivered out of order (checked in field time)", () => {
    it("accepts an earlier step delivered late when it fits between stored steps", () => {
      const log = dispatchedAndArrived();
      stored(log, { type: "switched.on", at: "20T04:00", truck: "T1", compound: "A" });
      // the crew's queued "cable laid at 03:30" arrives after the commander's "switched on at 04:00"
      validateEvent(tinyScenario(), log, input({ type: "cable.laid", at: "20T03:30", truck: "T1", compound: "A" }));
    });

    it("refuses a late step that would make a stored later step impossible, naming the stored one", () => {
      const log = dispatchedAndArrived();
      const r = refusal(log, input({ type: "truck.broken", at: "20T02:30", truck: "T1" }));
      expect(r.path).to.equal("at");
      expect(r.message).to.match(/truck\.arrived of truck T1 at 2021-07-20T03:00:00\+08:00 \(seq 2\) would become impossible/);
    });

    it("accepts an arrival delivered after a later breakdown report", () => {
      const log: StoredEvent[] = [];
      stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
      stored(log, { type: "truck.broken", at: "20T05:00", truck: "T1" });
      validateEvent(tinyScenario(), log, input({ type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" }));
      expect(refusal(log, input({ type: "truck.arrived", at: "20T06:00", truck: "T1", compound: "A" })).message).to.match(/broke down/);
    });
  });

  it("refuses a report from a device clock far in the future", () => {
    const r = refusal([], input({ type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" }), ms("20T01:00"));
    expect(r.path).to.equal("at");
  });

  it("accepts road.opened only for a zone closed at that time", () => {
    const log: StoredEvent[] = [];
    expect(refusal(log, input({ type: "road.opened", at: "20T05:00", zone: square })).path).to.equal("zone");
    stored(log, { type: "road.closed", at: "20T04:00", zone: square });
    validateEvent(tinyScenario(), log, input({ type: "road.opened", at: "20T05:00", zone: square }));
    expect(refusal(log, input({ type: "road.opened", at: "20T03:00", zone: square })).path).to.equal("zone");
  });

  it("refuses reporting a compound that already exists or whose substation is unknown", () => {
    const details = { id: "A", name: "A2", location: [113.6, 34.7] as [number, number], households: 1, loadKw: 1, substation: "S1", outageStart: "2021-07-20T00:00:00+08:00" };
    expect(refusal([], input({ type: "compound.reported", at: "20T02:00", compound: "A", details })).path).to.equal("compound");
    const bad = { ...details, id: "N", substation: "S9" };
    expect(refusal([], input({ type: "compound.reported", at: "20T02:00", compound: "N", details: bad })).path).to.equal("details.substation");
  });
});

describe("validateEvent messages a crew can act on", () => {
  it("says a step was already reported rather than that the truck was not dispatched", () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
    stored(log, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" });
    expect(refusal(log, input({ type: "truck.arrived", at: "20T03:05", truck: "T1", compound: "A" })).message).to.equal("truck T1 already arrived at A");
    stored(log, { type: "switched.on", at: "20T04:00", truck: "T1", compound: "A" });
    expect(refusal(log, input({ type: "switched.on", at: "20T04:05", truck: "T1", compound: "A" })).message).to.equal("truck T1 is already switched on at A");
  });
});

/**
 * Plausibility (#13). Distances in the tiny scenario, by turf's great circle (1° = 111.2 km; at 34.7° N a degree of
 * longitude is 111.2 × cos 34.7° = 111.2 × 0.822 = 91.4 km):
 *   depot D (113.60) → B (113.69): 0.09° = 8.23 km, at 120 km/h ≥ 8.23 / 120 h = 4.1 min
 *   B (113.69) → A (113.61): 0.08° = 7.31 km, ≥ 3.7 min
 */
describe("validateEvent: only what a crew could do", () => {
  function refused(scenario: Scenario, log: StoredEvent[], e: EventInput): { path: string; message: string } {
    try {
      validateEvent(scenario, log, e);
    } catch (err) {
      expect(err).to.be.instanceOf(LianxinError);
      expect((err as LianxinError).code).to.equal("impossible");
      return { path: (err as LianxinError).details[0].path, message: (err as LianxinError).message };
    }
    throw new Error("expected a refusal");
  }

  it("refuses an arrival sooner after its dispatch than the straight line at 120 km/h allows", () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "B" });
    // 8.23 km from the depot: 4 min is too soon (4.1 min at 120 km/h), 5 min is possible
    const r = refused(tinyScenario(), log, input({ type: "truck.arrived", at: "20T02:04", truck: "T1", compound: "B" }));
    expect(r.path).to.equal("at");
    expect(r.message).to.equal(
      "truck T1 cannot reach B 4 min after setting off from its start at 2021-07-20T02:00:00+08:00: 8.2 km in a straight line takes at least 4.1 min at 120 km/h",
    );
    validateEvent(tinyScenario(), log, input({ type: "truck.arrived", at: "20T02:05", truck: "T1", compound: "B" }));
  });

  it("measures a second trip from the compound the truck last stood at", () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "B" });
    stored(log, { type: "truck.arrived", at: "20T02:30", truck: "T1", compound: "B" });
    stored(log, { type: "switched.on", at: "20T03:00", truck: "T1", compound: "B" });
    stored(log, { type: "truck.released", at: "20T05:00", truck: "T1", compound: "B" });
    stored(log, { type: "truck.dispatched", at: "20T06:00", truck: "T1", compound: "A" });
    // B → A is 7.31 km: 3 min < 3.7 min refused (from the depot, 0.9 km, it would have been possible); 4 min fine
    expect(refused(tinyScenario(), log, input({ type: "truck.arrived", at: "20T06:03", truck: "T1", compound: "A" })).message).to.match(/from B .* 7\.3 km .* at least 3\.7 min/);
    validateEvent(tinyScenario(), log, input({ type: "truck.arrived", at: "20T06:04", truck: "T1", compound: "A" }));
  });

  it("counts a redirected truck's drive from the start of its trip, since where it was when redirected is unknown", () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
    stored(log, { type: "truck.dispatched", at: "20T02:10", truck: "T1", compound: "B" });
    // 2 min after the redirect but 12 min after leaving the depot: ≥ 4.1 min, so possible
    validateEvent(tinyScenario(), log, input({ type: "truck.arrived", at: "20T02:12", truck: "T1", compound: "B" }));
  });

  it("refuses a switch-on sooner after arrival than the minimum time on site (10 min, or the scenario's)", () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
    stored(log, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" });
    // 03:09 − 03:00 = 9 min < 10 min
    const r = refused(tinyScenario(), log, input({ type: "switched.on", at: "20T03:09", truck: "T1", compound: "A" }));
    expect(r).to.deep.equal({
      path: "at",
      message: "truck T1 cannot switch on at A 9 min after arriving (2021-07-20T03:00:00+08:00): setting up takes at least 10 min on site (defaults.minOnSiteMinutes)",
    });
    validateEvent(tinyScenario(), log, input({ type: "switched.on", at: "20T03:10", truck: "T1", compound: "A" }));
    const slow = { ...tinyScenario(), defaults: { minOnSiteMinutes: 30 } };
    // 20 min < 30 min; 30 min fine
    expect(refused(slow, log, input({ type: "switched.on", at: "20T03:20", truck: "T1", compound: "A" })).message).to.match(/at least 30 min/);
    validateEvent(slow, log, input({ type: "switched.on", at: "20T03:30", truck: "T1", compound: "A" }));
  });

  it("refuses dispatch to, and switch-on at, a compound already back on the grid", () => {
    // B's substation S1 is back 21 Jul 12:00 in the scenario
    const r = refused(tinyScenario(), [], input({ type: "truck.dispatched", at: "21T13:00", truck: "T1", compound: "B" }));
    expect(r).to.deep.equal({
      path: "compound",
      message: "compound B is back on the grid since 2021-07-21T12:00:00+08:00 (substation S1's restoredAt in the scenario): no truck is dispatched there",
    });
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "21T08:00", truck: "T1", compound: "B" });
    stored(log, { type: "truck.arrived", at: "21T09:00", truck: "T1", compound: "B" });
    expect(refused(tinyScenario(), log, input({ type: "switched.on", at: "21T12:30", truck: "T1", compound: "B" })).message).to.match(/no generator is switched on there/);
    validateEvent(tinyScenario(), log, input({ type: "switched.on", at: "21T11:30", truck: "T1", compound: "B" }));
  });

  it("refuses dispatch to a compound whose grid return was reported, from that report's time on", () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "grid.restored", at: "20T10:00", compound: "A" });
    expect(refused(tinyScenario(), log, input({ type: "truck.dispatched", at: "20T11:00", truck: "T1", compound: "A" })).message).to.match(
      /^compound A is back on the grid since 2021-07-20T10:00:00\+08:00 \(grid.restored reported\)/,
    );
    validateEvent(tinyScenario(), log, input({ type: "truck.dispatched", at: "20T09:00", truck: "T1", compound: "A" }));
  });

  it("refuses a second grid.restored for one compound", () => {
    const log: StoredEvent[] = [];
    validateEvent(tinyScenario(), log, input({ type: "grid.restored", at: "20T10:00", compound: "A" }));
    stored(log, { type: "grid.restored", at: "20T10:00", compound: "A" });
    const r = refused(tinyScenario(), log, input({ type: "grid.restored", at: "20T12:00", compound: "A" }));
    expect(r.path).to.equal("compound");
    expect(r.message).to.match(/already on record \(2021-07-20T10:00:00\+08:00, seq 1\): a compound's grid returns once/);
    validateEvent(tinyScenario(), log, input({ type: "grid.restored", at: "20T12:00", compound: "B" }));
  });

  it("refuses a step earlier than the incident's first outage (20 Jul 00:00), even in the year 1000; a road may close before", () => {
    const r = refused(tinyScenario(), [], input({ type: "truck.dispatched", at: "19T23:00", truck: "T1", compound: "A" }));
    expect(r).to.deep.equal({ path: "at", message: "2021-07-19T23:00:00+08:00 is before the incident's first outage (2021-07-20T00:00:00+08:00): nothing to report yet" });
    const ancient = { ...input({ type: "grid.restored", at: "20T02:00", compound: "A" }), at: "1000-07-20T02:00:00+08:00" };
    expect(refused(tinyScenario(), [], ancient).path).to.equal("at");
    validateEvent(tinyScenario(), [], input({ type: "road.closed", at: "19T20:00", zone: square }));
  });

  it("does not hold a step stored under older rules against a new report", () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "B" });
    // 1 min for 8.23 km: stored before #13's rules
    stored(log, { type: "truck.arrived", at: "20T02:01", truck: "T1", compound: "B" });
    validateEvent(tinyScenario(), log, input({ type: "cable.laid", at: "20T02:30", truck: "T1", compound: "B" }));
  });
});
