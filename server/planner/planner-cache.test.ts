import { expect } from "chai";
import type { Scenario } from "../../shared/scenario.ts";
import { planDispatch } from "./plan-dispatch.ts";
import { buildInstance } from "./build-instance.ts";
import { createPlannerCache } from "./planner-cache.ts";
import { randomScenario } from "../../test/fixtures/random-scenario.ts";
import { nodeKey } from "./road-network.ts";
import { withRoadClosure } from "./test-instance.ts";
import { CITY_SIZES, generateCity } from "../../scenarios/synthetic/generate-city.ts";

/** Every site-to-site trip departing at each epoch start (forces every travel row the instance can need). */
function allTrips(s: Scenario, cache?: ReturnType<typeof createPlannerCache>): { times: number[]; searches: number } {
  const inst = buildInstance(s, { cache });
  const n = inst.sites.length;
  const times: number[] = [];
  for (const t of [inst.at, ...inst.epochBoundaries]) for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) times.push(inst.travel(a, b, t));
  return { times, searches: inst.searches() };
}

/** A closure disc over the first road's middle vertex (a permanent zone), on the same roads object. */
function withClosure(s: Scenario): Scenario {
  const [lon, lat] = s.roads.features[0].geometry.coordinates[1] as [number, number];
  const r = 0.0004;
  const ring = Array.from({ length: 9 }, (_v, i) => [lon + r * Math.cos((i * Math.PI) / 4), lat + r * Math.sin((i * Math.PI) / 4)]);
  ring[8] = ring[0];
  const zone = { type: "Feature" as const, properties: { id: "closed" }, geometry: { type: "Polygon" as const, coordinates: [ring] } };
  return { ...s, floodZones: { type: "FeatureCollection", features: [...(s.floodZones?.features ?? []), zone] } };
}

function withNewCompound(s: Scenario): Scenario {
  const c = s.compounds[0];
  return { ...s, compounds: [...s.compounds, { ...c, id: "C-new", location: [c.location[0] + 0.0013, c.location[1] - 0.0011] }] };
}

/** The registry id of the zone withClosure adds (the last geometry registered on the network). */
function closureZoneId(entry: { zoneSegments: Map<string, { id: number }> }): number {
  return Math.max(...[...entry.zoneSegments.values()].map((z) => z.id));
}

