/**
 * The committed Zhengzhou 2021 scenario: it is what build.ts produces (golden file; REGEN=1 rewrites it), it is
 * internally consistent, it keeps the sourced facts, and its road network is one connected piece every site joins.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { booleanIntersects, lineString, polygon } from "@turf/turf";
import type { LonLat, Scenario } from "../../shared/scenario.ts";
import { validateScenario } from "../../shared/validate-scenario.ts";
import { buildZhengzhouScenario, formatJson, HERE, type BuildResult } from "../../scenarios/zhengzhou-2021-model/build.ts";
import { buildBusRoadNetwork, guessRoadName, measureMetres, mergeChains } from "../../scenarios/zhengzhou-2021-model/road-network.ts";
import { convertGcj02ToWgs84, convertWgs84ToGcj02 } from "../../scenarios/zhengzhou-2021-model/gcj02-to-wgs84.ts";

const key = (p: LonLat | number[]) => `${p[0]!.toFixed(7)},${p[1]!.toFixed(7)}`;

/** Union-find over road vertices (equal to 7 decimals = one node, as the contract says), skipping closed roads. */
function componentsOf(s: Scenario, open: (coords: LonLat[]) => boolean = () => true) {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    while (parent.get(k) !== k) k = parent.get(k)!;
    return k;
  };
  for (const f of s.roads.features) {
    const coords = f.geometry.coordinates as LonLat[];
    for (const c of coords) if (!parent.has(key(c))) parent.set(key(c), key(c));
    if (!open(coords)) continue;
    for (let i = 1; i < coords.length; i++) {
      const a = find(key(coords[i - 1]!));
      const b = find(key(coords[i]!));
      if (a !== b) parent.set(a, b);
    }
  }
  const sizes = new Map<string, number>();
  for (const k of parent.keys()) sizes.set(find(k), (sizes.get(find(k)) ?? 0) + 1);
  const [largest, largestSize] = [...sizes.entries()].sort((x, y) => y[1] - x[1])[0]!;
  return { count: sizes.size, largestSize, vertices: parent.size, inLargest: (k: string) => find(k) === largest };
}

function nearestVertex(s: Scenario, at: LonLat): { key: string; metres: number } {
  let best = { key: "", metres: Infinity };
  for (const f of s.roads.features) {
    for (const c of f.geometry.coordinates as LonLat[]) {
      const m = measureMetres(at, c);
      if (m < best.metres) best = { key: key(c), metres: m };
    }
  }
  return best;
}

