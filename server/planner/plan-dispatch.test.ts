import { expect } from "chai";
import { readFileSync } from "node:fs";
import type { Scenario } from "../../shared/scenario.ts";
import { LianxinError } from "../../shared/errors.ts";
import { explainUnserved, planDispatch, routesFromPlan } from "./plan-dispatch.ts";
import { simulateRoutes } from "./simulate-routes.ts";
import { createPlannerCache } from "./planner-cache.ts";
import { withRoadClosure } from "./test-instance.ts";
import { buildInstance } from "./build-instance.ts";
import { randomScenario } from "../../test/fixtures/random-scenario.ts";

const tiny = (): Scenario => JSON.parse(readFileSync(new URL("../../test/fixtures/tiny.json", import.meta.url), "utf8"));

function invalid(s: unknown): string[] {
  try {
    planDispatch(s as Scenario, { seed: 1 });
  } catch (e) {
    expect(e).to.be.instanceOf(LianxinError);
    expect((e as LianxinError).code).to.equal("invalid_input");
    return (e as LianxinError).details.map((d) => `${d.path}: ${d.message}`);
  }
  return expect.fail("planDispatch accepted bad input") as never;
}

describe("planDispatch", () => {
  it("writes the plan contract: every truck and compound, ISO times with the scenario's offset", () => {
    const plan = planDispatch(tiny(), { seed: 1 });
    expect(plan.scenario).to.equal("tiny");
    expect(plan.trucks.map((t) => t.id)).to.deep.equal(["T1", "T2"]);
    expect(plan.compounds.map((c) => c.id)).to.deep.equal(["C1", "C2", "C3"]);
    for (const t of plan.trucks) for (const s of t.stops) expect(s.switchOn).to.match(/\+08:00$/);
    expect(plan.customerOutageHours).to.be.at.most(plan.baselineCustomerOutageHours);
    expect(plan.noTrucksCustomerOutageHours).to.equal(12900); // 100 × 18 + 600 × 18 + 50 × 6
  });

  it("carries a valid lower bound: never above the plan, the proven optimum in the core case", () => {
    // tiny.json: no floods, but its 250 kW truck cannot carry the 500 kW compound (not the core case): the
    // Lagrangian bound still meets the plan here, which is thus optimal
    const plan = planDispatch(tiny(), { seed: 1 });
    expect(plan.lowerBound).to.be.a("number");
    expect(plan.lowerBound!).to.be.at.most(plan.customerOutageHours);
    expect(plan.lowerBound!).to.be.closeTo(plan.customerOutageHours, 1e-6 * plan.customerOutageHours);
    const flooded = planDispatch(randomScenario(5, { compounds: 12, trucks: 3, flood: true }), { seed: 1 });
    expect(flooded.lowerBound!).to.be.at.least(0);
    expect(flooded.lowerBound!).to.be.at.most(flooded.customerOutageHours);
  });

  it("keeps the bound within the time limit of the injected ticker", () => {
    // every tick advances 1 ms; with a 50 ms limit, search and bound stop on their deadlines, a bound is still there
    let t = 0;
    const plan = planDispatch(randomScenario(6, { compounds: 30, trucks: 4, flood: true }), { seed: 1, timeLimitMs: 50, ticker: () => t++ });
    expect(plan.lowerBound!).to.be.at.most(plan.customerOutageHours);
  });

  it("a re-plan (previousPlan) takes only its share of the time limit", () => {
    // the injected ticker advances 1 ms per call: with a 10,000 ms limit and replanShare 0.01 the re-plan's deadline
    // is 100 ticks after its start; a few calls after the deadline (the bound's first evaluation) are allowed
    const s = randomScenario(7, { compounds: 30, trucks: 4, flood: true });
    const previousPlan = planDispatch(s, { seed: 1 });
    let t = 0;
    const replan = planDispatch(s, { seed: 1, previousPlan, timeLimitMs: 10_000, replanShare: 0.01, ticker: () => t++ });
    expect(replan.runtimeMs!).to.be.at.most(120);
    expect(replan.customerOutageHours).to.be.at.most(previousPlan.customerOutageHours + 1e-6);
    expect(replan.lowerBound!).to.be.at.most(replan.customerOutageHours);
  });

  it("does not mutate its input", () => {
    const s = randomScenario(3, { compounds: 10, trucks: 3, flood: true });
    const before = JSON.stringify(s);
    planDispatch(s, { seed: 1, at: Date.parse("2021-07-20T12:00:00Z") });
    expect(JSON.stringify(s)).to.equal(before);
  });

  it("gives the same plan for the same input and seed", () => {
    const s = randomScenario(8, { compounds: 20, trucks: 4, flood: true });
    expect(planDispatch(s, { seed: 3 })).to.deep.equal(planDispatch(s, { seed: 3 }));
  });

  it("reports the runtime only through the injected ticker", () => {
    let t = 1000;
    const plan = planDispatch(tiny(), { seed: 1, ticker: () => (t += 5) });
    expect(plan.runtimeMs).to.be.a("number");
    expect(planDispatch(tiny(), { seed: 1 }).runtimeMs).to.equal(undefined);
  });

  it("lists a compound on a road no truck can reach as unserved: unreachable", () => {
    const s = tiny();
    // an island road 1 km north of the line, not joined to it
    s.roads.features.push({ type: "Feature", properties: null, geometry: { type: "LineString", coordinates: [[113.61, 34.71], [113.62, 34.71]] } });
    s.compounds[0].location = [113.61, 34.71];
    const plan = planDispatch(s, { seed: 1 });
    expect(plan.unserved).to.deep.include({ compound: "C1", reason: "unreachable" });
  });

  it("lists a compound cut off by a flood for as long as it is dark as unreachable", () => {
    const s = tiny();
    // a permanent zone across C–D cuts C3 off from T1; T2 stands on C3 itself, so move T2 to the depot
    s.floodZones!.features.push({ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [[[113.624, 34.69], [113.626, 34.69], [113.626, 34.71], [113.624, 34.71], [113.624, 34.69]]] } });
    delete s.trucks[1].location;
    s.trucks[1].depot = "D1";
    expect(planDispatch(s, { seed: 1 }).unserved).to.deep.include({ compound: "C3", reason: "unreachable" });
  });

  it("names an en-route truck whose compound no open road now reaches as stranded, with no stop and no null time", () => {
    // T1 set out for C3; then the zone across C–D closed under it (a fuzzed incident gave such a state): no arrival
    // can be computed, so the plan names it instead of writing a stop with null arrive/switchOn/release
    const s = tiny();
    s.floodZones!.features.push({ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [[[113.624, 34.69], [113.626, 34.69], [113.626, 34.71], [113.624, 34.71], [113.624, 34.69]]] } });
    delete s.trucks[1].location;
    s.trucks[1].depot = "D1";
    s.enRoute = [{ truck: "T1", compound: "C3", departedAt: "2021-07-20T20:00:00+08:00" }];
    const plan = planDispatch(s, { seed: 1 });
    expect(plan.stranded).to.deep.equal([{ truck: "T1", compound: "C3", reason: "no-open-road" }]);
    expect(plan.trucks.find((t) => t.id === "T1")!.stops).to.deep.equal([]);
    for (const t of plan.trucks) for (const stop of t.stops) for (const k of ["depart", "arrive", "switchOn", "release"] as const) expect(stop[k], `${t.id} ${k}`).to.be.a("string");
  });

  it("says why other compounds stay dark: grid already back, no time before the grid, trucks better used elsewhere", () => {
    const s = tiny();
    s.compounds[2].gridRestoredAt = "2021-07-20T20:30:00+08:00"; // C3: back before any truck could switch it on
    const plan = planDispatch(s, { seed: 1 });
    expect(plan.unserved).to.deep.include({ compound: "C3", reason: "no-time-before-grid" });
    const later = planDispatch(s, { seed: 1, at: Date.parse("2021-07-20T21:00:00+08:00") });
    expect(later.unserved).to.deep.include({ compound: "C3", reason: "grid-already-restored" });
    expect(later.at).to.equal("2021-07-20T21:00:00+08:00");
  });

  it("explains dark compounds the same when trips hopeless by their search-free bound are skipped", () => {
    // after a road closes (cache warm from the plan before), with no truck sent anywhere every compound is dark;
    // the reasons must equal those of driving every trip (an instance without travelBound)
    const reasons = new Set<string>();
    for (const seed of [61, 62, 63, 64]) {
      const s = randomScenario(seed, { compounds: 14, trucks: 3, flood: true, grid: 6 });
      s.compounds[seed % 14].gridRestoredAt = s.compounds[seed % 14].outageStart; // grid back at once
      const cache = createPlannerCache();
      planDispatch(s, { seed: 1, cache, maxIterations: 50 });
      const inst = buildInstance(withRoadClosure(s, seed), { cache, at: Date.parse(s.trucks[0].availableAt) + 3_600_000 });
      const sim = simulateRoutes(inst, inst.trucks.map(() => []));
      const pruned = explainUnserved(inst, sim);
      expect(pruned).to.deep.equal(explainUnserved({ ...inst, travelBound: undefined }, sim));
      for (const u of pruned) reasons.add(u.reason);
    }
    expect([...reasons].sort()).to.deep.equal(["grid-already-restored", "no-time-before-grid", "trucks-better-used-elsewhere"]);
  });

  it("keeps a kept connection on its truck and counts its supply", () => {
    const s = tiny();
    s.connections = [{ truck: "T2", compound: "C3", switchOn: "2021-07-20T22:30:00+08:00" }];
    const plan = planDispatch(s, { seed: 1 });
    expect(plan.trucks[1].stops[0]).to.include({ compound: "C3", switchOn: "2021-07-20T22:30:00+08:00", release: "2021-07-21T02:00:00+08:00" });
    // C3 dark from 20:00 to 22:30: 2.5 h per household
    expect(plan.compounds[2].outageHours).to.be.closeTo(2.5, 1e-9);
  });

  it("rejects bad input naming each field: references, numbers, GeoJSON, a site far from any road, no roads", () => {
    const s = tiny();
    s.compounds[0].households = -5;
    s.compounds[1].substation = "S404";
    s.trucks[0].depot = "D404";
    expect(invalid(s)).to.deep.equal([
      "compounds[0].households: must be a positive integer",
      'compounds[1].substation: unknown substation "S404"',
      'trucks[0].depot: unknown depot "D404"',
    ]);
    const far = tiny();
    far.compounds[2].location = [113.63, 34.8];
    expect(invalid(far)).to.have.length(1);
    expect(invalid(far)[0]).to.match(/^compounds\[2\]\.location: no road within 3 km/);
    const noRoads = tiny();
    noRoads.roads.features = [];
    expect(invalid(noRoads)).to.deep.equal(["roads.features: must contain at least one road"]);
  });
});

