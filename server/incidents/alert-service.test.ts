import { expect } from "chai";
import type { BoardAlert } from "../../shared/board-alerts.ts";
import type { StoredEvent } from "../../shared/events.ts";
import { ms, stored, tinyScenario } from "../../shared/restoration/tiny-scenario.fixture.ts";
import type { Store } from "../store/store.ts";
import { createAlertService } from "./alert-service.ts";

/**
 * The tiny scenario with A a priority site (×5), dark since 20 Jul 00:00; T1 dispatched there at 01:00 and silent
 * since. The incident's clock is set by the test; the service ticks every 5 ms of wall time.
 */
function setUp() {
  const scenario = tinyScenario();
  scenario.compounds[0].priority = 5;
  const events: StoredEvent[] = [];
  stored(events, { type: "truck.dispatched", at: "20T01:00", truck: "T1", compound: "A" });
  let nowMs = ms("20T02:00");
  const raised: BoardAlert[] = [];
  const reads: number[] = [];
  const store = {
    getIncident: async () => ({ id: "tiny", name: "Tiny", timezone: scenario.timezone, createdAt: "", compounds: 2, trucks: 2, scenario }),
    getAlertThresholds: async () => ({ prioritySiteDarkHours: 3, truckSilentHours: null, stepLateMinutes: null, set: true }),
    listEvents: async (_id: string, afterSeq = 0) => (reads.push(afterSeq), events.filter((e) => e.seq > afterSeq)),
    latestPlan: async () => null,
    getReplayClock: async () => null,
  } as unknown as Store;
  const alerts = createAlertService({
    store,
    incidents: { nowOf: async () => nowMs },
    raise: (_id, alert) => raised.push(alert),
    tickMs: 5,
    minIntervalMs: 0,
  });
  return { alerts, raised, events, reads, setNow: (dayHour: string) => { nowMs = ms(dayHour); } };
}

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe("alert service", () => {
  it("raises an alert on a clock tick once it holds, and only once while it holds", async () => {
    const { alerts, raised, setNow } = setUp();
    try {
      alerts.touch("tiny");
      // 02:00: A dark 2 h < 3 h; the first evaluation raises nothing
      await alerts.evaluate("tiny");
      expect(raised).to.deep.equal([]);
      // 03:30: dark 3.5 h > 3 h, raised at 00:00 + 3 h = 03:00; found by the ticks alone (no event, no touch)
      setNow("20T03:30");
      await until(() => raised.length > 0);
      expect(raised.map((a) => [a.kind, a.compound, a.raisedAt])).to.deep.equal([["priority-dark", "A", "2021-07-20T03:00:00+08:00"]]);
      // more ticks, and a touch, while it holds: nothing again
      setNow("20T04:00");
      alerts.touch("tiny");
      await alerts.evaluate("tiny");
      await alerts.evaluate("tiny");
      expect(raised).to.have.length(1);
    } finally {
      alerts.stop();
    }
  });

  it("never raises one alert twice from evaluations that overlap", async () => {
    const { alerts, raised, setNow } = setUp();
    try {
      setNow("20T05:00");
      await Promise.all([alerts.evaluate("tiny"), alerts.evaluate("tiny"), alerts.evaluate("tiny")]);
      expect(raised.map((a) => a.kind)).to.deep.equal(["priority-dark"]);
    } finally {
      alerts.stop();
    }
  });

  it("evaluates an incident no board watches not at all, and raises what holds once a board joins", async () => {
    const { alerts, raised, setNow } = setUp();
    let boards = 0;
    alerts.countWatchersWith(() => boards);
    try {
      // 05:00: A dark 5 h > 3 h holds, but no board watches: ticks pass and nothing is raised
      setNow("20T05:00");
      alerts.touch("tiny");
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(raised).to.deep.equal([]);
      // a board joins: the next tick raises it
      boards = 1;
      await until(() => raised.length > 0);
      expect(raised.map((a) => a.kind)).to.deep.equal(["priority-dark"]);
    } finally {
      alerts.stop();
    }
  });

  it("reads the whole log once, then only what was stored after the last evaluation", async () => {
    const { alerts, events, reads } = setUp();
    try {
      await alerts.evaluate("tiny");
      stored(events, { type: "truck.arrived", at: "20T01:30", truck: "T1", compound: "A" });
      await alerts.evaluate("tiny");
      await alerts.evaluate("tiny");
      // after seq 0 (all), then after seq 1 (the arrival), then after seq 2 (nothing new)
      expect(reads).to.deep.equal([0, 1, 2]);
    } finally {
      alerts.stop();
    }
  });
});
