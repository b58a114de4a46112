/**
 * The board's restoration curve keeps its samples between draws (client/board/curves.ts, #16 item 7): a draw after
 * news derives again only the samples at or after the earliest new event, and gives the same series as a draw from
 * nothing. Pure client code, run in Node (client/ is outside the spec globs).
 */
import { expect } from "chai";
import { actualSeriesInSlices, createCurveSamples } from "../../client/board/curves.ts";
import type { StoredEvent } from "../../shared/events.ts";
import { ms, stored, tinyScenario } from "../../shared/restoration/tiny-scenario.fixture.ts";

const scenario = tinyScenario();
const FROM = ms("20T00:00");
const TO = ms("22T00:00");
// 48 h in 48 points: a sample every hour, on the hour
const POINTS = 48;
const slice = { sliceMs: 1e9, pause: async () => {}, cancelled: () => false };
const series = (events: StoredEvent[], kept = createCurveSamples()) => actualSeriesInSlices(scenario, events, FROM, TO, slice, POINTS, kept);
const at = (s: { ms: number; out: number }[] | null, when: string) => s?.find((p) => p.ms === ms(when))?.out;

describe("the board's curve samples, kept between draws", () => {
  // T1 (100 kW) feeds half of A (200 kW) from 20 Jul 04:00; B (50 households) is dark until S1 returns 21 Jul 12:00
  function firstLog(): StoredEvent[] {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T02:00", truck: "T1", compound: "A" });
    stored(log, { type: "truck.arrived", at: "20T03:00", truck: "T1", compound: "A" });
    stored(log, { type: "switched.on", at: "20T04:00", truck: "T1", compound: "A" });
    return log;
  }

  it("derives again only the samples after a late report, and agrees with a draw from nothing", async () => {
    const log = firstLog();
    const kept = createCurveSamples();
    const before = await series(log, kept);
    // 21 Jul 00:00: A half out (100 × 0.5 = 50) + B dark (50) = 100; 21 Jul 12:00: B back, A still half out = 50
    expect(at(before, "21T00:00")).to.equal(100);
    expect(at(before, "21T12:00")).to.equal(50);
    const early = kept.samples.get(ms("21T00:00"));
    // T2 (300 kW) reports, late, its switch-on at A at 21 Jul 06:00: 100 + 300 kW ≥ 200 kW, A is fully fed from then
    stored(log, { type: "truck.dispatched", at: "21T04:00", truck: "T2", compound: "A" });
    stored(log, { type: "truck.arrived", at: "21T05:00", truck: "T2", compound: "A" });
    stored(log, { type: "switched.on", at: "21T06:00", truck: "T2", compound: "A" });
    const after = await series(log, kept);
    expect(after).to.deep.equal(await series(log));
    expect(at(after, "21T12:00")).to.equal(0);
    // the sample before the earliest new event (21 Jul 04:00) is the one kept; those from 04:00 on were derived again
    expect(kept.samples.get(ms("21T00:00"))).to.equal(early);
    expect(at(after, "21T00:00")).to.equal(100);
  });

  it("forgets every sample when an event is gone (a replay's jump back)", async () => {
    const log = firstLog();
    const kept = createCurveSamples();
    await series(log, kept);
    const early = kept.samples.get(ms("20T01:00"));
    const rewound = log.slice(0, 2);
    const again = await series(rewound, kept);
    expect(again).to.deep.equal(await series(rewound));
    // no truck switched on: A (100) and B (50) dark on 21 Jul 00:00
    expect(at(again, "21T00:00")).to.equal(150);
    expect(kept.samples.get(ms("20T01:00"))).not.to.equal(early);
  });
});
