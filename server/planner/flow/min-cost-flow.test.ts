import { expect } from "chai";
import { addArc, arcFlow, createFlowNetwork, solveMinCostFlow } from "./min-cost-flow.ts";

describe("solveMinCostFlow", () => {
  it("sends two units over the cheapest pair of paths", () => {
    // 0 → 1 → 3 costs 1 + 1 = 2 (cap 1); 0 → 2 → 3 costs 2 + 2 = 4 (cap 1); 0 → 3 costs 5 (cap 5).
    // Two units: 2 + 4 = 6 beats 2 + 5 = 7.
    const net = createFlowNetwork(4);
    addArc(net, 0, 1, 1, 1);
    addArc(net, 1, 3, 1, 1);
    addArc(net, 0, 2, 1, 2);
    addArc(net, 2, 3, 1, 2);
    const direct = addArc(net, 0, 3, 5, 5);
    const result = solveMinCostFlow(net, 0, 3, 2);
    expect(result.flow).to.equal(2);
    expect(result.cost).to.equal(6);
    expect(arcFlow(net, direct)).to.equal(0);
  });

  it("reroutes flow through a residual arc when a later unit needs it", () => {
    // Classic: first unit takes 0→1→2→3 (cost 1+1+1 = 3); the second unit's best is 0→2, then 2→1 back along the
    // residual of 1→2 (−1), then 1→3: 4 − 1 + 4 = 7. Total 10 = (0→1→3: 5) + (0→2→3: 5).
    const net = createFlowNetwork(4);
    addArc(net, 0, 1, 1, 1);
    addArc(net, 1, 2, 1, 1);
    addArc(net, 2, 3, 1, 1);
    addArc(net, 0, 2, 1, 4);
    addArc(net, 1, 3, 1, 4);
    expect(solveMinCostFlow(net, 0, 3, 2).cost).to.equal(10);
  });

  it("handles negative costs on a DAG given a topological order, and stops at unprofitable units", () => {
    // Values 5 and 3 on two disjoint paths, as costs −5 and −3; a third unit could only use 0→3 at cost 0.
    const net = createFlowNetwork(4);
    addArc(net, 0, 1, 1, -5);
    addArc(net, 0, 2, 1, -3);
    addArc(net, 1, 3, 1, 0);
    addArc(net, 2, 3, 1, 0);
    addArc(net, 0, 3, 9, 0);
    const result = solveMinCostFlow(net, 0, 3, 3, { order: Int32Array.from([0, 1, 2, 3]), stopAtCost: 0 });
    expect(result.flow).to.equal(2);
    expect(result.cost).to.equal(-8);
  });

  it("leaves potentials under which every residual arc has a non-negative reduced cost", () => {
    const net = createFlowNetwork(5);
    addArc(net, 0, 1, 1, -4);
    addArc(net, 0, 2, 1, -1);
    addArc(net, 1, 2, 1, -2);
    addArc(net, 1, 4, 1, 0);
    addArc(net, 2, 4, 1, 0);
    addArc(net, 2, 3, 1, -1);
    addArc(net, 3, 4, 1, 0);
    const { potential } = solveMinCostFlow(net, 0, 4, 2, { order: Int32Array.from([0, 1, 2, 3, 4]) });
    for (let e = 0; e < net.arcCount; e++) {
      if (net.cap[e] > 0) expect(net.cost[e] + potential[net.from[e]] - potential[net.to[e]]).to.be.at.least(-1e-9);
    }
  });
});
