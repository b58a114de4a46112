import { expect } from "chai";
import { DateTime } from "luxon";
import { isoWithOffset, zoneOffsetMinutes } from "./zone-offset.ts";
import { seededRandom } from "./seeded-random.ts";

describe("a zone's offset and ISO text, cached by quarter hour", () => {
  const zones = ["Asia/Shanghai", "Europe/London", "America/New_York", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "UTC", "Etc/GMT+5", "Africa/Monrovia"];

  it("writes exactly what luxon writes, for instants from 1900 to 2100, with and without milliseconds", () => {
    const random = seededRandom(7);
    const from = Date.UTC(1900, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    for (const zone of zones) {
      for (let i = 0; i < 2_000; i++) {
        const raw = from + Math.floor(random() * (to - from));
        const ms = i % 2 === 0 ? Math.floor(raw / 60_000) * 60_000 : raw;
        expect(isoWithOffset(ms, zone), `${zone} ${ms}`).to.equal(DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }));
      }
    }
  });

  it("is right on both sides of a shift, to the millisecond", () => {
    // London went from GMT to BST at 01:00 UTC on 28 March 2021: 00:59:59.999 UTC is +00:00, 01:00 UTC is +01:00
    const shift = Date.UTC(2021, 2, 28, 1, 0, 0);
    expect(isoWithOffset(shift - 1, "Europe/London")).to.equal("2021-03-28T00:59:59.999+00:00");
    expect(isoWithOffset(shift, "Europe/London")).to.equal("2021-03-28T02:00:00+01:00");
    // Lord Howe shifts by 30 minutes: 02:00 local standard time (+10:30) on 3 October 2021 is 15:30 UTC the day before
    const lordHowe = Date.UTC(2021, 9, 2, 15, 30);
    expect(zoneOffsetMinutes(lordHowe - 1, "Australia/Lord_Howe")).to.equal(630);
    expect(zoneOffsetMinutes(lordHowe, "Australia/Lord_Howe")).to.equal(660);
  });

  it("names an unknown zone", () => {
    expect(() => zoneOffsetMinutes(0, "Mars/Olympus")).to.throw("unknown time zone: Mars/Olympus");
  });
});
