import { expect } from "chai";
import type { StoredEvent } from "../../shared/events.ts";
import { stored } from "../../shared/restoration/tiny-scenario.fixture.ts";
import { ICS214_CSV_COLUMNS, ics214Csv, ics214Html, type ActivityInput } from "./ics214-export.ts";
import { parseCsv } from "./parse-csv.fixture.ts";
import { ms, tinyExport } from "./tiny-export.fixture.ts";

function input(): ActivityInput {
  const x = tinyExport();
  const events: StoredEvent[] = [...x.events];
  // one the command post logs (no truck), and one after the instant (20 Jul 06:00) that must not show yet
  stored(events, { type: "grid.restored", at: "20T05:00", compound: "B" });
  stored(events, { type: "truck.released", at: "20T07:00", truck: "T1", compound: "A" });
  return { incident: { name: "Tiny" }, timezone: "Asia/Shanghai", atMs: x.atMs, preparedBy: "Commander Li", events, scenario: x.scenario, compounds: x.map.current.compounds };
}

describe("ICS 214 activity logs", () => {
  it("writes a CSV with its header, one row per event up to the instant, truck by truck, the command post last", () => {
    const text = ics214Csv(input(), "en");
    expect(text.split("\r\n")[0]).to.equal(ICS214_CSV_COLUMNS.join(","));
    const rows = parseCsv(text);
    // T1's three steps (02:00, 03:00, 04:00), then B's grid return (05:00); the 07:00 release is after 06:00
    expect(rows.map((r) => [r.unit, r.type, r.at])).to.deep.equal([
      ["T1", "truck.dispatched", "2021-07-20T02:00:00+08:00"],
      ["T1", "truck.arrived", "2021-07-20T03:00:00+08:00"],
      ["T1", "switched.on", "2021-07-20T04:00:00+08:00"],
      ["command-post", "grid.restored", "2021-07-20T05:00:00+08:00"],
    ]);
    expect(rows[2]).to.include({ activity: "switched on at 金成中苑 A & <Sons>", note: '合闸, "ok"', by: "test" });
  });

  it("prints one log per unit in Chinese, the events in words and the zone named", () => {
    const html = ics214Html(input(), "zh-CN");
    expect(html.match(/<section class="unit">/g)).to.have.length(2);
    expect(html).to.include("<td>派往 金成中苑 A &amp; &lt;Sons&gt;</td>");
    expect(html).to.include("指挥部");
    expect(html).to.include("2021-07-20 02:00 CST (UTC+08:00) – 2021-07-20 06:00 CST (UTC+08:00)");
    expect(html).to.include("时间 CST (UTC+08:00)");
  });

  it("says so when nothing is logged yet", () => {
    const x = input();
    expect(ics214Html({ ...x, atMs: ms("20T01:00") }, "en")).to.include("Nothing logged up to this instant.");
    expect(parseCsv(ics214Csv({ ...x, atMs: ms("20T01:00") }, "en"))).to.deep.equal([]);
  });
});
