import { expect } from "chai";
import { commanderRule } from "./commander-rule.ts";
import { simulateRoutes } from "./simulate-routes.ts";
import { handInstance } from "./test-instance.ts";
import type { Instance } from "./instance.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { buildInstance } from "./build-instance.ts";
import { createPlannerCache } from "./planner-cache.ts";
import { planDispatch } from "./plan-dispatch.ts";
import { randomScenario } from "../../test/fixtures/random-scenario.ts";

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

describe("commanderRule, trucks tried in order of a travel bound", () => {
  /** A permanent closure disc over road `r`'s middle vertex, on top of the scenario's timed floods. */
  const withClosure = (s: Scenario, r: number): Scenario => {
    const coords = s.roads.features[r % s.roads.features.length].geometry.coordinates as [number, number][];
    const [lon, lat] = coords[Math.floor(coords.length / 2)];
    const ring = Array.from({ length: 9 }, (_v, i) => [lon + 0.0004 * Math.cos((i * Math.PI) / 4), lat + 0.0004 * Math.sin((i * Math.PI) / 4)]);
    ring[8] = ring[0];
    const zone = { type: "Feature" as const, properties: { id: `closed-${r}` }, geometry: { type: "Polygon" as const, coordinates: [ring] } };
    return { ...s, floodZones: { type: "FeatureCollection", features: [...(s.floodZones?.features ?? []), zone] } };
  };

  it("gives exactly the exhaustive rule's routes on seeded cities with timed floods and road closures, with fewer trips", () => {
    let pruned = 0;
    let exhaustive = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const s = randomScenario(100 + seed, { compounds: 16 + seed, trucks: 2 + (seed % 5), flood: true, mixedSizes: seed % 2 === 0, grid: 5 + (seed % 3) });
      const cache = createPlannerCache();
      // a warm cache (as in a re-plan): the bounds then come from the rows of the closure sets without the new closure
      planDispatch(s, { seed: 1, maxIterations: 50, cache });
      for (const v of [s, withClosure(s, seed), withClosure(withClosure(s, seed), 3 * seed + 1)]) {
        const inst = buildInstance(v, { cache });
        const counted = (): [Instance, () => number] => {
          let trips = 0;
          const travel: Instance["travel"] = (a, b, t) => { trips++; return inst.travel(a, b, t); };
          return [{ ...inst, travel, travelBound: { of: travel, lowerBound: inst.travelBound!.lowerBound } }, () => trips];
        };
        const [a, tripsA] = counted();
        const [b, tripsB] = counted();
        expect(commanderRule(a)).to.deep.equal(commanderRule(b, { exhaustive: true }));
        pruned += tripsA();
        exhaustive += tripsB();
      }
    }
    expect(pruned).to.be.below(exhaustive / 2);
  });

  it("never bounds a trip above its hours, cold or warm, at every epoch", () => {
    const s = randomScenario(7, { compounds: 12, trucks: 3, flood: true, grid: 6 });
    const cache = createPlannerCache();
    planDispatch(s, { seed: 1, maxIterations: 50, cache });
    for (const v of [s, withClosure(s, 2)]) {
      const inst = buildInstance(v, { cache });
      const n = inst.sites.length;
      for (const t of [inst.at, ...inst.epochBoundaries]) {
        for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) expect(inst.travelBound!.lowerBound(a, b, t)).to.be.at.most(inst.travel(a, b, t));
      }
    }
  });

  it("ignores a bound made for another travel function (an instance copied with new trips)", () => {
    // T0 is 1 h from C0, T1 is 3 h; a stale bound claiming T1 is 0 h and T0 is 9 h must not change the choice
    const inst = handInstance([{ weight: 1, gridReturn: 50 }], [{}, {}], [[0, 1, 3], [1, 0, 0], [3, 0, 0]]);
    const stale = { of: (): number => 0, lowerBound: (a: number): number => (a === 1 ? 9 : 0) };
    expect(commanderRule({ ...inst, travelBound: stale })).to.deep.equal([[0], []]);
  });
});
