import { expect } from "chai";
import type { StoredEvent } from "./events.ts";
import type { Plan } from "./plan.ts";
import { deriveState } from "./restoration/derive-state.ts";
import { ms, stored, t, tinyScenario } from "./restoration/tiny-scenario.fixture.ts";
import type { Scenario } from "./scenario.ts";
import { DEFAULT_ALERT_THRESHOLDS, evaluateAlerts, type AlertThresholds } from "./board-alerts.ts";
import { lastReports, watchCompounds } from "./watch/compound-watch.ts";

/** The tiny scenario with A a priority site (×5, a hospital). */
function scenario(): Scenario {
  const s = tinyScenario();
  s.compounds[0].priority = 5;
  return s;
}

/** The plan: T1 leaves at 01:00 for A, arrives 02:00, switches on 03:00; B is not served. */
function plan(): Plan {
  return {
    scenario: "tiny", customerOutageHours: 0, baselineCustomerOutageHours: 0, unserved: [], compounds: [],
    trucks: [{ id: "T1", stops: [{ compound: "A", depart: t("20T01:00"), arrive: t("20T02:00"), switchOn: t("20T03:00"), release: t("21T00:00") }] }],
  };
}

/** T1 reported its dispatch 10 min behind plan (01:10) and its arrival 50 min behind (02:50), nothing since. */
function lateLog(): StoredEvent[] {
  const log: StoredEvent[] = [];
  stored(log, { type: "truck.dispatched", at: "20T01:10", truck: "T1", compound: "A" });
  stored(log, { type: "truck.arrived", at: "20T02:50", truck: "T1", compound: "A" });
  return log;
}

function alertsAt(dayHour: string, events: StoredEvent[], thresholds: AlertThresholds = DEFAULT_ALERT_THRESHOLDS) {
  const s = scenario();
  return evaluateAlerts({ state: deriveState(s, events, ms(dayHour)), plan: plan(), events, thresholds, nowMs: ms(dayHour), zone: s.timezone });
}

describe("watchCompounds", () => {
  it("gives the plan's switch-on as ETA and flags the first step more than 30 min behind", () => {
    const s = scenario();
    const events = lateLog();
    const w = watchCompounds(deriveState(s, events, ms("20T03:00")), plan(), events, ms("20T03:00"));
    // dispatch 01:10 − 01:00 = 10 min (on time); arrival 02:50 − 02:00 = 50 min > 30: late at the arrival
    expect(w.get("A")).to.deep.equal({ etaMs: ms("20T03:00"), truck: "T1", lateStep: "arrive", lateSinceMs: ms("20T02:00"), lateMinutes: 50 });
    expect(w.get("B")).to.deep.include({ etaMs: null, lateStep: null });
  });

  it("counts an unreported step as behind by the time since it was due, and nothing once switched on", () => {
    const s = scenario();
    const none: StoredEvent[] = [];
    // 01:25: the dispatch is 25 min overdue (not yet late); 01:31: 31 min (late)
    expect(watchCompounds(deriveState(s, none, ms("20T01:25")), plan(), none, ms("20T01:25")).get("A")?.lateStep).to.equal(null);
    expect(watchCompounds(deriveState(s, none, ms("20T01:31")), plan(), none, ms("20T01:31")).get("A")).to.deep.include({ lateStep: "dispatch", lateMinutes: 31 });
    const done = lateLog();
    stored(done, { type: "switched.on", at: "20T03:40", truck: "T1", compound: "A" });
    expect(watchCompounds(deriveState(s, done, ms("20T04:00")), plan(), done, ms("20T04:00")).get("A")?.lateStep).to.equal(null);
  });

  it("takes each truck's latest report up to now", () => {
    const log = lateLog();
    expect(lastReports(log, ms("20T02:00"))).to.deep.equal(new Map([["T1", ms("20T01:10")]]));
    expect(lastReports(log, ms("20T06:00"))).to.deep.equal(new Map([["T1", ms("20T02:50")]]));
  });
});

