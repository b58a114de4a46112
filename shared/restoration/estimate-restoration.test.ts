import { expect } from "chai";
import type { StoredEvent } from "../events.ts";
import type { Plan } from "../plan.ts";
import { deriveState } from "./derive-state.ts";
import { estimateRestorations, withEtr } from "./estimate-restoration.ts";
import { ms, stored, t, tinyScenario } from "./tiny-scenario.fixture.ts";

// A lays the default 100 m: 0.5 + 0.5 + 0.25 = 1.25 h on site by the scenario; with fewer than 5 reports the
// default spread applies: on site × 0.5 / 1 / 3, travel at 30 km/h × 1 / 1.3 / 2 of the straight line.
// Bounds are rounded outwards to 5 minutes.

function dispatched(): StoredEvent[] {
  const log: StoredEvent[] = [];
  stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
  return log;
}

describe("estimated times of restoration", () => {
  it("counts a truck on the road as its travel plus the on-site steps", () => {
    const etr = estimateRestorations({ scenario: tinyScenario(), events: dispatched(), atMs: ms("20T02:10") }).get("A");
    // depot → A 0.9141 km: at best 0.9141 / 30 h = 1.83 min, likely × 1.3 = 2.38 min, at worst × 2 = 3.66 min;
    // + on site 37.5 / 75 / 225 min: 02:39.3 → 02:35, 03:17.4 → 03:15, 05:48.7 → 05:50
    expect(etr).to.deep.equal({ earliest: t("20T02:35"), likely: t("20T03:15"), latest: t("20T05:50"), basis: "en-route" });
  });

  it("counts from the arrival, then from the cable, once reported", () => {
    const log = dispatched();
    stored(log, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" });
    // 03:00 + 37.5 min = 03:37.5 → 03:35; + 75 min = 04:15; + 225 min = 06:45
    expect(estimateRestorations({ scenario: tinyScenario(), events: log, atMs: ms("20T03:10") }).get("A"))
      .to.deep.equal({ earliest: t("20T03:35"), likely: t("20T04:15"), latest: t("20T06:45"), basis: "on-site" });
    stored(log, { type: "cable.laid", at: "20T03:30", truck: "T1", compound: "A" });
    // the switch step: 0.25 h × 0.5 / 1 / 3 = 7.5 / 15 / 45 min after 03:30: 03:37.5 → 03:35, 03:45, 04:15
    expect(estimateRestorations({ scenario: tinyScenario(), events: log, atMs: ms("20T03:35") }).get("A"))
      .to.deep.equal({ earliest: t("20T03:35"), likely: t("20T03:45"), latest: t("20T04:15"), basis: "on-site" });
  });

  it("expects an overdue step from now on, keeping its upper width", () => {
    const log = dispatched();
    stored(log, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" });
    // at 07:00 the 06:45 latest has passed: from now, likely 07:00, latest 07:00 + (06:45 − 04:15) = 09:30
    expect(estimateRestorations({ scenario: tinyScenario(), events: log, atMs: ms("20T07:00") }).get("A"))
      .to.deep.equal({ earliest: t("20T07:00"), likely: t("20T07:00"), latest: t("20T09:30"), basis: "on-site" });
  });

  it("uses the learned spread once five reports are in", () => {
    const s = tinyScenario();
    for (let i = 3; i <= 8; i++) s.trucks.push({ id: `T${i}`, name: `T${i}`, capacityKw: 100, depot: "D", availableAt: t("20T00:00") });
    const log: StoredEvent[] = [];
    // five trucks at B (same 1.25 h model): on site 60, 75, 75, 90, 120 min → ratios 0.8, 1, 1, 1.2, 1.6
    [60, 75, 75, 90, 120].forEach((m, i) => {
      stored(log, { type: "truck.dispatched", at: "20T01:00", truck: `T${i + 3}`, compound: "B" });
      stored(log, { type: "truck.arrived", at: "20T02:00", truck: `T${i + 3}`, compound: "B" });
      stored(log, { type: "switched.on", at: `20T0${2 + Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}`, truck: `T${i + 3}`, compound: "B" });
    });
    stored(log, { type: "truck.dispatched", at: "20T05:00", truck: "T8", compound: "A" });
    stored(log, { type: "truck.arrived", at: "20T06:00", truck: "T8", compound: "A" });
    // p10 at position 0.4: 0.8 + 0.4 × 0.2 = 0.88; median 1; p90 at 3.6: 1.2 + 0.6 × 0.4 = 1.44
    // × 75 min: 66 / 75 / 108 min after 06:00 → 07:06 → 07:05, 07:15, 07:48 → 07:50
    expect(estimateRestorations({ scenario: s, events: log, atMs: ms("20T06:30") }).get("A"))
      .to.deep.equal({ earliest: t("20T07:05"), likely: t("20T07:15"), latest: t("20T07:50"), basis: "on-site" });
  });

  it("takes the plan's stop, moved on by its truck's delay in leaving", () => {
    const plan = {
      scenario: "tiny", customerOutageHours: 0, baselineCustomerOutageHours: 0, compounds: [], unserved: [],
      trucks: [{ id: "T1", stops: [{ compound: "A", depart: t("20T02:00"), arrive: t("20T02:30"), switchOn: t("20T04:00"), release: t("26T00:00") }] }],
    } as Plan;
    const etr = estimateRestorations({ scenario: tinyScenario(), events: [], atMs: ms("20T03:00"), plan }).get("A");
    // an hour late in leaving: likely 05:00. Travel 0.5 h × (1 − 1/1.3) = 6.9 min sooner, × (2/1.3 − 1) = 16.2 min
    // later; on site 1.5 h × 0.5 = 45 min sooner, × 2 = 3 h later: 04:08.1 → 04:05, 08:16.2 → 08:20
    expect(etr).to.deep.equal({ earliest: t("20T04:05"), likely: t("20T05:00"), latest: t("20T08:20"), basis: "plan" });
  });

  it("reads grid returns from the forecasts announced by then, else from the scenario", () => {
    const s = tinyScenario();
    // no forecasts: B's substation S1 is back 21 Jul 12:00, a point; A's S2 return is unknown: no ETR
    const plain = estimateRestorations({ scenario: s, events: [], atMs: ms("20T06:00") });
    expect(plain.get("B")).to.deep.equal({ earliest: t("21T12:00"), likely: t("21T12:00"), latest: t("21T12:00"), basis: "grid" });
    expect(plain.has("A")).to.equal(false);
    s.forecasts = [
      { at: t("20T01:00"), substation: "S2", expected: t("22T10:00"), earliest: t("22T06:00"), latest: t("22T14:00") },
      { at: t("20T05:00"), compound: "A", expected: t("22T08:00"), earliest: t("22T07:00"), latest: t("22T09:00") },
    ];
    // with forecasts the scenario's own times are not read: B has none announced
    expect(estimateRestorations({ scenario: s, events: [], atMs: ms("20T04:00") }).get("A"))
      .to.deep.equal({ earliest: t("22T06:00"), likely: t("22T10:00"), latest: t("22T14:00"), basis: "forecast" });
    const later = estimateRestorations({ scenario: s, events: [], atMs: ms("20T06:00") });
    expect(later.get("A")).to.deep.equal({ earliest: t("22T07:00"), likely: t("22T08:00"), latest: t("22T09:00"), basis: "forecast" });
    expect(later.has("B")).to.equal(false);
    // a truck on the way and a forecast: whichever comes first, bound by bound
    const both = estimateRestorations({ scenario: s, events: dispatched(), atMs: ms("20T02:10") }).get("A");
    expect(both).to.deep.equal({ earliest: t("20T02:35"), likely: t("20T03:15"), latest: t("20T05:50"), basis: "en-route" });
  });

  it("gives none to a compound already supplied, and puts the rest in the state", () => {
    const log = dispatched();
    stored(log, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" });
    stored(log, { type: "switched.on", at: "20T04:00", truck: "T1", compound: "A" });
    const at = ms("20T05:00");
    const etr = estimateRestorations({ scenario: tinyScenario(), events: log, atMs: at });
    expect(etr.has("A")).to.equal(false);
    const state = withEtr(deriveState(tinyScenario(), log, at), etr);
    expect(state.compounds[0].status).to.equal("partial");
    expect(state.compounds[0].etr).to.equal(undefined);
    expect(state.compounds[1].etr).to.deep.equal({ earliest: t("21T12:00"), likely: t("21T12:00"), latest: t("21T12:00"), basis: "grid" });
  });
});
