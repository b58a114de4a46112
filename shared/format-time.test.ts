import { expect } from "chai";
import { formatHours, isoInZone, localClock } from "./format-time.ts";

describe("format-time", () => {
  it("writes instants as ISO 8601 with the zone's offset, to the second", () => {
    // 15:30:00.4 UTC is 23:30:00 in Zhengzhou (UTC+8); the 0.4 s rounds away
    expect(isoInZone(Date.UTC(2021, 6, 25, 15, 30, 0, 400), "Asia/Shanghai")).to.equal("2021-07-25T23:30:00+08:00");
    expect(isoInZone(Date.UTC(2021, 6, 25, 15, 30), "UTC")).to.equal("2021-07-25T15:30:00Z");
  });

  it("shows local clock times and hours for reports", () => {
    expect(localClock(Date.UTC(2021, 6, 25, 15, 30), "Asia/Shanghai")).to.equal("07-25 23:30");
    expect(formatHours(126)).to.equal("126.0 h");
  });
});
