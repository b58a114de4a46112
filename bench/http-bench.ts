/**
 * Storm-volume load test of the report path (#13): a real server process (a child, so the crews and the server do
 * not share one event loop) on the embedded store and, when DATABASE_URL is set, on PostgreSQL; 200 crews, each
 * with its own crew token for its own truck of one incident, report valid step sequences (storm-crews.ts) as fast
 * as the server answers: one report in flight per crew, the next sent on the acknowledgement. Prints reports
 * acknowledged per second, latency percentiles as the crews saw them, and the check of the stored log: lost
 * (acknowledged, not stored), doubled, and whether the order is valid.
 *
 *   npx tsx bench/http-bench.ts [--seconds 10] [--crews 200] [--json] [--cpu-prof <dir>]
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { EventInput, StoredEvent } from "../shared/events.ts";
import type { Scenario } from "../shared/scenario.ts";
import { openStore } from "../server/store/open-store.ts";
import { createPostgresFixture } from "../test/integration/helpers/store-fixtures.ts";
import { spawnServer, type ServerProcess } from "../test/integration/helpers/server-process.ts";
import { checkStormLog, stormScenario, stormStep, type LogCheck } from "./storm-crews.ts";

export interface HttpBenchOptions {
  seconds?: number;
  /** concurrent crews, one truck and one token each; default 200 */
  crews?: number;
  /** default: process.env.DATABASE_URL; null skips PostgreSQL */
  databaseUrl?: string | null;
  /** writes each server's CPU profile (node --cpu-prof) into this directory */
  cpuProfDir?: string;
}

export interface HttpBenchResult extends LogCheck {
  store: "PGlite (embedded)" | "PostgreSQL";
  seconds: number;
  crews: number;
  /** reports answered 201 (or 200, a retry's duplicate) */
  acknowledged: number;
  /** events in the log afterwards */
  stored: number;
  reportsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** answers other than 2xx, and requests that failed (should be 0) */
  errors: number;
}

/** the server warms up (JIT, first batches) before the measured window */
const WARMUP_MS = 2_000;

/**
 * @example
 * for (const r of await runHttpBench({ seconds: 10 })) console.log(r.store, r.reportsPerSecond, r.latencyMs.p99);
 */
