/**
 * An acknowledged report survives SIGKILL: a separate process appends reports and acknowledges each one only
 * after the store resolved it; it is killed mid-stream, right after an acknowledgement, and on reopening the
 * database every acknowledged report is there.
 * (The HTTP version of this test, against the real server, lives with the API tests.)
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { createPgliteFixture, createPostgresFixture, type StoreFixture } from "./helpers/store-fixtures.ts";
import { commander, report, tinyScenario } from "./helpers/store-scenario.ts";

const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), "helpers", "store-append-worker.ts");
const databaseUrl = process.env.DATABASE_URL?.trim() || null;

/** Sends `total` reports; the worker SIGKILLs itself right after acknowledging the `killAfter`-th. */
async function appendThenKill(env: NodeJS.ProcessEnv, incident: string, total: number, killAfter: number) {
  const child = spawn(process.execPath, ["--import", "tsx", worker, incident], {
    env: { ...env, APPEND_WORKER_KILL_AFTER: String(killAfter) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  const acks: { ack: string; seq: number }[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    const message = JSON.parse(line) as { ready?: true; ack?: string; seq?: number; error?: string };
    if (message.ready) {
      // all at once: the worker is still busy with later reports when it is killed
      child.stdin.write(Array.from({ length: total }, (_, i) => JSON.stringify(report(i + 1))).join("\n") + "\n");
    } else if (message.ack !== undefined && message.seq !== undefined) {
      acks.push({ ack: message.ack, seq: message.seq });
    } else {
      throw new Error(`worker refused a report: ${line}`);
    }
  }
  return { acks, signal: await exited };
}

type DurabilityFixture = StoreFixture & { env: NodeJS.ProcessEnv; prepare?: () => Promise<unknown> };

function registerDurability(kind: string, makeFixture: () => Promise<DurabilityFixture>) {
  it(`keeps every acknowledged report when the writing process is killed (${kind})`, async function () {
    this.timeout(120_000);
    const fixture = await makeFixture();
    try {
      let store = await fixture.open();
      const incident = (await store.createIncident(tinyScenario(), commander)).id;
      await store.close();
      await fixture.prepare?.();

      const { acks, signal } = await appendThenKill(fixture.env, incident, 60, 40);
      expect(signal).to.equal("SIGKILL");
      expect(acks.map((a) => a.seq)).to.deep.equal(Array.from({ length: 40 }, (_, i) => i + 1));

      // reopening also takes over the lock the killed process left behind
      store = await fixture.open();
      try {
        const log = await store.listEvents(incident);
        const stored = new Map(log.map((e) => [e.id, e.seq]));
        for (const { ack, seq } of acks) expect(stored.get(ack), `acknowledged ${ack}`).to.equal(seq);
        // the kill came right after the 40th commit: nothing after it was stored, nothing before it lost
        expect(log.map((e) => e.seq)).to.deep.equal(acks.map((a) => a.seq));
      } finally {
        await store.close();
      }
    } finally {
      await fixture.dispose();
    }
  });
}

describe("store durability across SIGKILL", () => {
  registerDurability("PGlite", async () => {
    const fixture = await createPgliteFixture();
    return {
      ...fixture,
      env: { ...process.env, DATABASE_URL: "", LIANXIN_DATA_DIR: fixture.dataDir },
      // with synchronous_commit off this test lost all 40 acknowledged reports: the store must override it
      prepare: () => fixture.query("ALTER SYSTEM SET synchronous_commit = off"),
    };
  });
  if (databaseUrl === null) {
    it("on PostgreSQL needs DATABASE_URL; skipped");
  } else {
    const url = databaseUrl;
    registerDurability("PostgreSQL", async () => {
      const fixture = createPostgresFixture(url);
      return { ...fixture, env: { ...process.env, DATABASE_URL: fixture.url } };
    });
  }
});
