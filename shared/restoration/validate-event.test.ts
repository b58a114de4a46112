import { expect } from "chai";
import type { Polygon } from "geojson";
import { LianxinError } from "../errors.ts";
import type { EventInput, StoredEvent } from "../events.ts";
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
