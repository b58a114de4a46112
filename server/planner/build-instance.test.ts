import { expect } from "chai";
import { readFileSync } from "node:fs";
import type { Scenario } from "../../shared/scenario.ts";
import { LianxinError } from "../../shared/errors.ts";
import { DateTime } from "luxon";
import { buildInstance, isoMs } from "./build-instance.ts";
import { UnknownSiteError } from "./planner-errors.ts";

const tiny = (): Scenario => JSON.parse(readFileSync(new URL("../../test/fixtures/tiny.json", import.meta.url), "utf8"));
const zone = (coords: number[][], from?: string, until?: string) => ({
  type: "Feature" as const,
  properties: { ...(from ? { from } : {}), ...(until ? { until } : {}) },
  geometry: { type: "Polygon" as const, coordinates: [coords] },
});
// tiny.json: a straight road A(113.60)–B(113.61)–C(113.62)–D(113.63) at 34.70 N, 30 km/h; C1 at B, C2 at C, C3 at D;
// truck T1 at the depot on A, T2 on D. One segment: 0.914184 km / 30 km/h = 0.0304728 h (see road-network.test.ts).
const SEG_H = 0.914184 / 30;
// hour 0 is the earliest outage start or truck availability: 2021-07-20 18:00 +08:00
const H = (local: string): number => (Date.parse(`2021-07-${local}+08:00`) - Date.parse("2021-07-20T18:00:00+08:00")) / 3_600_000;

