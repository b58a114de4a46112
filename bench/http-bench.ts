/**
 * Load test of the report path (issue #4): autocannon on loopback posting unique crew reports to a real server
 * process (a child, so client and server do not share one event loop), on the embedded store and, when
 * DATABASE_URL is set, on PostgreSQL. Prints reports stored per second and latency percentiles.
 *
 *   npx tsx bench/http-bench.ts [--seconds 10] [--connections 10] [--json]
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { createPostgresFixture } from "../test/integration/helpers/store-fixtures.ts";
import { spawnServer, type ServerProcess } from "../test/integration/helpers/server-process.ts";
import { tinyScenario } from "../test/integration/helpers/store-scenario.ts";

export interface HttpBenchOptions {
  seconds?: number;
  connections?: number;
  /** default: process.env.DATABASE_URL; null skips PostgreSQL */
  databaseUrl?: string | null;
}

export interface HttpBenchResult {
  store: "PGlite (embedded)" | "PostgreSQL";
  seconds: number;
  connections: number;
  /** reports the server answered 201 to */
  acknowledged: number;
  /** reports found in the log afterwards (must equal acknowledged) */
  stored: number;
  reportsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** answers other than 201 (should be 0) */
  errors: number;
}

interface AutocannonResult {
  latency: { p50: number; p99: number; max: number };
  duration: number;
  "2xx": number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  setupRequest(req: { body?: string }): { body?: string };
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

// autocannon ships no types; this is the part of its API the bench uses
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

/**
 * @example
 * for (const r of await runHttpBench({ seconds: 10 })) console.log(r.store, r.reportsPerSecond, r.latencyMs.p99);
 */
export async function runHttpBench(options: HttpBenchOptions = {}): Promise<HttpBenchResult[]> {
  const seconds = options.seconds ?? 10;
  const connections = options.connections ?? 10;
  const databaseUrl = options.databaseUrl === undefined ? process.env.DATABASE_URL?.trim() || null : options.databaseUrl;
  const results: HttpBenchResult[] = [];
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-bench-"));
  try {
    results.push(await benchOne("PGlite (embedded)", path.join(dataDir, "pglite"), null, seconds, connections));
    if (databaseUrl !== null) {
      const fixture = createPostgresFixture(databaseUrl);
      try {
        results.push(await benchOne("PostgreSQL", path.join(dataDir, "pg"), fixture.url, seconds, connections));
      } finally {
        await fixture.dispose();
      }
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  return results;
}

async function benchOne(store: HttpBenchResult["store"], dataDir: string, url: string | null, seconds: number, connections: number): Promise<HttpBenchResult> {
  const server = await spawnServer({ dataDir, databaseUrl: url, expectBoardUrl: true });
  try {
    const token = server.token!;
    const incident = (await call(server, "POST", "/api/incidents", token, tinyScenario())).id as string;
    const result = await autocannon({
      url: server.base,
      connections,
      duration: seconds,
      requests: [
        {
          method: "POST",
          path: `/api/incidents/${incident}/events`,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          // a new id per request: every report is a first receipt (201), as from many crews
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({ id: randomUUID(), type: "grid.restored", at: "2021-07-26T18:00:00+08:00", compound: "C1", note: "bench" }),
          }),
        },
      ],
    });
    const stored = ((await call(server, "GET", `/api/incidents/${incident}/events`, token)) as unknown[]).length;
    return {
      store,
      seconds,
      connections,
      acknowledged: result["2xx"],
      stored,
      reportsPerSecond: round(result["2xx"] / result.duration),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      errors: result.non2xx + result.errors + result.timeouts,
    };
  } finally {
    await server.kill("SIGTERM");
  }
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
  const lines = ["HTTP reports (autocannon, loopback, unique reports)", "store               conns  secs  acked   stored  reports/s  p50 ms  p99 ms  max ms  errors"];
  for (const r of results) {
    lines.push(
      `${r.store.padEnd(20)}${String(r.connections).padStart(5)}${String(r.seconds).padStart(6)}${String(r.acknowledged).padStart(7)}${String(r.stored).padStart(9)}` +
        `${String(r.reportsPerSecond).padStart(11)}${String(r.latencyMs.p50).padStart(8)}${String(r.latencyMs.p99).padStart(8)}${String(r.latencyMs.max).padStart(8)}${String(r.errors).padStart(8)}`,
    );
  }
  return lines.join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? undefined : Number(process.argv[i + 1]);
  };
  const results = await runHttpBench({ seconds: arg("--seconds"), connections: arg("--connections") });
  console.log(process.argv.includes("--json") ? JSON.stringify(results, null, 2) : formatHttpBench(results));
}
