import { expect } from "chai";
import type { CompoundFeatureProperties, RouteFeatureProperties, TruckFeatureProperties } from "./geojson-export.ts";
import { geojsonExport } from "./geojson-export.ts";
import { geojsonProblems } from "./check-geojson.fixture.ts";
import { tinyExport } from "./tiny-export.fixture.ts";

describe("geojsonExport", () => {
  it("writes an RFC 7946 FeatureCollection: two compounds, two trucks, one route leg", () => {
    const doc = JSON.parse(geojsonExport(tinyExport().map));
    expect(geojsonProblems(doc)).to.deep.equal([]);
    expect(doc.features.map((f: { properties: { layer: string } }) => f.properties.layer)).to.deep.equal(["compound", "compound", "truck", "truck", "route"]);
  });

  it("gives each compound its status, outage hours, the plan's switch-on as ETA, provenance, households and priority", () => {
    const [a, b] = JSON.parse(geojsonExport(tinyExport().map)).features as { properties: CompoundFeatureProperties; geometry: { coordinates: number[] } }[];
    // A at 06:00: dark 00:00–04:00 = 4 h, then T1's 100 kW feeds half its 200 kW for 2 h → 4 + 2 × 0.5 = 5 h
    expect(a.properties).to.include({ id: "A", status: "partial", outageHours: 5, eta: "2021-07-20T04:00:00+08:00", provenance: "sourced", households: 100, priority: 1, district: "S2" });
    expect(a.geometry.coordinates).to.deep.equal([113.61, 34.7]);
    // B: dark since 00:00 = 6 h; the plan switches it on at 21 Jul 01:30
    expect(b.properties).to.include({ id: "B", status: "dark", outageHours: 6, eta: "2021-07-21T01:30:00+08:00", provenance: null, households: 50, priority: 3 });
  });

  it("puts a truck where the log last placed it: T1 at compound A, T2 at its first place", () => {
    const features = JSON.parse(geojsonExport(tinyExport().map)).features as { properties: TruckFeatureProperties; geometry: { coordinates: number[] } }[];
    const [t1, t2] = features.filter((f) => f.properties.layer === "truck");
    expect(t1.properties).to.include({ id: "T1", status: "connected", compound: "A", capacityKw: 100 });
    expect(t1.geometry.coordinates).to.deep.equal([113.61, 34.7]);
    // T2 arrives 21 Jul 00:00: inbound at 20 Jul 06:00, at [113.6, 34.7]
    expect(t2.properties).to.include({ id: "T2", status: "inbound", compound: null });
    expect(t2.geometry.coordinates).to.deep.equal([113.6, 34.7]);
  });

  it("keeps the route legs' road vertices and times, naming the plan", () => {
    const route = (JSON.parse(geojsonExport(tinyExport().map)).features as { properties: RouteFeatureProperties; geometry: { type: string; coordinates: number[][] } }[]).at(-1)!;
    expect(route.properties).to.deep.equal({ layer: "route", plan: "plan-1", truck: "T2", compound: "B", depart: "2021-07-21T00:00:00+08:00", arrive: "2021-07-21T00:30:00+08:00" });
    expect(route.geometry).to.deep.equal({ type: "LineString", coordinates: [[113.6, 34.7], [113.65, 34.7], [113.69, 34.7]] });
  });

  it("does not mutate its input", () => {
    const { map } = tinyExport();
    const before = JSON.stringify(map);
    geojsonExport(map);
    expect(JSON.stringify(map)).to.equal(before);
  });

  it("has no route leg and no ETA without a plan", () => {
    const { map } = tinyExport();
    const doc = JSON.parse(geojsonExport({ ...map, plan: null, routes: null }));
    expect(geojsonProblems(doc)).to.deep.equal([]);
    expect(doc.features).to.have.length(4);
    expect(doc.features[0].properties.eta).to.equal(null);
  });
});

describe("geojsonProblems (the check the export tests rely on)", () => {
  it("names a LineString of one position, a latitude beyond 90° and a missing geometry", () => {
    const bad = {
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: [[1, 2]] } },
        { type: "Feature", properties: null, geometry: { type: "Point", coordinates: [113, 95] } },
        { type: "Feature", properties: {} },
      ],
    };
    expect(geojsonProblems(bad)).to.deep.equal([
      "features[0] LineString needs two or more valid positions",
      "features[1] Point has no valid position",
      "features[2].geometry is missing",
    ]);
  });
});
