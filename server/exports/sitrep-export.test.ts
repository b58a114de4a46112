import { expect } from "chai";
import { deriveState } from "../../shared/restoration/derive-state.ts";
import { restorationCurve } from "../../shared/restoration/restoration-curve.ts";
import { previousMark, sitrepHtml, type SitrepInput } from "./sitrep-export.ts";
import { ms, tinyExport } from "./tiny-export.fixture.ts";

function input(basis: "sitrep" | "mark" = "mark"): SitrepInput {
  const x = tinyExport();
  const previousMs = ms("20T03:30");
  return {
    incident: { name: "Tiny" }, timezone: "Asia/Shanghai", atMs: x.atMs, preparedBy: "Commander Li",
    scenario: x.scenario, compounds: x.map.current.compounds, state: x.state, plan: x.plan,
    previous: { basis, atMs: previousMs, state: deriveState(x.scenario, x.events, previousMs), eventsSince: 1 },
    curve: restorationCurve(x.scenario, x.events, ms("20T00:00"), x.atMs, 3600_000),
  };
}

describe("situation report", () => {
  it("finds the previous 12-hour mark in the incident's zone", () => {
    // 23:30 → 12:00 the same day; exactly 12:00 → 00:00 (strictly before); 00:10 → 00:00 that day
    expect(previousMark(Date.parse("2021-07-25T23:30:00+08:00"), "Asia/Shanghai")).to.equal(Date.parse("2021-07-25T12:00:00+08:00"));
    expect(previousMark(Date.parse("2021-07-25T12:00:00+08:00"), "Asia/Shanghai")).to.equal(Date.parse("2021-07-25T00:00:00+08:00"));
    expect(previousMark(Date.parse("2021-07-26T00:10:00+08:00"), "Asia/Shanghai")).to.equal(Date.parse("2021-07-26T00:00:00+08:00"));
  });

  it("gives the KPIs at the instant, with the zone named", () => {
    const html = sitrepHtml(input(), "en");
    // at 06:00: out = A's unfed half 100 × 0.5 + B's 50 = 100; restored 1 − 100/150 = 33.3 %;
    // per household (100 × 5 h + 50 × 6 h) / 150 = 5.3 h; the plan's 1,234.5 customer-h to whole hours

    expect(html).to.include("Households without supply<b>100</b>");
    expect(html).to.include("Share of households restored<b>33.3 %</b>");
    expect(html).to.include("Average outage per household<b>5.3 h</b>");
    expect(html).to.include("As of <strong>2021-07-20 06:00 CST (UTC+08:00)</strong>");
    expect(html).to.include("Planned customer outage hours (weighted) 1,235 customer-h · lower bound 1,200 customer-h");
  });

  it("says what changed since the previous 12-hour mark, naming the basis", () => {
    const html = sitrepHtml(input(), "en");
    // at 03:30 nothing was fed: 150 out; now 100 → −50; A went dark → partial (still not supplied in full)
    expect(html).to.include("No earlier situation report of this incident: since the previous 12-hour mark (2021-07-20 03:30 CST (UTC+08:00))");
    expect(html).to.include("Households without supply 150 → 100 (-50)");
    expect(html).to.include("0 compounds supplied again");
    const zh = sitrepHtml(input("sitrep"), "zh-CN");
    expect(zh).to.include("自上一份态势报告（2021-07-20 03:30 CST (UTC+08:00)）以来");
    expect(zh).to.include("计划客户停电小时（加权） 1,235 户·小时 · 下界 1,200 户·小时");
  });

  it("counts compounds by substation and district, and lists the priority sites with their ETA", () => {
    const html = sitrepHtml(input(), "zh-CN");
    // S2: A partial, 50 out; S1: B dark, 50 out
    expect(html).to.include("<tr><td class=\"name\">S2</td><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">50</td></tr>");
    // B (priority 3, hospital): dark 6 h, the plan switches it on 21 Jul 01:30
    expect(html).to.include("<tr><td>B</td><td>hospital</td><td class=\"n\">3</td><td>停电</td><td class=\"n\">6 h</td><td>07-21 01:30</td></tr>");
  });

  it("draws the restoration curve as inline SVG with the previous report marked", () => {
    const html = sitrepHtml(input(), "en");
    expect(html).to.match(/<svg class="curve"[^>]*>/);
    // 7 hourly points from 00:00 to 06:00
    const points = /<polyline[^>]*points="([^"]+)"/.exec(html)![1].split(" ");
    expect(points).to.have.length(7);
    expect(html).to.include('<line class="mark"');
    expect(html).to.include("@page { size: A4;");
  });
});
