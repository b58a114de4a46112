import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Plan } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { checkPlan } from "../check-plan.ts";
import { randomScenario } from "../fixtures/random-scenario.ts";

const root = new URL("../../", import.meta.url).pathname;
const tiny = join(root, "test/fixtures/tiny.json");

/** Runs the CLI as `npm run --silent plan -- ...` does (tsx on server/cli/plan.ts). */
function plan(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "server/cli/plan.ts", ...args], { cwd: root, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("plan CLI", function () {
  this.timeout(60000);
  const dir = mkdtempSync(join(tmpdir(), "lianxin-plan-"));

  it("--json prints exactly one plan document that respects every rule", () => {
    const r = plan(tiny, "--json");
    expect(r.status).to.equal(0);
    const doc = JSON.parse(r.stdout) as Plan; // throws if there is anything but one document
    expect(doc.scenario).to.equal("tiny");
    expect(doc.lowerBound).to.be.a("number"); // every plan carries its bound (checkPlan checks 0 ≤ bound ≤ plan)
    expect(checkPlan(JSON.parse(readFileSync(tiny, "utf8")) as Scenario, doc)).to.deep.equal([]);
  });

  it("prints a readable report in the scenario's zone with the commander's rule and runtime", () => {
    const r = plan(tiny);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.include("Asia/Shanghai (UTC+08:00)");
    expect(r.stdout).to.include("T1 Henan 1");
    expect(r.stdout).to.include("07-20 20:00 depart");
    expect(r.stdout).to.include("commander's rule:");
    expect(r.stdout).to.match(/lower bound: +[\d,.]+ +\(no plan can do better; gap \(plan − bound\) \/ plan [\d.]+%\)/);
    expect(r.stdout).to.match(/Runtime \d+ ms, seed 1/);
  });

  it("sets the plan against what really happened when the scenario has a history.json beside it", () => {
    const r = plan(join(root, "scenarios/zhengzhou-2021-model/scenario.json"), "--time-limit", "2");
    expect(r.status).to.equal(0);
    expect(r.stdout).to.include("What happened then, and this plan");
    // 20 Jul 17:30 → 25 Jul 23:30 is the seed article's 126 hours
    expect(r.stdout).to.match(/jincheng-zhongyuan 金成中苑 Jincheng Zhongyuan: then 07-25 23:30 \(126\.0 h into its outage\), plan /);
    expect(plan(tiny).stdout).to.not.include("What happened then"); // no history beside it
  });

  it("gives the same plan for the same seed and respects --at", () => {
    const file = join(dir, "random.json");
    writeFileSync(file, JSON.stringify(randomScenario(21, { compounds: 15, trucks: 4, flood: true })));
    const strip = (out: string): Plan => ({ ...(JSON.parse(out) as Plan), runtimeMs: 0 });
    const a = plan(file, "--json", "--seed", "5", "--at", "2021-07-20T19:00:00+08:00");
    const b = plan(file, "--json", "--seed", "5", "--at", "2021-07-20T19:00:00+08:00");
    expect(a.status).to.equal(0);
    expect(strip(a.stdout)).to.deep.equal(strip(b.stdout));
    const doc = strip(a.stdout);
    expect(doc.at).to.equal("2021-07-20T19:00:00+08:00");
    for (const t of doc.trucks) for (const s of t.stops) expect(Date.parse(s.depart)).to.be.at.least(Date.parse("2021-07-20T19:00:00+08:00"));
  });

  it("exits non-zero on bad input with one line per offending field", () => {
    const s = JSON.parse(readFileSync(tiny, "utf8"));
    s.compounds[0].households = -1;
    s.compounds[1].substation = "S9";
    s.compounds[2].location = [113.63, 34.9];
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify(s));
    const r = plan(file, "--json");
    expect(r.status).to.equal(1);
    expect(r.stdout).to.equal("");
    expect(r.stderr).to.include("compounds[0].households: must be a positive integer\n");
    expect(r.stderr).to.include('compounds[1].substation: unknown substation "S9"\n');
    const far = JSON.parse(readFileSync(tiny, "utf8"));
    far.compounds[2].location = [113.63, 34.9];
    writeFileSync(file, JSON.stringify(far));
    expect(plan(file).stderr).to.match(/compounds\[2\]\.location: no road within 3 km/);
  });

  it("names an unreadable file, and refuses bad arguments", () => {
    const r = plan(join(dir, "missing.json"));
    expect(r.status).to.equal(2);
    expect(r.stderr).to.include("missing.json");
    const notJson = join(dir, "not.json");
    writeFileSync(notJson, "{ nope");
    expect(plan(notJson).stderr).to.include("not valid JSON");
    expect(plan(tiny, "--at", "2021-07-20 19:00").status).to.equal(2);
    expect(plan(tiny, "--time-limit", "-3").status).to.equal(2);
  });

  it("--help prints the usage with every flag and exits 0; an unknown flag names itself and points to --help", () => {
    const h = plan("--help");
    expect(h.status).to.equal(0);
    for (const flag of ["--json", "--at", "--known-at", "--time-limit", "--seed", "--help"]) expect(h.stdout).to.include(flag);
    const bad = plan(tiny, "--frobnicate");
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.include("unknown option --frobnicate (see --help)");
  });

  it("prints the budget it used and why, and --time-limit overrides it", () => {
    const auto = JSON.parse(plan(tiny, "--json").stdout) as Plan;
    expect(auto.budget?.reason).to.be.a("string").and.not.equal("");
    const fixed = JSON.parse(plan(tiny, "--json", "--time-limit", "3").stdout) as Plan;
    expect(fixed.budget?.limitMs).to.equal(3000);
    expect(plan(tiny).stdout).to.match(/Budget \d+\.\d s \(.+\)/);
  });
});
