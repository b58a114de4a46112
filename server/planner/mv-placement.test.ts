import { expect } from "chai";
import { handInstance } from "./test-instance.ts";
import { bestChain, placeMvTrucks } from "./mv-placement.ts";
import { simulateRoutes } from "./simulate-routes.ts";

describe("MV trucks placed by what a feeder's set is worth (#17)", () => {
  it("puts an idle MV truck at the feeder whose set saves most and frees an LV stop it supplies already", () => {
    // F0: A (weight 100, 600 kW), B (60, 400 kW); F1: D (50, 500 kW); all dark 0–10, setup 1 h, every drive 1 h.
    // Sites: A, B, D, the MV truck (1,000 kW, free at 0), the LV truck (free at 3), F0's RMU, F1's RMU.
    const n = 7;
    const inst = handInstance(
      [{ weight: 100, loadKw: 600, gridReturn: 10 }, { weight: 60, loadKw: 400, gridReturn: 10 }, { weight: 50, loadKw: 500, gridReturn: 10 }],
      [{ capacityKw: 1000 }, { capacityKw: 500, availableAt: 3 }],
      Array.from({ length: n }, (_r, a) => Array.from({ length: n }, (_c, b) => (a === b ? 0 : 1))),
    );
    inst.resources = {
      fuel: [null, null], needsCrew: [false, false], crews: [], tankers: [], fuelDepots: [],
      mv: [true, false], feederOf: [0, 0, 1], feeders: [{ id: "F0", site: 5, compounds: [0, 1] }, { id: "F1", site: 6, compounds: [2] }],
    };
    const start = [[], [1]];
    // the LV truck at B: on at 5; B 60 × 5, A 100 × 10, D 50 × 10 = 300 + 1,000 + 500 = 1,800
    const startCost = simulateRoutes(inst, start).cost;
    expect(startCost).to.be.closeTo(1800, 1e-9);
    const placed = placeMvTrucks(inst, start, startCost, () => false);
    // F0's set (A and B whole, 160 an hour) beats F1's (50): on at 2 (drive 1 h, setup 1 h), so A 100 × 2, B 60 × 2,
    // D 50 × 10 = 200 + 120 + 500 = 820; the LV stop at B (on at 5, later than the MV stop's 2) adds nothing: dropped
    expect(placed.routes).to.deep.equal([[0], []]);
    expect(placed.cost).to.be.closeTo(820, 1e-9);
  });

  it("chains a stop held only until an early-returning compound's grid, freeing the truck for the next feeder", () => {
    // F0: A (weight 100, 400 kW, its own room back at 10), B (10, 400 kW, back at 40); F1: C (50, 400 kW, back at
    // 40); one 1,000 kW MV truck free at 0; every drive 1 h, setup 1 h. Sites: A, B, C, the truck, F0's RMU, F1's.
    const n = 6;
    const inst = handInstance(
      [{ weight: 100, loadKw: 400, gridReturn: 10 }, { weight: 10, loadKw: 400, gridReturn: 40 }, { weight: 50, loadKw: 400, gridReturn: 40 }],
      [{ capacityKw: 1000 }],
      Array.from({ length: n }, (_r, a) => Array.from({ length: n }, (_c, b) => (a === b ? 0 : 1))),
    );
    inst.resources = {
      fuel: [null], needsCrew: [false], crews: [], tankers: [], fuelDepots: [],
      mv: [true], feederOf: [0, 0, 1], feeders: [{ id: "F0", site: 4, compounds: [0, 1] }, { id: "F1", site: 5, compounds: [2] }],
    };
    // Held at F0 until its latest return (anchor B, on at 2): A 100 × 8 + B 10 × 38 = 1,180; C alone: 50 × 38 =
    // 1,900. Anchored at A instead (held to 10): A 800 + B 10 × 8 = 880, then F1 from 10 (on at 12): C 50 × 28 =
    // 1,400, together 2,280, the best.
    expect(bestChain(inst, 0, inst.compounds.map(() => []))).to.deep.equal([0, 2]);
    // no trucks: 100 × 10 + 10 × 40 + 50 × 40 = 3,400; less 2,280 = 1,120 (A dark 0–2, B 0–2 and 10–40, C 0–12:
    // 200 + 320 + 600)
    expect(simulateRoutes(inst, [[0, 2]]).cost).to.be.closeTo(1120, 1e-9);
  });

  it("changes nothing without MV trucks", () => {
    const inst = handInstance([{ weight: 10, gridReturn: 5 }], [{}], [[0, 1], [1, 0]]);
    expect(placeMvTrucks(inst, [[0]], 123, () => false)).to.deep.equal({ routes: [[0]], cost: 123, policy: "planner" });
  });
});
