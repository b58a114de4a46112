/**
 * ETR ranges against the true-scale Zhengzhou 2021 replay (#17, scenarios/zhengzhou-2021): at the moment a truck is first dispatched to a compound, its
 * ETR range covers the replayed true restoration time (first switch-on or grid return) for at least 80% of those
 * compounds (`npm run bench -- --section etr` prints the figure, and the fixed-instant ones); and the ETR never
 * reads the future: moving every grid return after the instant leaves every range as it was.
 */
import { readFile } from "node:fs/promises";
import { expect } from "chai";
import { etrCoverage } from "../../server/replay/etr-coverage.ts";
import { estimateRestorations } from "../../shared/restoration/estimate-restoration.ts";
import type { StoredEvent } from "../../shared/events.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { timelineInputs } from "../../shared/timeline/timeline-inputs.ts";

describe("ETR ranges in the Zhengzhou 2021 replay (#17)", function () {
  this.timeout(120_000);
  let scenario: Scenario;
  before(async () => {
    scenario = JSON.parse(await readFile(new URL("../../scenarios/zhengzhou-2021/scenario.json", import.meta.url), "utf8"));
  });

  it("covers the true restoration time for at least 80% of compounds at their first dispatch", () => {
    const { atDispatch } = etrCoverage(scenario, []);
    // every compound a truck went to before its supply came is judged, and each has an ETR then
    expect(atDispatch.n).to.be.above(100);
    expect(atDispatch.withEtr).to.equal(atDispatch.n);
    expect(atDispatch.share, `${atDispatch.covered} of ${atDispatch.n}`).to.be.at.least(0.8);
  });

  it("reads no grid return after the instant: moving them all by 5 h changes no range", () => {
    const atMs = Date.parse("2021-07-22T12:00:00+08:00");
    const log: StoredEvent[] = timelineInputs(scenario, "x").map((e, i) => ({ ...e, incident: "x", seq: i + 1, receivedAt: e.at, by: "timeline" }));
    const later = (iso: string | null | undefined) => (iso && Date.parse(iso) > atMs ? new Date(Date.parse(iso) + 5 * 3_600_000).toISOString() : iso);
    const moved: Scenario = {
      ...scenario,
      substations: scenario.substations.map((s) => ({ ...s, restoredAt: later(s.restoredAt) ?? null })),
      compounds: scenario.compounds.map((c) => (c.gridRestoredAt === undefined ? c : { ...c, gridRestoredAt: later(c.gridRestoredAt) ?? null })),
    };
    const a = estimateRestorations({ scenario, events: log, atMs });
    const b = estimateRestorations({ scenario: moved, events: log.filter((e) => Date.parse(e.at) <= atMs), atMs });
    expect(a.size).to.be.above(100);
    expect([...b]).to.deep.equal([...a]);
  });
});
