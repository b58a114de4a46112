import { expect } from "chai";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { seededRandom } from "../../shared/seeded-random.ts";
import { randomScenario } from "../../test/fixtures/random-scenario.ts";
import { isForbidden } from "./assignment-rules.ts";
import { buildInstance } from "./build-instance.ts";
import { enforceRules, withAssignmentRules } from "./enforce-rules.ts";
import { planDispatch } from "./plan-dispatch.ts";
import { replanRoutes } from "./replan.ts";
import { simulateRoutes } from "./simulate-routes.ts";
import { solveInstance } from "./solve-instance.ts";
import { handInstance } from "./test-instance.ts";

/**
 * Two compounds 1 h apart and from both trucks' starts, setup 1 h: a truck leaving at 0 switches on at 2.
 * c0: 100 households, grid back at 10; c1: 1 household, back at 10. T1 starts 3 h from c0 (on at 4), 1 h from c1.
 * A truck that served one is free only at 10, too late for the other.
 */
const travel = [
  [0, 1, 1, 3],
  [1, 0, 1, 1],
  [1, 1, 0, 1],
  [3, 1, 1, 0],
];
const twoCompounds = (trucks: number) => handInstance([{ weight: 100, gridReturn: 10 }, { weight: 1, gridReturn: 10 }], Array.from({ length: trucks }, () => ({})), travel);

