import { expect } from "chai";
import { z } from "zod";
import { LianxinError } from "./errors.ts";
import { parseRequest } from "./scenario-schemas.ts";

const body = z.strictObject({ speed: z.number({ error: "must be a number" }), clock: z.strictObject({ at: z.string() }).optional() });

function details(doc: unknown): string[] {
  try {
    parseRequest(body, doc, "invalid request");
  } catch (e) {
    expect(e).to.be.instanceOf(LianxinError);
    expect((e as LianxinError).code).to.equal("invalid_input");
    return (e as LianxinError).details.map((d) => `${d.path}: ${d.message}`);
  }
  return expect.fail("parseRequest accepted bad input") as never;
}

describe("parseRequest", () => {
  it("returns the parsed body when it is valid", () => {
    expect(parseRequest(body, { speed: 60 }, "invalid request")).to.deep.equal({ speed: 60 });
  });

  it("names each bad field, and each unknown field by its own path", () => {
    expect(details({ speed: "fast", pace: 1, clock: { at: "x", tz: "UTC" } })).to.have.members([
      "speed: must be a number",
      "pace: unknown field",
      "clock.tz: unknown field",
    ]);
  });
});
