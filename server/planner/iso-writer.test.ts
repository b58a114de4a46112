import { expect } from "chai";
import { createIsoWriter } from "./iso-writer.ts";
import { isoInZone } from "../../shared/format-time.ts";
import { seededRandom } from "../../shared/seeded-random.ts";

describe("createIsoWriter", () => {
  it("writes every instant exactly as isoInZone, across offset changes and odd offsets", () => {
    // DST in London and New York, Lord Howe's half-hour shift, Kathmandu's +05:45, fixed offsets and UTC; instants
    // around each 2021 transition (minute steps) and spread over the year (seeded), fractions of a second included
    const zones = ["Asia/Shanghai", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC", "Etc/GMT+5"];
    const transitions = [Date.UTC(2021, 2, 28, 1), Date.UTC(2021, 10, 7, 6), Date.UTC(2021, 3, 3, 15), Date.UTC(2021, 9, 2, 15, 30), Date.UTC(2021, 2, 14, 7)];
    const rnd = seededRandom(7);
    const instants: number[] = [];
    for (const t of transitions) for (let m = -90; m <= 90; m++) instants.push(t + m * 60_000 + (m % 3) * 499);
    for (let n = 0; n < 2000; n++) instants.push(Date.UTC(2021, 0, 1) + Math.floor(rnd() * 366 * 86_400_000));
    for (const zone of zones) {
      const iso = createIsoWriter(zone);
      for (const ms of instants) expect(iso(ms), `${zone} ${ms}`).to.equal(isoInZone(ms, zone));
    }
  });
});
