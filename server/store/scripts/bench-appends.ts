/**
 * Appends per second straight into the store (no HTTP): 500 sequential appends, then 500 with 20 in flight,
 * on PGlite (a temporary directory) and, when DATABASE_URL is set, on PostgreSQL (a temporary schema).
 *
 * @example
 * DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npx tsx server/store/scripts/bench-appends.ts
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { EventInput } from "../../../shared/events.ts";
import { openStore, parseDatabaseUrl, withClient } from "../open-store.ts";
import type { Store } from "../store.ts";

const N = Number(process.env.BENCH_APPENDS ?? 500);
const actor = { id: "bench", name: "bench", role: "crew" as const };
const scenario = {
  id: "bench", name: "bench", timezone: "Asia/Shanghai", horizonEnd: "2021-07-27T00:00:00+08:00",
  roads: { type: "FeatureCollection" as const, features: [] }, substations: [], compounds: [], depots: [], trucks: [],
};

function event(): EventInput {
  return { id: randomUUID(), type: "truck.arrived", at: "2021-07-25T20:30:00+08:00", truck: "T1", compound: "C1" };
}

/** appends per second (wall clock), and this process's CPU ms per append (less sensitive to a busy machine) */
async function measure(store: Store, inFlight: number): Promise<{ rate: number; cpuMs: number }> {
  const incident = (await store.createIncident(scenario, actor)).id;
  const start = performance.now();
  const cpu = process.cpuUsage();
  let next = 0;
  const lane = async () => {
    while (next < N) {
      next++;
      await store.appendEvent(incident, event(), actor, () => {});
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const used = process.cpuUsage(cpu);
  return { rate: N / ((performance.now() - start) / 1000), cpuMs: (used.user + used.system) / 1000 / N };
}

async function report(kind: string, store: Store): Promise<void> {
  try {
    const sequential = await measure(store, 1);
    const concurrent = await measure(store, 20);
    process.stdout.write(
      `${kind}: ${sequential.rate.toFixed(0)} appends/s sequential (${sequential.cpuMs.toFixed(2)} ms CPU each here), ` +
        `${concurrent.rate.toFixed(0)} appends/s with 20 in flight (${N} each)\n`,
    );
  } finally {
    await store.close();
  }
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-bench-"));
try {
  await report("PGlite", await openStore({ databaseUrl: null, dataDir }));
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const databaseUrl = process.env.DATABASE_URL?.trim();
if (databaseUrl) {
  const schema = `lianxin_bench_${process.pid}`;
  const url = new URL(parseDatabaseUrl(databaseUrl).connectionString);
  url.searchParams.set("schema", schema);
  try {
    await report("PostgreSQL", await openStore({ databaseUrl: url.toString(), dataDir }));
  } finally {
    await withClient(parseDatabaseUrl(databaseUrl).connectionString, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
  }
}