describe("re-planning from a previous plan", () => {
  it("maps a plan back to routes, skipping kept connections and unknown compounds", () => {
    const s = tiny();
    const plan = planDispatch(s, { seed: 1 });
    plan.trucks[0].stops.push({ ...plan.trucks[0].stops[0], compound: "gone" });
    s.connections = [{ truck: "T2", compound: "C1", switchOn: "2021-07-20T23:30:00+08:00" }];
    // T1 planned C2; T2 planned C1, which is now its kept connection
    expect(routesFromPlan(buildInstance(s), plan)).to.deep.equal([[1], []]);
  });

  it("a re-plan warm-started from the previous plan is never worse than that plan", () => {
    const s = randomScenario(12, { compounds: 25, trucks: 5, flood: true });
    const first = planDispatch(s, { seed: 1 });
    const again = planDispatch(s, { seed: 2, previousPlan: first, maxIterations: 10 });
    expect(again.customerOutageHours).to.be.at.most(first.customerOutageHours + 1e-6);
  });

  it("gives a budgeted re-plan the same bound on a fast and on a slow clock: its steps are counted, not timed", () => {
    // a substation's return moves 6 h later after a budgeted plan (the CLI's work budget): the re-plan's bound takes
    // the budget's steps whether the ticker moves 1 µs or 2 ms a reading (a loaded machine), within the cap, and the
    // plan is the same (the bench's medium cities showed a timed re-plan bound change between runs; this small case
    // keeps the contract, it did not differ before either)
    const s = randomScenario(14, { compounds: 40, trucks: 5, flood: true, grid: 6 });
    const sub = s.substations.find((x) => x.restoredAt !== null)!;
    const later = { ...s, substations: s.substations.map((x) => (x === sub ? { ...x, restoredAt: new Date(Date.parse(sub.restoredAt!) + 6 * 3_600_000).toISOString() } : x)) };
    const replan = (step: number): ReturnType<typeof planDispatch> => {
      let t = 0;
      const cache = createPlannerCache();
      const plan = planDispatch(s, { seed: 1, cache, autoBudget: true, ticker: () => (t += 0.001) });
      return planDispatch(later, { seed: 1, cache, autoBudget: true, ticker: () => (t += step), previousPlan: plan });
    };
    const fast = replan(0.001);
    const slow = replan(2);
    expect(slow.budget!.cut).to.equal(false);
    expect(slow.lowerBound).to.equal(fast.lowerBound);
    expect({ ...slow, runtimeMs: 0 }).to.deep.equal({ ...fast, runtimeMs: 0 });
  });
});

describe("re-planning when a convoy arrives", () => {
  it("puts the trucks the previous plan did not have on the compounds it left dark (within 2% of a fresh plan)", () => {
    // Six seeded cities of 14 compounds: a plan with 2 of the 4 trucks, then a re-plan once the other 2 arrive.
    // Repairing only what lost its truck left the newcomers nearly idle: re-plans 4-20% above a fresh plan
    // (e.g. seed 1: 31,211 vs 26,014 customer outage hours); with the left-dark compounds as candidates, ≤ 1%.
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const full = randomScenario(seed, { compounds: 14, trucks: 4, flood: false });
      const first = planDispatch({ ...full, trucks: full.trucks.slice(0, 2) }, { seed: 1 });
      let t = 0;
      const replan = planDispatch(full, { seed: 1, previousPlan: first, timeLimitMs: 2000, ticker: () => t++ });
      const fresh = planDispatch(full, { seed: 1 });
      expect(replan.customerOutageHours, `seed ${seed}`).to.be.at.most(1.02 * fresh.customerOutageHours);
    }
  });
});
