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
  const put = (i: number, a: number, b: number, c: number, w: number): void => {
    net.from[i] = a;
    net.to[i] = b;
    net.cap[i] = c;
    net.cost[i] = w;
    net.next[i] = net.head[a];
    net.head[a] = i;
  };
  put(e, from, to, cap, cost);
  put(e + 1, to, from, 0, -cost);
  net.arcCount += 2;
  return e;
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
  let flow = 0;
  let cost = 0;
  const stopAtCost = options.stopAtCost ?? Infinity;
  while (flow < maxFlow) {
    const reached = dijkstra(net, source, sink, potential, dist, prev, heap);
    if (!reached) break;
    const d = dist[sink];
    for (let v = 0; v < n; v++) potential[v] += Math.min(dist[v], d);
    const pathCost = potential[sink] - potential[source];
    if (pathCost >= stopAtCost) break;
    let push = maxFlow - flow;
    for (let v = sink; v !== source; v = net.from[prev[v]]) push = Math.min(push, net.cap[prev[v]]);
    for (let v = sink; v !== source; v = net.from[prev[v]]) {
      net.cap[prev[v]] -= push;
      net.cap[prev[v] ^ 1] += push;
    }
    flow += push;
    cost += push * pathCost;
  }
  return { flow, cost, potential };
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

function heapPush(h: Heap, node: number, key: number): void {
  let i = h.where[node];
  if (i === -1) {
    i = h.size++;
    h.nodes[i] = node;
    h.where[node] = i;
  } else if (key >= h.keys[i]) return;
  h.keys[i] = key;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h.keys[p] <= key) break;
    h.keys[i] = h.keys[p];
    h.nodes[i] = h.nodes[p];
    h.where[h.nodes[i]] = i;
    i = p;
  }
  h.keys[i] = key;
  h.nodes[i] = node;
  h.where[node] = i;
}

function heapPop(h: Heap): number {
  const top = h.nodes[0];
  h.where[top] = -2;
  const last = --h.size;
  if (last > 0) {
    const key = h.keys[last];
    const node = h.nodes[last];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && h.keys[c + 1] < h.keys[c]) c++;
      if (h.keys[c] >= key) break;
      h.keys[i] = h.keys[c];
      h.nodes[i] = h.nodes[c];
      h.where[h.nodes[i]] = i;
      i = c;
    }
    h.keys[i] = key;
    h.nodes[i] = node;
    h.where[node] = i;
  }
  return top;
}

/** Dijkstra on reduced costs (clamped at 0 against rounding); stops once the sink is settled. */
function dijkstra(net: FlowNetwork, source: number, sink: number, pi: Float64Array, dist: Float64Array,
  prev: Int32Array, h: Heap): boolean {
  dist.fill(Infinity);
  h.where.fill(-1);
  h.size = 0;
  dist[source] = 0;
  heapPush(h, source, 0);
  while (h.size > 0) {
    const u = heapPop(h);
    if (u === sink) return true;
    const du = dist[u];
    for (let e = net.head[u]; e !== -1; e = net.next[e]) {
      if (net.cap[e] <= 0) continue;
      const v = net.to[e];
      if (h.where[v] === -2) continue;
      let rc = net.cost[e] + pi[u] - pi[v];
      if (rc < 0) rc = 0;
      const dv = du + rc;
      if (dv < dist[v]) {
        dist[v] = dv;
        prev[v] = e;
        heapPush(h, v, dv);
      }
    }
  }
  return dist[sink] !== Infinity;
}
