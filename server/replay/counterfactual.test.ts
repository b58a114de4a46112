import { expect } from "chai";
import type { Scenario, TimelineEvent } from "../../shared/scenario.ts";
import { validateScenario } from "../../shared/validate-scenario.ts";
import { withoutTimeline } from "../../shared/timeline/timeline-inputs.ts";
import { planDispatch } from "../planner/plan-dispatch.ts";
import { counterfactual, defaultDecisionTimes } from "./counterfactual.ts";

const at = (hh: string) => `2021-07-20T${hh}:00+08:00`;
const ms = (hh: string) => Date.parse(at(hh));

/**
 * A: 100 households, 200 kW, dark 00:00 → grid 10:00, 1 h setup. B: 50 households × priority 2, grid back at 01:00
 * (no truck can help it). T1: 100 kW (half of A), parked at A's very spot from 00:00.
 * What happened: T1 dispatched at 04:00, switched on at A at 05:00.
 */
function tiny(extra: TimelineEvent[] = []): Scenario {
  return {
    id: "cf-tiny",
    name: "Counterfactual tiny",
    timezone: "Asia/Shanghai",
    horizonEnd: "2021-07-21T00:00:00+08:00",
    roads: { type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: [[113.6, 34.7], [113.7, 34.7]] } }] },
    substations: [{ id: "S1", name: "S1", location: [113.6, 34.7], voltageKv: 110, restoredAt: at("10:00") }],
    compounds: [
      { id: "A", name: "A estate", location: [113.61, 34.7], households: 100, loadKw: 200, substation: "S1", outageStart: at("00:00"), setupHours: 1 },
      { id: "B", name: "B estate", location: [113.69, 34.7], households: 50, loadKw: 100, substation: "S1", outageStart: at("00:00"), gridRestoredAt: at("01:00"), priority: 2 },
    ],
    depots: [],
    trucks: [{ id: "T1", name: "T1", capacityKw: 100, location: [113.61, 34.7], availableAt: at("00:00") }],
    events: [
      { type: "truck.dispatched", at: at("04:00"), truck: "T1", compound: "A", source: "[S] test" },
      { type: "truck.arrived", at: at("04:00"), truck: "T1", compound: "A", source: "[S] test" },
      { type: "switched.on", at: at("05:00"), truck: "T1", compound: "A", source: "[S] test" },
      ...extra,
    ],
  };
}

