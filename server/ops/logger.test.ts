import { expect } from "chai";
import { createLogger, redactUrl } from "./logger.ts";

describe("redactUrl", () => {
  it("replaces the value of every token query parameter, keeping the rest of the URL", () => {
    expect(redactUrl("/incidents/a?token=lx_secret&at=2021")).to.equal("/incidents/a?token=[redacted]&at=2021");
    expect(redactUrl("/crew?at=1&TOKEN=lx_s#t")).to.equal("/crew?at=1&TOKEN=[redacted]#t");
    expect(redactUrl("/x?access_token=abc")).to.equal("/x?access_token=[redacted]");
    expect(redactUrl("/api/incidents?mytoken=keep")).to.equal("/api/incidents?mytoken=keep");
  });
});

describe("createLogger", () => {
  it("writes JSON lines with secrets in well-known fields redacted", () => {
    const lines: string[] = [];
    const logger = createLogger("info", { write: (l: string) => void lines.push(l) });
    logger.info({ headers: { authorization: "Bearer lx_secret", cookie: "s=lx_secret" }, token: "lx_secret", route: "/api/me" }, "hello");
    logger.debug("not at info");
    expect(lines).to.have.length(1);
    const line = JSON.parse(lines[0]);
    expect(line).to.include({ msg: "hello", route: "/api/me", token: "[redacted]" });
    expect(line.headers).to.deep.equal({ authorization: "[redacted]", cookie: "[redacted]" });
    expect(lines[0]).to.not.include("lx_secret");
  });
});
