import { expect } from "chai";
import { handInstance } from "../test-instance.ts";
import type { Instance } from "../instance.ts";
import { buildSmallInstance } from "../exact/small-instance.ts";
import { solveExhaustiveScheduled } from "../exact/solve-exhaustive-scheduled.ts";
import { flowPlan } from "../flow/flow-plan.ts";
import { computeLowerBound } from "./lower-bound.ts";
import { mvSavingBound, withoutMvTrucks } from "./mv-bound.ts";
import { mvAwareBound } from "./joint-mv-bound.ts";
import { pricedMvSaving } from "./priced-mv-bound.ts";

/** Feeder F: A (weight 100, 1,000 kW), dark 0–10, setup 1 h; two 1,000 kW MV trucks free at 0. */
function twoTrucksOneCompound(): Instance {
  const inst = handInstance([{ weight: 100, loadKw: 1000, gridReturn: 10 }], [{ capacityKw: 1000 }, { capacityKw: 1000 }],
    [[0, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0]]);
  inst.resources = {
    fuel: [null, null], needsCrew: [false, false], crews: [], tankers: [], fuelDepots: [],
    mv: [true, true], feederOf: [0], feeders: [{ id: "F", site: 3, compounds: [0] }],
  };
  return inst;
}

describe("the MV trucks' saving priced apart (#17)", () => {
  it("counts a compound-hour two trucks both claim once, once its price is raised", () => {
    const inst = twoTrucksOneCompound();
    const until = [10];
    // alone each truck saves A 100 × 9 (on at 1 after the setup): the chains' sum 1,800, twice the joint 900 (which
    // mvSavingBound's instant-by-instant cap finds here, having no stays to keep; on the operations city it does not)
    expect(pricedMvSaving(inst, until, { steps: 0 })).to.be.closeTo(1800, 1e-9);
    expect(mvSavingBound(inst, until)).to.be.closeTo(900, 1e-9);
    // prices on [0, 1] and [1, 10] (the soonest switch-on is a grid point): at μ = 0 both trucks claim [1, 10],
    // subgradient 9 − 2 × 9 = −9 there (and [0, 1], unclaimed at μ = 0, stays 0). L(μ) = 9μ + 2 × 9 × (100 − μ) =
    // 1,800 − 9μ for μ ≤ 100. Aimed at 900, the first step is 0.5 × (1,800 − 900) / 81 × 9 = 50, and each step
    // halves what is left over 900: L = 1,350, 1,125, 1,012.5 after three
    expect(pricedMvSaving(inst, until, { steps: 3, target: 900 })).to.be.closeTo(1012.5, 1e-6);
    expect(pricedMvSaving(inst, until, { steps: 40, target: 900 })).to.be.closeTo(900, 1e-6);
    // aimed at the default (0.8 × the first, 1,440): μ = 20, 30, 35, L = 1,620, 1,530, 1,485
    expect(pricedMvSaving(inst, until, { steps: 3 })).to.be.closeTo(1485, 1e-6);
  });

  it("counts a compound the joint bound does not clip (dark until Infinity) to its grid return", () => {
    // as with until = [10]: A 100 × 9 for each truck alone, and the joint 900 once priced
    const inst = twoTrucksOneCompound();
    expect(pricedMvSaving(inst, [Infinity], { steps: 0 })).to.be.closeTo(1800, 1e-9);
    expect(pricedMvSaving(inst, [Infinity], { steps: 40, target: 900 })).to.be.closeTo(900, 1e-6);
  });

  it("never goes below what any plan's MV trucks save: the joint bound with prices stays under the exhaustive optimum", () => {
    for (const seed of [1, 2, 3, 4, 6, 8]) {
      const inst = buildSmallInstance(seed, { compounds: 6, trucks: 3, mv: true });
      inst.resources!.mv = [true, true, false];
      const lv = withoutMvTrucks(inst);
      const optimum = solveExhaustiveScheduled(inst).cost;
      // aimed at the optimum itself, the hardest target, and with many steps
      const bound = mvAwareBound(inst, computeLowerBound(lv).bound, flowPlan(lv), { steps: 60, planCost: optimum });
      expect(bound, `seed ${seed}`).to.be.at.most(optimum * (1 + 1e-9));
    }
  });
});
