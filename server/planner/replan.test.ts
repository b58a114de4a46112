import { expect } from "chai";
import type { Instance, InstanceCompound } from "./instance.ts";
import { solveInstance } from "./solve-instance.ts";
import { replanRoutes } from "./replan.ts";
import { seededRandom } from "../../shared/seeded-random.ts";

/** `households` households (weight), outage from `outageStart`, setup 1 h; travel 1 h between distinct sites */
const compound = (index: number, gridReturn: number, households = 10, outageStart = 0): InstanceCompound => ({
  id: `c${index}`, index, weight: households, households, priority: 1, loadKw: 50, outageStart, gridReturn, setupHours: 1,
});

function city(trucks: string[], compounds: InstanceCompound[]): Instance {
  return {
    scenarioId: "replan", epochMs: 0, horizon: 50, at: 0, timeInvariant: true, compounds,
    trucks: trucks.map((id, index) => ({ id, index, capacityKw: 100, availableAt: 0, fixed: [] })),
    travel: (a, b) => (a === b ? 0 : 1),
  };
}

describe("re-planning after one event", () => {
  // Before the event: T0 → [c0], T1 → [c1], T2 → [c2, c3]. A truck leaving at 0 switches on at 0 + 1 + 1 = 2.
  // c0, c2: 10 households, grid back at 10. c1: 5 households, back at 11. c3: 10 households, dark from 10 to 40.
  // T2 is free at 10 after c2, switches c3 on at 12: c3 costs 10 × 2 = 20 (c3 first would leave c2 dark: worse).
  const base = [compound(0, 10), compound(1, 11, 5), compound(2, 10), compound(3, 40, 10, 10)];

  it("a breakdown changes only the broken truck's compounds: its stop is left dark when no truck can take it", () => {
    // T1 breaks down before leaving. T0 and T2 are free only at 10 and would switch c1 on at 12 > 11: c1 stays
    // dark (5 × 11 = 55). Taking c1 instead of c0 would cost 5 × 2 + 100 = 110 > 20 + 55 = 75: no reason to move.
    // Total: c0 20 + c1 55 + c2 20 + c3 20 = 115.
    const inst = city(["T0", "T2"], base);
    const { state, changed } = replanRoutes(inst, [[0], [2, 3]], { candidates: [1] }, seededRandom(1), () => false);
    expect(state.routes).to.deep.equal([[0], [2, 3]]);
    expect(changed).to.equal(0); // c1 was on no route of the warm start (its truck is gone), nothing else moved
    expect(state.total).to.be.closeTo(115, 1e-9);
  });

  it("puts a new compound on the truck that gains most and moves nothing else", () => {
    // c4 (10 households, dark from 10 to 40) is reported. T0 is free at 10 after c0: on at 12 → 10 × 2 = 20;
    // T1 is free at 11 (on at 13 → 30); T2 is busy until 40. Total 20 + 10 (c1 on at 2: 5 × 2) + 20 + 20 + 20 = 90.
    const inst = city(["T0", "T1", "T2"], [...base, compound(4, 40, 10, 10)]);
    const result = solveInstance(inst, { seed: 1, warmStart: [[0], [1], [2, 3]], replan: { candidates: [4] } });
    expect(result.routes).to.deep.equal([[0, 4], [1], [2, 3]]);
    expect(result.changed).to.equal(1);
    expect(result.cost).to.be.closeTo(90, 1e-9);
  });

  it("trades assignments only when the gain beats the churn penalty", () => {
    // As in the breakdown, but c1 has 10 households: dark it costs 110. T0 taking c1 instead of c0 gives
    // c1 20 + c0 100 = 120 < 20 + 110 = 130: it saves 10 customer-hours for two changed assignments (c0, c1).
    const inst = city(["T0", "T2"], [compound(0, 10), compound(1, 11), compound(2, 10), compound(3, 40, 10, 10)]);
    // (replanRoutes alone: solveInstance would then take the commander's rule, which finds the 160 plan here.)
    const replan = (churnPenalty: number): ReturnType<typeof replanRoutes> =>
      replanRoutes(inst, [[0], [2, 3]], { candidates: [1], churnPenalty }, seededRandom(1), () => false);
    const cheap = replan(1);
    expect(cheap.state.total).to.be.closeTo(160, 1e-9); // c1 20 + c0 100 + c2 20 + c3 20
    expect(cheap.changed).to.equal(2);
    const dear = replan(6);
    expect(dear.state.total).to.be.closeTo(170, 1e-9); // 2 × 6 > 10: kept
    expect(dear.changed).to.equal(0);
    const rule = solveInstance(inst, { seed: 1, warmStart: [[0], [2, 3]], replan: { candidates: [1], churnPenalty: 6 } });
    expect(rule.cost).to.be.closeTo(160, 1e-9); // never worse than the commander's rule, churn or not
  });
});
