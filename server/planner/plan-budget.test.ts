import { expect } from "chai";
import { flowMsEstimate, planBudget } from "./plan-budget.ts";
import { smallFamily } from "./exact/small-family.ts";
import { solveExhaustive } from "./exact/solve-exhaustive.ts";
import { solveInstance } from "./solve-instance.ts";

describe("planBudget", () => {
  it("sizes the work from the size alone and caps it at three times its time", () => {
    const size = { compounds: 600, trucks: 80, nodes: 3600, epochs: 1, core: true };
    // 0.5 s + 15 µs × 600 × 80 + 10 µs × 3,600 = 0.5 + 0.72 + 0.036 = 1.256 s; cap 3 × 1.256 = 3.768 s
    expect(planBudget(size)).to.include({ workMs: 1256, limitMs: 3768, searchTicks: 20 * 1256 });
    expect(planBudget(size)).to.deep.equal(planBudget({ ...size }));
  });

  it("holds a city's work at 6.5 s (cap 19.5 s) and gives its bound steps: 0.85 × 6.5 s − 2.4 s set-up over 16 ms a step", () => {
    // 2,000² pairs: a step 4e-6 × 4e6 = 16 ms, set-up 1 s + 3.5e-4 × 4e6 = 2.4 s; (5,525 − 2,400) / 16 = 195.3
    const b = planBudget({ compounds: 2000, trucks: 250, nodes: 22500, epochs: 9 });
    expect(b).to.include({ workMs: 6500, limitMs: 19500, boundSteps: 195, searchTicks: 130000 });
    // a re-plan's search: 1.2% of the work, 78 ms
    expect(b.replanMs).to.be.closeTo(78, 1e-9);
    // a re-plan's bound: 0.12 × 78 ms over 16 ms a step = 0.59, held at the least, 2; a medium city:
    // 0.12 × (0.012 × 1,256 ms of work) over 4e-6 ms × 600² pairs = 1.44 ms a step = 1.26, held at 2
    expect(b.replanBoundSteps).to.equal(2);
    expect(planBudget({ compounds: 600, trucks: 80, nodes: 3600, epochs: 1, core: true }).replanBoundSteps).to.equal(2);
  });

  it("estimates the flow's time from the size alone: 0.45 s at 600 × 80, ~15 s at 2,000 × 250", () => {
    expect(flowMsEstimate(600, 80)).to.be.closeTo(450, 1e-9);
    // 500,000 / 48,000 = 10.42 pairs' worth; 10.42^1.5 = 33.6; × 450 ms = 15,130 ms
    expect(flowMsEstimate(2000, 250)).to.be.closeTo(15130, 5);
  });

  it("sizes the work to a given time limit and caps it there", () => {
    expect(planBudget({ compounds: 600, trucks: 80, nodes: 3600, epochs: 1 }, 3000)).to.include({ workMs: 3000, limitMs: 3000, searchTicks: 60000 });
  });

  it("leaves the search within 0.1% of the exhaustive optimum on every member of the small family", function () {
    this.timeout(60_000);
    for (const { label, instance } of smallFamily()) {
      const { searchTicks } = planBudget({ compounds: instance.compounds.length, trucks: instance.trucks.length, nodes: 100, epochs: 3 });
      const optimum = solveExhaustive(instance).cost;
      expect(solveInstance(instance, { seed: 1, maxTicks: searchTicks }).cost, label).to.be.at.most(optimum * 1.001);
    }
  });
});
