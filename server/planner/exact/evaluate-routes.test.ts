import { expect } from "chai";
import { compoundSaving, evaluateRoutes } from "./evaluate-routes.ts";
import { buildSmallInstance } from "./small-instance.ts";
import { seededRandom } from "../../../shared/seeded-random.ts";
import { simulateRoutes } from "../simulate-routes.ts";
import type { Instance } from "../instance.ts";

describe("compoundSaving", () => {
  it("counts a partial supply until a full one arrives, then everything", () => {
    // 100 customers, outage 0..10; half supply from 2, full from 4: 0.5 × 2 h + 1 × 6 h = 7 h → 700.
    expect(compoundSaving(100, 0, 10, [{ on: 4, share: 1 }, { on: 2, share: 0.5 }])).to.be.closeTo(700, 1e-9);
  });

  it("caps stacked partial supplies at all households and ignores switch-ons after the grid returns", () => {
    // Shares 0.6 + 0.6 from hours 1 and 3 on outage 0..5: 0.6 × 2 + 1 × 2 = 3.2 h → 32 for weight 10; hour 6 is too late.
    expect(compoundSaving(10, 0, 5, [{ on: 1, share: 0.6 }, { on: 3, share: 0.6 }, { on: 6, share: 1 }])).to.be.closeTo(32, 1e-9);
  });

  it("saves nothing before the outage starts", () => {
    // Switched on at 1, outage 4..6: only 2 h count → 2 × weight 3 = 6.
    expect(compoundSaving(3, 4, 6, [{ on: 1, share: 1 }])).to.be.closeTo(6, 1e-9);
  });
});

describe("evaluateRoutes", () => {
  it("frees a truck at a compound's grid return and drives on from there", () => {
    // Compound 0: weight 10, outage 0..5, setup 1; compound 1: weight 20, outage 0..12, setup 1. Travel 0.5 h between
    // any two sites. Truck from t=0: on at 1.5 at c0 (saves 10 × 3.5 = 35), free at 5, on at 6.5 at c1 (20 × 5.5 = 110).
    // No trucks: 10 × 5 + 20 × 12 = 290; plan: 290 − 145 = 145.
    const inst: Instance = {
      scenarioId: "hand", epochMs: 0, horizon: 20, at: 0, timeInvariant: true,
      compounds: [
        { id: "a", index: 0, weight: 10, households: 10, priority: 1, loadKw: 10, outageStart: 0, gridReturn: 5, setupHours: 1 },
        { id: "b", index: 1, weight: 20, households: 20, priority: 1, loadKw: 10, outageStart: 0, gridReturn: 12, setupHours: 1 },
      ],
      trucks: [{ id: "t", index: 0, capacityKw: 100, availableAt: 0, fixed: [] }],
      travel: (a, b) => (a === b ? 0 : 0.5),
    };
    const ev = evaluateRoutes(inst, [[0, 1]]);
    expect(ev.noTrucks).to.be.closeTo(290, 1e-9);
    expect(ev.cost).to.be.closeTo(145, 1e-9);
    expect(ev.switchOn[0]).to.deep.equal([1.5, 6.5]);
  });

  it("agrees with the planner's simulateRoutes on random routes of the small family", () => {
    const rand = seededRandom(42);
    for (let seed = 1; seed <= 12; seed++) {
      const inst = buildSmallInstance(seed, { mixedSizes: seed % 2 === 0, floods: seed % 3 === 0, fixed: seed % 4 === 0 });
      const routes = inst.trucks.map(() => [] as number[]);
      for (let j = 0; j < inst.compounds.length; j++) if (rand() < 0.7) routes[Math.floor(rand() * routes.length)].push(j);
      for (const r of routes) r.sort((a, b) => inst.compounds[a].gridReturn - inst.compounds[b].gridReturn);
      expect(evaluateRoutes(inst, routes).cost).to.be.closeTo(simulateRoutes(inst, routes).cost, 1e-6);
    }
  });
});
