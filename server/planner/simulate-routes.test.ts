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

describe("simulateRoutes with crews and fuel (#17)", () => {
  // sites: C0, C1, T0's start, T1's start, then the crew's or tanker's start (site 4)
  const travel = [
    [0, 1, 1, 1, 0.5],
    [1, 0, 1, 1, 2],
    [1, 1, 0, 1, 1],
    [1, 1, 1, 0, 1],
    [0.5, 2, 1, 1, 0],
  ];
  const none = { fuel: [null, null], needsCrew: [false, false], crews: [], tankers: [], fuelDepots: [], mv: [false, false], feederOf: [-1, -1], feeders: [] };

  it("a truck waits on site for the one crew, which drives from the stop it just set up", () => {
    const inst = handInstance([{ weight: 100, gridReturn: 10 }, { weight: 100, gridReturn: 10 }], [{}, {}], travel);
    inst.resources = { ...none, needsCrew: [true, true], crews: [{ id: "W0", site: 4, availableAt: 0 }] };
    // Both trucks arrive at 1 (T0 at C0, T1 at C1); T0 first (lower index). The crew reaches C0 at 0.5, starts at 1,
    // T0 on at 2; it drives C0 → C1 (1 h), starts at 3, T1 on at 4. Dark: C0 0–2, C1 0–4 → 100 × 6 = 600.
    const sim = simulateRoutes(inst, [[0], [1]]);
    expect(sim.trucks.map((t) => [t[0].arrive, t[0].crewStart, t[0].switchOn])).to.deep.equal([[1, 1, 2], [1, 3, 4]]);
    expect(sim.crews).to.deep.equal([[{ truck: 0, compound: 0, start: 1, end: 2 }, { truck: 1, compound: 1, start: 3, end: 4 }]]);
    expect(sim.cost).to.equal(600);
    // the commander's rule takes the crew free first: the only one here, so the same schedule
    expect(simulateRoutes(inst, [[0], [1]], "rule").cost).to.equal(600);
  });

  it("a truck without a tanker runs dry and its compound is dark again from its fuelOut", () => {
    // T0 (100 kW) at C0 (50 kW): half its capacity, so it burns 10 L/h × max(0.3, 0.5) = 5 L/h; a 20 L tank lasts 4 h.
    // On at 2 (drive 1 h, setup 1 h), dry at 6; the grid returns at 10. Dark 0–2 and 6–10: 100 × 6 = 600; C1 (weight
    // 1, grid back at 1, nobody sent) adds 1.
    const inst = handInstance([{ weight: 100, loadKw: 50, gridReturn: 10 }, { weight: 1, gridReturn: 1 }], [{}, {}], travel);
    inst.resources = { ...none, fuel: [{ tank: 20, burnFull: 10 }, null] };
    const sim = simulateRoutes(inst, [[0], []]);
    expect(sim.trucks[0][0].fuelOut).to.equal(6);
    expect(sim.supplies[0]).to.deep.equal([{ truck: 0, switchOn: 2, fraction: 1, until: 6 }]);
    expect(sim.cost).to.equal(601);
  });

  it("a truck's tank starts at its known level at its instant (a re-plan's), burning nothing before it", () => {
    // as above, but 5 L are known to be in the tank at 3: on at 2 and supplying, nothing burnt before 3 (that is in
    // the figure); 5 L at 5 L/h: dry at 4. Dark 0–2 and 4–10: 100 × 8 = 800, and C1's 1.
    const inst = handInstance([{ weight: 100, loadKw: 50, gridReturn: 10 }, { weight: 1, gridReturn: 1 }], [{}, {}], travel);
    inst.resources = { ...none, fuel: [{ tank: 20, burnFull: 10, level: { t: 3, litres: 5 } }, null] };
    const sim = simulateRoutes(inst, [[0], []]);
    expect(sim.trucks[0][0].fuelOut).to.equal(4);
    expect(sim.cost).to.equal(801);
  });

  it("the planner's tanker comes when half the tank is burnt (at most 6 h before dry); the rule's when a quarter is left", () => {
    const inst = handInstance([{ weight: 100, loadKw: 50, gridReturn: 10 }, { weight: 1, gridReturn: 1 }], [{}, {}], travel);
    inst.resources = { ...none, fuel: [{ tank: 20, burnFull: 10 }, null], tankers: [{ id: "K0", site: 4, availableAt: 0, capacity: 100, pump: 10 }] };
    // Planner: dry at 6; half the tank (10 L at 5 L/h) is 2 h of burn, less than 6 h: aim at 6 − 2 = 4, pump 10 L
    // (until 5). Full at 4, dry at 8 → aim 6: 10 L more; 20 L at 6 last until 10, the grid's return. Dark only
    // 0–2 → 200, and C1's 1.
    const sim = simulateRoutes(inst, [[0], []]);
    expect(sim.tankers![0].visits).to.deep.equal([{ truck: 0, compound: 0, arrive: 4, litres: 10 }, { truck: 0, compound: 0, arrive: 6, litres: 10 }]);
    expect(sim.trucks[0][0].fuelOut).to.equal(undefined);
    expect(sim.cost).to.equal(201);
    // Rule: 5 L left (a quarter) at 2 + 15 / 5 = 5; the nearest tanker leaves then, arrives 5.5 (2.5 L left): 17.5 L;
    // a quarter again at 8.5, the tanker (at C0 since 5.5 + 1.75) pumps 15 L at once; 20 L at 8.5 last past 10.
    const rule = simulateRoutes(inst, [[0], []], "rule");
    expect(rule.tankers![0].visits).to.deep.equal([{ truck: 0, compound: 0, arrive: 5.5, litres: 17.5 }, { truck: 0, compound: 0, arrive: 8.5, litres: 15 }]);
    expect(rule.cost).to.equal(201);
  });
});
