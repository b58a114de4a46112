import { expect } from "chai";
import type { StoredEvent } from "../events.ts";
import type { Scenario } from "../scenario.ts";
import { learnDurations, quantile, spreadOf, stepSamples, usable } from "./learned-durations.ts";
import { withPlanDurations } from "./plan-durations.ts";
import { ms, stored, tinyScenario } from "./tiny-scenario.fixture.ts";

/** the tiny scenario with trucks T3…T7 at the depot; T7 a 10 kV truck (`voltage` is #17's optional field) */
function fleet(): Scenario {
  const s = tinyScenario();
  for (let i = 3; i <= 7; i++) s.trucks.push({ id: `T${i}`, name: `T${i}`, capacityKw: 100, depot: "D", availableAt: "2021-07-20T00:00:00+08:00" });
  (s.trucks[6] as { voltage?: string }).voltage = "mv";
  return s;
}

/** one trip per truck to A: arrive 20 Jul 03:00, switch on `onSiteMinutes` later */
function trips(onSiteMinutes: number[], trucks = ["T1", "T2", "T3", "T4", "T5", "T6"]): StoredEvent[] {
  const log: StoredEvent[] = [];
  onSiteMinutes.forEach((m, i) => {
    const truck = trucks[i];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck, compound: "A" });
    stored(log, { type: "truck.arrived", at: "20T03:00", truck, compound: "A" });
    stored(log, { type: "switched.on", at: `20T${String(3 + Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`, truck, compound: "A" });
  });
  return log;
}

describe("learned step durations", () => {
  it("takes quantiles between order statistics and the MAD around the median", () => {
    // [1, 2, 3, 4, 10]: the 0.1-quantile sits at position 0.4: 1 + 0.4 × (2 − 1) = 1.4; the 0.9 one at 3.6:
    // 4 + 0.6 × (10 − 4) = 7.6; deviations from the median 3 are 2, 1, 0, 1, 7 → sorted 0, 1, 1, 2, 7 → MAD 1
    const s = spreadOf([10, 3, 1, 4, 2]);
    expect(s).to.include({ n: 5, median: 3, mad: 1 });
    expect(s.p10).to.be.closeTo(1.4, 1e-12);
    expect(s.p90).to.be.closeTo(7.6, 1e-12);
    expect(quantile([5], 0.9)).to.equal(5);
  });

  it("reads each step of a trip from the log, with the on-site ratio and hours per km", () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
    stored(log, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" });
    stored(log, { type: "cable.laid", at: "20T03:30", truck: "T1", compound: "A" });
    stored(log, { type: "switched.on", at: "20T04:00", truck: "T1", compound: "A" });
    const s = stepSamples(tinyScenario(), log, ms("20T05:00"));
    expect(s.map((x) => [x.step, x.voltage, x.hours])).to.deep.equal([["travel", "lv", 1], ["cable", "lv", 0.5], ["switch", "lv", 0.5], ["onSite", "lv", 1]]);
    // A lays the default 100 m: 0.5 + 100 / 200 + 0.25 = 1.25 h modelled; 1 h observed → 0.8
    expect(s[3].ratio).to.be.closeTo(0.8, 1e-12);
    // depot [113.6, 34.7] to A [113.61, 34.7] is 0.9141 km: 1 h / 0.9141 km ≈ 1.094 h per km
    expect(s[0].ratio).to.be.closeTo(1 / 0.9141, 1e-3);
    // nothing after the instant asked
    expect(stepSamples(tinyScenario(), log, ms("20T03:15")).map((x) => x.step)).to.deep.equal(["travel"]);
  });

  it("keeps one stuck truck from moving the median, and learns each voltage apart", () => {
    // on site 60, 60, 75, 90 and 600 min (one crew waited for a gate for 9 h), and the 10 kV truck 120 min
    const log = trips([60, 60, 75, 90, 600, 120], ["T1", "T2", "T3", "T4", "T5", "T7"]);
    const learned = learnDurations(fleet(), log, ms("20T23:00"));
    const lv = learned.byVoltage.lv.onSite!;
    // hours 1, 1, 1.25, 1.5, 10: median 1.25; deviations 0.25, 0.25, 0, 0.25, 8.75 → MAD 0.25;
    // 90th percentile at position 3.6: 1.5 + 0.6 × 8.5 = 6.6 (the outlier shows in the spread, not the median)
    expect(lv.hours.n).to.equal(5);
    expect(lv.hours.median).to.equal(1.25);
    expect(lv.hours.mad).to.equal(0.25);
    expect(lv.hours.p90).to.be.closeTo(6.6, 1e-12);
    // ÷ 1.25 h modelled: the median ratio 1
    expect(lv.ratio!.median).to.be.closeTo(1, 1e-12);
    expect(learned.byVoltage.mv.onSite!.hours).to.include({ n: 1, median: 2 });
    expect(usable(learned, "lv", "onSite")).to.equal(lv);
    // one mv report is below the 5 needed
    expect(usable(learned, "mv", "onSite")).to.equal(undefined);
  });
});

describe("plan durations", () => {
  it("scales every modelled on-site time by the learned median ratio and records it", () => {
    // on site 60, 90, 90, 105, 720 min ÷ 75 min modelled: ratios 0.8, 1.2, 1.2, 1.4, 9.6 → median 1.2
    const scenario = fleet();
    scenario.compounds[1].setupHours = 2;
    const learned = learnDurations(scenario, trips([60, 90, 90, 105, 720]), ms("20T23:00"));
    const { scenario: planned, durations } = withPlanDurations(scenario, "learned", learned);
    // 0.5 h × 1.2 = 0.6 h; 200 m/h ÷ 1.2 = 166.7 m/h; 0.25 h × 1.2 = 0.3 h; B's own 2 h × 1.2 = 2.4 h
    expect(durations.used).to.equal("learned");
    expect(durations.values.planHours).to.be.closeTo(0.6, 1e-12);
    expect(durations.values.cableMetresPerHour).to.be.closeTo(200 / 1.2, 1e-9);
    expect(durations.values.switchOnHours).to.be.closeTo(0.3, 1e-12);
    expect(planned.compounds[1].setupHours).to.be.closeTo(2.4, 1e-12);
    expect(durations.onSiteRatio).to.include({ n: 5 });
    expect(durations.onSiteRatio!.median).to.be.closeTo(1.2, 1e-12);
    // the input is untouched
    expect(scenario.compounds[1].setupHours).to.equal(2);
    expect(scenario.defaults).to.equal(undefined);
  });

  it("keeps the scenario's durations below the minimum sample count, and says why", () => {
    const scenario = fleet();
    const learned = learnDurations(scenario, trips([60, 90, 90, 105]), ms("20T23:00"));
    const { scenario: planned, durations } = withPlanDurations(scenario, "learned", learned);
    expect(planned).to.equal(scenario);
    expect(durations).to.include({ requested: "learned", used: "scenario" });
    expect(durations.reason).to.match(/^4 low-voltage on-site reports .* 5 needed/);
    expect(durations.values).to.deep.equal({ planHours: 0.5, cableMetresPerHour: 200, switchOnHours: 0.25 });
    expect(withPlanDurations(scenario, "scenario", learned).durations).to.deep.include({ requested: "scenario", used: "scenario" });
  });
});
