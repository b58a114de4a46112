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

describe("validateScenario: the timeline (events)", () => {
  const at = (hh: string) => `2021-07-20T${hh}:00+08:00`;
  const zone = { type: "Polygon", coordinates: [[[113.6, 34.7], [113.61, 34.7], [113.61, 34.71], [113.6, 34.7]]] };
  // a sound history of truck T1 at compound C1, a closure and its reopening, a substation back
  const history = () => [
    { type: "truck.dispatched", at: at("20:00"), truck: "T1", compound: "C1", source: "[S] test" },
    { type: "truck.arrived", at: at("20:30"), truck: "T1", compound: "C1", assumed: true, source: "[A] test" },
    { type: "cable.laid", at: at("21:00"), truck: "T1", compound: "C1" },
    { type: "switched.on", at: at("21:15"), truck: "T1", compound: "C1" },
    { type: "road.closed", at: at("19:00"), zone },
    { type: "road.opened", at: at("23:00"), zone },
    { type: "substation.restored", at: "2021-07-21T12:00:00+08:00", substation: "S1" },
  ];

  it("accepts a sound timeline, written in any order (it is delivered by time)", () => {
    const doc = tiny();
    doc.events = history().reverse();
    expect(problems(doc)).to.deep.equal([]);
  });

  it("names the entry and field of an unknown type, a time without offset and a bad zone polygon", () => {
    const doc = tiny();
    doc.events = history();
    doc.events[1].type = "truck.teleported";
    doc.events[2].at = "2021-07-20T21:00:00";
    doc.events[4].zone = { type: "Polygon", coordinates: [[[113.6, 34.7], [113.61, 34.7], [113.61, 34.71], [113.6, 34.71]]] };
    const p = problems(doc);
    expect(p.some((l) => l.startsWith("events[1].type: must be one of truck.dispatched"))).to.equal(true);
    expect(p).to.include("events[2].at: must be an ISO 8601 time with an offset, e.g. 2021-07-25T23:30:00+08:00");
    expect(p).to.include("events[4].zone.coordinates[0]: a polygon ring must be closed (first position = last)");
  });

  it("names unknown trucks, compounds and substations, and the timeline's own fields when mistyped", () => {
    const doc = tiny();
    doc.events = history();
    doc.events[0].truck = "T9";
    doc.events[3].compound = "C9";
    doc.events[6].substation = "S9";
    doc.events[1].assumed = "yes";
    doc.events[2].source = 7;
    expect(problems(doc)).to.have.members([
      'events[0].truck: unknown truck "T9"',
      "events[1].assumed: must be true or false",
      "events[2].source: must be a string",
      'events[3].compound: unknown compound "C9"',
      'events[6].substation: unknown substation "S9"',
    ]);
  });

  it("refuses a switch-on before the arrival, naming the entry as written (not its place in delivery order)", () => {
    const doc = tiny();
    doc.events = history();
    doc.events[3].at = at("20:15"); // switched on at 20:15, arrived only at 20:30
    expect(problems(doc)).to.deep.equal(["events[3].type: truck T1 has not arrived at C1: it cannot switch on at it"]);
  });

  it("refuses a truck in two places and a road opened that was never closed", () => {
    const doc = tiny();
    doc.events = history();
    doc.events.push({ type: "truck.dispatched", at: at("22:00"), truck: "T1", compound: "C2" }); // still connected at C1
    doc.events.push({ type: "road.opened", at: at("23:30"), zone: { ...zone, coordinates: [[[113.7, 34.7], [113.71, 34.7], [113.71, 34.71], [113.7, 34.7]]] } });
    expect(problems(doc)).to.deep.equal([
      "events[7].type: truck T1 is connected at C1: it cannot be in two places; report truck.released there first",
      "events[8].zone: no road closure with this zone is in force at that time; send the zone of the road.closed report",
    ]);
  });

  it("delivers entries with equal times in the order written: cable laid written before its arrival is refused", () => {
    const doc = tiny();
    // (an arrival at its dispatch's own minute is implausible since #13, so the tie is between arrival and cable)
    const dispatch = { type: "truck.dispatched", at: at("19:00"), truck: "T1", compound: "C1" };
    doc.events = [
      dispatch,
      { type: "cable.laid", at: at("20:00"), truck: "T1", compound: "C1" },
      { type: "truck.arrived", at: at("20:00"), truck: "T1", compound: "C1" },
    ];
    expect(problems(doc)).to.deep.equal(["events[1].type: truck T1 has not arrived at C1: it cannot lay cable at it"]);
    doc.events = [dispatch, doc.events[2], doc.events[1]];
    expect(problems(doc)).to.deep.equal([]);
  });

  it("rejects events that are not an array, and an entry carrying its own id", () => {
    const doc = tiny();
    doc.events = { type: "road.closed" };
    expect(problems(doc)).to.deep.equal(["events: must be an array"]);
    doc.events = [{ ...history()[4], id: "00000000-0000-4000-8000-000000000001" }];
    expect(problems(doc)).to.deep.equal(["events[0].id: not used in a timeline: a replay derives each event's id (timelineEventId)"]);
  });
});

