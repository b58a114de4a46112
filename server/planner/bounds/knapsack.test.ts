import { expect } from "chai";
import { fractionalKnapsack, onCurve, wholeKnapsack } from "./knapsack.ts";

describe("the MV knapsacks (#17)", () => {
  it("fractionalKnapsack takes the best weight per kW first, the last one in part", () => {
    // A (100, 600 kW) whole, then 400/600 of B (60, 600 kW): 100 + 40
    expect(fractionalKnapsack(1000, [{ weight: 60, loadKw: 600 }, { weight: 100, loadKw: 600 }])).to.be.closeTo(140, 1e-9);
    expect(fractionalKnapsack(0, [{ weight: 60, loadKw: 600 }])).to.equal(0);
  });

  it("onCurve reads the same value off a cumulated list, and all of it past its end", () => {
    const kw = Float64Array.of(0, 600, 1200);
    const value = Float64Array.of(0, 100, 160);
    // 100 + 60 × 400 / 600 = 140; 300 kW: 100 × 300 / 600 = 50; 2,000 kW: the whole 160
    expect(onCurve(kw, value, 1000)).to.be.closeTo(140, 1e-9);
    expect(onCurve(kw, value, 300)).to.be.closeTo(50, 1e-9);
    expect(onCurve(kw, value, 2000)).to.equal(160);
  });

  it("wholeKnapsack finds the best set of whole compounds, not the greedy one", () => {
    // A (600 kW, 100), B (600 kW, 60), C (300 kW, 30) in 1,000 kW: A and C (130); in 1,200 kW: A and B (160)
    const load = Float64Array.of(600, 600, 300);
    const worth = Float64Array.of(100 / 600, 60 / 600, 30 / 300);
    expect(wholeKnapsack([0, 1, 2], load, worth, 1000)).to.be.closeTo(130, 1e-9);
    expect(wholeKnapsack([0, 1, 2], load, worth, 1200)).to.be.closeTo(160, 1e-9);
    // greedy by worth per kW would take A, then C (900 kW, 130) in 900 kW: B and C (90) lose to it
    expect(wholeKnapsack([0, 1, 2], load, worth, 900)).to.be.closeTo(130, 1e-9);
  });
});
