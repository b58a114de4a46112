/**
 * The replay board's pure parts, run in Node (no browser): the board's copy of the scenario clock, how scenario
 * times are written and read in the scenario's zone, and the counterfactual report's rows.
 */
import { expect } from "chai";
import { compareCompounds, counterfactualTotals } from "../../client/board/counterfactual-rows.ts";
import { createScenarioClock } from "../../client/board/replay-clock.ts";
import { formatReplayClock, fromLocalInput, toLocalInput, zoneName } from "../../client/board/replay-format.ts";
import type { CounterfactualReport, ReplayClock } from "../../shared/wire.ts";

const SERVER_WALL = Date.parse("2021-07-22T06:00:00Z");
/** the browser's clock runs 2 s ahead of the server's */
const LOCAL = SERVER_WALL + 2_000;

function clock(over: Partial<ReplayClock> = {}): ReplayClock {
  return {
    incident: "replay-1", paused: false, speed: 60,
    scenarioAt: "2021-07-22T14:00:00+08:00", wallAt: new Date(SERVER_WALL).toISOString(),
    startsAt: "2021-07-20T08:00:00+08:00", endsAt: "2021-07-28T00:00:00+08:00", delivered: 3, total: 40, ...over,
  };
}

describe("the board's scenario clock", () => {
  it("reads nothing before the first clock arrives", () => {
    expect(createScenarioClock().now(LOCAL)).to.equal(null);
  });

  it("runs from the anchor at the clock's speed, measured against the server's clock at arrival", () => {
    const c = createScenarioClock();
    c.accept(clock(), LOCAL);
    // arrived at local LOCAL = server SERVER_WALL: 30 local seconds later, at 60×, 30 scenario minutes have passed
    expect(c.now(LOCAL + 30_000)).to.equal(Date.parse("2021-07-22T14:30:00+08:00"));
  });

  it("stands still while paused and stops at the end of the timeline", () => {
    const c = createScenarioClock();
    c.accept(clock({ paused: true }), LOCAL);
    expect(c.now(LOCAL + 3_600_000)).to.equal(Date.parse("2021-07-22T14:00:00+08:00"));
    c.accept(clock({ speed: 10_000, wallAt: new Date(SERVER_WALL + 1).toISOString() }), LOCAL);
    // one local hour at ×10,000 is 10,000 scenario hours: capped at the end, 28 Jul 00:00
    expect(c.now(LOCAL + 3_600_000)).to.equal(Date.parse("2021-07-28T00:00:00+08:00"));
  });

  it("keeps the newer of two clocks whatever order they arrive in", () => {
    const c = createScenarioClock();
    const seek = clock({ scenarioAt: "2021-07-25T23:30:00+08:00", wallAt: new Date(SERVER_WALL + 5_000).toISOString(), paused: true });
    expect(c.accept(seek, LOCAL + 5_000)).to.equal(true);
    // the reply to an earlier GET, overtaken by the broadcast of the seek
    expect(c.accept(clock(), LOCAL + 6_000)).to.equal(false);
    expect(c.current()).to.equal(seek);
    expect(c.now(LOCAL + 60_000)).to.equal(Date.parse("2021-07-25T23:30:00+08:00"));
  });

  it("never reads earlier than the anchor when the local clock steps back", () => {
    const c = createScenarioClock();
    c.accept(clock(), LOCAL);
    expect(c.now(LOCAL - 10_000)).to.equal(Date.parse("2021-07-22T14:00:00+08:00"));
  });
});

