import { expect } from "chai";
import type { StoredEvent } from "../events.ts";
import { indexLog, syncIndex } from "./log-index.ts";
import { stored, tinyScenario } from "./tiny-scenario.fixture.ts";

describe("syncIndex", () => {
  it("extends the index it was given when the log continues it (the same event objects)", () => {
    const scenario = tinyScenario();
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
    const index = indexLog(scenario, log);
    stored(log, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" });
    stored(log, { type: "grid.restored", at: "20T09:00", compound: "B" });
    const next = syncIndex(index, scenario, log);
    expect(next).to.equal(index);
    expect(next.length).to.equal(3);
    expect(next.truckSteps.get("T1")!.map((e) => e.type)).to.deep.equal(["truck.dispatched", "truck.arrived"]);
    expect(next.gridReports.get("B")?.seq).to.equal(3);
  });

  it("re-indexes a log that does not continue it (a batch rolled back, its place taken by other events)", () => {
    const scenario = tinyScenario();
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
    const index = indexLog(scenario, [...log, { ...log[0], id: "rolled-back", seq: 2, type: "grid.restored", compound: "A" }]);
    stored(log, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" });
    const next = syncIndex(index, scenario, log);
    expect(next).to.not.equal(index);
    expect(next.gridReports.size).to.equal(0);
    expect(next.truckSteps.get("T1")!.length).to.equal(2);
  });
});
