import { expect } from "chai";
import { readFileSync } from "node:fs";
import { validateScenario } from "./validate-scenario.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests mutate raw JSON freely to make it invalid
const tiny = (): Record<string, any> => JSON.parse(readFileSync(new URL("../test/fixtures/tiny.json", import.meta.url), "utf8"));

/** The "path: message" lines of a failed validation, for compact assertions. */
function problems(doc: unknown): string[] {
  const r = validateScenario(doc);
  return r.ok ? [] : r.details.map((d) => `${d.path}: ${d.message}`);
}

describe("validateScenario", () => {
  it("accepts the tiny fixture and returns it as a Scenario", () => {
    const doc = tiny();
    const r = validateScenario(doc);
    expect(r.ok).to.equal(true);
    if (r.ok) expect(r.scenario).to.equal(doc);
  });

  it("rejects a non-object", () => {
    expect(problems(42)).to.deep.equal([": must be a JSON object"]);
  });

  it("names a non-positive or fractional households count by its path", () => {
    const doc = tiny();
    doc.compounds[1].households = -3;
    doc.compounds[2].households = 2.5;
    expect(problems(doc)).to.deep.equal([
      "compounds[1].households: must be a positive integer",
      "compounds[2].households: must be a positive integer",
    ]);
  });

  it("reports every bad field at once, shape and references together", () => {
    const doc = tiny();
    doc.compounds[0].loadKw = 0;
    doc.compounds[0].substation = "S9";
    doc.trucks[0].capacityKw = -1;
    doc.trucks[1].depot = "D9";
    doc.timezone = "Mars/Olympus";
    doc.horizonEnd = "2021-07-22T00:00:00";
    const p = problems(doc);
    expect(p).to.include("compounds[0].loadKw: must be a positive number");
    expect(p).to.include('compounds[0].substation: unknown substation "S9"');
    expect(p).to.include("trucks[0].capacityKw: must be a positive number");
    expect(p).to.include("trucks[1]: must have exactly one of location or depot");
    expect(p).to.include('trucks[1].depot: unknown depot "D9"');
    expect(p).to.include("timezone: must be an IANA time zone, e.g. Asia/Shanghai");
    expect(p.some((l) => l.startsWith("horizonEnd: must be an ISO 8601 time with an offset"))).to.equal(true);
  });

  it("flags a truck with neither location nor depot", () => {
    const doc = tiny();
    delete doc.trucks[0].depot;
    expect(problems(doc)).to.deep.equal(["trucks[0]: must have exactly one of location or depot"]);
  });

  it("flags duplicate ids against the later entry", () => {
    const doc = tiny();
    doc.compounds[2].id = "C1";
    expect(problems(doc)).to.deep.equal(['compounds[2].id: duplicate id "C1" (also compounds[0])']);
  });

  it("flags unknown trucks and compounds in connections and enRoute", () => {
    const doc = tiny();
    doc.connections = [{ truck: "T9", compound: "C1", switchOn: "2021-07-20T21:00:00+08:00" }];
    doc.enRoute = [{ truck: "T1", compound: "C7", departedAt: "2021-07-20T21:00:00+08:00" }];
    expect(problems(doc)).to.deep.equal(['connections[0].truck: unknown truck "T9"', 'enRoute[0].compound: unknown compound "C7"']);
  });

  it("rejects invalid GeoJSON: a one-point line, an unclosed ring, a bad coordinate, a wrong geometry type", () => {
    const doc = tiny();
    doc.roads.features.push({ type: "Feature", properties: null, geometry: { type: "LineString", coordinates: [[113.6, 34.7]] } });
    doc.roads.features.push({ type: "Feature", properties: null, geometry: { type: "LineString", coordinates: [[113.6, 34.7], [213.6, 34.7]] } });
    doc.roads.features.push({ type: "Feature", properties: null, geometry: { type: "Point", coordinates: [113.6, 34.7] } });
    doc.floodZones.features.push({
      type: "Feature", properties: {},
      geometry: { type: "Polygon", coordinates: [[[113.6, 34.7], [113.61, 34.7], [113.61, 34.71], [113.6, 34.71]]] },
    });
    expect(problems(doc)).to.deep.equal([
      "roads.features[1].geometry.coordinates: a line needs at least 2 positions",
      "roads.features[2].geometry.coordinates[1]: longitude must be within ±180 and latitude within ±90",
      "roads.features[3].geometry.type: must be a LineString or MultiLineString geometry",
      "floodZones.features[0].geometry.coordinates[0]: a polygon ring must be closed (first position = last)",
    ]);
  });

  it("treats a scenario with no roads as bad input", () => {
    const doc = tiny();
    doc.roads.features = [];
    expect(problems(doc)).to.deep.equal(["roads.features: must contain at least one road"]);
  });

  it("rejects a flood zone that ends before it starts", () => {
    const doc = tiny();
    doc.floodZones.features.push({
      type: "Feature", properties: { from: "2021-07-21T00:00:00+08:00", until: "2021-07-20T00:00:00+08:00" },
      geometry: { type: "Polygon", coordinates: [[[113.6, 34.7], [113.61, 34.7], [113.61, 34.71], [113.6, 34.7]]] },
    });
    expect(problems(doc)).to.deep.equal(["floodZones.features[0].properties.until: must be after from"]);
  });

  it("names a missing required field", () => {
    const doc = tiny();
    delete doc.compounds[0].outageStart;
    expect(problems(doc)).to.have.length(1);
    expect(problems(doc)[0]).to.match(/^compounds\[0\]\.outageStart: /);
  });
});
