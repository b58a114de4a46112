/**
 * The counterfactual panel's headline (#14 item 5), run in Node (no browser): which figure is the saving without
 * foresight and which the upper bound, for reports computed in both modes, in one, and before #14.
 */
import { expect } from "chai";
import { counterfactualHeadline } from "../../client/board/counterfactual-rows.ts";
import type { CounterfactualReport } from "../../shared/wire.ts";

/** 1,000 customer outage hours happened; without foresight the plan leaves 800, with it 600. */
const base: CounterfactualReport = {
  scenario: "zz", decisionTimes: ["2021-07-21T12:00:00+08:00"],
  historical: { customerOutageHours: 1_000 }, planned: { customerOutageHours: 800 }, savedCustomerOutageHours: 200,
  foresight: false, householdHours: { historical: 700, planned: 580, saved: 120 }, top5Share: 0.9,
  compounds: [],
};

describe("counterfactual headline", () => {
  it("headlines the saving without foresight and puts the with-foresight saving beside it, from a report of both modes", () => {
    const report: CounterfactualReport = {
      ...base,
      withoutForesight: { plannedCustomerOutageHours: 800, savedCustomerOutageHours: 200, savedHouseholdHours: 120, top5Share: 0.9 },
      withForesight: { plannedCustomerOutageHours: 600, savedCustomerOutageHours: 400, savedHouseholdHours: 260, top5Share: 0.75 },
    };
    const head = counterfactualHeadline(report);
    expect(head.historical).to.equal(1_000);
    // 200 of 1,000 customer outage hours: 20 %
    expect(head.withoutForesight).to.deep.equal({ planned: 800, saved: 200, savedShare: 0.2, savedHouseholdHours: 120, top5Share: 0.9 });
    // 400 of 1,000: 40 %, the bound
    expect(head.withForesight).to.deep.equal({ planned: 600, saved: 400, savedShare: 0.4, savedHouseholdHours: 260, top5Share: 0.75 });
  });

  it("takes a one-mode report's own totals for its mode and has nothing for the other", () => {
    const without = counterfactualHeadline(base);
    expect(without.withoutForesight).to.deep.equal({ planned: 800, saved: 200, savedShare: 0.2, savedHouseholdHours: 120, top5Share: 0.9 });
    expect(without.withForesight).to.equal(null);
    const bound = counterfactualHeadline({ ...base, foresight: true });
    expect(bound.withoutForesight).to.equal(null);
    expect(bound.withForesight?.saved).to.equal(200);
  });

  it("reads a report from before #14 (no foresight field) as the upper bound: it planned with the true grid returns", () => {
    const { foresight: _f, householdHours: _h, top5Share: _t, ...old } = base;
    const head = counterfactualHeadline(old);
    expect(head.withoutForesight).to.equal(null);
    expect(head.withForesight).to.deep.equal({ planned: 800, saved: 200, savedShare: 0.2, savedHouseholdHours: null, top5Share: null });
  });

  it("gives a share of 0 when nothing was dark", () => {
    const head = counterfactualHeadline({ ...base, historical: { customerOutageHours: 0 }, planned: { customerOutageHours: 0 }, savedCustomerOutageHours: 0 });
    expect(head.withoutForesight?.savedShare).to.equal(0);
  });
});
