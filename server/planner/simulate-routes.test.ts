import { expect } from "chai";
import { simulateRoutes } from "./simulate-routes.ts";
import { handInstance } from "./test-instance.ts";

describe("simulateRoutes", () => {
  it("departs when free, drives, sets up, and stays until the grid returns", () => {
    // sites: C0, C1, truck start; truck → C0 1 h, C0 → C1 2 h; setup 1 h
    const inst = handInstance([{ weight: 100, gridReturn: 10 }, { weight: 10, gridReturn: 20 }], [{ availableAt: 1 }], [[0, 2, 1], [2, 0, 3], [1, 3, 0]]);
    const sim = simulateRoutes(inst, [[0, 1]]);
    expect(sim.trucks[0].map(({ depart, arrive, switchOn, release }) => [depart, arrive, switchOn, release])).to.deep.equal([
      [1, 2, 3, 10], // leaves at 1, arrives 2, on at 3, released when C0's grid is back at 10
      [10, 12, 13, 20], // leaves C0 at 10, 2 h drive, 1 h setup
    ]);
    // C0: dark 0–3 → 100 × 3 = 300; C1: dark 0–13 → 10 × 13 = 130; total 430
    expect(sim.compoundCost).to.deep.equal([300, 130]);
    expect(sim.cost).to.equal(430);
  });

  it("two half-size trucks on one compound: each supplies half from its own switch-on", () => {
    // C0: 100 households, 400 kW, grid back at 10; T0 (200 kW) on at 2, T1 (200 kW, free at 1) on at 1 + 2 + 1 = 4
    const inst = handInstance([{ weight: 100, loadKw: 400, gridReturn: 10 }], [{ capacityKw: 200 }, { capacityKw: 200, availableAt: 1 }], [[0, 1, 2], [1, 0, 0], [2, 0, 0]]);
    const sim = simulateRoutes(inst, [[0], [0]]);
    expect(sim.trucks.map((t) => t[0].switchOn)).to.deep.equal([2, 4]);
    // dark 0–2: 2; half 2–4: 1; full from 4: 0 → 3 h × 100 = 300
    expect(sim.cost).to.equal(300);
    expect(sim.supplyCurve[0]).to.deep.equal([{ t: 2, fraction: 0.5 }, { t: 4, fraction: 1 }]);
  });

  it("keeps a fixed connection before the planned stops and frees the truck at its release", () => {
    const inst = handInstance([{ weight: 10, gridReturn: 5 }, { weight: 10, gridReturn: 20 }], [{ fixed: [{ compound: 0, switchOn: 1 }] }], [[0, 2, 9], [2, 0, 9], [9, 9, 0]]);
    const sim = simulateRoutes(inst, [[1]]);
    expect(sim.trucks[0].map((s) => [s.fixed, s.depart, s.switchOn])).to.deep.equal([[true, 0, 1], [false, 5, 8]]);
    // C0: 10 × 1 = 10; C1: 10 × 8 = 80
    expect(sim.cost).to.equal(90);
  });
});
