import { expect } from "chai";
import { DateTime } from "luxon";
import { EARLIEST_TIME_MS, isoTimeProblem, LATEST_TIME_MS } from "./scenario-schemas.ts";
import { seededRandom } from "./seeded-random.ts";

/** isoTimeProblem as it was before its fast path: luxon reads every time */
function throughLuxon(s: string): string | null {
  if (!/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(s) || !s.includes("T")) return "must be an ISO 8601 time with an offset, e.g. 2021-07-25T23:30:00+08:00";
  const luxon = DateTime.fromISO(s, { setZone: true });
  if (!luxon.isValid) {
    return luxon.invalidReason === "unit out of range" ? "must be a real date and time (no 30 February, no minute 60)" : "must be an ISO 8601 time with an offset, e.g. 2021-07-25T23:30:00+08:00";
  }
  const ms = luxon.toMillis();
  if (Date.parse(s) !== ms) return "must be written as YYYY-MM-DDThh:mm[:ss[.sss]] with an offset, e.g. 2021-07-25T23:30:00+08:00";
  if (ms < EARLIEST_TIME_MS) return "must not be before 1900-01-01T00:00Z";
  if (ms > LATEST_TIME_MS) return "must not be after 9999-12-31";
  return null;
}

describe("isoTimeProblem", () => {
  it("answers as luxon does for plain times, real or not (the fast path changes no answer)", () => {
    const rnd = seededRandom(15);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const two = (lo: number, hi: number): string => String(lo + Math.floor(rnd() * (hi - lo + 1))).padStart(2, "0");
    for (let i = 0; i < 3000; i++) {
      const year = pick(["2021", "2020", "1900", "1899", "1000", "9999", "2100"]);
      const day = `${year}-${two(1, 12)}-${two(1, 31)}`;
      const clock = pick([`${two(0, 23)}:${two(0, 59)}`, `${two(0, 23)}:${two(0, 59)}:${two(0, 59)}`, `${two(0, 23)}:${two(0, 59)}:${two(0, 59)}.${two(0, 99)}0`]);
      const offset = pick(["Z", "+08:00", "-05:30", "+14:00", "-12:45", "+00:00", "+13:15"]);
      const s = `${day}T${clock}${offset}`;
      expect(isoTimeProblem(s), s).to.equal(throughLuxon(s));
    }
  });

  it("still refuses 30 February, a year before 1900 and times without an offset", () => {
    expect(isoTimeProblem("2021-02-30T10:00:00+08:00")).to.equal("must be a real date and time (no 30 February, no minute 60)");
    expect(isoTimeProblem("1899-12-31T23:59:59Z")).to.equal("must not be before 1900-01-01T00:00Z");
    expect(isoTimeProblem("2021-07-20T16:00:00")).to.equal("must be an ISO 8601 time with an offset, e.g. 2021-07-25T23:30:00+08:00");
    expect(isoTimeProblem("2021-07-20T16:00:00+08:00")).to.equal(null);
  });
});
