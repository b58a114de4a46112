/** `npm run --silent token -- create …`: flags, and a token that the server's store then recognises. */
import { spawnSync } from "node:child_process";
import { expect } from "chai";
import { LianxinError } from "../../shared/errors.ts";
import { parseTokenArgs } from "../../server/cli/token.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";

function flagError(argv: string[]): { path: string; message: string } {
  try {
    parseTokenArgs(argv);
  } catch (e) {
    expect(e).to.be.instanceOf(LianxinError);
    return (e as LianxinError).details[0];
  }
  throw new Error("expected the flags to be refused");
}

describe("token CLI", () => {
  it("reads role, name, incident and a comma-separated truck list", () => {
    expect(parseTokenArgs(["create", "--role", "crew", "--name", "Crew Wang", "--incident", "inc-1", "--trucks", "T1,T2"]))
      .to.deep.equal({ role: "crew", name: "Crew Wang", incident: "inc-1", trucks: ["T1", "T2"] });
    expect(parseTokenArgs(["create", "--name=Board", "--role=viewer"])).to.deep.equal({ role: "viewer", name: "Board", incident: null, trucks: [] });
  });

  it("names the offending flag when the flags are wrong", () => {
    expect(flagError(["create", "--role", "boss", "--name", "x"]).path).to.equal("--role");
    expect(flagError(["create", "--name", "x"]).path).to.equal("--role");
    expect(flagError(["create", "--role", "viewer"]).path).to.equal("--name");
    expect(flagError(["create", "--role", "crew", "--name", "x", "--trucks", "T1,,T2"]).path).to.equal("--trucks");
    expect(flagError(["create", "--role", "crew", "--name", "x", "--truck", "T1"]).path).to.equal("--truck");
    expect(flagError(["create", "--role", "crew", "--name"]).path).to.equal("--name");
    expect(flagError(["remove"]).path).to.equal("command");
  });

  it("prints the token alone on stdout, stores it where the server looks, and exits non-zero on bad flags", async function () {
    this.timeout(120_000);
    const fixture = await createPgliteFixture();
    try {
      const env = { ...process.env, DATABASE_URL: "", LIANXIN_DATA_DIR: fixture.dataDir };
      const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "server/cli/token.ts", ...args], { env, encoding: "utf8" });

      const ok = run("create", "--role", "crew", "--name", "Crew Wang", "--trucks", "T1");
      expect(ok.status, ok.stderr).to.equal(0);
      expect(ok.stdout).to.match(/^lx_[A-Za-z0-9_-]{43}\n$/);

      const bad = run("create", "--role", "chief", "--name", "x");
      expect(bad.status).to.equal(2);
      expect(bad.stdout).to.equal("");
      expect(bad.stderr).to.include("--role");

      const store = await fixture.open();
      try {
        expect(await store.findToken(ok.stdout.trim())).to.include({ name: "Crew Wang", role: "crew", incident: null });
      } finally {
        await store.close();
      }
    } finally {
      await fixture.dispose();
    }
  });
});