describe("Zhengzhou 2021 scenario (scenarios/zhengzhou-2021-model)", () => {
  let built: BuildResult;
  let s: Scenario;
  const sitesOf = (sc: Scenario): [string, LonLat][] => [
    ...sc.compounds.map((c): [string, LonLat] => [c.id, c.location]),
    ...sc.depots.map((d): [string, LonLat] => [d.id, d.location]),
    ...sc.substations.map((x): [string, LonLat] => [x.id, x.location]),
  ];

  before(() => {
    built = buildZhengzhouScenario();
    if (process.env.REGEN === "1") {
      writeFileSync(join(HERE, "scenario.json"), formatJson(built.scenario) + "\n");
      writeFileSync(join(HERE, "history.json"), formatJson(built.history) + "\n");
    }
    s = JSON.parse(readFileSync(join(HERE, "scenario.json"), "utf8")) as Scenario;
  });

  it("the committed scenario.json and history.json are exactly what build.ts produces (REGEN=1 rewrites them)", () => {
    expect(readFileSync(join(HERE, "scenario.json"), "utf8")).to.equal(formatJson(built.scenario) + "\n");
    expect(readFileSync(join(HERE, "history.json"), "utf8")).to.equal(formatJson(built.history) + "\n");
  });

  it("is accepted by validateScenario", () => {
    const result = validateScenario(s);
    expect(result.ok, JSON.stringify(result.ok ? [] : result.details.slice(0, 5))).to.equal(true);
  });

  it("has unique ids in every family and every reference resolves", () => {
    for (const family of [s.substations, s.compounds, s.depots, s.trucks]) {
      const ids = family.map((x) => x.id);
      expect(new Set(ids).size).to.equal(ids.length);
    }
    const roadIds = s.roads.features.map((f) => f.properties?.id);
    expect(new Set(roadIds).size).to.equal(roadIds.length);
    const subs = new Set(s.substations.map((x) => x.id));
    const depots = new Set(s.depots.map((d) => d.id));
    for (const c of s.compounds) expect(subs.has(c.substation), c.id).to.equal(true);
    for (const t of s.trucks) expect(t.depot !== undefined && depots.has(t.depot), t.id).to.equal(true);
    const compounds = new Set(s.compounds.map((c) => c.id));
    for (const e of built.history.events) expect(compounds.has(e.compound), e.compound).to.equal(true);
  });

  it("keeps Jincheng Zhongyuan's sourced times: dark from 20 Jul 17:30, generator power 25 Jul 23:30, grid later", () => {
    const jc = s.compounds.find((c) => c.id === "jincheng-zhongyuan")!;
    expect(jc.outageStart).to.equal("2021-07-20T17:30:00+08:00");
    const on = built.history.events.find((e) => e.compound === "jincheng-zhongyuan")!;
    expect(on.at).to.equal("2021-07-25T23:30:00+08:00");
    // 20 Jul 17:30 → 25 Jul 17:30 is 5 × 24 = 120 h, + 6 h to 23:30 = 126 h, the article's figure.
    expect((Date.parse(on.at) - Date.parse(jc.outageStart)) / 3_600_000).to.equal(126);
    // The 23:30 return was the generator truck; the grid came later, so a better plan has something to save.
    expect(Date.parse(jc.gridRestoredAt!)).to.be.greaterThan(Date.parse(on.at));
    // 0.5 h plan + 80 m / 200 m/h = 0.4 h cable + 0.25 h switch = 1.15 h: "a little over an hour".
    expect(jc.cableLengthM).to.equal(80);
  });

  it("keeps the other sourced figures", () => {
    const byId = new Map(s.compounds.map((c) => [c.id, c]));
    expect(byId.get("xiangshu-meiguicheng")!.households).to.equal(6700);
    expect(byId.get("zijingyuan")!.households).to.equal(214);
    expect(byId.get("zijingyuan")!.setupHours).to.equal(0.67); // 15:30 → 16:10 = 40 min
    expect(byId.get("guomian-sichang")!.gridRestoredAt).to.equal("2021-07-22T19:00:00+08:00");
    expect(byId.get("zhengda-yifuyuan")!.priority).to.equal(10);
    expect(byId.get("houzhai-water")!.priority).to.equal(10);
    const yanming = s.compounds.filter((c) => c.id.startsWith("yanming-"));
    expect(yanming.map((c) => c.gridRestoredAt)).to.deep.equal(Array(7).fill("2021-07-26T21:40:00+08:00"));
    expect(s.substations.filter((x) => x.voltageKv === 110)).to.have.length(8);
    expect(s.substations.filter((x) => x.voltageKv === 35)).to.have.length(1);
    const last = Math.max(...s.substations.map((x) => Date.parse(x.restoredAt!)));
    expect(last).to.be.at.most(Date.parse("2021-07-27T20:00:00+08:00")); // all back by the evening of 27 Jul
    expect(new Set(s.trucks.map((t) => t.capacityKw))).to.deep.equal(new Set([500, 250, 200, 1800, 390, 3000, 400]));
  });

  it("has a size a planner and a board can work with", () => {
    expect(s.compounds.length).to.be.within(40, 80);
    expect(s.trucks.length).to.be.within(30, 60);
    expect(s.roads.features.length).to.be.greaterThan(1000);
  });

  it("is one connected road network that every compound, depot and substation joins within maxAccessKm", () => {
    const net = componentsOf(s);
    expect(net.count).to.equal(1);
    for (const [id, at] of sitesOf(s)) {
      const v = nearestVertex(s, at);
      expect(net.inLargest(v.key), id).to.equal(true);
      expect(v.metres, id).to.be.below(3000);
    }
  });

  it("floods close roads on the night of 20-21 Jul without cutting the city apart", () => {
    const at = Date.parse("2021-07-21T00:00:00+08:00");
    const active = s.floodZones!.features.filter(
      (z) => Date.parse(z.properties!.from!) <= at && at < Date.parse(z.properties!.until!),
    );
    expect(active).to.have.length(7);
    const zones = active.map((z) => polygon((z.geometry as GeoJSON.Polygon).coordinates));
    const open = (coords: LonLat[]) => !zones.some((z) => booleanIntersects(lineString(coords), z));
    const flooded = componentsOf(s, open);
    expect(flooded.count).to.be.greaterThan(1); // some streets really are cut
    expect(flooded.largestSize / flooded.vertices).to.be.above(0.9); // measured: 1,679 of 1,735 nodes
    for (const d of s.depots) expect(flooded.inLargest(nearestVertex(s, d.location).key), d.id).to.equal(true);
  });
});

