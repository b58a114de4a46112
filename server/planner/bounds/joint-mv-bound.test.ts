import { expect } from "chai";
import { buildSmallInstance } from "../exact/small-instance.ts";
import { solveExhaustiveScheduled } from "../exact/solve-exhaustive-scheduled.ts";
import { flowPlan } from "../flow/flow-plan.ts";
import { computeLowerBound } from "./lower-bound.ts";
import { mvSavingBound, withoutMvTrucks } from "./mv-bound.ts";
import { jointMvBound, mvAwareBound } from "./joint-mv-bound.ts";
import { feederCutInstance } from "./feeder-cut-bound.ts";

describe("the joint LV + MV bound (#17)", () => {
  for (const [seed, mv] of [[1, 1], [3, 1], [5, 1], [6, 2], [8, 2], [9, 1]] as const) {
    it(`never exceeds the exhaustive optimum with ${mv} MV truck(s) (small case, seed ${seed})`, () => {
      const inst = buildSmallInstance(seed, { compounds: 6, trucks: 3, mv: true });
      if (mv === 2) inst.resources!.mv = [true, true, false];
      const lv = withoutMvTrucks(inst);
      const flow = flowPlan(lv);
      const joint = jointMvBound(inst, flow.prices!);
      const optimum = solveExhaustiveScheduled(inst).cost;
      expect(joint).to.not.equal(null);
      expect(joint!).to.be.at.most(optimum * (1 + 1e-9));
      // and the plan's bound is the better of both, still valid
      const apart = computeLowerBound(lv).bound - mvSavingBound(inst);
      const both = mvAwareBound(inst, computeLowerBound(lv).bound, flow);
      expect(both).to.equal(Math.max(0, apart, joint!));
      expect(both).to.be.at.most(optimum * (1 + 1e-9));
      // the MV trucks as LV ones with the feeder compounds cut at the soonest MV switch-on (feeder-cut-bound.ts) too
      expect(computeLowerBound(feederCutInstance(inst)).bound).to.be.at.most(optimum * (1 + 1e-9));
    });
  }

  it("is tighter than the two-part bound where both parts claim the same compounds (seed 1, one MV truck)", () => {
    const inst = buildSmallInstance(1, { compounds: 6, trucks: 3, mv: true });
    const lv = withoutMvTrucks(inst);
    const apart = computeLowerBound(lv).bound - mvSavingBound(inst);
    expect(jointMvBound(inst, flowPlan(lv).prices!)!).to.be.greaterThan(apart);
  });

  it("gives no joint bound when an LV truck carries only part of a compound", () => {
    const inst = buildSmallInstance(1, { compounds: 6, trucks: 3, mv: true });
    inst.trucks[1] = { ...inst.trucks[1], capacityKw: 1 };
    expect(jointMvBound(inst, new Map())).to.equal(null);
  });
});
