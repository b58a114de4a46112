import { expect } from "chai";
import { isNewerClock, scenarioTimeAt, type ReplayAnchorFields } from "./replay-time.ts";

const WALL = Date.parse("2026-11-28T21:00:00Z");
const running: ReplayAnchorFields = {
  paused: false,
  speed: 60,
  scenarioAt: "2021-07-22T14:00:00+08:00",
  wallAt: new Date(WALL).toISOString(),
  endsAt: "2021-07-28T00:00:00+08:00",
};

describe("replay scenario time", () => {
  it("runs at the clock's speed from its anchor", () => {
    // 30 wall seconds at 60× = 1,800 scenario seconds = 30 min: 14:00 → 14:30
    expect(scenarioTimeAt(running, WALL + 30_000)).to.equal(Date.parse("2021-07-22T14:30:00+08:00"));
    // 10,000×: 36 wall seconds = 360,000 s = 100 h: 22 Jul 14:00 → 26 Jul 18:00
    expect(scenarioTimeAt({ ...running, speed: 10_000 }, WALL + 36_000)).to.equal(Date.parse("2021-07-26T18:00:00+08:00"));
  });

  it("stands still while paused", () => {
    const paused = { ...running, paused: true };
    expect(scenarioTimeAt(paused, WALL + 3_600_000)).to.equal(Date.parse(running.scenarioAt));
  });

  it("stops at the end of the timeline", () => {
    // 10 wall hours at 60× = 600 scenario hours, far past 28 Jul 00:00 (only 130 h after 22 Jul 14:00)
    expect(scenarioTimeAt(running, WALL + 10 * 3_600_000)).to.equal(Date.parse(running.endsAt));
  });

  it("never reads earlier than the anchor when the reader's clock is behind the server's", () => {
    expect(scenarioTimeAt(running, WALL - 5_000)).to.equal(Date.parse(running.scenarioAt));
  });

  it("takes a clock anchored at or after the current one, not an older one", () => {
    const later = { ...running, wallAt: new Date(WALL + 1_000).toISOString() };
    expect(isNewerClock(null, running)).to.equal(true);
    expect(isNewerClock(running, later)).to.equal(true);
    expect(isNewerClock(running, running)).to.equal(true);
    expect(isNewerClock(later, running)).to.equal(false);
  });
});
