import { expect } from "chai";
import { handInstance } from "../test-instance.ts";
import { feederAssignment, mvSavingBound, pooledMvBound, stopValues, withoutMvTrucks } from "./mv-bound.ts";
import { mvSupplies } from "../schedule-resources.ts";
import type { Instance } from "../instance.ts";
import { buildSmallInstance } from "../exact/small-instance.ts";
import { solveExhaustiveScheduled } from "../exact/solve-exhaustive-scheduled.ts";
import { computeLowerBound } from "./lower-bound.ts";
import { simulateRoutes } from "../simulate-routes.ts";
import { noTrucksOutageCost } from "../objective.ts";

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
  it("bounds an MV truck's saving by a knapsack of its kW over one feeder's dark compounds, each whole or not at all", () => {
    // 1,000 kW at A: A whole (100 an hour); B (600 kW) does not fit in the 400 kW left, and a plan's MV stop
    // supplies a compound whole or not at all; better than B (60) or C alone (30): from its setup (1 h) to the grid
    // return at 10, 100 × 9 = 900 (the fractional knapsack took 400/600 of B as well: 140 × 9 = 1,260)
    expect(mvSavingBound(feederInstance())).to.be.closeTo(900, 1e-9);
  });

  it("chains stops by grid return: a truck held at one feeder until its grid returns can go on to a later one", () => {
    const inst = feederInstance();
    // C (no feeder) now dark until 20: after the feeder (free at 10) 30 × (20 − 11) = 270 more → 1,170; C first
    // instead would hold the truck until 20
    inst.compounds[2].gridReturn = 20;
    expect(mvSavingBound(inst)).to.be.closeTo(900 + 270, 1e-9);
  });

  it("keeps one set for a stop's whole stay: capacity freed by a grid's return is not handed to another compound", () => {
    const inst = feederInstance();
    // feeder F: A (100, 600 kW, back at 10), B (60, 400 kW, back at 5), D (50, 400 kW, back at 10); 1,000 kW, on at 1.
    // Instant by instant: 1–5 A and B (160 an hour), 5–10 A and D (150): 640 + 750 = 1,390.
    // One set for the stop at A (1–10): A 900, then B (60 × 4 = 240) or D (50 × 9 = 450), not both: 1,350. At D
    // first: D 450 and A 900 (600 kW: the 600 left), 1,350. At B first (held to 5): B 240 and A 400 (A by 400 / 600
    // kW before D's 200 / 400), then A and D from 6: 400 + 200: 1,240. The best is 1,350.
    inst.compounds[1].gridReturn = 5;
    inst.compounds[1].loadKw = 400;
    Object.assign(inst.compounds[2], { weight: 50, loadKw: 400 });
    inst.resources!.feederOf = [0, 0, 0];
    inst.resources!.feeders[0].compounds = [0, 1, 2];
    expect(mvSavingBound(inst)).to.be.closeTo(1350, 1e-9);
    expect(stopValues(inst, (i) => inst.compounds[i].gridReturn)(1000, 0, 0)).to.be.closeTo(1350, 1e-9);
  });

  it("caps the trucks' sum by what the MV trucks carry together: a compound supplied twice counts once", () => {
    const inst = feederInstance();
    inst.trucks[1].capacityKw = 1000;
    inst.resources!.mv = [true, true];
    // chains alone 900 each (first test), 1,800 summed; pooled, alone each 140 an hour at its best feeder (in part),
    // and together 2,000 kW take A, B and C whole: 100 + 60 + 30 = 190 an hour (less than 140 + 140 alone); each
    // truck at one place: both at F carry A and B (160), one at F (A and 400/600 of B: 140) and one at C (30): 170,
    // the least of the three, from the shortest setup (1 h) to 10: 170 × 9 = 1,530
    expect(pooledMvBound(inst, [0, 1], [0, 10])).to.be.closeTo(1530, 1e-9);
    expect(mvSavingBound(inst)).to.be.closeTo(1530, 1e-9);
  });

  it("places each MV truck at one feeder, the trucks at one feeder sharing its compounds (feederAssignment)", () => {
    const cs = [{ weight: 100, loadKw: 600 }, { weight: 60, loadKw: 600 }, { weight: 50, loadKw: 1000 }].map((c, index) => ({ ...c, index })) as unknown as Instance["compounds"];
    const dark = Uint8Array.of(1, 1, 1);
    // F: A, B; G: D. Two 1,000 kW trucks: both at F carry A and B (160); one at F (A, then 400/600 of B: 140) and
    // one at G (D: 50): 190, less than the 200 of their 2,000 kW over all three (A, B, 800/1,000 of D: 40)
    expect(feederAssignment([1000, 1000], [[0, 1], [2]], [], cs, dark)).to.be.closeTo(190, 1e-9);
    // D on no feeder instead: one truck there (50) and one at F (140): 190 again; with D dark no longer, both at F: 160
    expect(feederAssignment([1000, 1000], [[0, 1]], [2], cs, dark)).to.be.closeTo(190, 1e-9);
    expect(feederAssignment([1000, 1000], [[0, 1]], [2], cs, Uint8Array.of(1, 1, 0))).to.be.closeTo(160, 1e-9);
  });

  it("an MV stop supplies the feeder's other compounds only until the truck leaves (its own compound's grid return)", () => {
    const inst = feederInstance();
    // A back at 6, B 400 kW: the truck (1,000 kW) at the RMU for A (1 h drive, 1 h setup: on at 2) takes B too,
    // and leaves at 6; B is dark again 6–10. Outage: A 100 × 2, B 60 × (2 + 4), C 30 × 10 = 200 + 360 + 300 = 860
    inst.compounds[0].gridReturn = 6;
    inst.compounds[1].loadKw = 400;
    const sim = simulateRoutes(inst, [[0], []]);
    expect(sim.trucks[0][0].supplies).to.deep.equal([0, 1]);
    expect(sim.cost).to.be.closeTo(860, 1e-9);
    expect(noTrucksOutageCost(inst)).to.be.closeTo(100 * 6 + 60 * 10 + 30 * 10, 1e-9);
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

  // seeds 7 and 10 (and 7 compounds' seed 10) caught plans crediting an MV stop's set beyond the truck's release
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
    it(`never exceeds the exhaustive optimum with an MV truck (small case, seed ${seed})`, () => {
      const inst = buildSmallInstance(seed, { compounds: 6, trucks: 2, mv: true, mixedSizes: true });
      const optimum = solveExhaustiveScheduled(inst).cost;
      const bound = computeLowerBound(withoutMvTrucks(inst)).bound - mvSavingBound(inst);
      expect(bound).to.be.at.most(optimum * (1 + 1e-9));
    });
  }
  for (const seed of [1, 3, 6, 8, 12]) {
    it(`never exceeds the exhaustive optimum with one MV and two LV trucks, its path part by the Lagrangian (seed ${seed})`, () => {
      const inst = buildSmallInstance(seed, { compounds: 6, trucks: 3, mv: true });
      const optimum = solveExhaustiveScheduled(inst).cost;
      const bound = computeLowerBound(withoutMvTrucks(inst), { useFlow: false }).bound - mvSavingBound(inst);
      expect(bound).to.be.at.most(optimum * (1 + 1e-9));
    });
  }
  it("never exceeds the exhaustive optimum with two MV trucks pooled (small cases)", () => {
    for (const seed of [1, 2, 3, 4]) {
      const inst = buildSmallInstance(seed, { compounds: 6, trucks: 3, mv: true });
      inst.resources!.mv = [true, true, false];
      const optimum = solveExhaustiveScheduled(inst).cost;
      const bound = computeLowerBound(withoutMvTrucks(inst)).bound - mvSavingBound(inst);
      expect(bound, `seed ${seed}`).to.be.at.most(optimum * (1 + 1e-9));
    }
  });
});
