/** `npm run --silent token -- create …`: flags, and a token that the server's store then recognises. */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { LianxinError } from "../../shared/errors.ts";
import { parseTokenArgs } from "../../server/cli/token.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";
import { spawnServer } from "./helpers/server-process.ts";
import { tinyScenario } from "./helpers/store-scenario.ts";

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

  it("refuses a crew token without --incident or --trucks, naming the flag", () => {
    expect(flagError(["create", "--role", "crew", "--name", "x", "--trucks", "T1"]).path).to.equal("--incident");
    expect(flagError(["create", "--role", "crew", "--name", "x", "--incident", "inc-1"]).path).to.equal("--trucks");
  });

  it("prints the token alone on stdout, stores it where the server looks, and exits non-zero on bad flags", async function () {
    this.timeout(120_000);
    const fixture = await createPgliteFixture();
    try {
      const before = await fixture.open();
      const incident = (await before.createIncident(tinyScenario(), { id: "test", name: "test", role: "commander" })).id;
      await before.close();
      const env = { ...process.env, DATABASE_URL: "", LIANXIN_DATA_DIR: fixture.dataDir };
      const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "server/cli/token.ts", ...args], { env, encoding: "utf8" });

      const ok = run("create", "--role", "crew", "--name", "Crew Wang", "--incident", incident, "--trucks", "T1");
      expect(ok.status, ok.stderr).to.equal(0);
      expect(ok.stdout).to.match(/^lx_[A-Za-z0-9_-]{43}\n$/);

      const bad = run("create", "--role", "chief", "--name", "x");
      expect(bad.status).to.equal(2);
      expect(bad.stdout).to.equal("");
      expect(bad.stderr).to.include("--role");
      // the store's own rules hold without a server too: T9 is no truck of the incident
      const notItsTruck = run("create", "--role", "crew", "--name", "x", "--incident", incident, "--trucks", "T9");
      expect(notItsTruck.status).to.not.equal(0);
      expect(notItsTruck.stderr).to.include("T9");

      const store = await fixture.open();
      try {
        expect(await store.findToken(ok.stdout.trim())).to.include({ name: "Crew Wang", role: "crew", incident });
      } finally {
        await store.close();
      }
    } finally {
      await fixture.dispose();
    }
  });

  it("makes a crew token through the running server's API while the server holds the embedded store", async function () {
    this.timeout(180_000);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-token-cli-"));
    const server = await spawnServer({ dataDir, databaseUrl: null, expectBoardUrl: true });
    try {
      const commander = server.token!;
      const created = await fetch(`${server.base}/api/incidents`, {
        method: "POST", headers: { authorization: `Bearer ${commander}`, "content-type": "application/json" }, body: JSON.stringify(tinyScenario()),
      });
      const incident = ((await created.json()) as { id: string }).id;
      const env = { ...process.env, DATABASE_URL: "", LIANXIN_DATA_DIR: dataDir };
      const r = spawnSync(process.execPath, ["--import", "tsx", "server/cli/token.ts", "create", "--role", "crew", "--name", "Crew Hu", "--incident", incident, "--trucks", "T1"], { env, encoding: "utf8" });
      expect(r.status, r.stderr).to.equal(0);
      const crew = r.stdout.trim();
      expect(crew).to.match(/^lx_[A-Za-z0-9_-]{43}$/);
      // the server knows it at once: the crew reports for T1 on this incident
      const report = await fetch(`${server.base}/api/incidents/${incident}/events`, {
        method: "POST", headers: { authorization: `Bearer ${crew}`, "content-type": "application/json" },
        body: JSON.stringify({ id: randomUUID(), type: "truck.dispatched", at: "2021-07-25T21:30:00+08:00", truck: "T1", compound: "C1" }),
      });
      expect(report.status, await report.text()).to.equal(201);
      const list = (await (await fetch(`${server.base}/api/tokens?incident=${incident}`, { headers: { authorization: `Bearer ${commander}` } })).json()) as { name: string }[];
      expect(list.map((t) => t.name)).to.include("Crew Hu");
    } finally {
      await server.kill("SIGTERM");
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
