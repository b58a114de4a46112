import { expect } from "chai";
import type { RoadCollection } from "../../shared/scenario.ts";
import { buildRoadNetwork, nodeKey, shortestRoadHours } from "./road-network.ts";
import { createDijkstraWorkspace, dijkstraCsr } from "./dijkstra-csr.ts";
import { buildReverseCsr, createRepairWorkspace, repairClosures } from "./repair-closures.ts";
import { UnknownNodeError } from "./planner-errors.ts";
import { buildVertexIndex, snapToRoad } from "./snap-to-road.ts";
import { seededRandom } from "../../shared/seeded-random.ts";
import { distance } from "@turf/turf";
import { randomScenario } from "../../test/fixtures/random-scenario.ts";

const line = (coords: number[][], props: Record<string, unknown> = {}) =>
  ({ type: "Feature" as const, properties: props, geometry: { type: "LineString" as const, coordinates: coords } });
const roads = (...features: ReturnType<typeof line>[]): RoadCollection => ({ type: "FeatureCollection", features });

// 0.01° of longitude at 34.7° N: 6371.0088 km × cos(34.7°) × 0.01 × π/180 = 6371.0088 × 0.822144 × 1.745329e-4
// = 0.914184 km; at 30 km/h that is 0.0304728 h.
const SEG_KM = 0.914184;
const SEG_H = SEG_KM / 30;

describe("buildRoadNetwork", () => {
  it("times a segment as its geodesic length over the road's speed", () => {
    const net = buildRoadNetwork(roads(line([[113.6, 34.7], [113.61, 34.7]])), { speedKmh: 30 });
    expect(net.segments[0].km).to.be.closeTo(SEG_KM, 1e-5);
    expect(shortestRoadHours(net, 0, 1)).to.be.closeTo(SEG_H, 1e-7);
  });

  it("uses the road's own speedKmh over the default", () => {
    const net = buildRoadNetwork(roads(line([[113.6, 34.7], [113.61, 34.7]], { speedKmh: 60 })), { speedKmh: 30 });
    expect(shortestRoadHours(net, 0, 1)).to.be.closeTo(SEG_KM / 60, 1e-7); // 0.0152364 h
  });

  it("joins vertices equal to 7 decimals into one node", () => {
    const net = buildRoadNetwork(roads(line([[113.6, 34.7], [113.61, 34.7]]), line([[113.61000000004, 34.7], [113.61, 34.71]])), {});
    expect(net.graph.order).to.equal(3);
    // across the join: one horizontal segment + 0.01° of latitude (1.111951 km) at 30 km/h = 0.0304728 + 0.0370650
    expect(shortestRoadHours(net, nodeKey([113.6, 34.7]), nodeKey([113.61, 34.71]))).to.be.closeTo(SEG_H + 1.111951 / 30, 1e-6);
  });

  it("drives a one-way road only in coordinate order", () => {
    const net = buildRoadNetwork(roads(line([[113.6, 34.7], [113.61, 34.7]], { oneway: true })), {});
    expect(shortestRoadHours(net, 0, 1)).to.be.closeTo(SEG_H, 1e-7);
    expect(shortestRoadHours(net, 1, 0)).to.equal(Infinity);
  });

  it("returns Infinity when the only route uses a closed segment", () => {
    const net = buildRoadNetwork(roads(line([[113.6, 34.7], [113.61, 34.7], [113.62, 34.7]])), {});
    expect(shortestRoadHours(net, 0, 2)).to.be.closeTo(2 * SEG_H, 1e-7);
    expect(shortestRoadHours(net, 0, 2, new Set([1]))).to.equal(Infinity);
  });

  it("raises UnknownNodeError for an unknown node, by key or index", () => {
    const net = buildRoadNetwork(roads(line([[113.6, 34.7], [113.61, 34.7]])), {});
    expect(() => shortestRoadHours(net, "1,1", 0)).to.throw(UnknownNodeError);
    expect(() => shortestRoadHours(net, 0, 7)).to.throw(UnknownNodeError);
    expect(() => dijkstraCsr(net.csr, 9, null, createDijkstraWorkspace(2))).to.throw(UnknownNodeError);
  });
});