export async function runHttpBench(options: HttpBenchOptions = {}): Promise<HttpBenchResult[]> {
  const seconds = options.seconds ?? 10;
  const crews = options.crews ?? 200;
  const databaseUrl = options.databaseUrl === undefined ? process.env.DATABASE_URL?.trim() || null : options.databaseUrl;
  const results: HttpBenchResult[] = [];
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-bench-"));
  try {
    results.push(await benchOne("PGlite (embedded)", path.join(dataDir, "pglite"), null, seconds, crews, options.cpuProfDir));
    if (databaseUrl !== null) {
      const fixture = createPostgresFixture(databaseUrl);
      try {
        results.push(await benchOne("PostgreSQL", path.join(dataDir, "pg"), fixture.url, seconds, crews, options.cpuProfDir));
      } finally {
        await fixture.dispose();
      }
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  return results;
}

interface Setup {
  incident: string;
  commander: string;
  crewTokens: string[];
}

/** Incident and tokens straight in the store, before the server holds it: one crew token per truck, bound to the incident. */
async function prepare(scenario: Scenario, dataDir: string, databaseUrl: string | null): Promise<Setup> {
  const store = await openStore({ databaseUrl, dataDir });
  try {
    const bench = { id: "bench", name: "bench", role: "commander" as const };
    const incident = (await store.createIncident(scenario, bench)).id;
    const commander = (await store.createToken({ name: "Bench HQ", role: "commander", incident })).secret;
    const crewTokens: string[] = [];
    for (const t of scenario.trucks) crewTokens.push((await store.createToken({ name: `Crew ${t.id}`, role: "crew", incident, trucks: [t.id] })).secret);
    return { incident, commander, crewTokens };
  } finally {
    await store.close();
  }
}

async function benchOne(
  store: HttpBenchResult["store"], dataDir: string, url: string | null, seconds: number, crews: number, cpuProfDir?: string,
): Promise<HttpBenchResult> {
  const scenario = stormScenario(crews);
  const { incident, commander, crewTokens } = await prepare(scenario, dataDir, url);
  const nodeArgs = cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : [];
  const server = await spawnServer({ dataDir, databaseUrl: url, nodeArgs });
  const agent = new http.Agent({ keepAlive: true, maxSockets: crews });
  try {
    const acknowledged = new Set<string>();
    const latencies: number[] = [];
    let errors = 0;
    const started = performance.now();
    const measureFrom = started + WARMUP_MS;
    const until = measureFrom + seconds * 1000;
    let measured = 0;
    const crew = async (i: number) => {
      for (let k = 0; performance.now() < until; ) {
        const report = stormStep(i, crews, k, randomUUID());
        // a failed request is retried with the same id: stored at most once whatever happened to the first
        for (let attempt = 0; ; attempt++) {
          const sent = performance.now();
          const status = await post(agent, server, `/api/incidents/${incident}/events`, crewTokens[i], report).catch(() => 0);
          const done = performance.now();
          if (sent >= measureFrom && done <= until) latencies.push(done - sent);
          if (status === 201 || status === 200) {
            acknowledged.add(report.id);
            if (sent >= measureFrom && done <= until) measured++;
            break;
          }
          errors++;
          // a refusal (4xx) would refuse again: this crew stops
          if ((status >= 400 && status < 500) || attempt >= 3) return;
        }
        k++;
      }
    };
    await Promise.all(Array.from({ length: crews }, (_, i) => crew(i)));
    const log = (await call(server, "GET", `/api/incidents/${incident}/events`, commander)) as StoredEvent[];
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN);
    return {
      store, seconds, crews,
      acknowledged: acknowledged.size,
      stored: log.length,
      reportsPerSecond: round(measured / seconds),
      latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: round(latencies.at(-1) ?? NaN) },
      errors,
      ...checkStormLog(scenario, log, acknowledged),
    };
  } finally {
    agent.destroy();
    await server.kill("SIGTERM");
  }
}

/** One report over a keep-alive connection; resolves with the status (the body is read and dropped). */
function post(agent: http.Agent, s: ServerProcess, url: string, token: string, body: EventInput): Promise<number> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: s.port, path: url, method: "POST", agent,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** One JSON request to a bench server; throws with the status and body unless it answers 2xx. */
export async function call(s: ServerProcess, method: string, url: string, token: string, body?: unknown) {
  const res = await fetch(`${s.base}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The table `npm run bench` prints for this section. */
export function formatHttpBench(results: HttpBenchResult[]): string {
  const lines = [
    `HTTP reports: ${results[0]?.crews ?? 200} crews, one truck and token each, valid step sequences for one incident (loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(" ")})`,
    "store               crews  secs   acked  stored  reports/s  p50 ms  p95 ms  p99 ms  max ms  lost  doubled  order  errors",
  ];
  for (const r of results) {
    lines.push(
      `${r.store.padEnd(20)}${String(r.crews).padStart(5)}${String(r.seconds).padStart(6)}${String(r.acknowledged).padStart(8)}${String(r.stored).padStart(8)}` +
        `${String(r.reportsPerSecond).padStart(11)}${String(r.latencyMs.p50).padStart(8)}${String(r.latencyMs.p95).padStart(8)}${String(r.latencyMs.p99).padStart(8)}` +
        `${String(r.latencyMs.max).padStart(8)}${String(r.lost).padStart(6)}${String(r.doubled).padStart(9)}${(r.orderValid ? "valid" : "BROKEN").padStart(7)}${String(r.errors).padStart(8)}`,
    );
  }
  return lines.join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? undefined : Number(process.argv[i + 1]);
  };
  const profIndex = process.argv.indexOf("--cpu-prof");
  const cpuProfDir = profIndex < 0 ? undefined : path.resolve(process.argv[profIndex + 1]);
  const results = await runHttpBench({ seconds: arg("--seconds"), crews: arg("--crews"), cpuProfDir });
  console.log(process.argv.includes("--json") ? JSON.stringify(results, null, 2) : formatHttpBench(results));
}
