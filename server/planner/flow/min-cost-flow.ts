/**
 * Min-cost flow by successive shortest paths with node potentials (Dijkstra on reduced costs).
 *
 * Why this algorithm: our networks carry one unit per truck (≤ a few hundred units), every arc has capacity 1 or a
 * few, and the initial network is a DAG, so exact initial potentials come from one pass in topological order.
 * Then each unit costs one Dijkstra that stops as soon as the sink is settled; K Dijkstras on ~10⁵ arcs is
 * milliseconds to a second. Cost scaling (Goldberg) has better worst-case bounds but needs integer costs (ours are
 * real customer-hours), many more passes per unit on unit-capacity networks, and is much more code to get right.
 * SSP also leaves optimal dual potentials, which flowPlan uses to price arcs it pruned (an exactness certificate).
 */

export interface FlowNetwork {
  nodeCount: number;
  arcCount: number;
  /** arc e: from → to; e ^ 1 is its residual twin */
  from: Int32Array;
  to: Int32Array;
  cap: Float64Array;
  cost: Float64Array;
  head: Int32Array;
  next: Int32Array;
}

/**
 * An empty network with room for `arcHint` arcs (it grows when needed).
 *
 * @example
 * const net = createFlowNetwork(4, 8);
 * addArc(net, 0, 1, 1, -5);
 */
export function createFlowNetwork(nodeCount: number, arcHint = 16): FlowNetwork {
  const size = Math.max(4, arcHint * 2);
  return {
    nodeCount,
    arcCount: 0,
    from: new Int32Array(size),
    to: new Int32Array(size),
    cap: new Float64Array(size),
    cost: new Float64Array(size),
    head: new Int32Array(nodeCount).fill(-1),
    next: new Int32Array(size),
  };
}

function grow(net: FlowNetwork): void {
  const size = net.from.length * 2;
  const copyI = (a: Int32Array): Int32Array => { const b = new Int32Array(size); b.set(a); return b; };
  const copyF = (a: Float64Array): Float64Array => { const b = new Float64Array(size); b.set(a); return b; };
  net.from = copyI(net.from);
  net.to = copyI(net.to);
  net.next = copyI(net.next);
  net.cap = copyF(net.cap);
  net.cost = copyF(net.cost);
}

/** Adds arc from → to (and its zero-capacity twin); returns the arc's index. */
export function addArc(net: FlowNetwork, from: number, to: number, cap: number, cost: number): number {
  if (net.arcCount + 2 > net.from.length) grow(net);
  const e = net.arcCount;
  putArc(net, e, from, to, cap, cost);
  putArc(net, e + 1, to, from, 0, -cost);
  net.arcCount += 2;
  return e;
}

// Module-level, not a closure inside addArc: under tsx (keepNames) a nested function is named by a defineProperty
// call each time it is created, which cost a dense 600-compound flow ~0.2 s of its ~400,000 arcs.
function putArc(net: FlowNetwork, i: number, a: number, b: number, c: number, w: number): void {
  net.from[i] = a;
  net.to[i] = b;
  net.cap[i] = c;
  net.cost[i] = w;
  net.next[i] = net.head[a];
  net.head[a] = i;
}

/** Flow on arc e (the residual capacity of its twin). */
export function arcFlow(net: FlowNetwork, e: number): number {
  return net.cap[e ^ 1];
}

export interface MinCostFlowResult {
  flow: number;
  cost: number;
  /** feasible dual potentials of the final residual network: cost + π(from) − π(to) ≥ 0 on residual arcs */
  potential: Float64Array;
}

/**
 * Sends up to `maxFlow` units from source to sink at minimum cost (negative costs allowed when `order` is a
 * topological order of the network, or when the network has no negative cycle: Bellman–Ford is used otherwise).
 * Stops early when the cheapest remaining path costs ≥ `stopAtCost` (default: never; pass 0 to send only profitable units).
 *
 * @example
 * const net = createFlowNetwork(2);
 * addArc(net, 0, 1, 3, 2);
 * solveMinCostFlow(net, 0, 1, 2).cost; // 4
 */
