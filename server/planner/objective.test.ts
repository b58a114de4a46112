import { expect } from "chai";
import type { InstanceCompound } from "./instance.ts";
import { compoundOutageCost, noTrucksOutageCost, supplyFraction, unsuppliedHours } from "./objective.ts";

const compound = (weight: number, outageStart: number, gridReturn: number) => ({ weight, outageStart, gridReturn });

describe("objective terms", () => {
  it("supplyFraction: a truck carries capacity / load of the households, at most all", () => {
    expect(supplyFraction(250, 500)).to.equal(0.5); // 250 / 500
    expect(supplyFraction(800, 500)).to.equal(1); // capped
  });

  it("unsuppliedHours: no truck means the whole outage", () => {
    expect(unsuppliedHours(2, 12, [])).to.equal(10); // 12 − 2
  });

  it("unsuppliedHours: a half-size truck from hour 4 of a 10-hour outage leaves 7 hours", () => {
    // hours 0–4 fully dark: 4; hours 4–10 half dark: 6 × 0.5 = 3; total 7
    expect(unsuppliedHours(0, 10, [{ switchOn: 4, fraction: 0.5 }])).to.equal(7);
  });

  it("unsuppliedHours: two trucks on one compound add up, capped at all households", () => {
    // 0–2 dark: 2; 2–6 at 0.5: 4 × 0.5 = 2; from 6 supplied 0.5 + 0.75 → capped at 1: 0; total 4
    expect(unsuppliedHours(0, 10, [{ switchOn: 6, fraction: 0.75 }, { switchOn: 2, fraction: 0.5 }])).to.equal(4);
  });

  it("unsuppliedHours: a switch-on before the outage counts from its start; one after the grid returns counts for nothing", () => {
    expect(unsuppliedHours(2, 10, [{ switchOn: 0, fraction: 1 }])).to.equal(0);
    expect(unsuppliedHours(0, 10, [{ switchOn: 11, fraction: 1 }])).to.equal(10);
  });

  it("compoundOutageCost weighs hours by priority × households", () => {
    // weight 200 (e.g. 100 households at priority 2) × 7 unsupplied hours = 1400
    expect(compoundOutageCost(compound(200, 0, 10), [{ switchOn: 4, fraction: 0.5 }])).to.equal(1400);
  });

  it("noTrucksOutageCost sums every compound's full outage", () => {
    // 100 × (10 − 0) + 50 × (8 − 2) = 1000 + 300 = 1300
    expect(noTrucksOutageCost({ compounds: [compound(100, 0, 10), compound(50, 2, 8)] as InstanceCompound[] })).to.equal(1300);
  });
});

describe("unsuppliedHours with supplies that end (#17: a truck ran dry)", () => {
  it("counts the dark hours after a supply ends", () => {
    // outage 0–10; a full truck on 2–6 and a half one from 4: dark 0–2 (2), full 2–6 (0), half 6–10 (4 × 0.5 = 2) → 4
    expect(unsuppliedHours(0, 10, [{ switchOn: 2, fraction: 1, until: 6 }, { switchOn: 4, fraction: 0.5 }])).to.equal(4);
  });
});