describe("validateScenario: fuel, tankers, feeders and crews (#17)", () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw JSON, as a sender writes it
  const operations = (): Record<string, any> => {
    const doc = tiny();
    Object.assign(doc.trucks[0], { fuelLitres: 800, fuelLitresPerHourAtFull: 120, voltage: "mv", ownCrew: true });
    doc.fuelDepots = [{ id: "F1", name: "Sinopec Zhongyuan", location: [113.6, 34.7] }];
    doc.tankers = [
      { id: "K1", capacityLitres: 10000, fuelDepot: "F1", availableAt: "2021-07-20T20:00:00+08:00", pumpLitresPerHour: 3000 },
      { id: "K2", capacityLitres: 8000, location: [113.61, 34.7], availableAt: "2021-07-20T21:00:00+08:00", pumpLitresPerHour: 2000 },
    ];
    doc.feeders = [{ id: "FD1", substation: "S1", rmu: [113.615, 34.7] }];
    doc.compounds[0].feeder = "FD1";
    doc.crews = [
      { id: "W1", name: "State Grid Henan crew 1", base: "D1", availableAt: "2021-07-20T20:00:00+08:00", members: 6 },
      { id: "W2", name: "Shandong crew 1", location: [113.62, 34.7], availableAt: "2021-07-20T22:00:00+08:00" },
    ];
    return doc;
  };

  it("accepts every new field and leaves them optional", () => {
    expect(problems(operations())).to.deep.equal([]);
    expect(problems(tiny())).to.deep.equal([]);
  });

  it("names a fuel level with no tank, above its tank, or without a time", () => {
    const doc = operations();
    doc.trucks[0].fuelLevel = { at: "2021-07-21T12:00:00+08:00", litres: 900 };
    doc.trucks[1].fuelLevel = { at: "2021-07-21T12:00:00+08:00", litres: 10 };
    delete doc.trucks[1].fuelLitres;
    delete doc.trucks[1].fuelLitresPerHourAtFull;
    doc.trucks[2] = { ...doc.trucks[0], id: "T9", fuelLevel: { at: "tomorrow", litres: -1 } };
    expect(problems(doc).sort()).to.deep.equal([
      "trucks[0].fuelLevel.litres: more than the tank's 800 L",
      "trucks[1].fuelLevel: needs fuelLitres (the tank it is a level of)",
      "trucks[2].fuelLevel.at: must be an ISO 8601 time with an offset, e.g. 2021-07-25T23:30:00+08:00",
      "trucks[2].fuelLevel.litres: must be a number ≥ 0",
    ]);
  });

  it("names every bad new field", () => {
    const doc = operations();
    doc.trucks[0].fuelLitres = -5;
    doc.trucks[0].voltage = "hv";
    doc.trucks[0].ownCrew = false;
    doc.trucks[1].fuelLitresPerHourAtFull = 60;
    doc.tankers[0].location = [113.6, 34.7];
    doc.tankers[1].capacityLitres = 0;
    doc.tankers[1].pumpLitresPerHour = -1;
    doc.tankers[1].location = undefined;
    doc.tankers[1].fuelDepot = "F9";
    doc.feeders.push({ id: "FD2", substation: "S9", rmu: [113.6, 34.7] });
    doc.compounds[1].feeder = "FD7";
    doc.crews[0].base = "D9";
    doc.crews[1].base = "D1";
    doc.crews[1].availableAt = "tomorrow";
    doc.crews[0].members = 0;
    expect(problems(doc).sort()).to.deep.equal([
      "compounds[1].feeder: unknown feeder \"FD7\"",
      "crews[0].base: unknown depot \"D9\"",
      "crews[0].members: must be a positive integer",
      "crews[1].availableAt: must be an ISO 8601 time with an offset, e.g. 2021-07-25T23:30:00+08:00",
      "crews[1]: must have exactly one of location or base",
      "feeders[1].substation: unknown substation \"S9\"",
      "tankers[0]: must have exactly one of location or fuelDepot",
      "tankers[1].capacityLitres: must be a positive number",
      "tankers[1].fuelDepot: unknown fuel depot \"F9\"",
      "tankers[1].pumpLitresPerHour: must be a positive number",
      "trucks[0].fuelLitres: must be a positive number",
      "trucks[0].ownCrew: must be true when given",
      "trucks[0].voltage: must be \"lv\" or \"mv\"",
      "trucks[1].fuelLitres: required with fuelLitresPerHourAtFull",
    ]);
  });

  it("refuses a compound on a feeder of another substation, and duplicate ids", () => {
    const doc = operations();
    doc.substations.push({ ...doc.substations[0], id: "S2" });
    doc.feeders[0].substation = "S2";
    doc.crews[1].id = "W1";
    expect(problems(doc).sort()).to.deep.equal([
      "compounds[0].feeder: feeder \"FD1\" is on substation \"S2\", not the compound's \"S1\"",
      "crews[1].id: duplicate id \"W1\" (also crews[0])",
    ]);
  });
});
