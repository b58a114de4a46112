import { expect } from "chai";
import { handInstance } from "../test-instance.ts";
import { mvSavingBound, withoutMvTrucks } from "./mv-bound.ts";
import { mvSupplies } from "../schedule-resources.ts";
import type { Instance } from "../instance.ts";

/** Feeder F0: A (weight 100, 600 kW) and B (weight 60, 600 kW); C (weight 30, 200 kW) on no feeder; all dark 0–10. */
function feederInstance(): Instance {
  const inst = handInstance(
    [{ weight: 100, loadKw: 600, gridReturn: 10 }, { weight: 60, loadKw: 600, gridReturn: 10 }, { weight: 30, loadKw: 200, gridReturn: 10 }],
    [{ capacityKw: 1000 }, { capacityKw: 500 }],
    [[0, 1, 1, 1, 1, 1], [1, 0, 1, 1, 1, 1], [1, 1, 0, 1, 1, 1], [1, 1, 1, 0, 1, 1], [1, 1, 1, 1, 0, 1], [1, 1, 1, 1, 1, 0]],
  );
  inst.resources = {
    fuel: [null, null], needsCrew: [false, false], crews: [], tankers: [], fuelDepots: [],
    mv: [true, false], feederOf: [0, 0, -1], feeders: [{ id: "F0", site: 5, compounds: [0, 1] }],
  };
  return inst;
}

describe("MV trucks in the lower bound (#17)", () => {
  it("bounds an MV truck's saving by a fractional knapsack of its kW over one feeder's dark compounds", () => {
    // 1,000 kW: A whole (100) and 400/600 of B (40) = 140 an hour, better than C alone (30); × 10 h = 1,400
    expect(mvSavingBound(feederInstance())).to.be.closeTo(1400, 1e-9);
  });

  it("leaves the LV trucks to the path relaxation: the MV truck is free only at the horizon", () => {
    const inst = withoutMvTrucks(feederInstance());
    expect(inst.trucks.map((t) => t.availableAt)).to.deep.equal([100, 0]);
  });

  it("an MV truck at an RMU takes its own compound, then the feeder's by weight per kW while they fit", () => {
    const inst = feederInstance();
    // own B (600 kW) leaves 400 kW: A (600 kW) does not fit → [B]; a 1,200 kW truck fits both
    expect(mvSupplies(inst, 0, 1, 2)).to.deep.equal([1]);
    inst.trucks[0].capacityKw = 1200;
    expect(mvSupplies(inst, 0, 1, 2)).to.deep.equal([1, 0]);
  });
});