describe("scenario times in the scenario's zone", () => {
  const at = Date.parse("2021-07-23T04:30:00+08:00");

  it("names the zone: its abbreviation in English, its full name in Chinese", () => {
    // ICU's short English name for Asia/Shanghai is "GMT+8"; the long one, China Standard Time, gives CST
    expect(zoneName("Asia/Shanghai", at, "en")).to.equal("CST");
    expect(zoneName("Asia/Shanghai", at, "zh")).to.equal("中国标准时间");
    expect(zoneName("Europe/Berlin", at, "en")).to.equal("CEST");
    expect(zoneName("UTC", at, "en")).to.equal("UTC");
  });

  it("shows the replay clock with its day, zone name and offset", () => {
    expect(formatReplayClock(at, "Asia/Shanghai", "en")).to.equal("23 Jul 04:30 CST (UTC+8)");
    expect(formatReplayClock(at, "Asia/Shanghai", "zh")).to.equal("7月23日 04:30 中国标准时间 (UTC+8)");
  });

  it("reads and writes the jump field in the scenario's zone, whatever the browser's zone", () => {
    // ISO order in every language (#16: the browser's datetime-local showed US month-first order)
    expect(toLocalInput(at, "Asia/Shanghai")).to.equal("2021-07-23 04:30");
    // 04:30 in Zhengzhou is 20:30 the day before in UTC
    expect(toLocalInput(at, "UTC")).to.equal("2021-07-22 20:30");
    expect(fromLocalInput("2021-07-23 04:30", "Asia/Shanghai")).to.equal(at);
    expect(fromLocalInput("2021-07-23T04:30", "Asia/Shanghai")).to.equal(at);
    expect(fromLocalInput("", "Asia/Shanghai")).to.equal(null);
    expect(fromLocalInput("2021-02-30T04:30", "Asia/Shanghai")).to.equal(null);
  });
});

describe("counterfactual rows", () => {
  const horizon = "2021-07-28T00:00:00+08:00";
  const report: CounterfactualReport = {
    scenario: "zz", decisionTimes: ["2021-07-21T12:00:00+08:00"],
    historical: { customerOutageHours: 1_000 }, planned: { customerOutageHours: 750 }, savedCustomerOutageHours: 250,
    compounds: [
      { id: "a", name: "A", households: 10, historicalPoweredAt: "2021-07-24T10:00:00+08:00", plannedPoweredAt: "2021-07-24T12:00:00+08:00", historicalOutageHours: 40, plannedOutageHours: 42 },
      { id: "jincheng-zhongyuan", name: "金成中苑", households: 2, historicalPoweredAt: "2021-07-25T23:30:00+08:00", plannedPoweredAt: "2021-07-23T13:46:00+08:00", historicalOutageHours: 126, plannedOutageHours: 68.3 },
      { id: "b", name: "B", households: 5, historicalPoweredAt: null, plannedPoweredAt: "2021-07-27T00:00:00+08:00", historicalOutageHours: 150, plannedOutageHours: 126 },
    ],
  };

  it("totals what happened against the plan, with the share saved", () => {
    // 250 of 1,000 customer outage hours saved: 25 %
    expect(counterfactualTotals(report)).to.deep.equal({ historical: 1_000, planned: 750, saved: 250, savedShare: 0.25 });
  });

  it("puts Jincheng Zhongyuan first, then the largest savings, and counts never-powered as the horizon", () => {
    const rows = compareCompounds(report, Date.parse(horizon));
    expect(rows.map((r) => r.id)).to.deep.equal(["jincheng-zhongyuan", "b", "a"]);
    // Jincheng: 25 Jul 23:30 − 23 Jul 13:46 = 57 h 44 min = 57.73 h sooner
    expect(rows[0].soonerHours).to.be.closeTo(57.733, 0.001);
    expect(rows[0].highlighted).to.equal(true);
    // b: dark to the horizon (28 Jul 00:00) in history, powered 27 Jul 00:00 in the plan: 24 h sooner; 5 × (150 − 126) = 120 household-hours
    expect(rows[1].soonerHours).to.equal(24);
    expect(rows[1].savedHouseholdHours).to.equal(120);
    // a: the plan powers it 2 h later; 10 × (40 − 42) = −20 household-hours
    expect(rows[2].soonerHours).to.equal(-2);
    expect(rows[2].savedHouseholdHours).to.equal(-20);
  });
});
