import { expect } from "chai";
import { DEFAULT_ALERT_THRESHOLDS, evaluateAlerts } from "../../shared/board-alerts.ts";
import type { StoredEvent } from "../../shared/events.ts";
import { deriveState } from "../../shared/restoration/derive-state.ts";
import { ms, stored, tinyScenario } from "../../shared/restoration/tiny-scenario.fixture.ts";
import { createWorkerCompute } from "../compute/worker-compute.ts";
import { createAlertDeriver, type AlertTask } from "./alert-derivation.ts";

/**
 * The tiny scenario with A a priority site (×5, dark from 20 Jul 00:00) and T1 dispatched at 01:00: at 05:00 A has
 * been dark 5 h (> 4 h) and T1 silent 4 h (> 2 h), the two default alerts.
 */
function setUp() {
  const scenario = tinyScenario();
  scenario.compounds[0].priority = 5;
  const events: StoredEvent[] = [];
  stored(events, { type: "truck.dispatched", at: "20T01:00", truck: "T1", compound: "A" });
  const base = { incident: "tiny", thresholds: DEFAULT_ALERT_THRESHOLDS, zone: scenario.timezone };
  const whole = (nowMs: number) => evaluateAlerts({ state: deriveState(scenario, events, nowMs), plan: null, events, thresholds: DEFAULT_ALERT_THRESHOLDS, nowMs, zone: scenario.timezone, scenario });
  return { scenario, events, base, whole };
}

describe("alert derivation", () => {
  it("gives, from a copy extended by the new events only, what the whole log gives", async () => {
    const { scenario, events, base, whole } = setUp();
    const derive = createAlertDeriver();
    const first: AlertTask = { ...base, afterSeq: null, events: events.slice(), scenario, plan: { plan: null }, nowMs: ms("20T02:00") };
    expect(await derive(first)).to.deep.equal({ resend: false, alerts: whole(ms("20T02:00")) });
    // T1 arrives at 02:30 (seq 2): sent alone, after seq 1; at 05:00 A is dark 5 h and T1 silent since 02:30, 2.5 h
    stored(events, { type: "truck.arrived", at: "20T02:30", truck: "T1", compound: "A" });
    const next = await derive({ ...base, afterSeq: 1, events: events.slice(1), nowMs: ms("20T05:00") });
    expect(next).to.deep.equal({ resend: false, alerts: whole(ms("20T05:00")) });
    expect(next.resend ? [] : next.alerts.map((a) => a.kind)).to.deep.equal(["priority-dark", "truck-silent"]);
  });

  it("asks for the whole log when it holds no copy ending at the seq it is sent from (a restarted worker)", async () => {
    const { events, base } = setUp();
    const derive = createAlertDeriver();
    expect(await derive({ ...base, afterSeq: 1, events: events.slice(1), nowMs: ms("20T05:00") })).to.deep.equal({ resend: true });
  });

  it("keeps its copy between tasks in a compute pool's worker thread (the server's alerts)", async () => {
    const { scenario, events, base, whole } = setUp();
    const pool = createWorkerCompute({ size: 1 });
    try {
      await pool.alerts({ ...base, afterSeq: null, events: events.slice(), scenario, plan: { plan: null }, nowMs: ms("20T02:00") });
      stored(events, { type: "truck.arrived", at: "20T02:30", truck: "T1", compound: "A" });
      expect(await pool.alerts({ ...base, afterSeq: 1, events: events.slice(1), nowMs: ms("20T05:00") })).to.deep.equal({ resend: false, alerts: whole(ms("20T05:00")) });
    } finally {
      await pool.close();
    }
  });
});
