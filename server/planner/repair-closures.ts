/**
 * Shortest paths under flood closures, repaired from the open-road search instead of searched again.
 *
 * Why: with timed flood zones every epoch has its own closures, and at city scale a full one-to-all search per site
 * per epoch multiplies the dominant cost by the number of epochs. Closures only delete arcs, so a node whose
 * open-road shortest-path tree branch avoids every closed segment keeps its distance; only the nodes below a closed
 * tree arc ("affected") can change. They are re-seeded from their unaffected in-neighbours and settled by a
 * Dijkstra restricted to them (the deletion case of Ramalingam and Reps' dynamic shortest paths). A flood over a
 * district typically affects a small part of the tree, so a repair costs a fraction of a search.
 */
import type { Csr } from "./road-network.ts";
import type { DijkstraWorkspace } from "./dijkstra-csr.ts";
import { refillRoot, siftUp } from "./indexed-heap.ts";

/** Incoming arcs per node: the arcs into node v are inArcs[inOffsets[v] .. inOffsets[v+1]-1] (indices into the CSR). */
export interface ReverseCsr {
  inOffsets: Int32Array;
  inArcs: Int32Array;
  /** tail node of each arc of the forward CSR */
  arcTail: Int32Array;
}

export function buildReverseCsr(csr: Csr): ReverseCsr {
  const n = csr.nodeCount;
  const m = csr.targets.length;
  const arcTail = new Int32Array(m);
  for (let u = 0; u < n; u++) for (let a = csr.offsets[u]; a < csr.offsets[u + 1]; a++) arcTail[a] = u;
  const inOffsets = new Int32Array(n + 1);
  for (let a = 0; a < m; a++) inOffsets[csr.targets[a] + 1]++;
  for (let v = 0; v < n; v++) inOffsets[v + 1] += inOffsets[v];
  const fill = inOffsets.slice(0, n);
  const inArcs = new Int32Array(m);
  for (let a = 0; a < m; a++) inArcs[fill[csr.targets[a]]++] = a;
  return { inOffsets, inArcs, arcTail };
}

/** Scratch for repairs, sized to the network. */
export interface RepairWorkspace {
  dist: Float64Array;
  affected: Uint8Array;
  list: Int32Array;
  heap: Int32Array;
  pos: Int32Array;
}

export function createRepairWorkspace(nodeCount: number): RepairWorkspace {
  return {
    dist: new Float64Array(nodeCount),
    affected: new Uint8Array(nodeCount),
    list: new Int32Array(nodeCount),
    heap: new Int32Array(nodeCount),
    pos: new Int32Array(nodeCount).fill(-1),
  };
}

/**
 * Distances from the source of the last `dijkstraCsr(..., null, base)` search (its tree is in `base`) when the
 * segments with `closed[segment] === 1` cannot be driven. Returns `rw.dist` (valid until the next repair).
 *
 * @example
 * dijkstraCsr(csr, s, null, base); repairClosures(csr, rev, base, mask, rw)[v]; // = dijkstraCsr(csr, s, mask, …)[v]
 */
export function repairClosures(csr: Csr, rev: ReverseCsr, base: DijkstraWorkspace, closed: Uint8Array, rw: RepairWorkspace): Float64Array {
  const { dist, affected, list, heap, pos } = rw;
  const { offsets, targets, hours, segments } = csr;
  dist.set(base.dist);
  // 1. affected nodes: settle order guarantees a node's tree parent is decided before it
  let count = 0;
  for (let i = 0; i < base.settled; i++) {
    const v = base.order[i];
    const a = base.parentArc[v];
    const hit = a >= 0 && (closed[segments[a]] === 1 || affected[rev.arcTail[a]] === 1);
    affected[v] = hit ? 1 : 0;
    if (hit) {
      list[count++] = v;
      dist[v] = Infinity;
    }
  }
  if (count === 0) return dist;
  // 2. re-seed each affected node from its unaffected in-neighbours
  let size = 0;
  for (let i = 0; i < count; i++) {
    const v = list[i];
    let best = Infinity;
    for (let k = rev.inOffsets[v]; k < rev.inOffsets[v + 1]; k++) {
      const a = rev.inArcs[k];
      const u = rev.arcTail[a];
      if (affected[u] === 1 || closed[segments[a]] === 1) continue;
      const d = dist[u] + hours[a];
      if (d < best) best = d;
    }
    dist[v] = best;
    if (best < Infinity) {
      heap[size] = v;
      pos[v] = size;
      siftUp(heap, pos, dist, size++);
    }
  }
  // 3. Dijkstra restricted to the affected nodes
  while (size > 0) {
    const u = heap[0];
    pos[u] = -1;
    refillRoot(heap, pos, dist, --size);
    const du = dist[u];
    for (let a = offsets[u], end = offsets[u + 1]; a < end; a++) {
      const v = targets[a];
      if (affected[v] !== 1 || closed[segments[a]] === 1) continue;
      const nd = du + hours[a];
      if (nd < dist[v]) {
        const inHeap = pos[v] >= 0;
        dist[v] = nd;
        if (!inHeap) {
          heap[size] = v;
          pos[v] = size++;
        }
        siftUp(heap, pos, dist, pos[v]);
      }
    }
  }
  for (let i = 0; i < count; i++) {
    affected[list[i]] = 0;
    pos[list[i]] = -1;
  }
  return dist;
}
