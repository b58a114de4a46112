import { expect } from "chai";
import { flowPlan } from "./flow-plan.ts";
import { solveExhaustive } from "../exact/solve-exhaustive.ts";
import { evaluateRoutes } from "../exact/evaluate-routes.ts";
import { noTrucksOutage } from "./truck-start.ts";
import { smallFamily } from "../exact/small-family.ts";
import { buildSmallInstance } from "../exact/small-instance.ts";

describe("flowPlan", () => {
  it("equals the exhaustive optimum on every core-case member of the small family, and says it is exact", () => {
    for (const { label, instance, flavour } of smallFamily()) {
      if (flavour !== "core" && flavour !== "fixed") continue;
      const plan = flowPlan(instance);
      expect(plan.core, label).to.equal(true);
      expect(plan.exact, label).to.equal(true);
      expect(plan.cost, label).to.be.closeTo(solveExhaustive(instance).cost, 1e-6 * plan.cost);
    }
  });

  it("stays exact when pruning to 2 successors per node (the pricing certificate adds back what is needed)", () => {
    for (let seed = 1; seed <= 8; seed++) {
      const instance = buildSmallInstance(seed, { compounds: 12 });
      const plan = flowPlan(instance, { successors: 2 });
      expect(plan.exact).to.equal(true);
      expect(plan.cost).to.be.closeTo(solveExhaustive(instance).cost, 1e-6 * plan.cost);
    }
  });

  it("does not claim exactness with mixed truck sizes or a timed flood, but never beats the optimum", () => {
    for (const { label, instance, flavour } of smallFamily()) {
      if (flavour === "core" || flavour === "fixed") continue;
      const plan = flowPlan(instance);
      expect(plan.exact, label).to.equal(false);
      expect(plan.cost, label).to.be.at.least(solveExhaustive(instance).cost * (1 - 1e-9));
    }
  });

  it("reports as value exactly the customer-hours its single-feed routes save", () => {
    for (const { label, instance } of smallFamily()) {
      const plan = flowPlan(instance);
      const fixedOnly = evaluateRoutes(instance, instance.trucks.map(() => [])).cost;
      expect(plan.value, label).to.be.closeTo(fixedOnly - plan.cost, 1e-6 * noTrucksOutage(instance));
      const served = plan.routes.flat();
      expect(new Set(served).size, label).to.equal(served.length);
    }
  });

  it("does not mutate the instance", () => {
    const instance = buildSmallInstance(3, { fixed: true });
    const before = JSON.stringify(instance);
    flowPlan(instance);
    expect(JSON.stringify(instance)).to.equal(before);
  });
});
