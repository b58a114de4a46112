import { expect } from "chai";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { HTTP_STATUS, toErrorResponse } from "./error-table.ts";

describe("error table", () => {
  it("maps every domain error code to the status the API contract names", () => {
    expect(HTTP_STATUS).to.deep.equal({ invalid_input: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409, impossible: 422, too_large: 413, unsupported_media: 415, rate_limited: 429, internal: 500, unavailable: 503 });
  });

  it("answers with the code, message and details of a domain error", () => {
    const r = toErrorResponse(new LianxinError(ErrorCode.impossible, "truck T1 has not arrived", [{ path: "type", message: "x" }]));
    expect(r).to.deep.equal({ status: 422, unexpected: false, body: { error: { code: "impossible", message: "truck T1 has not arrived", details: [{ path: "type", message: "x" }] } } });
  });

  it("hides the message of an unexpected error and flags it for the log", () => {
    const r = toErrorResponse(new Error("password=hunter2"));
    expect(r.status).to.equal(500);
    expect(r.unexpected).to.equal(true);
    expect(r.body.error.message).to.equal("internal error");
  });

  it("turns body-parser's malformed JSON into invalid_input", () => {
    const e = Object.assign(new SyntaxError("Unexpected token"), { type: "entity.parse.failed", status: 400 });
    expect(toErrorResponse(e).status).to.equal(400);
    expect(toErrorResponse(e).body.error.code).to.equal("invalid_input");
  });
});