describe("Zhengzhou scenario build steps", () => {
  it("inverts the GCJ-02 offset to within a millimetre, and the offset in Zhengzhou is a few hundred metres", () => {
    const gcj: LonLat = [113.65, 34.75];
    const wgs = convertGcj02ToWgs84(gcj);
    expect(measureMetres(convertWgs84ToGcj02(wgs), gcj)).to.be.below(0.001);
    expect(measureMetres(wgs, gcj)).to.be.within(400, 700);
  });

  it("names a hop after the road its two stops share", () => {
    expect(guessRoadName(["化工路腊梅路"], ["化工路怡红路"])).to.equal("化工路");
    expect(guessRoadName(["绕城路铁炉"], ["化工路绕城路"])).to.equal(undefined);
  });

  it("joins two lines whose stops at one crossing are 30 m apart, and keeps a far line out", () => {
    // Line A runs east along 34.70, line B north along 113.61; their crossing stops are ~30 m apart, so one node.
    const stop = (name: string, lon: number, lat: number) => ({ name, location: [lon, lat] as LonLat });
    const net = buildBusRoadNetwork([
      { line: "A", direction: 0, stops: [stop("甲路乙路站", 113.6, 34.7), stop("甲路丙路站", 113.61, 34.7)] },
      { line: "B", direction: 0, stops: [stop("丙路甲路站", 113.6103, 34.7001), stop("丙路丁路站", 113.61, 34.71)] },
      { line: "C", direction: 0, stops: [stop("远路一", 114.0, 35.0), stop("远路二", 114.01, 35.0)] },
    ]);
    expect(net.componentSizes).to.deep.equal([3, 2]);
    expect(net.nodes).to.have.length(3);
    expect(net.segments.map((x) => x.name)).to.have.members(["甲路", "丙路"]);
  });

  it("merges a run through plain degree-2 nodes but stops at a junction", () => {
    // 0-1-2 with a branch 1-3: node 1 has degree 3, so three chains of one segment each; 0-1-2 alone is one chain.
    expect(mergeChains(4, [{ from: 0, to: 1 }, { from: 1, to: 2 }, { from: 1, to: 3 }], () => "30")).to.have.length(3);
    expect(mergeChains(3, [{ from: 0, to: 1 }, { from: 1, to: 2 }], () => "30")).to.deep.equal([{ nodes: [0, 1, 2], segments: [0, 1] }]);
    expect(mergeChains(3, [{ from: 0, to: 1 }, { from: 1, to: 2 }], (i) => String(i))).to.have.length(2);
  });
});
