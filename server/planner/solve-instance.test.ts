import { expect } from "chai";
import { buildInstance } from "./build-instance.ts";
import { commanderRule } from "./commander-rule.ts";
import { simulateRoutes } from "./simulate-routes.ts";
import { greedyByTime, solveInstance } from "./solve-instance.ts";
import { RouteState } from "./route-state.ts";
import { handInstance } from "./test-instance.ts";
import { randomScenario } from "../../test/fixtures/random-scenario.ts";
import { bruteForce } from "../../test/fixtures/brute-force.ts";

describe("solveInstance", () => {
  it("fixes the commander's greedy mistake (hand example: 550 → 240)", () => {
    // see commander-rule.test.ts for the figures
    const travel = [[0, 0, 0, 0.5], [0, 0, 0, 10], [0, 0, 0, 0], [0.5, 10, 0, 0]];
    const inst = handInstance([{ weight: 100, gridReturn: 50 }, { weight: 90, gridReturn: 5 }], [{}, {}], travel);
    const r = solveInstance(inst, { seed: 1 });
    expect(r.baselineCost).to.equal(550);
    expect(r.cost).to.equal(240);
    expect(r.routes).to.deep.equal([[1], [0]]);
  });

  it("sends a second truck to top up a partly supplied compound when nothing better is left", () => {
    // one compound, 400 kW; two 200 kW trucks 1 h away; setup 1 h; grid back at 10
    const inst = handInstance([{ weight: 100, loadKw: 400, gridReturn: 10 }], [{ capacityKw: 200 }, { capacityKw: 200 }], [[0, 1, 1], [1, 0, 0], [1, 0, 0]]);
    const r = solveInstance(inst, { seed: 1 });
    // both on at 2: dark 0–2 → 100 × 2 = 200 (the rule sends one: 200 + 0.5 × 8 × 100 = 600)
    expect(r.cost).to.equal(200);
    expect(r.baselineCost).to.equal(600);
  });

  it("reaches the exhaustive-search optimum on small random instances (mixed sizes, timed floods)", function () {
    this.timeout(120000);
    for (let seed = 1; seed <= 8; seed++) {
      const inst = buildInstance(randomScenario(seed, { compounds: 5, trucks: 2, flood: seed % 2 === 0 }));
      const exact = bruteForce(inst).cost;
      const got = solveInstance(inst, { seed }).cost;
      expect(got, `seed ${seed}`).to.be.closeTo(exact, 1e-6 * Math.max(1, exact));
    }
  });

  it("is never worse than the commander's rule on random instances", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const inst = buildInstance(randomScenario(100 + seed, { compounds: 25, trucks: 5, flood: true, grid: 5 }));
      const rule = simulateRoutes(inst, commanderRule(inst)).cost;
      const r = solveInstance(inst, { seed, maxIterations: 300 });
      expect(r.cost, `seed ${seed}`).to.be.at.most(rule + 1e-9);
      expect(r.cost).to.be.closeTo(simulateRoutes(inst, r.routes).cost, 1e-6);
    }
  });

  it("tells onStarts once the best start's cost: the rule's or a greedy construction's, before any search", () => {
    // the hand example: the rule pays 550; the starts are its routes and the two greedy constructions
    const travel = [[0, 0, 0, 0.5], [0, 0, 0, 10], [0, 0, 0, 0], [0.5, 10, 0, 0]];
    const inst = handInstance([{ weight: 100, gridReturn: 50 }, { weight: 90, gridReturn: 5 }], [{}, {}], travel);
    const told: number[] = [];
    const r = solveInstance(inst, { seed: 1, onStarts: (cost) => told.push(cost) });
    const greedy = Math.min(...(["gain", "rate"] as const).map((score) => new RouteState(inst, greedyByTime(inst, score)).total));
    expect(told).to.deep.equal([Math.min(550, greedy)]);
    expect(told[0]).to.be.at.least(r.cost);
    for (let seed = 1; seed <= 4; seed++) {
      const random = buildInstance(randomScenario(seed, { compounds: 12, trucks: 3, flood: true }));
      const heard: number[] = [];
      const again: number[] = [];
      solveInstance(random, { seed, onStarts: (cost) => heard.push(cost) });
      solveInstance(random, { seed: seed + 10, onStarts: (cost) => again.push(cost) });
      // the starts do not depend on the search's seed
      expect(heard, `seed ${seed}`).to.have.length(1);
      expect(again, `seed ${seed}`).to.deep.equal(heard);
    }
  });

  it("gives the same routes for the same seed", () => {
    const inst = buildInstance(randomScenario(42, { compounds: 30, trucks: 6, flood: true }));
    const a = solveInstance(inst, { seed: 7, maxIterations: 400 });
    const b = solveInstance(inst, { seed: 7, maxIterations: 400 });
    expect(a.routes).to.deep.equal(b.routes);
    expect(a.cost).to.equal(b.cost);
  });

  it("stops at the time limit of the injected ticker", () => {
    const inst = buildInstance(randomScenario(5, { compounds: 30, trucks: 6 }));
    let now = 0;
    const r = solveInstance(inst, { seed: 1, timeLimitMs: 100, ticker: () => (now += 10), maxIterations: 1e9 });
    expect(r.iterations).to.be.below(200);
  });
});
