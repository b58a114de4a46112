import { expect } from "chai";
import type { Csr } from "./road-network.ts";
import { newTravelStore } from "./travel-store.ts";
import { createDijkstraWorkspace, dijkstraCsr, reverseCsr } from "./dijkstra-csr.ts";
import {
  arcsOnSegments,
  boundHours,
  columnsOf,
  coverArcs,
  mayPassThrough,
  nodesReaching,
  parentSets,
  placeIndex,
  registerSiteColumns,
  rowAvoids,
  smallerClosureKeys,
} from "./travel-times.ts";

const site = (node: number, accessHours = 0, place = `p${node}`) => ({ node, accessHours, place });

describe("travel-times steps", () => {
  it("registerSiteColumns: a node gets one column, new nodes after the known ones", () => {
    const store = newTravelStore();
    expect([...registerSiteColumns(store, [site(7), site(3), site(7)])]).to.deep.equal([0, 1, 0]);
    // a second instance on the same store: 3 keeps its column, 9 is appended
    expect([...registerSiteColumns(store, [site(9), site(3)])]).to.deep.equal([2, 1]);
    expect(store.columnNodes).to.deep.equal([7, 3, 9]);
  });

  it("placeIndex: sites at the same place share an index, in order of first appearance", () => {
    expect([...placeIndex([site(1, 0, "a"), site(2, 0, "b"), site(3, 0, "a")])]).to.deep.equal([0, 1, 0]);
  });

  it("columnsOf: a search's hours at the column nodes only, rounded to Float32", () => {
    const row = columnsOf([2, 0], Float64Array.from([0.1, 5, Infinity]));
    expect([...row]).to.deep.equal([Infinity, Math.fround(0.1)]);
  });

  it("parentSets: each zone dropped in turn, with the zone dropped", () => {
    expect(parentSets("4,9,12")).to.deep.equal([{ key: "9,12", zone: 4 }, { key: "4,12", zone: 9 }, { key: "4,9", zone: 12 }]);
    expect(parentSets("4")).to.deep.equal([{ key: "", zone: 4 }]);
  });

  it("smallerClosureKeys: strict subsets only, open roads always one, the set itself and overlaps not", () => {
    expect(smallerClosureKeys("4,9", ["", "4", "9", "4,9", "4,5", "9,4,5"])).to.deep.equal(["", "4", "9"]);
    expect(smallerClosureKeys("", ["", "4"])).to.deep.equal([]);
  });

  it("coverArcs: the node on most arcs first, ties to the lower node", () => {
    // a crossing 5 with arcs to 1, 2, 3 (both ways) and one arc 1 → 2 elsewhere: 5 touches 6 arcs, then 1 → 2 is
    // left, where 1 and 2 tie on one arc each: 1
    const arcs: [number, number][] = [[5, 1], [1, 5], [5, 2], [2, 5], [5, 3], [3, 5], [1, 2]];
    expect(coverArcs(arcs)).to.deep.equal([5, 1]);
    expect(coverArcs([])).to.deep.equal([]);
  });

  it("arcsOnSegments: the arcs of the closed segments, both directions of a two-way road", () => {
    // 0 —seg 0— 1 —seg 1— 2, two-way: arcs 0→1, 1→0, 1→2, 2→1
    const csr: Csr = {
      nodeCount: 3,
      offsets: Int32Array.from([0, 1, 3, 4]),
      targets: Int32Array.from([1, 0, 2, 1]),
      hours: Float64Array.from([1, 1, 2, 2]),
      segments: Int32Array.from([0, 0, 1, 1]),
    };
    expect(arcsOnSegments(csr, new Set([1]))).to.deep.equal([[1, 2], [2, 1]]);
    expect(arcsOnSegments(csr, new Set())).to.deep.equal([]);
  });

  it("mayPassThrough: a path through the cover node as short as the known one is flagged, with a small margin", () => {
    expect(mayPassThrough(1, 2, 3)).to.equal(true); // 1 + 2 = 3: a shortest path may pass there
    expect(mayPassThrough(1, 2.000001, 3)).to.equal(true); // 3.000001 ≤ 3 × (1 + 1e-6) + 1e-9 = 3.000003001
    expect(mayPassThrough(1, 2.00001, 3)).to.equal(false); // 3.00001 > 3.000003001: strictly longer, the path avoids it
  });

  it("rowAvoids: a row is kept only if no column's path may pass a cover node the source reaches", () => {
    // cover node 8; open hours from source 0 to 8: 1; from 8 to column nodes 10 and 11: 5 and 1
    const delta = { cover: [8], to: new Map([[8, Float64Array.from([1])]]), from: new Map([[8, Object.assign(new Float64Array(12), { 10: 5, 11: 1 })]]) };
    // hours 0 → 10 are 3 (less than 1 + 5 = 6: avoids 8), 0 → 11 are 4 (1 + 1 = 2 ≤ 4: may pass 8, the row is not kept)
    expect(rowAvoids(delta, 0, Float32Array.from([3, 4]), [10, 11])).to.equal(false);
    expect(rowAvoids(delta, 0, Float32Array.from([3, 1.5]), [10, 11])).to.equal(true); // 6 > 3, 2 > 1.5
    // a source that cannot reach the cover node at all keeps its row
    const unreachable = { ...delta, to: new Map([[8, Float64Array.from([Infinity])]]) };
    expect(rowAvoids(unreachable, 0, Float32Array.from([3, 4]), [10, 11])).to.equal(true);
  });

  it("boundHours: the own row exactly, else the largest smaller-set row less a 1e-9 margin, else the access legs", () => {
    const a = site(0, 0.25);
    const b = site(1, 0.5);
    expect(boundHours(a, b, 0, Float32Array.from([2]), [])).to.equal(2.75); // 0.25 + 2 + 0.5
    // own row too short for the column: smaller sets' rows 1 and 1.5 → 1.5; (0.25 + 1.5 + 0.5) × (1 − 1e-9)
    expect(boundHours(a, b, 1, Float32Array.from([2]), [Float32Array.from([0, 1]), Float32Array.from([0, 1.5])])).to.equal(2.25 * (1 - 1e-9));
    expect(boundHours(a, b, 1, undefined, [Float32Array.from([0, Infinity])])).to.equal(Infinity);
    expect(boundHours(a, b, 3, undefined, [Float32Array.from([0, 1])])).to.equal(0.75); // no row reaches column 3
  });

  it("nodesReaching: exactly the sources a search reaches the target from, closures and infinite arcs untaken", () => {
    // 0 ⇄ 1 (seg 0, 1 h), 1 ⇄ 2 (seg 1, 2 h), 3 → 2 one way (seg 2), 2 → 4 of infinite hours (seg 3)
    const csr: Csr = {
      nodeCount: 5,
      offsets: Int32Array.from([0, 1, 3, 5, 6, 6]),
      targets: Int32Array.from([1, 0, 2, 1, 4, 2]),
      hours: Float64Array.from([1, 1, 2, 2, Infinity, 1]),
      segments: Int32Array.from([0, 0, 1, 1, 3, 2]),
    };
    const rev = reverseCsr(csr);
    const closed = Uint8Array.from([0, 1, 0, 0]);
    // to 2: from 0 and 1 over the two-way roads, from 3 one way, not from 4 (nothing leaves it)
    expect([...nodesReaching(rev, 2, null)]).to.deep.equal([1, 1, 1, 1, 0]);
    // segment 1 closed: 0 and 1 are cut off from 2, 3's one-way road still leads there
    expect([...nodesReaching(rev, 2, closed)]).to.deep.equal([0, 0, 1, 1, 0]);
    // 2 → 4 takes infinite hours: a search never reaches 4 from anywhere else
    expect([...nodesReaching(rev, 4, null)]).to.deep.equal([0, 0, 0, 0, 1]);
    const ws = createDijkstraWorkspace(5);
    for (const mask of [null, closed]) {
      for (let t = 0; t < 5; t++) {
        const seen = nodesReaching(rev, t, mask);
        for (let source = 0; source < 5; source++) expect(seen[source] === 1).to.equal(dijkstraCsr(csr, source, mask, ws)[t] < Infinity);
      }
    }
  });
});
