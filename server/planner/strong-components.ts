/**
 * Strongly connected components of the road network with some segments closed (Tarjan, iterative), so that "can a
 * truck drive from a to b" is one comparison when both ends are in the same component, which after a small closure
 * is almost every pair: a re-plan's unserved compounds asked 84 sweeps of the 22,500-node city (~50 ms), one per
 * compound, all of them answering "the big component".
 *
 * Hand-written on the CSR rather than graphology's: the question is asked per closure set, on typed arrays, with
 * the closed arcs skipped as the searches skip them (dijkstra-csr.ts), and no graphology package here does that.
 */
import type { Csr } from "./road-network.ts";

/**
 * Per node, its component's id: two nodes have the same id exactly when each can reach the other by arcs that are
 * open (`closed[segment]` not 1) and of finite hours.
 *
 * @example
 * const comp = strongComponents(net.csr, mask);
 * comp[a] === comp[b]; // a and b reach each other
 */
export function strongComponents(csr: Csr, closed: Uint8Array | null): Int32Array {
  const n = csr.nodeCount;
  const { offsets, targets, hours, segments } = csr;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  // the depth-first path and, per node on it, the next arc to look at (an explicit stack: no recursion limit)
  const path = new Int32Array(n);
  const nextArc = new Int32Array(n);
  let sp = 0;
  let counter = 0;
  let components = 0;
  const open = (a: number): boolean => !(closed !== null && closed[segments[a]] === 1) && hours[a] < Infinity;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    path[0] = root;
    nextArc[root] = offsets[root];
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const u = path[depth];
      if (nextArc[u] < offsets[u + 1]) {
        const a = nextArc[u]++;
        if (!open(a)) continue;
        const v = targets[a];
        if (index[v] === -1) {
          index[v] = low[v] = counter++;
          stack[sp++] = v;
          onStack[v] = 1;
          nextArc[v] = offsets[v];
          path[++depth] = v;
        } else if (onStack[v] === 1 && index[v] < low[u]) {
          low[u] = index[v];
        }
        continue;
      }
      // u is done: the root of a component pops it off the stack; either way its low passes to its parent
      if (low[u] === index[u]) {
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          comp[w] = components;
        } while (w !== u);
        components++;
      }
      depth--;
      if (depth >= 0) {
        const parent = path[depth];
        if (low[u] < low[parent]) low[parent] = low[u];
      }
    }
  }
  return comp;
}