export function solveMinCostFlow(net: FlowNetwork, source: number, sink: number, maxFlow: number,
  options: { order?: Int32Array; stopAtCost?: number } = {}): MinCostFlowResult {
  const n = net.nodeCount;
  const potential = initialPotential(net, source, options.order);
  const dist = new Float64Array(n);
  const prev = new Int32Array(n);
  const heap = createHeap(n);
  const adj = residualAdjacency(net);
  let flow = 0;
  let cost = 0;
  const stopAtCost = options.stopAtCost ?? Infinity;
  while (flow < maxFlow) {
    const reached = dijkstra(net, adj, source, sink, potential, dist, prev, heap);
    if (!reached) break;
    const d = dist[sink];
    for (let v = 0; v < n; v++) potential[v] += Math.min(dist[v], d);
    const pathCost = potential[sink] - potential[source];
    if (pathCost >= stopAtCost) break;
    let push = maxFlow - flow;
    for (let v = sink; v !== source; v = net.from[prev[v]]) push = Math.min(push, net.cap[prev[v]]);
    for (let v = sink; v !== source; v = net.from[prev[v]]) {
      const e = prev[v];
      net.cap[e] -= push;
      const twin = e ^ 1;
      // a twin that gains capacity becomes a residual arc of its tail
      if ((twin & 1) === 1 && net.cap[twin] <= 0) adj.back[net.from[twin]].push(twin);
      net.cap[twin] += push;
    }
    flow += push;
    cost += push * pathCost;
  }
  return { flow, cost, potential };
}

/**
 * The arcs Dijkstra scans, per node: the added arcs in one contiguous block (their heads and costs copied beside
 * them), and the twins with residual capacity in a short list of their own. Why: in the path flow every compound's
 * in-node is the head of one arc per predecessor row, so its linked list held hundreds of twins of which at most one
 * (the unit through it) ever has capacity; scanning them was most of a dense 600-compound flow (0.7 s of 80 units).
 */
interface ResidualAdjacency {
  start: Int32Array;
  arc: Int32Array;
  to: Int32Array;
  cost: Float64Array;
  /** per node: twin arcs (odd) that had capacity when listed; an entry whose capacity is gone again is skipped */
  back: number[][];
}

function residualAdjacency(net: FlowNetwork): ResidualAdjacency {
  const n = net.nodeCount;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < net.arcCount; e += 2) start[net.from[e] + 1]++;
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  const fill = start.slice(0, n);
  const m = start[n];
  const arc = new Int32Array(m);
  const to = new Int32Array(m);
  const cost = new Float64Array(m);
  for (let e = 0; e < net.arcCount; e += 2) {
    const k = fill[net.from[e]]++;
    arc[k] = e;
    to[k] = net.to[e];
    cost[k] = net.cost[e];
  }
  const back: number[][] = Array.from({ length: n }, () => []);
  for (let e = 1; e < net.arcCount; e += 2) if (net.cap[e] > 0) back[net.from[e]].push(e);
  return { start, arc, to, cost, back };
}

/** Shortest distances from the source over arcs with capacity (unreachable nodes get the largest finite one). */
function initialPotential(net: FlowNetwork, source: number, order?: Int32Array): Float64Array {
  const n = net.nodeCount;
  const pi = new Float64Array(n).fill(Infinity);
  pi[source] = 0;
  if (order) {
    for (let i = 0; i < order.length; i++) {
      const u = order[i];
      if (pi[u] === Infinity) continue;
      for (let e = net.head[u]; e !== -1; e = net.next[e]) {
        if (net.cap[e] > 0 && pi[u] + net.cost[e] < pi[net.to[e]]) pi[net.to[e]] = pi[u] + net.cost[e];
      }
    }
  } else {
    for (let round = 0; round < n; round++) {
      let changed = false;
      for (let e = 0; e < net.arcCount; e++) {
        const u = net.from[e];
        if (net.cap[e] > 0 && pi[u] !== Infinity && pi[u] + net.cost[e] < pi[net.to[e]]) {
          pi[net.to[e]] = pi[u] + net.cost[e];
          changed = true;
        }
      }
      if (!changed) break;
    }
  }
  let top = 0;
  for (let v = 0; v < n; v++) if (pi[v] !== Infinity && pi[v] > top) top = pi[v];
  for (let v = 0; v < n; v++) if (pi[v] === Infinity) pi[v] = top;
  return pi;
}