describe("pins and forbids (#16)", () => {
  it("keeps a pinned assignment even when it costs more than it saves", () => {
    // One truck. Free: T0 → c0 (100 × 2) + c1 dark (1 × 10) = 210. Pinned T0 → c1: c1 1 × 2 + c0 100 × 10 = 1,002.
    const inst = twoCompounds(1);
    expect(solveInstance(inst, { seed: 1 }).cost).to.be.closeTo(210, 1e-9);
    const pinned = withAssignmentRules(inst, [{ truck: "T0", compound: "C1" }]);
    const r = solveInstance(pinned, { seed: 1 });
    expect(r.routes).to.deep.equal([[1]]);
    expect(r.cost).to.be.closeTo(1002, 1e-9);
    // the baseline figure is still the commander's rule's own (T0 → c0): 210
    expect(r.baselineCost).to.be.closeTo(210, 1e-9);
  });

  it("never makes a forbidden assignment: another truck takes the compound", () => {
    // Free: T0 → c0 (on 2: 200), T1 → c1 (on 2: 2) = 202. T0 → c0 forbidden: T1 → c0 (on 0 + 3 + 1 = 4: 400),
    // T0 → c1 (2) = 402.
    const inst = twoCompounds(2);
    expect(solveInstance(inst, { seed: 1 }).cost).to.be.closeTo(202, 1e-9);
    const r = solveInstance(withAssignmentRules(inst, [], [{ truck: "T0", compound: "C0" }]), { seed: 1 });
    expect(r.routes).to.deep.equal([[1], [0]]);
    expect(r.cost).to.be.closeTo(402, 1e-9);
  });

  it("keeps every pin and makes no forbidden pair through construction, local search and LNS on random cities", () => {
    let tested = 0;
    for (const seed of [1, 2, 3]) {
      const scenario = randomScenario(seed, { compounds: 14, trucks: 4, flood: seed === 2 });
      const inst = buildInstance(scenario);
      const free = solveInstance(inst, { seed });
      const rnd = seededRandom(seed);
      // pin a compound the free plan gives a truck to another truck; forbid a pair the free plan makes
      const k = free.routes.findIndex((r) => r.length > 0);
      const moved = free.routes[k][0];
      const other = (k + 1) % inst.trucks.length;
      const forbidK = free.routes.findIndex((r, x) => x !== k && r.length > 0);
      const pins = [{ truck: inst.trucks[other].id, compound: inst.compounds[moved].id }];
      const forbid = forbidK < 0 ? [] : [{ truck: inst.trucks[forbidK].id, compound: inst.compounds[free.routes[forbidK][0]].id }];
      if (forbid.length > 0 && forbid[0].truck === pins[0].truck && forbid[0].compound === pins[0].compound) forbid.length = 0;
      let ruled;
      try {
        ruled = withAssignmentRules(inst, pins, forbid);
      } catch {
        continue; // that truck cannot reach it in time: nothing to test on this city
      }
      tested++;
      const r = solveInstance(ruled, { seed, maxIterations: 200 + Math.floor(rnd() * 100) });
      expect(r.routes[other], `seed ${seed}`).to.include(moved);
      r.routes.forEach((route, x) => route.forEach((j) => expect(isForbidden(ruled, x, j), `seed ${seed}: T${x} → ${j}`).to.equal(false)));
      // the pinned stop is switched on before its grid returns (a plan would drop it otherwise)
      const stop = simulateRoutes(ruled, r.routes).trucks[other].find((s) => s.compound === moved)!;
      expect(stop.switchOn).to.be.below(inst.compounds[moved].gridReturn);
    }
    expect(tested).to.be.greaterThan(1);
  });

  it("a re-plan keeps pins given with it and drops forbidden stops of the previous routes", () => {
    // previous routes T0 → c0, T1 → c1 (202); now T0 → c1 is pinned and T1 → c1 forbidden: T0 → c1, T1 → c0: 402
    const inst = withAssignmentRules(twoCompounds(2), [{ truck: "T0", compound: "C1" }], [{ truck: "T1", compound: "C1" }]);
    const { state } = replanRoutes(inst, [[0], [1]], {}, seededRandom(1), () => false);
    expect(state.routes).to.deep.equal([[1], [0]]);
    expect(state.total).to.be.closeTo(402, 1e-9);
  });

  it("enforceRules turns any start into one that obeys the rules", () => {
    const inst = withAssignmentRules(twoCompounds(2), [{ truck: "T1", compound: "C1" }], [{ truck: "T0", compound: "C1" }]);
    expect(enforceRules(inst, [[1, 0], []])).to.deep.equal([[0], [1]]);
  });

  it("refuses pins that cannot be kept, naming each (impossible)", () => {
    // c2's grid is back at 1.5: no truck free at 0 switches it on (0 + 1 + 1 = 2 ≥ 1.5)
    const inst = handInstance([{ weight: 100, gridReturn: 10 }, { weight: 1, gridReturn: 10 }, { weight: 5, gridReturn: 1.5 }], [{}], [
      [0, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0],
    ]);
    let error: unknown;
    try {
      withAssignmentRules(inst, [{ truck: "T0", compound: "C2" }, { truck: "T9", compound: "C0" }, { truck: "T0", compound: "C0" }, { truck: "T0", compound: "C1" }], [{ truck: "T0", compound: "C0" }]);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(LianxinError);
    const e = error as LianxinError;
    expect(e.code).to.equal(ErrorCode.impossible);
    expect(e.details.map((d) => d.path)).to.deep.equal(["pins[1].truck", "forbid[0]"]);
    // the feasibility of pins is checked once ids and pairs are sound: c2 too late, and c0 then c1 cannot both fit
    try {
      withAssignmentRules(inst, [{ truck: "T0", compound: "C2" }, { truck: "T0", compound: "C0" }, { truck: "T0", compound: "C1" }]);
      expect.fail("should have thrown");
    } catch (e2) {
      expect((e2 as LianxinError).details.map((d) => d.path)).to.deep.equal(["pins[0]", "pins[2]"]);
      // C2: free at 0, 1 h to drive, 1 h to set up: on at 2 ≥ its grid's 1.5 (too late from the start); C1 alone
      // would be on at 2 < 10, but after C0 the truck stays there until C0's grid returns at 10, so C1 comes on at
      // 10 + 1 + 1 = 12 ≥ 10 (the pins overlap); each refusal carries the rule the board words
      expect((e2 as LianxinError).details.map((d) => d.rule)).to.deep.equal(["plan_too_late", "plan_pins_overlap"]);
      expect((e2 as LianxinError).details[0].message).to.equal("T0 would switch C2 on only after its grid returns");
      expect((e2 as LianxinError).details[0].params).to.deep.equal({ truck: "T0", compound: "C2" });
    }
  });

  it("planDispatch writes a plan that keeps its pins and says which it was asked for", () => {
    const scenario = randomScenario(5, { compounds: 10, trucks: 3 });
    const free = planDispatch(scenario, { seed: 1 });
    const busy = free.trucks.find((t) => t.stops.length > 0)!;
    const target = free.trucks.find((t) => t.id !== busy.id)!;
    const pin = { truck: target.id, compound: busy.stops[0].compound };
    const plan = planDispatch(scenario, { seed: 1, pins: [pin], forbid: [{ truck: busy.id, compound: pin.compound }] });
    expect(plan.trucks.find((t) => t.id === target.id)!.stops.map((s) => s.compound)).to.include(pin.compound);
    expect(plan.trucks.find((t) => t.id === busy.id)!.stops.map((s) => s.compound)).to.not.include(pin.compound);
    expect(plan.pins).to.deep.equal([pin]);
    // the unrestricted bound still bounds the restricted plan
    expect(plan.lowerBound!).to.be.at.most(plan.customerOutageHours);
    expect(plan.customerOutageHours).to.be.at.least(free.lowerBound! - 1e-6);
  });
});
