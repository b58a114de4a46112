import { expect } from "chai";
import { ICS204_CSV_COLUMNS, ics204Csv, ics204Html, type AssignmentInput } from "./ics204-export.ts";
import { parseCsv } from "./parse-csv.fixture.ts";
import { tinyExport } from "./tiny-export.fixture.ts";

function input(): AssignmentInput {
  const x = tinyExport();
  return {
    incident: { name: "Tiny" }, timezone: "Asia/Shanghai", atMs: x.atMs, preparedBy: "Commander Li",
    scenario: x.scenario, compounds: x.map.current.compounds, state: x.map.state,
    plan: { id: "plan-1", status: "approved", plan: x.plan.plan },
  };
}

describe("ICS 204 assignment lists", () => {
  it("writes a CSV with its header and one row per planned stop, times ISO with the offset", () => {
    const text = ics204Csv(input());
    expect(text.split("\r\n")[0]).to.equal(ICS204_CSV_COLUMNS.join(","));
    const rows = parseCsv(text);
    expect(rows).to.have.length(2);
    expect(rows[0]).to.include({ plan: "plan-1", truck: "T1", status: "connected", stop: "1", compound: "A", compoundName: "金成中苑 A & <Sons>", households: "100", priority: "1" });
    expect(rows[1]).to.include({ truck: "T2", status: "inbound", compound: "B", priority: "3", depart: "2021-07-21T00:00:00+08:00", switchOn: "2021-07-21T01:30:00+08:00", release: "2021-07-21T12:00:00+08:00" });
  });

  it("lists a truck without stops on one row with empty stop fields", () => {
    const x = input();
    x.plan = { ...x.plan!, plan: { ...x.plan!.plan, trucks: [x.plan!.plan.trucks[1]] } };
    const rows = parseCsv(ics204Csv(x));
    expect(rows.map((r) => [r.truck, r.stop, r.compound])).to.deep.equal([["T1", "", ""], ["T2", "1", "B"]]);
  });

  it("prints one form per assigned truck with its operational period and the zone named", () => {
    const html = ics204Html(input(), "zh-CN");
    expect(html.match(/<section class="unit">/g)).to.have.length(2);
    // T2: departs 21 Jul 00:00, released 12:00
    expect(html).to.include("2021-07-21 00:00 CST (UTC+08:00) – 2021-07-21 12:00 CST (UTC+08:00)");
    expect(html).to.include("金成中苑 A &amp; &lt;Sons&gt;");
    expect(html).to.include("所有时间：中国标准时间（Asia/Shanghai，UTC+08:00）");
    expect(html).to.include("plan-1 (已批准)");
  });

  it("prints in English, unassigned trucks on a page of their own, and says when there is no plan", () => {
    const x = input();
    x.plan = null;
    const html = ics204Html(x, "en");
    expect(html).to.include("<h1>Trucks without an assignment</h1>");
    expect(html).to.include("No plan yet: no assignments.");
    expect(html.match(/<section class="unit">/g)).to.have.length(1);
    expect(parseCsv(ics204Csv(x))).to.have.length(2);
  });
});
