import { expect } from "chai";
import type { Polygon } from "geojson";
import type { StoredEvent } from "../events.ts";
import { validateScenario } from "../validate-scenario.ts";
import { buildCurrentScenario } from "./build-current-scenario.ts";
import { fuelledTinyScenario, ms, stored, t2SwitchedOnAtA, tinyScenario } from "./tiny-scenario.fixture.ts";

const square: Polygon = { type: "Polygon", coordinates: [[[113.6, 34.6], [113.7, 34.6], [113.7, 34.8], [113.6, 34.6]]] };

describe("buildCurrentScenario", () => {
  it("keeps connected trucks as connections and trucks on their way as enRoute, placed where they set off", () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
    stored(log, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" });
    stored(log, { type: "switched.on", at: "20T04:00", truck: "T1", compound: "A" });
    stored(log, { type: "truck.dispatched", at: "21T01:00", truck: "T2", compound: "B" });
    const s = buildCurrentScenario(tinyScenario(), log, ms("21T02:00"));
    expect(s.connections).to.deep.equal([{ truck: "T1", compound: "A", switchOn: "2021-07-20T04:00:00+08:00" }]);
    expect(s.enRoute).to.deep.equal([{ truck: "T2", compound: "B", departedAt: "2021-07-21T01:00:00+08:00" }]);
    // T1 sits at A (no depot any more); T2 left from its own location
    expect(s.trucks[0]).to.include({ id: "T1" }).and.not.have.property("depot");
    expect(s.trucks[0].location).to.deep.equal([113.61, 34.7]);
    expect(s.trucks[1].location).to.deep.equal([113.6, 34.7]);
    expect(validateScenario(s).ok).to.equal(true);
  });

  it("gives fuelled trucks their tank's level at the instant when asked (fuelFrom), as the board estimates it", () => {
    // T2 (300 kW): 600 L, 60 L/h at full load; on at A (200 kW) from 21 Jul 02:00, burning 60 × 2/3 = 40 L/h
    const scenario = fuelledTinyScenario();
    const log = t2SwitchedOnAtA();
    // 02:00 → 12:00: 10 h × 40 L/h = 400 L burnt: 200 L left
    const s = buildCurrentScenario(scenario, log, ms("21T12:00"), { fuelFrom: null });
    expect(s.trucks[1].fuelLevel).to.deep.equal({ at: "2021-07-21T12:00:00+08:00", litres: 200 });
    expect(s.trucks[0]).to.not.have.property("fuelLevel");
    expect(validateScenario(s).ok).to.equal(true);
    // without fuelFrom the tank is left to the planner's default (full when first free), as before
    expect(buildCurrentScenario(scenario, log, ms("21T12:00")).trucks[1]).to.not.have.property("fuelLevel");
  });

  it("frees a released truck at its compound from its release, and drops broken trucks", () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
    stored(log, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" });
    stored(log, { type: "switched.on", at: "20T04:00", truck: "T1", compound: "A" });
    stored(log, { type: "truck.released", at: "20T06:00", truck: "T1", compound: "A" });
    stored(log, { type: "truck.broken", at: "21T01:00", truck: "T2" });
    const s = buildCurrentScenario(tinyScenario(), log, ms("21T02:00"));
    expect(s.trucks.map((t) => t.id)).to.deep.equal(["T1"]);
    expect(s.trucks[0]).to.include({ availableAt: "2021-07-20T06:00:00+08:00" });
    expect(s.connections).to.deep.equal([]);
  });

  it("turns reported closures into timed flood zones and reported grid returns into gridRestoredAt", () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "road.closed", at: "20T04:00", zone: square });
    stored(log, { type: "road.opened", at: "20T08:00", zone: square });
    stored(log, { type: "grid.restored", at: "20T05:00", compound: "A" });
    stored(log, { type: "substation.restored", at: "20T06:00", substation: "S1" });
    const s = buildCurrentScenario(tinyScenario(), log, ms("20T09:00"));
    expect(s.floodZones!.features).to.have.length(1);
    // 20 Jul 04:00 +08:00 = 19 Jul 20:00 UTC
    expect(s.floodZones!.features[0].properties).to.deep.equal({ id: "road-closed-1", from: "2021-07-19T20:00:00.000Z", until: "2021-07-20T00:00:00.000Z" });
    expect(s.compounds[0].gridRestoredAt).to.equal("2021-07-20T05:00:00+08:00");
    // B's own time is its substation's: reported 06:00 beats the scenario's 21 Jul 12:00
    expect(s.compounds[1].gridRestoredAt).to.equal("2021-07-20T06:00:00+08:00");
    expect(s.substations[0].restoredAt).to.equal("2021-07-20T06:00:00+08:00");
  });

  it("does not mutate its inputs", () => {
    const scenario = tinyScenario();
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
    const before = JSON.stringify([scenario, log]);
    buildCurrentScenario(scenario, log, ms("21T02:00"));
    expect(JSON.stringify([scenario, log])).to.equal(before);
  });
});
