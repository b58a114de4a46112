import { expect } from "chai";
import { strongComponents } from "./strong-components.ts";
import { nodesReaching } from "./travel-times.ts";
import { reverseCsr } from "./dijkstra-csr.ts";
import type { Csr } from "./road-network.ts";
import { seededRandom, randomInt } from "../../shared/seeded-random.ts";

/** a CSR from arcs [from, to, hours, segment] */
function csrOf(n: number, arcs: [number, number, number, number][]): Csr {
  const sorted = [...arcs].sort((x, y) => x[0] - y[0]);
  const offsets = new Int32Array(n + 1);
  for (const [u] of sorted) offsets[u + 1]++;
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  return {
    nodeCount: n, offsets,
    targets: Int32Array.from(sorted.map((a) => a[1])),
    hours: Float64Array.from(sorted.map((a) => a[2])),
    segments: Int32Array.from(sorted.map((a) => a[3])),
  };
}

describe("strongComponents", () => {
  it("puts two nodes together exactly when each reaches the other over open arcs of finite hours", () => {
    // 0 ⇄ 1 (segment 0), 1 → 2 → 0 one way (segments 1, 2), 3 → 0 one way (segment 3), 2 → 4 of infinite hours
    const csr = csrOf(5, [[0, 1, 1, 0], [1, 0, 1, 0], [1, 2, 1, 1], [2, 0, 1, 2], [3, 0, 1, 3], [2, 4, Infinity, 4]]);
    const comp = strongComponents(csr, null);
    expect(comp[0]).to.equal(comp[1]);
    expect(comp[2]).to.equal(comp[0]);
    // 3 reaches 0 but not back; 4 is reached by no finite arc
    expect(comp[3]).to.not.equal(comp[0]);
    expect(comp[4]).to.not.equal(comp[0]);
    // segment 0 closed: 0 has no open arc out, so 1 → 2 → 0 is a path but no cycle: three components
    const cut = strongComponents(csr, Uint8Array.from([1, 0, 0, 0, 0]));
    expect(new Set([cut[0], cut[1], cut[2]]).size).to.equal(3);
  });

  it("agrees with the reachability sweeps on random networks with closures", () => {
    const rnd = seededRandom(7);
    for (let trial = 0; trial < 30; trial++) {
      const n = 4 + randomInt(rnd, 20);
      const arcs: [number, number, number, number][] = [];
      for (let x = 0; x < n * 2; x++) arcs.push([randomInt(rnd, n), randomInt(rnd, n), rnd() < 0.05 ? Infinity : 1 + rnd(), randomInt(rnd, 6)]);
      const csr = csrOf(n, arcs);
      const rev = reverseCsr(csr);
      const closed = Uint8Array.from({ length: 6 }, () => Number(rnd() < 0.3));
      for (const mask of [null, closed]) {
        const comp = strongComponents(csr, mask);
        const reaching = Array.from({ length: n }, (_v, t) => nodesReaching(rev, t, mask));
        for (let u = 0; u < n; u++) {
          for (let v = 0; v < n; v++) {
            const both = reaching[v][u] === 1 && reaching[u][v] === 1;
            expect(comp[u] === comp[v], `trial ${trial}: ${u}, ${v}`).to.equal(both);
          }
        }
      }
    }
  });
});
