import { expect } from "chai";
import { LianxinError } from "../errors.ts";
import { parseEventInput } from "./parse-event-input.ts";

const ID = "5f0c6f3e-2d7a-4c1e-9b7d-0a4e8c2b1f93";

function details(body: unknown): Record<string, string> {
  try {
    parseEventInput(body);
  } catch (err) {
    expect(err).to.be.instanceOf(LianxinError);
    expect((err as LianxinError).code).to.equal("invalid_input");
    return Object.fromEntries((err as LianxinError).details.map((d) => [d.path, d.message]));
  }
  throw new Error("expected invalid_input");
}

describe("parseEventInput", () => {
  it("keeps exactly the fields the type uses", () => {
    const e = parseEventInput({ id: ID, type: "switched.on", at: "2021-07-25T23:30:00+08:00", truck: "sc-1", compound: "jincheng", note: "ok" });
    expect(e).to.deep.equal({ id: ID, type: "switched.on", at: "2021-07-25T23:30:00+08:00", truck: "sc-1", compound: "jincheng", note: "ok" });
  });

  it("names every bad field at once", () => {
    expect(details({ id: "x", type: "switched.on", at: "2021-07-25 23:30", compound: 3 })).to.deep.equal({
      id: "must be a UUID (client-generated, e.g. crypto.randomUUID())",
      at: "must be an ISO 8601 time with an offset, e.g. 2021-07-25T23:30:00+08:00",
      truck: "required for switched.on",
      compound: "must be a string",
    });
  });

  it("refuses an unknown type and fields the type does not use", () => {
    expect(details({ id: ID, type: "truck.flew", at: "2021-07-25T23:30:00Z" })).to.have.property("type");
    expect(details({ id: ID, type: "grid.restored", at: "2021-07-25T23:30:00Z", compound: "a", truck: "t" })).to.deep.equal({ truck: "not used by grid.restored" });
  });

  it("checks a road closure's zone is a closed polygon", () => {
    const open = { type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] };
    expect(details({ id: ID, type: "road.closed", at: "2021-07-25T23:30:00Z", zone: open })).to.deep.equal({ "zone.coordinates[0]": "a polygon ring must be closed (first position = last)" });
  });

  it("checks a reported compound's details field by field", () => {
    const d = details({ id: ID, type: "compound.reported", at: "2021-07-25T23:30:00Z", compound: "n", details: { id: "n", name: "N", location: [113, 34], households: -1, loadKw: 5, substation: "s", outageStart: "2021-07-20T00:00:00+08:00" } });
    expect(d).to.deep.equal({ "details.households": "must be a positive integer" });
  });

  it("refuses a body that is not an object", () => {
    expect(details([1, 2])).to.deep.equal({ "": "must be a JSON object" });
  });
});