describe("buildInstance", () => {
  it("times hours from the earliest outage start and takes grid returns, setup and weights from the contract", () => {
    const inst = buildInstance(tiny());
    expect(inst.epochMs).to.equal(Date.parse("2021-07-20T18:00:00+08:00"));
    expect(inst.horizon).to.equal(30); // 22 Jul 00:00 − 20 Jul 18:00
    expect(inst.compounds.map((c) => c.gridReturn)).to.deep.equal([18, 18, 8]); // substation 21 Jul 12:00; C3 own 02:00
    // setup: 0.5 h plan + 100 m / 200 m/h + 0.25 h switch = 1.25 h
    expect(inst.compounds[0].setupHours).to.equal(1.25);
    expect(inst.compounds.map((c) => c.weight)).to.deep.equal([100, 600, 50]); // C2: 300 households × priority 2
    expect(inst.trucks.map((t) => t.availableAt)).to.deep.equal([2, 4]);
  });

  it("drives along the road between sites, 0 for the same place", () => {
    const inst = buildInstance(tiny());
    expect(inst.travel(0, 2, 0)).to.be.closeTo(2 * SEG_H, 1e-6); // B → D: two segments
    expect(inst.travel(3, 0, 0)).to.be.closeTo(SEG_H, 1e-6); // T1 at A → C1 at B
    expect(inst.travel(4, 2, 0)).to.equal(0); // T2 stands on D where C3 is
    expect(inst.timeInvariant).to.equal(true);
  });

  it("adds the straight access legs at accessSpeedKmh", () => {
    const s = tiny();
    s.compounds[0].location = [113.61, 34.701]; // 0.001° north of B: 0.111195 km, at 15 km/h 0.0074130 h
    const inst = buildInstance(s);
    expect(inst.travel(0, 1, 0)).to.be.closeTo(0.111195 / 15 + SEG_H, 1e-6);
  });

  it("closes a segment for trips departing while a zone over it is active, and reopens it after", () => {
    const s = tiny();
    // a box around the middle of C–D, active 21:00–23:00 local (hours 3–5)
    s.floodZones!.features.push(zone([[113.624, 34.699], [113.626, 34.699], [113.626, 34.701], [113.624, 34.701], [113.624, 34.699]], "2021-07-20T21:00:00+08:00", "2021-07-20T23:00:00+08:00"));
    const inst = buildInstance(s);
    expect(inst.timeInvariant).to.equal(false);
    expect(inst.travel(0, 2, H("20T20:59:00"))).to.be.closeTo(2 * SEG_H, 1e-6);
    expect(inst.travel(0, 2, 3)).to.equal(Infinity); // departs at 21:00: zone active (from is inclusive)
    expect(inst.travel(0, 1, 4)).to.be.closeTo(SEG_H, 1e-6); // B → C does not use the flooded segment
    expect(inst.travel(0, 2, 5)).to.be.closeTo(2 * SEG_H, 1e-6); // 23:00: until is exclusive
  });

  it("closes every segment a zone merely touches", () => {
    const s = tiny();
    // a zone whose edge passes exactly through vertex C: touches B–C and C–D
    s.floodZones!.features.push(zone([[113.62, 34.699], [113.621, 34.699], [113.621, 34.701], [113.62, 34.701], [113.62, 34.699]]));
    const inst = buildInstance(s);
    expect(inst.travel(0, 1, 0)).to.equal(Infinity);
    expect(inst.travel(3, 0, 0)).to.be.closeTo(SEG_H, 1e-6); // A → B untouched
  });

  it("reports each site with no road within maxAccessKm as bad input, naming it", () => {
    const s = tiny();
    s.compounds[2].location = [113.63, 34.8]; // 11 km north of the road
    s.defaults = { maxAccessKm: 3 };
    try {
      buildInstance(s);
      expect.fail("should throw");
    } catch (e) {
      expect(e).to.be.instanceOf(LianxinError);
      expect((e as LianxinError).details).to.have.length(1);
      expect((e as LianxinError).details[0].path).to.equal("compounds[2].location");
      expect((e as LianxinError).details[0].message).to.match(/^no road within 3 km/);
    }
  });

  it("keeps connections and en-route trucks as fixed stops: en route arrives after the drive, then sets up", () => {
    const s = tiny();
    s.connections = [{ truck: "T2", compound: "C3", switchOn: "2021-07-20T22:30:00+08:00" }];
    s.enRoute = [{ truck: "T1", compound: "C2", departedAt: "2021-07-20T20:00:00+08:00" }];
    const inst = buildInstance(s);
    expect(inst.trucks[1].fixed).to.deep.equal([{ compound: 2, switchOn: 4.5 }]);
    const f = inst.trucks[0].fixed[0];
    // departs hour 2 from A, drives A → C (2 segments), then 1.25 h setup
    expect(f.compound).to.equal(1);
    expect(f.switchOn).to.be.closeTo(2 + 2 * SEG_H + 1.25, 1e-6);
  });

  it("an en-route truck with no arrival given drives on from the compound it was connected to, not from its start", () => {
    // T1 was switched on at C1 (at B) at hour 1 and left for C2 (at C) at hour 2: one segment B → C, not two from
    // its depot on A; then C2's 1.25 h setup (0.5 + 100 m / 200 m/h + 0.25).
    const s = tiny();
    s.connections = [{ truck: "T1", compound: "C1", switchOn: "2021-07-20T19:00:00+08:00" }];
    s.enRoute = [{ truck: "T1", compound: "C2", departedAt: "2021-07-20T20:00:00+08:00" }];
    const f = buildInstance(s).trucks[0].fixed;
    expect(f.map((x) => x.compound)).to.deep.equal([0, 1]);
    expect(f[1].arrive).to.be.closeTo(2 + SEG_H, 1e-6);
    expect(f[1].switchOn).to.be.closeTo(2 + SEG_H + 1.25, 1e-6);
  });

  it("no departure before the planning instant", () => {
    const inst = buildInstance(tiny(), { at: Date.parse("2021-07-21T00:00:00+08:00") });
    expect(inst.at).to.equal(6);
    expect(inst.trucks.map((t) => t.availableAt)).to.deep.equal([6, 6]);
  });

  it("raises UnknownSiteError for a site outside the instance", () => {
    expect(() => buildInstance(tiny()).travel(0, 99, 0)).to.throw(UnknownSiteError);
  });

  it("reads ISO times exactly as luxon does, in every form ISO 8601 allows and for impossible dates", () => {
    const forms = [
      "2021-07-20T16:00:00+08:00", "2021-07-20T16:00+08:00", "2021-07-20T16:00:00.125Z", "2021-07-20T16:00:00-03:30",
      "2020-02-29T23:59:59+14:00", "2021-12-31T23:59:59-12:00", "20210720T160000+0800", "2021-07-20T16:00:00+08",
      "2021-W29-2T16:00:00+08:00", "2021-201T16:00:00+08:00", "2021-07-20T16:00:00,5+08:00", "2021-02-29T10:00:00+08:00",
      "2021-04-31T10:00:00Z", "2021-07-20T24:00:00+08:00", "0099-07-20T16:00:00Z",
    ];
    for (const iso of forms) expect(isoMs(iso), iso).to.deep.equal(DateTime.fromISO(iso, { setZone: true }).toMillis());
  });
});