interface Heap {
  keys: Float64Array;
  nodes: Int32Array;
  where: Int32Array;
  size: number;
}

function createHeap(n: number): Heap {
  return { keys: new Float64Array(n), nodes: new Int32Array(n), where: new Int32Array(n).fill(-1), size: 0 };
}

/**
 * Dijkstra on reduced costs (clamped at 0 against rounding); stops once the sink is settled. The heap's sifts are
 * written out here with its arrays in locals: in a dense path flow every unit settles nearly every node and scans
 * every arc (80 units × 200,000 arcs at 600 compounds), and calls to heap functions reading a heap object cost more than
 * the scan itself.
 */
function dijkstra(net: FlowNetwork, adj: ResidualAdjacency, source: number, sink: number, pi: Float64Array, dist: Float64Array,
  prev: Int32Array, h: Heap): boolean {
  const { keys, nodes, where } = h;
  dist.fill(Infinity);
  where.fill(-1);
  let size = 1;
  dist[source] = 0;
  keys[0] = 0;
  nodes[0] = source;
  where[source] = 0;
  const { start, arc, to, cost, back } = adj;
  const cap = net.cap;
  while (size > 0) {
    const u = nodes[0];
    where[u] = -2;
    if (u === sink) { h.size = size; return true; }
    // pop: the last node sifts down from the root
    const last = --size;
    if (last > 0) {
      const key = keys[last];
      const node = nodes[last];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= last) break;
        if (c + 1 < last && keys[c + 1] < keys[c]) c++;
        if (keys[c] >= key) break;
        keys[i] = keys[c];
        nodes[i] = nodes[c];
        where[nodes[i]] = i;
        i = c;
      }
      keys[i] = key;
      nodes[i] = node;
      where[node] = i;
    }
    const du = dist[u];
    const pu = pi[u];
    const twins = back[u];
    const twinCount = twins.length;
    // the block of added arcs, then the residual twins (k ≥ end: twins[k − end])
    for (let k = start[u], end = start[u + 1], stop = end + twinCount; k < stop; k++) {
      let e: number, v: number, w: number;
      if (k < end) {
        e = arc[k];
        if (cap[e] <= 0) continue;
        v = to[k];
        w = cost[k];
      } else {
        e = twins[k - end];
        if (cap[e] <= 0) continue;
        v = net.to[e];
        w = net.cost[e];
      }
      const at = where[v];
      if (at === -2) continue;
      let rc = w + pu - pi[v];
      if (rc < 0) rc = 0;
      const dv = du + rc;
      if (dv < dist[v]) {
        dist[v] = dv;
        prev[v] = e;
        // push or decrease: sift up from v's slot (or a new last one)
        let i = at === -1 ? size++ : at;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (keys[p] <= dv) break;
          keys[i] = keys[p];
          nodes[i] = nodes[p];
          where[nodes[i]] = i;
          i = p;
        }
        keys[i] = dv;
        nodes[i] = v;
        where[v] = i;
      }
    }
    // twins whose unit was sent back are no longer residual: drop them (the rest keep their order)
    if (twinCount > 0) {
      let kept = 0;
      for (let x = 0; x < twinCount; x++) if (cap[twins[x]] > 0) twins[kept++] = twins[x];
      twins.length = kept;
    }
  }
  h.size = 0;
  return dist[sink] !== Infinity;
}
