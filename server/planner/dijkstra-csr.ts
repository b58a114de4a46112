/**
 * One-to-all Dijkstra on the CSR view of the road network, with an indexed binary heap in typed arrays.
 * Hand-written because graphology-shortest-path answers one pair at a time through object maps and a generic heap:
 * at city scale the planner runs thousands of one-to-all searches per flood epoch (see road-network.ts).
 */
import type { Csr } from "./road-network.ts";
import { UnknownNodeError } from "./planner-errors.ts";
import { refillRoot, siftUp } from "./indexed-heap.ts";

/** Reusable work arrays for one network size, so repeated searches allocate nothing. */
export interface DijkstraWorkspace {
  dist: Float64Array;
  heap: Int32Array;
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
  const { dist, heap, pos, parentArc, order } = ws;
  dist.fill(Infinity);
  pos.fill(-1);
  parentArc.fill(-1);
  let settled = 0;
  let size = 0;
  dist[source] = 0;
  heap[size] = source;
  pos[source] = size++;
  while (size > 0) {
    const u = heap[0];
    pos[u] = -2; // settled
    order[settled++] = u;
    if (u === stopAt) break;
    refillRoot(heap, pos, dist, --size);
    const du = dist[u];
    for (let a = offsets[u], end = offsets[u + 1]; a < end; a++) {
      if (closed !== null && closed[segments[a]] === 1) continue;
      const v = targets[a];
      const nd = du + hours[a];
      if (nd < dist[v]) {
        dist[v] = nd;
        parentArc[v] = a;
        if (pos[v] === -1) {
          heap[size] = v;
          pos[v] = size++;
        }
        siftUp(heap, pos, dist, pos[v]);
      }
    }
  }
  ws.settled = settled;
  return dist;
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
