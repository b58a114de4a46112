/**
 * A server killed with SIGKILL right after acknowledging reports loses none of them (issue #4): 201 is sent only
 * after the event is durably stored. Runs the real server process on the embedded store, and on PostgreSQL when
 * DATABASE_URL is set.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { createPostgresFixture } from "./helpers/store-fixtures.ts";
import { spawnServer, type ServerProcess } from "./helpers/server-process.ts";
import { tinyScenario } from "./helpers/store-scenario.ts";

const REPORTS = 30;
const databaseUrl = process.env.DATABASE_URL?.trim() || null;

async function call(s: ServerProcess, method: string, url: string, token: string, body?: unknown) {
  const res = await fetch(`${s.base}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function killAfterAcknowledging(dataDir: string, storeUrl: string | null): Promise<void> {
  const first = await spawnServer({ dataDir, databaseUrl: storeUrl, expectBoardUrl: true });
  let acknowledged: string[] = [];
  let token = "";
  let incident = "";
  try {
    token = first.token!;
    incident = (await call(first, "POST", "/api/incidents", token, tinyScenario())).body.id;
    for (let i = 0; i < REPORTS; i++) {
      // randomUUID only names the reports; nothing asserted depends on its value
      // (a compound's grid returns once since #13; its substation's return may be reported again)
      const report = { id: randomUUID(), type: "substation.restored", at: "2021-07-26T18:00:00+08:00", substation: "S1", note: `report ${i}` };
      const r = await call(first, "POST", `/api/incidents/${incident}/events`, token, report);
      expect(r.status).to.equal(201);
      acknowledged.push(report.id);
    }
  } finally {
    // no grace: the process dies right after the last acknowledgement
    await first.kill("SIGKILL");
  }
  expect(first.child.signalCode).to.equal("SIGKILL");

  const second = await spawnServer({ dataDir, databaseUrl: storeUrl, expectBoardUrl: true });
  try {
    // the local commander token was kept in the data directory and printed again
    expect(second.token).to.equal(token);
    const events = (await call(second, "GET", `/api/incidents/${incident}/events`, token)).body as { id: string; seq: number }[];
    expect(events.map((e) => e.id)).to.deep.equal(acknowledged);
    expect(events.map((e) => e.seq)).to.deep.equal(Array.from({ length: REPORTS }, (_, i) => i + 1));
  } finally {
    await second.kill("SIGTERM");
    acknowledged = [];
  }
}

describe("a server killed with SIGKILL", function () {
  this.timeout(180_000);

  it(`keeps all ${REPORTS} acknowledged reports on the embedded store`, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-kill-"));
    try {
      await killAfterAcknowledging(dataDir, null);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  if (databaseUrl === null) {
    it("keeps acknowledged reports on PostgreSQL: needs DATABASE_URL; skipped");
    return;
  }
  it(`keeps all ${REPORTS} acknowledged reports on PostgreSQL`, async () => {
    const fixture = createPostgresFixture(databaseUrl);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-kill-"));
    try {
      await killAfterAcknowledging(dataDir, fixture.url);
    } finally {
      await fixture.dispose();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