describe("dijkstraCsr", () => {
  it("agrees with graphology-shortest-path on random grids, with and without closures", () => {
    for (const seed of [1, 2, 3]) {
      const net = buildRoadNetwork(randomScenario(seed, { compounds: 1, trucks: 1, grid: 6 }).roads, { speedKmh: 30 });
      const rnd = seededRandom(seed);
      const closed = new Uint8Array(net.segments.length).map(() => (rnd() < 0.2 ? 1 : 0));
      const closedSet = new Set([...closed.keys()].filter((i) => closed[i] === 1));
      const ws = createDijkstraWorkspace(net.csr.nodeCount);
      for (const src of [0, 7, 20]) {
        const open = Array.from(dijkstraCsr(net.csr, src, null, ws));
        const flooded = Array.from(dijkstraCsr(net.csr, src, closed, ws));
        for (let t = 0; t < net.csr.nodeCount; t += 5) {
          expect(open[t]).to.be.closeTo(shortestRoadHours(net, src, t), 1e-9);
          const ref = shortestRoadHours(net, src, t, closedSet);
          if (ref === Infinity) expect(flooded[t]).to.equal(Infinity);
          else expect(flooded[t]).to.be.closeTo(ref, 1e-9);
        }
      }
    }
  });

  it("stopped at a target, gives it the full search's hours and settles no more nodes than the full search", () => {
    for (const seed of [4, 5]) {
      const net = buildRoadNetwork(randomScenario(seed, { compounds: 1, trucks: 1, grid: 7 }).roads, { speedKmh: 30 });
      const rnd = seededRandom(seed);
      const closed = new Uint8Array(net.segments.length).map(() => (rnd() < 0.15 ? 1 : 0));
      const ws = createDijkstraWorkspace(net.csr.nodeCount);
      for (const mask of [null, closed]) {
        const full = Array.from(dijkstraCsr(net.csr, 3, mask, ws));
        const all = ws.settled;
        for (let t = 0; t < net.csr.nodeCount; t += 4) {
          expect(dijkstraCsr(net.csr, 3, mask, ws, t)[t], `target ${t}`).to.equal(full[t]);
          expect(ws.settled).to.be.at.most(all);
        }
      }
      // nodes settle in order of hours: stopped at a near node, only nodes at most as far are settled
      const dist = Array.from(dijkstraCsr(net.csr, 3, null, ws));
      const near = dist.indexOf([...dist].sort((x, y) => x - y)[3]);
      dijkstraCsr(net.csr, 3, null, ws, near);
      expect(ws.settled).to.be.at.most(dist.filter((d) => d <= dist[near]).length);
      expect(ws.settled).to.be.below(dist.length / 4);
    }
  });
});

describe("repairClosures", () => {
  it("gives the same distances as a fresh search with the closures, on random grids and closures", () => {
    for (const seed of [1, 2, 3, 4]) {
      const net = buildRoadNetwork(randomScenario(seed, { compounds: 1, trucks: 1, grid: 8 }).roads, {});
      const rev = buildReverseCsr(net.csr);
      const rw = createRepairWorkspace(net.csr.nodeCount);
      const base = createDijkstraWorkspace(net.csr.nodeCount);
      const fresh = createDijkstraWorkspace(net.csr.nodeCount);
      const rnd = seededRandom(seed);
      for (const share of [0.02, 0.1, 0.3]) {
        const closed = new Uint8Array(net.segments.length).map(() => (rnd() < share ? 1 : 0));
        for (const src of [0, 9, 33, 63]) {
          dijkstraCsr(net.csr, src, null, base);
          const repaired = Array.from(repairClosures(net.csr, rev, base, closed, rw));
          const expected = Array.from(dijkstraCsr(net.csr, src, closed, fresh));
          repaired.forEach((d, v) => {
            if (expected[v] === Infinity) expect(d, `node ${v}`).to.equal(Infinity);
            else expect(d, `node ${v}`).to.be.closeTo(expected[v], 1e-12);
          });
        }
      }
    }
  });
});

describe("snapToRoad", () => {
  it("finds the same nearest vertex as a linear scan", () => {
    const net = buildRoadNetwork(randomScenario(4, { compounds: 1, trucks: 1, grid: 7 }).roads, {});
    const index = buildVertexIndex(net);
    const rnd = seededRandom(11);
    for (let n = 0; n < 200; n++) {
      const p: [number, number] = [113.58 + rnd() * 0.1, 34.68 + rnd() * 0.1];
      let best = Infinity;
      for (let i = 0; i < net.lon.length; i++) best = Math.min(best, distance(p, [net.lon[i], net.lat[i]], { units: "kilometers" }));
      expect(snapToRoad(index, p).km).to.be.closeTo(best, 1e-3); // equirectangular ranking: same vertex up to metres
    }
  });

  it("gives distance 0 on a vertex", () => {
    const net = buildRoadNetwork(roads(line([[113.6, 34.7], [113.61, 34.7]])), {});
    expect(snapToRoad(buildVertexIndex(net), [113.61, 34.7])).to.deep.equal({ node: 1, km: 0 });
  });
});