describe("counterfactual", () => {
  it("the tiny scenario and its timeline are valid", () => {
    const r = validateScenario(tiny());
    expect(r.ok, JSON.stringify(r.ok || r.details)).to.equal(true);
  });

  it("sets what happened against the plan, per compound and in customer outage hours (worked by hand)", () => {
    // Then: A fully dark 00:00-05:00 (5 h), half supplied 05:00-10:00 (5 h × 0.5) = 7.5 h × 100 = 750;
    //       B dark until its grid at 01:00: 1 h × 50 × 2 = 100. Total 850.
    // Plan: T1 is at A at 00:00: switch-on after the 1 h setup at 01:00: 1 h + 9 h × 0.5 = 5.5 h × 100 = 550;
    //       B as before 100. Total 650; saved 200. (With foresight: the plan knows B's grid is back at 01:00.)
    const r = counterfactual(tiny(), { foresight: true });
    expect(r.historical.customerOutageHours).to.be.closeTo(850, 1e-6);
    expect(r.planned.customerOutageHours).to.be.closeTo(650, 1e-6);
    expect(r.savedCustomerOutageHours).to.be.closeTo(200, 1e-6);
    expect(r.decisionTimes).to.deep.equal([at("00:00")]);
    const a = r.compounds.find((c) => c.id === "A")!;
    expect(a).to.deep.include({ name: "A estate", households: 100, historicalPoweredAt: at("05:00"), plannedPoweredAt: at("01:00") });
    expect(a.historicalOutageHours).to.be.closeTo(7.5, 1e-9);
    expect(a.plannedOutageHours).to.be.closeTo(5.5, 1e-9);
    const b = r.compounds.find((c) => c.id === "B")!;
    expect(b).to.deep.include({ historicalPoweredAt: at("01:00"), plannedPoweredAt: at("01:00"), historicalOutageHours: 1, plannedOutageHours: 1 });
  });

  it("counts a plan exactly as the planner's objective does", () => {
    const r = counterfactual(tiny(), { foresight: true });
    const plan = planDispatch(withoutTimeline(tiny()), { at: ms("00:00"), seed: 1 });
    expect(r.planned.customerOutageHours).to.be.closeTo(plan.customerOutageHours, 1e-6);
  });

  it("applies the timeline's grid reports to both sides, and lets later decisions carry the earlier plan's steps", () => {
    // A's grid reported back at 08:00 (the scenario said 10:00).
    // Then: 5 h + 3 h × 0.5 = 6.5 h × 100 = 650, + B 100 = 750. Plan: 1 h + 7 h × 0.5 = 4.5 h × 100 = 450, + 100 = 550.
    const scenario = tiny([{ type: "grid.restored", at: at("08:00"), compound: "A", assumed: true, source: "[A] test" }]);
    const r = counterfactual(scenario, { decisionTimes: [ms("03:00"), ms("00:00"), ms("00:00")], foresight: true });
    expect(r.decisionTimes).to.deep.equal([at("00:00"), at("03:00")]);
    expect(r.historical.customerOutageHours).to.be.closeTo(750, 1e-6);
    expect(r.planned.customerOutageHours).to.be.closeTo(550, 1e-6);
  });

  it("plans only with the trucks arrived by each decision: a convoy on the road is not known yet", () => {
    // T2 (200 kW: all of A) parks at A but only becomes available at 06:00; T1 only at 00:00 as before.
    // Decision at 00:00 alone: T1 is the only truck known, so the plan is the 650 one (A 5.5 h × 100 + B 100);
    // T2 is never sent (nobody re-plans once it arrives). A decision at 06:00 too: T2 is switched on at A at 07:00
    // (1 h setup) and A is fully supplied from then: 1 h + 6 h × 0.5 = 4 h × 100 = 400, + B 100 = 500.
    const scenario = tiny();
    scenario.trucks.push({ id: "T2", name: "T2", capacityKw: 200, location: [113.61, 34.7], availableAt: at("06:00") });
    const once = counterfactual(scenario, { decisionTimes: [ms("00:00")], foresight: true });
    expect(once.planned.customerOutageHours).to.be.closeTo(650, 1e-6);
    const twice = counterfactual(scenario, { decisionTimes: [ms("00:00"), ms("06:00")], foresight: true });
    expect(twice.planned.customerOutageHours).to.be.closeTo(500, 1e-6);
  });

  it("applies a breakdown of the timeline to the plans too, wherever the plans have the truck", () => {
    // C: 10 households, 20 kW (T1 feeds all of it), grid 10:00. In history T1 went to C (power 05:00) and broke down
    // there at 06:00; A never had a truck.
    // Then: A 10 h × 100 = 1,000; B 100; C 5 h + 4 h (06:00-10:00) = 9 h × 10 = 90. Total 1,190.
    // Plan: T1 to A at 01:00 (A weighs 100, C 10); it breaks down at 06:00 at A: 1 h + 5 h × 0.5 + 4 h = 7.5 h × 100
    // = 750; B 100; C dark 10 h × 10 = 100. Total 950 (had the breakdown stayed "at C", A would count 550).
    const scenario = tiny();
    scenario.compounds.push({ id: "C", name: "C estate", location: [113.69, 34.7], households: 10, loadKw: 20, substation: "S1", outageStart: at("00:00"), setupHours: 1 });
    scenario.events = [
      { type: "truck.dispatched", at: at("04:00"), truck: "T1", compound: "C", source: "[S] test" },
      { type: "truck.arrived", at: at("04:30"), truck: "T1", compound: "C", source: "[S] test" },
      { type: "switched.on", at: at("05:00"), truck: "T1", compound: "C", source: "[S] test" },
      { type: "truck.broken", at: at("06:00"), truck: "T1", compound: "C", source: "[S] test" },
    ];
    expect(validateScenario(scenario).ok).to.equal(true);
    const r = counterfactual(scenario, { decisionTimes: [ms("00:00"), ms("07:00")], foresight: true });
    expect(r.historical.customerOutageHours).to.be.closeTo(1190, 1e-6);
    expect(r.planned.customerOutageHours).to.be.closeTo(950, 1e-6);
  });

  it("by default plans with only the grid returns announced by each decision: B's unannounced return draws T1 away", () => {
    // At 00:00 nobody has announced B's grid for 01:00, so B counts as dark to the horizon: B weighs 50 × 2 = 100
    // per hour and T1 (100 kW) feeds all of it, against A's 100 × 0.5 = 50. T1 goes to B, B's grid returns at
    // 01:00 anyway, A stays dark to its grid at 10:00: A 10 h × 100 = 1,000 + B 1 h × 100 = 100 = 1,100; saved
    // 850 − 1,100 = −250: the plan without foresight does worse than history here.
    const r = counterfactual(tiny());
    expect(r.foresight).to.equal(false);
    expect(r.planned.customerOutageHours).to.be.closeTo(1100, 1e-6);
    expect(r.savedCustomerOutageHours).to.be.closeTo(-250, 1e-6);
    // unweighted: history A 7.5 h × 100 + B 1 h × 50 = 800; plan A 10 h × 100 + B 1 h × 50 = 1,050
    expect(r.householdHours).to.deep.equal({ historical: 800, planned: 1050, saved: -250 });
  });

  it("plans as with foresight once a forecast of B's return has been announced by the decision", () => {
    const s = tiny();
    s.forecasts = [{ at: at("00:00"), compound: "B", expected: at("01:00"), source: "[A] test", provenance: "assumed" }];
    expect(validateScenario(s).ok).to.equal(true);
    expect(counterfactual(s).planned.customerOutageHours).to.be.closeTo(650, 1e-6);
  });

  it("with both, reports the saving with foresight and without it, and the five largest contributors' share", () => {
    const r = counterfactual(tiny(), { both: true });
    // with foresight: 850 − 650 = 200, all of it from A (top five share 1); unweighted A 7.5 → 5.5 h × 100 = 200
    expect(r.withForesight).to.deep.include({ plannedCustomerOutageHours: 650, savedCustomerOutageHours: 200, savedHouseholdHours: 200, top5Share: 1 });
    // without: −250 (no positive saving: share 0)
    expect(r.withoutForesight).to.deep.include({ plannedCustomerOutageHours: 1100, savedCustomerOutageHours: -250, savedHouseholdHours: -250, top5Share: 0 });
    expect(r.savedCustomerOutageHours).to.equal(r.withoutForesight!.savedCustomerOutageHours);
  });

  it("takes the first outage and each convoy's arrival as default decision times", () => {
    const s = tiny();
    s.trucks.push({ id: "T2", name: "T2", capacityKw: 100, location: [113.69, 34.7], availableAt: at("06:00") });
    s.trucks.push({ id: "T3", name: "T3", capacityKw: 100, location: [113.69, 34.7], availableAt: at("06:00") });
    s.trucks.push({ id: "T4", name: "T4", capacityKw: 100, location: [113.69, 34.7], availableAt: "2021-07-19T20:00:00+08:00" });
    expect(defaultDecisionTimes(s)).to.deep.equal([ms("00:00"), ms("06:00")]);
  });

  it("is deterministic: the same scenario and options give the same report", () => {
    const options = { decisionTimes: [ms("00:00"), ms("02:00"), ms("06:00")], seed: 3 };
    expect(counterfactual(tiny(), options)).to.deep.equal(counterfactual(tiny(), options));
  });

  it("the planner ignores the timeline: the same plan with or without it", () => {
    const options = { at: ms("00:00"), seed: 1 };
    expect(planDispatch(tiny(), options)).to.deep.equal(planDispatch(withoutTimeline(tiny()), options));
  });

  it("takes an empty list of decision times as the default ones", () => {
    expect(counterfactual(tiny(), { decisionTimes: [] }).decisionTimes).to.deep.equal([at("00:00")]);
  });

  it("reports a compound dark until the horizon as never powered (null), as a plan does", () => {
    const s = tiny();
    s.substations[0].restoredAt = null; // A's grid: unknown, so the horizon; T1 history as before powers it at 05:00
    s.compounds.push({ id: "D", name: "D estate", location: [113.69, 34.7], households: 5, loadKw: 5000, substation: "S1", outageStart: at("00:00") });
    const r = counterfactual(s);
    const d = r.compounds.find((c) => c.id === "D")!;
    expect(d.historicalPoweredAt).to.equal(null);
    expect(r.compounds.find((c) => c.id === "A")!.historicalPoweredAt).to.equal(at("05:00"));
  });

  it("does not mutate the scenario", () => {
    const s = tiny();
    const copy = JSON.parse(JSON.stringify(s));
    counterfactual(s);
    expect(s).to.deep.equal(copy);
  });
});