describe("PlannerCache", () => {
  it("gives the same plan with and without the cache, cold and warm, before and after events", () => {
    const s = randomScenario(11, { compounds: 14, trucks: 3, flood: true });
    const cache = createPlannerCache();
    for (const v of [s, s, withClosure(s), withNewCompound(s), withNewCompound(withClosure(s))]) {
      expect(planDispatch(v, { seed: 2, cache })).to.deep.equal(planDispatch(v, { seed: 2 }));
    }
  });

  it("re-plans the same with and without the cache (the bound, started from the cached prices, stays valid)", () => {
    const s = randomScenario(16, { compounds: 14, trucks: 3, flood: true });
    const cache = createPlannerCache();
    const previousPlan = planDispatch(s, { seed: 2, cache });
    const event = withClosure(s);
    const { lowerBound: warm, ...withCache } = planDispatch(event, { seed: 2, cache, previousPlan });
    const { lowerBound: cold, ...without } = planDispatch(event, { seed: 2, previousPlan });
    expect(withCache).to.deep.equal(without);
    for (const b of [warm!, cold!]) expect(b).to.be.at.most(without.customerOutageHours);
  });

  it("answers every trip with the same hours as a fresh build, including sites and closures new to the cache", () => {
    const s = randomScenario(12, { compounds: 10, trucks: 3, flood: true });
    const cache = createPlannerCache();
    allTrips(s, cache);
    for (const v of [withClosure(s), withNewCompound(s), withNewCompound(withClosure(s))]) {
      expect(allTrips(v, cache).times).to.deep.equal(allTrips(v).times);
    }
  });

  it("runs no search again for the same roads, zones and sites (a truck breaks down, a substation moves)", () => {
    const s = randomScenario(13, { compounds: 10, trucks: 3, flood: true });
    const cache = createPlannerCache();
    expect(allTrips(s, cache).searches).to.be.greaterThan(0);
    const oneTruckLess = { ...s, trucks: s.trucks.slice(1) };
    expect(allTrips(oneTruckLess, cache).searches).to.equal(0);
    // a copy of the roads (read again from a database) is found by its content
    expect(allTrips(structuredClone(s), cache).searches).to.equal(0);
  });

  it("re-searches only the sources whose shortest paths a new closure cuts", () => {
    const s = randomScenario(15, { compounds: 10, trucks: 3, flood: true, grid: 6 });
    const cache = createPlannerCache();
    allTrips(s, cache);
    const closed = withClosure(s);
    const warm = allTrips(closed, cache);
    const cold = allTrips(closed);
    expect(warm.times).to.deep.equal(cold.times);
    expect(warm.searches).to.be.below(cold.searches);
  });

  it("answers scattered trips after a closure with a fresh build's hours, deriving single columns of cut rows", () => {
    // a few trips per source (as the commander's rule asks): the rows a closure cuts are then derived column by
    // column, and a column is searched only when its own path may use a closed arc
    for (const seed of [21, 22, 23, 24]) {
      const s = randomScenario(seed, { compounds: 12, trucks: 3, flood: true, grid: 6 });
      const cache = createPlannerCache();
      allTrips(s, cache);
      const closed = withClosure(s);
      const warm = buildInstance(closed, { cache });
      const cold = buildInstance(closed);
      const n = warm.sites.length;
      for (const t of [warm.at, ...warm.epochBoundaries]) {
        for (let a = 0; a < n; a++) for (const b of [(a * 7 + seed) % n, (a * 3 + 1) % n]) expect(warm.travel(a, b, t)).to.equal(cold.travel(a, b, t));
      }
    }
  });

  it("answers a site new to the cache with reverse searches, not new rows for every source", () => {
    const s = randomScenario(14, { compounds: 10, trucks: 3 });
    const cache = createPlannerCache();
    allTrips(s, cache);
    // one new compound, no floods: one reverse search for its column, one forward search for its own row at most
    expect(allTrips(withNewCompound(s), cache).searches).to.be.at.most(2);
  });

  it("searches a trip a closure may cut point to point: a fresh build's hours, not its source's whole row", () => {
    // the scattered trips of the test above, on bigger grids: trips whose path may use the closed crossing are
    // single columns, each searched only as far as its target; their hours must equal a fresh build's
    let single = 0;
    for (const seed of [31, 32, 33, 34]) {
      const s = randomScenario(seed, { compounds: 14, trucks: 3, flood: true, grid: 8 });
      const cache = createPlannerCache();
      allTrips(s, cache);
      const closed = withClosure(s);
      const warm = buildInstance(closed, { cache });
      const cold = buildInstance(closed);
      const n = warm.sites.length;
      for (const t of [warm.at, ...warm.epochBoundaries]) {
        for (let a = 0; a < n; a++) expect(warm.travel(a, (a * 5 + seed) % n, t)).to.equal(cold.travel(a, (a * 5 + seed) % n, t));
      }
      for (const entry of cache.byHash.values()) single += [...entry.travel.columnSearches.values()].reduce((x, y) => x + y, 0);
    }
    expect(single).to.be.greaterThan(0);
  });

  it("tests a closed crossing against the crossing alone: one search to it and one from it, for every epoch", () => {
    // every closed arc of a disc over a crossing starts or ends there, so a path using one passes through it
    const s = randomScenario(17, { compounds: 12, trucks: 3, flood: true, grid: 6 });
    const cache = createPlannerCache();
    allTrips(s, cache);
    const closed = withClosure(s);
    expect(allTrips(closed, cache).times).to.deep.equal(allTrips(closed).times);
    const [entry] = cache.byHash.values();
    const crossing = entry.network.keys.indexOf(nodeKey(s.roads.features[0].geometry.coordinates[1] as [number, number]));
    // the closure's deltas (one per flood epoch it is added to) all test the crossing alone; the flood's own delta
    // (the flood added to the closure) covers its block
    const covers = [...entry.travel.deltas.entries()].filter(([id]) => id.endsWith(`|${closureZoneId(entry)}`)).map(([, d]) => d?.cover);
    expect(covers.length).to.be.greaterThan(0);
    for (const cover of covers) expect(cover).to.deep.equal([crossing]);
    expect(entry.travel.openDistances!.to.has(crossing) && entry.travel.openDistances!.from.has(crossing)).to.equal(true);
  });

  it("answers every trip after a road closes on a seeded flooded city exactly as a fresh build, warm from its plan", () => {
    // the bench's small city (timed floods, 60 compounds, 10 trucks): a plan fills the cache, then three closures
    // one after another; every trip at every epoch start must equal a build without cache
    const city = generateCity({ seed: 101, ...CITY_SIZES.small });
    const cache = createPlannerCache();
    planDispatch(city, { seed: 1, cache, maxIterations: 100 });
    let closed = city;
    for (const road of [3, 17, 29]) {
      closed = withRoadClosure(closed, road);
      const warm = buildInstance(closed, { cache });
      const cold = buildInstance(closed);
      const n = warm.sites.length;
      for (const t of [warm.at, ...warm.epochBoundaries]) {
        for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) expect(warm.travel(a, b, t), `road ${road}: ${a} → ${b} at ${t}`).to.equal(cold.travel(a, b, t));
      }
    }
  });
  it("keeps reachability sweeps for the next instance on the same roads: the same answers, no sweep again", () => {
    // a flooded city with a road closed: every trip's reachability at each epoch, then the same from a second
    // instance on the cache (a re-plan's explainUnserved) and from one without it
    const s = withClosure(randomScenario(63, { compounds: 10, trucks: 3, flood: true, grid: 6 }));
    const cache = createPlannerCache();
    const answers = (inst: ReturnType<typeof buildInstance>): boolean[] => {
      const out: boolean[] = [];
      for (const t of [inst.at, ...inst.epochBoundaries]) for (let a = 0; a < inst.sites.length; a++) for (let b = 0; b < inst.compounds.length; b++) out.push(inst.travelBound!.reaches!(a, b, t));
      return out;
    };
    const first = answers(buildInstance(s, { cache }));
    const entry = [...cache.byHash.values()][0];
    const swept = entry.travel.reachers!.size;
    expect(swept).to.be.above(0);
    expect(answers(buildInstance(s, { cache }))).to.deep.equal(first);
    expect(entry.travel.reachers!.size).to.equal(swept);
    expect(answers(buildInstance(s))).to.deep.equal(first);
    // from the second sweep under a closure set on, its strongly connected components answer most pairs: the
    // answers are still exactly whether a trip has finite hours
    expect(entry.travel.components!.size).to.be.above(0);
    const inst = buildInstance(s);
    const finite: boolean[] = [];
    for (const t of [inst.at, ...inst.epochBoundaries]) for (let a = 0; a < inst.sites.length; a++) for (let b = 0; b < inst.compounds.length; b++) finite.push(inst.travel(a, b, t) < Infinity);
    expect(first).to.deep.equal(finite);
  });
});
