import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Scenario } from "../../shared/scenario.ts";
import type { CounterfactualReport } from "../../server/replay/counterfactual.ts";

const root = new URL("../../", import.meta.url).pathname;
const zhengzhou = join(root, "scenarios/zhengzhou-2021-model/scenario.json");

/** Runs the CLI as `npm run --silent replay -- ...` does (tsx on server/cli/replay.ts). */
function replay(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "server/cli/replay.ts", ...args], { cwd: root, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("replay CLI", function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), "lianxin-replay-"));

  describe("the Zhengzhou 2021 counterfactual (--report --json)", () => {
    let report: CounterfactualReport;
    before(() => {
      const r = replay(zhengzhou, "--report", "--json");
      expect(r.status, r.stderr).to.equal(0);
      report = JSON.parse(r.stdout) as CounterfactualReport; // throws unless stdout is exactly one document
    });

    it("re-plans when each convoy arrives: the first outage, then 13 distinct truck arrivals", () => {
      expect(report.scenario).to.equal("zhengzhou-2021");
      expect(report.decisionTimes[0]).to.equal("2021-07-20T12:00:00+08:00"); // 橡树玫瑰城's outage, the first
      expect(report.decisionTimes).to.include("2021-07-22T20:00:00+08:00"); // the Chengdu Gaoxin team
      expect(report.decisionTimes.at(-1)).to.equal("2021-07-24T12:00:00+08:00"); // Hubei
      expect(report.decisionTimes).to.have.length(14);
    });

    it("has Jincheng Zhongyuan powered at 23:30 on 25 Jul 2021 in history, and earlier under the plans", () => {
      const jincheng = report.compounds.find((c) => c.id === "jincheng-zhongyuan")!;
      expect(jincheng.name).to.equal("金成中苑 Jincheng Zhongyuan");
      expect(jincheng.historicalPoweredAt).to.equal("2021-07-25T23:30:00+08:00");
      expect(jincheng.plannedPoweredAt).to.match(/\+08:00$/);
      expect(Date.parse(jincheng.plannedPoweredAt!)).to.be.below(Date.parse(jincheng.historicalPoweredAt!));
      // the sourced first supplies elsewhere: the ICU 05:00 21 Jul, 橡树玫瑰城 07:00 23 Jul, 紫荆苑 16:10 24 Jul, 中苑名都 00:40 25 Jul
      const then = (id: string) => report.compounds.find((c) => c.id === id)!.historicalPoweredAt;
      expect([then("zhengda-yifuyuan"), then("xiangshu-meiguicheng"), then("zijingyuan"), then("zhongyuan-mingdu")]).to.deep.equal([
        "2021-07-21T05:00:00+08:00", "2021-07-23T07:00:00+08:00", "2021-07-24T16:10:00+08:00", "2021-07-25T00:40:00+08:00",
      ]);
    });

    it("saves customer outage hours in total, and the saving is historical − planned", () => {
      const { historical, planned, savedCustomerOutageHours } = report;
      expect(planned.customerOutageHours).to.be.below(historical.customerOutageHours);
      expect(savedCustomerOutageHours).to.be.closeTo(historical.customerOutageHours - planned.customerOutageHours, 1e-6);
      // the totals are Σ priority × households × hours per household of the compound rows (the hospital and the
      // water works weigh 10 per household-equivalent)
      const weight = new Map<string, number>([["zhengda-yifuyuan", 10], ["houzhai-water", 10]]);
      const sum = (f: "historicalOutageHours" | "plannedOutageHours") =>
        report.compounds.reduce((t, c) => t + (weight.get(c.id) ?? 1) * c.households * c[f], 0);
      expect(sum("historicalOutageHours")).to.be.closeTo(historical.customerOutageHours, 1e-3);
      expect(sum("plannedOutageHours")).to.be.closeTo(planned.customerOutageHours, 1e-3);
    });
  });

  describe("the Zhengzhou 2021 timeline (scenario.events)", () => {
    const scenario = JSON.parse(readFileSync(zhengzhou, "utf8")) as Scenario;
    const events = scenario.events ?? [];

    it("labels every entry: a [S] / [seed] source, or assumed with an [A] source", () => {
      expect(events.length).to.be.greaterThan(100);
      const unlabelled = events.filter((e) => !(e.assumed ? /^\[A\] /.test(e.source ?? "") : /^\[(S|seed)\] /.test(e.source ?? "")));
      expect(unlabelled).to.deep.equal([]);
    });

    it("has the Sichuan team's crew steps at Jincheng Zhongyuan, a little over an hour on site before 23:30 on 25 Jul", () => {
      const steps = events.filter((e) => e.compound === "jincheng-zhongyuan" && e.truck === "sichuan-cd-01");
      expect(steps.map((e) => e.type)).to.deep.equal(["truck.dispatched", "truck.arrived", "cable.laid", "switched.on", "truck.released"]);
      const on = steps[3];
      expect(on.at).to.equal("2021-07-25T23:30:00+08:00");
      expect(on.source).to.match(/^\[seed\]/);
      // arrived 22:20 → switched on 23:30: 70 minutes on site
      expect((Date.parse(on.at) - Date.parse(steps[1].at)) / 60_000).to.equal(70);
      // nothing powers it before: no other truck, no grid return
      const earlier = events.filter((e) => e.compound === "jincheng-zhongyuan" && Date.parse(e.at) < Date.parse(on.at) && e.truck !== "sichuan-cd-01");
      expect(earlier).to.deep.equal([]);
    });
  });

  it("gives the same report twice for the same scenario and options", () => {
    const args = [zhengzhou, "--json", "--decision-at", "2021-07-20T12:00:00+08:00", "--decision-at", "2021-07-23T03:00:00+08:00", "--seed", "2"];
    const a = replay(...args);
    const b = replay(...args);
    expect(a.status, a.stderr).to.equal(0);
    expect(a.stdout).to.equal(b.stdout);
    expect((JSON.parse(a.stdout) as CounterfactualReport).decisionTimes).to.deep.equal(["2021-07-20T12:00:00+08:00", "2021-07-23T03:00:00+08:00"]);
  });

  it("with one decision after the last convoy arrived, counts exactly the plan the plan CLI makes at that instant (the planner's objective)", () => {
    // 24 Jul 12:00 is the last truck's availableAt: the decision knows the whole fleet, as the plan CLI does, and
    // the timeline's grid returns before it are the scenario's own times; --foresight: the true returns after it too,
    // as the scenario (and so the plan CLI) states them
    const first = "2021-07-24T12:00:00+08:00";
    const r = replay(zhengzhou, "--json", "--foresight", "--decision-at", first);
    const p = spawnSync(process.execPath, ["--import", "tsx", "server/cli/plan.ts", zhengzhou, "--json", "--at", first], { cwd: root, encoding: "utf8" });
    expect(r.status, r.stderr).to.equal(0);
    expect(p.status, p.stderr).to.equal(0);
    const plan = JSON.parse(p.stdout) as { customerOutageHours: number; compounds: { id: string; poweredAt: string | null }[] };
    const report = JSON.parse(r.stdout) as CounterfactualReport;
    // the replay executes the plan document's steps, whose times are to the second: a switch-on moved by < 0.5 s
    // shifts a compound's cost by < weight × 0.5 / 3600, so the totals agree to ~1e-7 of 3.5 million here
    expect(report.planned.customerOutageHours).to.be.closeTo(plan.customerOutageHours, 1e-6 * plan.customerOutageHours);
    const poweredAt = new Map(plan.compounds.map((c) => [c.id, c.poweredAt]));
    for (const c of report.compounds) expect(c.plannedPoweredAt, c.id).to.equal(poweredAt.get(c.id));
  });

  it("prints the report as a table with local times, the zone and units", () => {
    // one decision at 22 Jul 14:00, knowing only the trucks arrived by then: the total may be worse than history
    const r = replay(zhengzhou, "--report", "--decision-at", "2021-07-22T14:00:00+08:00");
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.include("times in Asia/Shanghai (UTC+08:00)");
    expect(r.stdout).to.match(/jincheng-zhongyuan 金成中苑 Jincheng Zhongyuan +\d+ +07-25 23:30 +07-2\d \d\d:\d\d +−?[\d.]+ h/);
    expect(r.stdout).to.match(/what happened: +[\d,.]+ customer outage hours/);
    expect(r.stdout).to.match(/saved: +-?[\d,.]+ customer outage hours \(-?[\d.]+%\)/);
    expect(r.stdout).to.include("planned without foresight: each decision knew only the grid returns announced by then");
  });

  it("without --report lists the timeline in delivery order with local times, subjects and sources", () => {
    const r = replay(zhengzhou);
    expect(r.status, r.stderr).to.equal(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).to.match(/^Timeline of .* \(zhengzhou-2021\): \d+ entries in delivery order; times in Asia\/Shanghai \(UTC\+08:00\)$/);
    expect(r.stdout).to.match(/07-25 23:30 +switched\.on +sichuan-cd-01 → jincheng-zhongyuan +\[seed\] article/);
    const times = lines.slice(1).map((l) => l.trim().slice(0, 11));
    expect(times).to.deep.equal([...times].sort()); // MM-dd HH:mm sorts as time within one year
  });

  it("exits 2 on a bad flag or an unreadable file, 1 with path: reason lines on an invalid timeline", () => {
    expect(replay(zhengzhou, "--decision-at", "2021-07-22T20:00").status).to.equal(2);
    expect(replay(zhengzhou, "--frobnicate").status).to.equal(2);
    expect(replay(zhengzhou, "--frobnicate").stderr).to.include("unknown option --frobnicate (see --help)");
    const h = replay("--help");
    expect(h.status).to.equal(0);
    for (const flag of ["--report", "--milestones", "--json", "--decision-at", "--foresight", "--both", "--time-limit", "--seed"]) expect(h.stdout).to.include(flag);
    expect(replay(join(dir, "missing.json")).status).to.equal(2);
    const doc = JSON.parse(readFileSync(zhengzhou, "utf8"));
    doc.events[0].at = "2021-07-20T19:00:00";
    doc.events[1].truck = "nobody";
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify(doc));
    const r = replay(bad, "--report");
    expect(r.status).to.equal(1);
    expect(r.stderr).to.include("events[0].at: must be an ISO 8601 time with an offset");
    expect(r.stderr).to.include('events[1].truck: unknown truck "nobody"');
  });
});
