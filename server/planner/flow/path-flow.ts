/**
 * K vertex-disjoint maximum-value paths in a DAG as a min-cost flow, with pricing of pruned arcs.
 *
 * Rows 0..T-1 are trucks (sources), rows T..T+A-1 are the A compounds (columns 0..A-1, in grid-return order, so
 * every arc goes to a later column). Node ids: 0 source, 1 sink, 2..T+1 trucks, then column i as in = T+2+2i and
 * out = in+1 with an arc in → out of capacity 1. Every truck and every compound may also stop (arc to the sink).
 */
import { addArc, arcFlow, createFlowNetwork, solveMinCostFlow } from "./min-cost-flow.ts";

export interface PathFlowInput {
  trucks: number;
  cols: number;
  /** kept[row] = columns it may go to next (row < trucks: a truck, else compound row − trucks) */
  kept: number[][];
  firstCol(row: number): number;
  value(row: number, col: number): number;
}

export interface PathFlowSolution {
  /** columns visited by each truck, in order */
  paths: number[][];
  /** Σ values of the arcs used */
  value: number;
  /** dual price of each column's capacity: π(out) − π(in) ≥ 0 */
  columnPrice: Float64Array;
  potential: Float64Array;
}

/**
 * Solves the flow on the kept arcs.
 *
 * @example
 * solvePathFlow({ trucks: 1, cols: 2, kept: [[0, 1], [1], []], firstCol: (r) => (r < 1 ? 0 : r), value: () => 1 }).value; // 2
 */
export function solvePathFlow(input: PathFlowInput): PathFlowSolution {
  const { trucks: T, cols: A, kept } = input;
  const n = T + 2 + 2 * A;
  let arcHint = 2 * T + 2 * A;
  for (const k of kept) arcHint += k.length;
  const net = createFlowNetwork(n, arcHint);
  const inOf = (i: number): number => T + 2 + 2 * i;
  const rowNode = (r: number): number => (r < T ? 2 + r : inOf(r - T) + 1);
  for (let t = 0; t < T; t++) {
    addArc(net, 0, 2 + t, 1, 0);
    addArc(net, 2 + t, 1, 1, 0);
  }
  for (let i = 0; i < A; i++) {
    addArc(net, inOf(i), inOf(i) + 1, 1, 0);
    addArc(net, inOf(i) + 1, 1, 1, 0);
  }
  const valueArcs: number[] = [];
  const arcValue: number[] = [];
  kept.forEach((targets, r) => {
    for (const i of targets) {
      const v = input.value(r, i);
      if (v <= 0) continue;
      valueArcs.push(addArc(net, rowNode(r), inOf(i), 1, -v));
      arcValue.push(v);
    }
  });
  const order = new Int32Array(n);
  let o = 0;
  order[o++] = 0;
  for (let t = 0; t < T; t++) order[o++] = 2 + t;
  for (let i = 0; i < A; i++) { order[o++] = inOf(i); order[o++] = inOf(i) + 1; }
  order[o++] = 1;
  const { potential } = solveMinCostFlow(net, 0, 1, T, { order });
  const nextOf = new Int32Array(n).fill(-1);
  let total = 0;
  valueArcs.forEach((e, x) => {
    if (arcFlow(net, e) > 0.5) {
      nextOf[net.from[e]] = net.to[e];
      total += arcValue[x];
    }
  });
  const paths: number[][] = [];
  for (let t = 0; t < T; t++) {
    const path: number[] = [];
    for (let v = nextOf[2 + t]; v !== -1; v = nextOf[v + 1]) path.push((v - T - 2) / 2);
    paths.push(path);
  }
  const columnPrice = new Float64Array(A);
  for (let i = 0; i < A; i++) columnPrice[i] = Math.max(0, potential[inOf(i) + 1] - potential[inOf(i)]);
  return { paths, value: total, columnPrice, potential };
}

/**
 * Adds to `kept` the pruned arcs (at most `perRow` per row, most violated first) whose reduced cost −value + π(row) − π(col) is negative; returns how many.
 * None added means the solution is optimal on ALL arcs (the potentials are a dual certificate).
 */
export function priceArcs(input: PathFlowInput, solved: PathFlowSolution, perRow = Infinity): number {
  const { trucks: T, cols: A, kept } = input;
  const pi = solved.potential;
  const inOf = (i: number): number => T + 2 + 2 * i;
  const rowNode = (r: number): number => (r < T ? 2 + r : inOf(r - T) + 1);
  const mark = new Int32Array(A).fill(-1);
  let scale = 1;
  for (let i = 0; i < pi.length; i++) scale = Math.max(scale, Math.abs(pi[i]));
  const eps = 1e-9 * scale;
  let added = 0;
  const violated: { i: number; by: number }[] = [];
  kept.forEach((targets, r) => {
    for (const i of targets) mark[i] = r;
    const pr = pi[rowNode(r)];
    violated.length = 0;
    for (let i = input.firstCol(r); i < A; i++) {
      if (mark[i] === r) continue;
      const v = input.value(r, i);
      const by = v - (pr - pi[inOf(i)]);
      if (v > 0 && by > eps) violated.push({ i, by });
    }
    // Column generation: the most violated arcs first keeps the network small; the next round prices the rest.
    if (violated.length > perRow) violated.sort((a, b) => b.by - a.by);
    for (const { i } of violated.slice(0, perRow)) {
      targets.push(i);
      mark[i] = r;
      added++;
    }
  });
  return added;
}
