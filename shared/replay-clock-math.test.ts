import { expect } from "chai";
import { changeReplayClock, replayFinished, scenarioNow, startReplayClock, toWireClock, visibleLog, wallDelayUntil, withinReplay } from "./replay-clock-math.ts";
import { timelineGenerationId } from "./timeline/timeline-event-id.ts";

const H = 3_600_000;
const START = Date.parse("2021-07-22T14:00:00+08:00");
const WALL = Date.parse("2026-11-28T21:00:00Z");

/** a 10-hour timeline from START, read from START at 1× */
function running(speed = 1) {
  return startReplayClock({ startsAtMs: START, endsAtMs: START + 10 * H, fromMs: START, speed, paused: false, wallMs: WALL });
}

describe("replay clock arithmetic", () => {
  it("runs at its speed from the anchor", () => {
    // 30 wall seconds at ×60 = 1 800 000 scenario ms = 30 minutes
    expect(scenarioNow(running(60), WALL + 30_000)).to.equal(START + 30 * 60_000);
  });

  it("stands still while paused and resumes from where it stopped", () => {
    const paused = changeReplayClock(running(), WALL + 60_000, { paused: true });
    expect(scenarioNow(paused, WALL + 60_000)).to.equal(START + 60_000);
    expect(scenarioNow(paused, WALL + 10 * 60_000)).to.equal(START + 60_000);
    // resumed 9 wall minutes later, it reads the paused instant and runs on: +5 s → START + 65 s
    const resumed = changeReplayClock(paused, WALL + 10 * 60_000, { paused: false });
    expect(scenarioNow(resumed, WALL + 10 * 60_000)).to.equal(START + 60_000);
    expect(scenarioNow(resumed, WALL + 10 * 60_000 + 5_000)).to.equal(START + 65_000);
  });

  it("changes speed without a jump: re-anchored at the instant of the change", () => {
    const before = running(1);
    const changeAt = WALL + 120_000;
    const faster = changeReplayClock(before, changeAt, { speed: 100 });
    expect(scenarioNow(faster, changeAt)).to.equal(scenarioNow(before, changeAt));
    // 2 wall minutes at 1× then 3 wall seconds at ×100: START + 120 s + 300 s
    expect(scenarioNow(faster, changeAt + 3_000)).to.equal(START + 420_000);
  });

  it("seeks to a time and clamps a seek to the timeline's start and end", () => {
    const c = running();
    expect(scenarioNow(changeReplayClock(c, WALL, { atMs: START + 5 * H }), WALL)).to.equal(START + 5 * H);
    expect(scenarioNow(changeReplayClock(c, WALL, { atMs: START - H }), WALL)).to.equal(START);
    expect(scenarioNow(changeReplayClock(c, WALL, { atMs: START + 99 * H }), WALL)).to.equal(START + 10 * H);
  });

  it("stops at the end of the timeline and reports it finished", () => {
    // ×10 000: the 10-hour timeline takes 3.6 wall seconds
    const fast = running(10_000);
    expect(replayFinished(fast, WALL + 3_599)).to.equal(false);
    expect(scenarioNow(fast, WALL + 60_000)).to.equal(START + 10 * H);
    expect(replayFinished(fast, WALL + 3_600)).to.equal(true);
  });

  it("gives the wall delay until a scenario instant, none while paused or past the end", () => {
    // one scenario minute at ×10 takes 6 wall seconds; 1 scenario ms at ×10 000 still waits 1 wall ms
    expect(wallDelayUntil(running(10), WALL, START + 60_000)).to.equal(6_000);
    expect(wallDelayUntil(running(10_000), WALL, START + 1)).to.equal(1);
    expect(wallDelayUntil(running(), WALL + 5_000, START)).to.equal(0);
    expect(wallDelayUntil(changeReplayClock(running(), WALL, { paused: true }), WALL, START + 60_000)).to.equal(null);
    expect(wallDelayUntil(running(), WALL, START + 11 * H)).to.equal(null);
  });

  it("sends the clock anchored at the moment it is read, in the scenario's zone", () => {
    const wire = toWireClock("inc-1", running(60), WALL + 60_000, "Asia/Shanghai", { delivered: 2, total: 5 });
    // one wall minute at ×60 = one scenario hour after 14:00
    expect(wire).to.deep.equal({
      incident: "inc-1", paused: false, speed: 60, scenarioAt: "2021-07-22T15:00:00+08:00", wallAt: "2026-11-28T21:01:00.000Z",
      startsAt: "2021-07-22T14:00:00+08:00", endsAt: "2021-07-23T00:00:00+08:00", delivered: 2, total: 5,
    });
  });

  it("does not mutate the clock it changes", () => {
    const c = running();
    const copy = structuredClone(c);
    changeReplayClock(c, WALL + 1000, { paused: true, speed: 5, atMs: START + H });
    expect(c).to.deep.equal(copy);
  });
});

describe("rewinds (#16)", () => {
  const iso = (ms: number) => new Date(ms).toISOString();

  it("records a jump back with the log's last seq, and no rewind for a jump forward or a pause", () => {
    // at WALL + 1 h the 1× clock reads START + 1 h; a jump to START + 30 min goes back
    const back = changeReplayClock(running(), WALL + H, { atMs: START + H / 2 }, 7);
    expect(back.rewinds).to.deep.equal([{ toMs: START + H / 2, seq: 7 }]);
    expect(changeReplayClock(back, WALL + H, { atMs: START + 2 * H }, 9).rewinds).to.have.length(1);
    expect(changeReplayClock(back, WALL + H, { paused: true }, 9).rewinds).to.have.length(1);
    // without a seq (a caller that does not rewind) nothing is recorded
    expect(changeReplayClock(running(), WALL + H, { atMs: START }).rewinds).to.equal(undefined);
    expect(toWireClock("i", back, WALL + H, "Asia/Shanghai", { delivered: 0, total: 0 }).rewinds).to.equal(1);
  });

  it("drops what was stored before a rewind with a field time after it, and keeps what came after", () => {
    const log = [
      { seq: 1, at: iso(START + 10 * 60_000) },
      { seq: 2, at: iso(START + 50 * 60_000) },
      // stored after the rewind (seq 3 > its seq 2): the new history, kept whatever its time
      { seq: 3, at: iso(START + 40 * 60_000) },
    ];
    // rewound to START + 30 min when the log ended at seq 2: seq 2 (50 min) is undone, seq 1 (10 min) kept
    expect(visibleLog(log, [{ toMs: START + 30 * 60_000, seq: 2 }]).map((e) => e.seq)).to.deep.equal([1, 3]);
    expect(visibleLog(log, undefined)).to.equal(log);
  });

  it("tells a jump within the replay from one outside it", () => {
    const c = running();
    expect([START - 1, START, START + 10 * H, START + 10 * H + 1].map((t) => withinReplay(c, t))).to.deep.equal([false, true, true, false]);
  });

  it("gives a timeline entry a new id for each delivery after a rewind, the first keeping its own", () => {
    const id = "0b6f1c2e-1d3a-8f00-9a00-000000000001";
    expect(timelineGenerationId(id, 0)).to.equal(id);
    const again = [1, 2].map((g) => timelineGenerationId(id, g));
    expect(new Set([id, ...again]).size).to.equal(3);
    for (const x of again) expect(x).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
