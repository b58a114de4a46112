import { expect } from "chai";
import { commanderRule } from "./commander-rule.ts";
import { simulateRoutes } from "./simulate-routes.ts";
import { handInstance } from "./test-instance.ts";

describe("commanderRule", () => {
  it("sends the biggest compound first to the soonest truck with enough capacity, even if a small truck is sooner", () => {
    // C0 weight 500, load 400; C1 weight 100, load 100. T0 (100 kW) 1 h away, T1 (500 kW) 3 h away from both.
    const travel = [[0, 1, 1, 3], [1, 0, 1, 3], [1, 1, 0, 0], [3, 3, 0, 0]];
    const inst = handInstance([{ weight: 500, loadKw: 400, gridReturn: 50 }, { weight: 100, gridReturn: 50 }], [{ capacityKw: 100 }, { capacityKw: 500 }], travel);
    expect(commanderRule(inst)).to.deep.equal([[1], [0]]);
  });

  it("falls back to the soonest truck of any size, and skips a compound no truck can switch on before its grid returns", () => {
    // C0 needs 400 kW, only a 100 kW truck exists; C1's grid is back at 1.5 but the earliest switch-on is 1 + 1 = 2
    const travel = [[0, 1, 1], [1, 0, 1], [1, 1, 0]];
    const inst = handInstance([{ weight: 500, loadKw: 400, gridReturn: 50 }, { weight: 100, gridReturn: 1.5 }], [{ capacityKw: 100 }], travel);
    expect(commanderRule(inst)).to.deep.equal([[0]]);
  });

  it("is greedy: the big compound takes the truck the small urgent one needed", () => {
    // sites C0, C1, T0, T1. C0 weight 100 (grid back at 50), C1 weight 90 (grid back at 5); setup 1 h.
    // T0 is 0 h from both; T1 is 0.5 h from C0 and 10 h from C1.
    const travel = [[0, 0, 0, 0.5], [0, 0, 0, 10], [0, 0, 0, 0], [0.5, 10, 0, 0]];
    const inst = handInstance([{ weight: 100, gridReturn: 50 }, { weight: 90, gridReturn: 5 }], [{}, {}], travel);
    // C0 → T0 (on at 1, sooner than T1's 1.5); C1: T0 busy until 50, T1 on at 11 ≥ 5 → skipped
    expect(commanderRule(inst)).to.deep.equal([[0], []]);
    // 100 × 1 + 90 × 5 = 550 (the better plan, T1 → C0 and T0 → C1, costs 100 × 1.5 + 90 × 1 = 240)
    expect(simulateRoutes(inst, commanderRule(inst)).cost).to.equal(550);
    expect(simulateRoutes(inst, [[1], [0]]).cost).to.equal(240);
  });
});
