/**
 * One-to-all Dijkstra on the CSR view of the road network, with an indexed binary heap in typed arrays.
 * Hand-written because graphology-shortest-path answers one pair at a time through object maps and a generic heap:
 * at city scale the planner runs thousands of one-to-all searches per flood epoch (see road-network.ts).
 */
import type { Csr } from "./road-network.ts";
import { UnknownNodeError } from "./planner-errors.ts";

/** Reusable work arrays for one network size, so repeated searches allocate nothing. */
export interface DijkstraWorkspace {
  dist: Float64Array;
  /** the heap: node ids and, beside them, their keys (reading a key never goes through `dist`) */
  heap: Int32Array;
  heapKey: Float64Array;
  /** position of a node in the heap, -1 when not in it */
  pos: Int32Array;
  /** the shortest-path tree of the last search: arc into each node (-1 for the source and unreached nodes) */
  parentArc: Int32Array;
  /** nodes in the order they were settled, and how many */
  order: Int32Array;
  settled: number;
}

export function createDijkstraWorkspace(nodeCount: number): DijkstraWorkspace {
  return {
    dist: new Float64Array(nodeCount),
    heap: new Int32Array(nodeCount),
    heapKey: new Float64Array(nodeCount),
    pos: new Int32Array(nodeCount),
    parentArc: new Int32Array(nodeCount),
    order: new Int32Array(nodeCount),
    settled: 0,
  };
}

/**
 * Fills `ws.dist` with the driving hours from `source` to every node (Infinity when unreachable), never driving a
 * segment whose `closed[segment]` is 1. With `stopAt` (a node), stops once that node is settled: its distance is
 * final and the same as a full search's (the same relaxations, in the same order, up to that point), but other
 * nodes' are not; a trip between nearby sites then explores a small ball instead of the city.
 *
 * @example
 * const ws = createDijkstraWorkspace(net.csr.nodeCount);
 * dijkstraCsr(net.csr, 0, null, ws); ws.dist[3]; // hours from node 0 to node 3
 * dijkstraCsr(net.csr, 0, null, ws, 3)[3]; // the same hours, settling only the nodes nearer than node 3
 */
export function dijkstraCsr(csr: Csr, source: number, closed: Uint8Array | null, ws: DijkstraWorkspace, stopAt = -1): Float64Array {
  const { offsets, targets, hours, segments } = csr;
  if (!Number.isInteger(source) || source < 0 || source >= csr.nodeCount) throw new UnknownNodeError(source);
  // A 4-ary min-heap with each key stored beside its node: the searches are most of a city plan's time (issue
  // #15), and this heap settles a 22,500-node city ~20% faster than a binary one keyed through `dist`. Any heap
  // settles nodes in the same distance order; ties may settle in another order, which changes no distance.
  const { dist, heap, heapKey: key, pos, parentArc, order } = ws;
  dist.fill(Infinity);
  pos.fill(-1);
  parentArc.fill(-1);
  let settled = 0;
  let size = 1;
  dist[source] = 0;
  heap[0] = source;
  key[0] = 0;
  pos[source] = 0;
  while (size > 0) {
    const u = heap[0];
    const du = key[0];
    pos[u] = -2; // settled
    order[settled++] = u;
    if (u === stopAt) break;
    if (--size > 0) siftDown4(heap, key, pos, heap[size], key[size], size);
    for (let a = offsets[u], end = offsets[u + 1]; a < end; a++) {
      if (closed !== null && closed[segments[a]] === 1) continue;
      const v = targets[a];
      const nd = du + hours[a];
      if (nd < dist[v]) {
        dist[v] = nd;
        parentArc[v] = a;
        let i = pos[v];
        if (i === -1) i = size++;
        // sift up from v's slot (or a new last slot)
        while (i > 0) {
          const p = (i - 1) >> 2;
          if (key[p] <= nd) break;
          heap[i] = heap[p];
          key[i] = key[p];
          pos[heap[i]] = i;
          i = p;
        }
        heap[i] = v;
        key[i] = nd;
        pos[v] = i;
      }
    }
  }
  ws.settled = settled;
  return dist;
}

/** Puts `node` (key `k`) at the root of a 4-ary heap of `size` slots and sifts it down. */
function siftDown4(heap: Int32Array, key: Float64Array, pos: Int32Array, node: number, k: number, size: number): void {
  let i = 0;
  for (;;) {
    const first = 4 * i + 1;
    if (first >= size) break;
    let c = first;
    let ck = key[first];
    const end = first + 4 < size ? first + 4 : size;
    for (let x = first + 1; x < end; x++) if (key[x] < ck) { ck = key[x]; c = x; }
    if (ck >= k) break;
    heap[i] = heap[c];
    key[i] = ck;
    pos[heap[i]] = i;
    i = c;
  }
  heap[i] = node;
  key[i] = k;
  pos[node] = i;
}

/** The network with every arc reversed, same segment indices (searches on it give hours TO a node). */
export function reverseCsr(csr: Csr): Csr {
  const n = csr.nodeCount;
  const m = csr.targets.length;
  const offsets = new Int32Array(n + 1);
  for (let a = 0; a < m; a++) offsets[csr.targets[a] + 1]++;
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(m);
  const hours = new Float64Array(m);
  const segments = new Int32Array(m);
  for (let u = 0; u < n; u++) {
    for (let a = csr.offsets[u]; a < csr.offsets[u + 1]; a++) {
      const at = fill[csr.targets[a]]++;
      targets[at] = u;
      hours[at] = csr.hours[a];
      segments[at] = csr.segments[a];
    }
  }
  return { nodeCount: n, offsets, targets, hours, segments };
}
