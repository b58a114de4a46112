/**
 * The true-scale Zhengzhou 2021 scenario (#14): what build.ts produces (golden file; REGEN=1 rewrites it), the
 * counts the sources give, a provenance on everything, no real name on a synthetic compound, and a timeline that
 * replays to the published milestones.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import type { Scenario } from "../../shared/scenario.ts";
import { validateScenario } from "../../shared/validate-scenario.ts";
import { deriveState } from "../../shared/restoration/derive-state.ts";
import { replayMilestones, timelineLog } from "../../shared/restoration/replay-milestones.ts";
import { withoutTimeline } from "../../shared/timeline/timeline-inputs.ts";
import { formatJson } from "../../scenarios/zhengzhou-2021-model/build.ts";
import { NAMED_COMPOUNDS, RESIDENTIAL_STOPS } from "../../scenarios/zhengzhou-2021-model/sites.ts";
import { buildTrueScaleScenario, HERE } from "../../scenarios/zhengzhou-2021/build.ts";

const root = new URL("../../", import.meta.url).pathname;
const file = join(HERE, "scenario.json");

describe("Zhengzhou 2021 at true scale (scenarios/zhengzhou-2021)", function () {
  this.timeout(60000);
  let s: Scenario;
  before(() => {
    const built = formatJson(buildTrueScaleScenario().scenario) + "\n";
    if (process.env.REGEN) writeFileSync(file, built);
    const committed = readFileSync(file, "utf8");
    expect(committed === built, "scenario.json differs from what build.ts produces (REGEN=1 to rewrite)").to.equal(true);
    s = JSON.parse(committed) as Scenario;
  });

  it("validates as a scenario", () => {
    const r = validateScenario(s);
    expect(r.ok ? [] : r.details.slice(0, 5)).to.deep.equal([]);
  });

  it("has exactly 473 residential compounds, each of more than 200 households, and 8 × 110 kV + one 35 kV substation", () => {
    const residential = s.compounds.filter((c) => c.kind === "residential");
    expect(residential).to.have.length(473);
    expect(residential.every((c) => c.households > 200)).to.equal(true);
    expect(s.substations.map((x) => x.voltageKv).sort((a, b) => a - b)).to.deep.equal([35, 110, 110, 110, 110, 110, 110, 110, 110]);
    expect(s.compounds.some((c) => c.id === "zhengda-yifuyuan" && c.kind === "hospital")).to.equal(true);
    expect(s.compounds.some((c) => c.id === "houzhai-water" && c.kind === "water")).to.equal(true);
  });

  it("#17: the Shandong and Beijing trucks are 10 kV (mv) and only they; 雁鸣社区's 7 compounds hang on one feeder", () => {
    const mv = s.trucks.filter((t) => t.voltage === "mv");
    expect(mv).to.have.length(21); // Shandong 5 + 15, Beijing 1 [S]
    expect(new Set(mv.map((t) => t.origin))).to.deep.equal(new Set(["Shandong", "Beijing"]));
    expect(s.feeders?.map((f) => f.id)).to.deep.equal(["feeder-yanming"]);
    expect(s.compounds.filter((c) => c.feeder === "feeder-yanming").map((c) => c.id).sort()).to.deep.equal(Array.from({ length: 7 }, (_v, i) => `yanming-${i + 1}`));
  });

  it("has the fleet as it came: ≥ 358 trucks with origin and capacity, Henan's 80, Sichuan's 28 at 10,915 kW ± 5%", () => {
    expect(s.trucks.length).to.be.at.least(358);
    expect(s.trucks.every((t) => typeof t.origin === "string" && t.origin !== "" && t.capacityKw > 0)).to.equal(true);
    const of = (origin: string) => s.trucks.filter((t) => t.origin === origin);
    expect(of("Henan")).to.have.length(80);
    expect(new Set(of("Henan").map((t) => t.capacityKw))).to.deep.equal(new Set([500, 250, 200]));
    const sichuan = of("Sichuan");
    expect(sichuan).to.have.length(28);
    expect(sichuan.reduce((t, k) => t + k.capacityKw, 0)).to.be.within(10915 * 0.95, 10915 * 1.05);
    // 72 arrived from other provinces by the end of 22 Jul; 14 provinces besides Henan at most
    const by22 = s.trucks.filter((t) => t.origin !== "Henan" && Date.parse(t.availableAt) <= Date.parse("2021-07-23T00:00:00+08:00"));
    expect(by22).to.have.length(72);
    expect(new Set(s.trucks.map((t) => t.origin)).size).to.be.at.most(15);
    expect(s.trucks.find((t) => t.origin === "Beijing")?.capacityKw).to.equal(3000);
    // an arrival no source gives is labelled
    expect(s.trucks.filter((t) => t.availableAtProvenance === undefined).every((t) => t.provenance === "sourced" && /Mianyang|绵阳/.test(t.name + t.source))).to.equal(true);
  });

  it("gives every compound, substation, truck, flood zone and timeline entry a provenance, sourced ones a source", () => {
    const all = [...s.compounds, ...s.substations, ...s.trucks, ...s.floodZones!.features.map((f) => f.properties!), ...s.events!];
    for (const x of all) {
      expect(["sourced", "assumed", "synthetic"]).to.include(x.provenance);
      if (x.provenance === "sourced") expect(x.source).to.be.a("string").and.not.equal("");
    }
  });

  it("never gives a synthetic compound a real estate's name: '<road> 合成 [kind] N (synthetic)'", () => {
    const realNames = [...NAMED_COMPOUNDS.map((c) => c.name.split(" ")[0]!), ...RESIDENTIAL_STOPS.map((r) => r.name), "雁鸣"];
    for (const c of s.compounds.filter((x) => x.provenance === "synthetic")) {
      expect(c.name).to.match(/^\S+ 合成( \S+)? \d+ \(synthetic\)$/);
      const road = c.name.split(" ")[0]!;
      expect(road).to.match(/[路街道环]$/);
      for (const real of realNames) expect(c.name.includes(real), `${c.name} bears ${real}`).to.equal(false);
    }
    // the real names that remain are tied to the outage by a source
    for (const c of s.compounds.filter((x) => x.provenance !== "synthetic")) expect(c.source).to.match(/\[S\]|\[seed\]/);
  });

  it("replays to each published milestone within 24 compounds, ≥ 98% on the grid by 27 Jul 20:00", () => {
    const rows = replayMilestones(s);
    expect(rows).to.have.length(3);
    for (const r of rows) {
      for (const k of ["grid", "temporary", "dark"] as const) {
        if (r.published[k] !== undefined) expect(Math.abs(r.replayed[k] - r.published[k]!), `${r.at} ${k}`).to.be.at.most(24);
      }
      const total = r.replayed.grid + r.replayed.temporary + r.replayed.dark;
      expect(total).to.equal(473);
      if (r.published.gridShareMin !== undefined) expect(r.replayed.grid / total).to.be.at.least(r.published.gridShareMin);
    }
    expect(rows[2]!.at).to.equal("2021-07-27T20:00:00+08:00");
    expect(rows[2]!.replayed.grid / 473).to.be.at.least(0.98);
  });

  it("counts Jincheng Zhongyuan 126 ± 0.5 outage hours per household: dark from 17:30 20 Jul, fully supplied from 23:30 25 Jul", () => {
    const base = withoutTimeline(s);
    const log = timelineLog(s);
    const end = deriveState(base, log, Date.parse(s.horizonEnd)).compounds.find((c) => c.id === "jincheng-zhongyuan")!;
    expect(end.outageHours).to.be.within(125.5, 126.5);
    const before = deriveState(base, log, Date.parse("2021-07-25T23:29:00+08:00")).compounds.find((c) => c.id === "jincheng-zhongyuan")!;
    expect(before.status).to.equal("dark");
    const after = deriveState(base, log, Date.parse("2021-07-25T23:31:00+08:00")).compounds.find((c) => c.id === "jincheng-zhongyuan")!;
    expect(after.status).to.equal("generator");
  });

  it("prints published and replayed counts with `replay --milestones --json`", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "server/cli/replay.ts", file, "--milestones", "--json"], { cwd: root, encoding: "utf8" });
    expect(r.status, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout) as { milestones: { at: string; published: object; replayed: { grid: number; temporary: number; dark: number } }[] };
    expect(out.milestones.map((m) => m.at)).to.deep.equal(s.milestones!.map((m) => m.at));
    expect(out.milestones[1]).to.deep.equal({ ...out.milestones[1], published: { grid: 301, temporary: 41, dark: 131 } });
    expect(Object.keys(out.milestones[1]!.replayed).sort()).to.deep.equal(["dark", "grid", "temporary"]);
  });
});
