import { expect } from "chai";
import type { Plan } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { compareWithHistory, formatHistoryComparison } from "./history-comparison.ts";

const scenario = {
  id: "s", name: "s", timezone: "Asia/Shanghai", horizonEnd: "2021-07-28T00:00:00+08:00",
  compounds: [
    { id: "jc", name: "金成中苑", location: [113.6, 34.7], households: 600, loadKw: 900, substation: "S", outageStart: "2021-07-20T17:30:00+08:00" },
    { id: "dark", name: "Dark", location: [113.6, 34.7], households: 100, loadKw: 150, substation: "S", outageStart: "2021-07-20T18:00:00+08:00" },
  ],
} as unknown as Scenario;

const plan = {
  compounds: [
    { id: "jc", poweredAt: "2021-07-23T13:48:00+08:00", outageHours: 70, servedBy: ["T1"] },
    { id: "dark", poweredAt: null, outageHours: 174, servedBy: [] },
  ],
} as unknown as Plan;

const history = {
  scenario: "s",
  events: [
    { compound: "jc", event: "crew arrives", at: "2021-07-25T22:00:00+08:00" },
    { compound: "jc", event: "generator-on (after 126 h)", at: "2021-07-25T23:30:00+08:00" },
    { compound: "dark", event: "grid-on", at: "2021-07-26T18:00:00+08:00" },
    { compound: "unknown", event: "generator-on", at: "2021-07-22T00:00:00+08:00" },
  ],
};

describe("compareWithHistory", () => {
  it("sets each compound's first real supply against the plan's, in hours from its outage start", () => {
    const [jc, dark] = compareWithHistory(scenario, plan, history);
    // 20 Jul 17:30 → 25 Jul 23:30 = 5 days + 6 h = 126 h; → 23 Jul 13:48 = 2 days + 20.3 h = 68.3 h
    expect(jc.thenHours).to.equal(126);
    expect(jc.planHours).to.be.closeTo(68.3, 1e-9);
    expect(dark).to.include({ compound: "dark", planHours: null, planAt: null });
    expect(compareWithHistory(scenario, plan, history)).to.have.length(2); // unknown compounds and non-supply steps are skipped
  });

  it("says how much sooner the plan powers a compound, in the scenario's time zone", () => {
    const lines = formatHistoryComparison(scenario, compareWithHistory(scenario, plan, history));
    // 126 − 68.3 = 57.7 h sooner
    expect(lines[0]).to.equal("  jc 金成中苑: then 07-25 23:30 (126.0 h into its outage), plan 07-23 13:48 (68.3 h), 57.7 h sooner");
    expect(lines[1]).to.contain("plan: dark to the horizon");
  });
});
