import { expect } from "chai";
import { handInstance } from "../test-instance.ts";
import { mvSavingBound, withoutMvTrucks } from "./mv-bound.ts";
import { mvSupplies } from "../schedule-resources.ts";
import type { Instance } from "../instance.ts";
import { buildSmallInstance } from "../exact/small-instance.ts";
import { solveExhaustiveScheduled } from "../exact/solve-exhaustive-scheduled.ts";
import { computeLowerBound } from "./lower-bound.ts";

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
    // 1,000 kW: A whole (100) and 400/600 of B (40) = 140 an hour, better than C alone (30), from its setup (1 h)
    // to the grid return at 10: 140 × 9 = 1,260; every grid returns at 10, so no second stop
    expect(mvSavingBound(feederInstance())).to.be.closeTo(1260, 1e-9);
  });

  it("chains stops by grid return: a truck held at one feeder until its grid returns can go on to a later one", () => {
    const inst = feederInstance();
    // C (no feeder) now dark until 20: after the feeder (free at 10) 30 × (20 − 11) = 270 more → 1,530; C first
    // instead would hold the truck until 20
    inst.compounds[2].gridReturn = 20;
    expect(mvSavingBound(inst)).to.be.closeTo(1260 + 270, 1e-9);
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

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`never exceeds the exhaustive optimum with an MV truck (small case, seed ${seed})`, () => {
      const inst = buildSmallInstance(seed, { compounds: 6, trucks: 2, mv: true, mixedSizes: true });
      const optimum = solveExhaustiveScheduled(inst).cost;
      const bound = computeLowerBound(withoutMvTrucks(inst)).bound - mvSavingBound(inst);
      expect(bound).to.be.at.most(optimum * (1 + 1e-9));
    });
  }
});