describe("evaluateAlerts", () => {
  it("raises the three kinds with their since and raisedAt in the incident's zone (thresholds 4 h, 2 h, 30 min)", () => {
    const alerts = alertsAt("20T06:00", lateLog());
    // step-late: arrival planned 02:00, + 30 min → raised 02:30; 50 min behind (reported 02:50)
    // priority-dark: A (×5) dark since 00:00, 6 h at 06:00 > 4 h → raised 06:00 − (6 − 4) h = 04:00
    // truck-silent: T1 setting up, last report 02:50, 3 h 10 min (3.1 h) > 2 h → raised 04:50
    // B (priority 1) dark 6 h raises nothing
    expect(alerts).to.deep.equal([
      { id: `step-late:A:T1:arrive:${ms("20T02:00")}`, kind: "step-late", compound: "A", truck: "T1", since: t("20T02:00"), raisedAt: t("20T02:30"),
        message: { key: "alertStepLate_arrive", params: { compound: "A", truck: "T1", minutes: 50 } } },
      { id: `priority-dark:A:${ms("20T00:00")}`, kind: "priority-dark", compound: "A", since: t("20T00:00"), raisedAt: t("20T04:00"),
        message: { key: "alertPriorityDark", params: { compound: "A", hours: 6 } } },
      { id: `truck-silent:T1:${ms("20T02:50")}`, kind: "truck-silent", truck: "T1", since: t("20T02:50"), raisedAt: t("20T04:50"),
        message: { key: "alertTruckSilent", params: { truck: "T1", hours: 3.1 } } },
    ]);
  });

  it("keeps an alert's id while it holds and raises nothing below a threshold or when it is off", () => {
    const at5 = alertsAt("20T05:00", lateLog()).map((a) => a.id);
    const at6 = alertsAt("20T06:00", lateLog()).map((a) => a.id);
    expect(at6).to.include.members(at5);
    // 03:30: A dark 3.5 h < 4 h; T1 silent 40 min < 2 h; only the late arrival holds
    expect(alertsAt("20T03:30", lateLog()).map((a) => a.kind)).to.deep.equal(["step-late"]);
    expect(alertsAt("20T06:00", lateLog(), { prioritySiteDarkHours: null, truckSilentHours: null, stepLateMinutes: null })).to.deep.equal([]);
    // a 60 min step threshold at 03:30: the arrival was 50 min behind, the switch-on (due 03:00) 30 min: neither raises
    expect(alertsAt("20T03:30", lateLog(), { ...DEFAULT_ALERT_THRESHOLDS, stepLateMinutes: 60 })).to.deep.equal([]);
    // at 04:01 the switch-on is 61 min behind: it raises, planned 03:00 + 60 min → 04:00
    expect(alertsAt("20T04:01", lateLog(), { ...DEFAULT_ALERT_THRESHOLDS, stepLateMinutes: 60 }).find((a) => a.kind === "step-late"))
      .to.deep.include({ raisedAt: t("20T04:00"), message: { key: "alertStepLate_switch-on", params: { compound: "A", truck: "T1", minutes: 61 } } });
  });
});

describe("evaluateAlerts: low fuel (#17)", () => {
  /** T2 (300 kW) with a 600 L tank and 60 L/h at full load, switched on at A (200 kW) at 21 Jul 02:00: 40 L/h */
  function fuelCase(): { s: Scenario; log: StoredEvent[] } {
    const s = tinyScenario();
    Object.assign(s.trucks[1], { fuelLitres: 600, fuelLitresPerHourAtFull: 60 });
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "21T00:00", truck: "T2", compound: "A" });
    stored(log, { type: "truck.arrived", at: "21T01:00", truck: "T2", compound: "A" });
    stored(log, { type: "switched.on", at: "21T02:00", truck: "T2", compound: "A" });
    return { s, log };
  }
  const off: AlertThresholds = { prioritySiteDarkHours: null, truckSilentHours: null, stepLateMinutes: null };
  const at = (s: Scenario, log: StoredEvent[], dayHour: string, withScenario = true) => evaluateAlerts({
    state: deriveState(s, log, ms(dayHour)), plan: null, events: log, thresholds: off, nowMs: ms(dayHour), zone: s.timezone, ...(withScenario ? { scenario: s } : {}) });

  it("raises one for a truck under 25 % of its tank, named by when that began, and none without the scenario", () => {
    const { s, log } = fuelCase();
    // under 150 L (25 % of 600 L; 2 h × 40 L/h is only 80 L) after (600 − 150) / 40 = 11.25 h: 13:15
    expect(at(s, log, "21T13:00")).to.deep.equal([]);
    const [a, ...rest] = at(s, log, "21T14:00");
    expect(rest).to.deep.equal([]);
    // at 14:00: 600 − 12 × 40 = 120 L = 20 %
    expect(a).to.deep.equal({ id: `low-fuel:T2:${ms("21T13:15")}`, kind: "low-fuel", truck: "T2", since: t("21T13:15"), raisedAt: t("21T13:15"),
      message: { key: "alertLowFuel", params: { truck: "T2", litres: 120, percent: 20 } } });
    // the same id while it holds
    expect(at(s, log, "21T15:00")[0].id).to.equal(a.id);
    expect(at(s, log, "21T14:00", false)).to.deep.equal([]);
  });
});
