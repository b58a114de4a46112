import { expect } from "chai";
import { localTime, shortTime, zoneName } from "./export-time.ts";

describe("export times", () => {
  const at = Date.UTC(2021, 6, 25, 15, 30); // 23:30 in Shanghai (UTC+8)

  it("names the zone by its abbreviation and offset", () => {
    expect(localTime(at, "Asia/Shanghai")).to.equal("2021-07-25 23:30 CST (UTC+08:00)");
    // New York in July: EDT, UTC−4 → 11:30
    expect(localTime(at, "America/New_York")).to.equal("2021-07-25 11:30 EDT (UTC-04:00)");
    // Kolkata has no abbreviation Intl gives: the offset alone, +5:30 → 21:00
    expect(localTime(at, "Asia/Kolkata")).to.equal("2021-07-25 21:00 (UTC+05:30)");
  });

  it("writes a short cell time and the zone in full in either language", () => {
    expect(shortTime(at, "Asia/Shanghai")).to.equal("07-25 23:30");
    expect(zoneName(at, "Asia/Shanghai", "en")).to.equal("China Standard Time (Asia/Shanghai, UTC+08:00)");
    expect(zoneName(at, "Asia/Shanghai", "zh-CN")).to.equal("中国标准时间（Asia/Shanghai，UTC+08:00）");
  });
});
