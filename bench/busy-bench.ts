/**
 * Crew reports while the server plans a city: a real server process (embedded store) plans the 2,000-compound
 * synthetic city in a plan job (9 s budget: the search in the compute thread, its bound in a thread of its own)
 * while one crew posts a report every 80 ms to another incident. A two-core machine then runs three busy threads
 * (server, search, bound); this measures what that costs a crew, against the same reports with the server idle.
 *
 *   npx tsx bench/busy-bench.ts [--json]
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { spawnServer, type ServerProcess } from "../test/integration/helpers/server-process.ts";
import { tinyScenario } from "../test/integration/helpers/store-scenario.ts";
import { CITY_SIZES, generateCity } from "../scenarios/synthetic/generate-city.ts";
import type { Plan } from "../shared/plan.ts";
import { call } from "./http-bench.ts";

export interface LatencyFigures {
  reports: number;
  p50: number;
  p95: number;
  max: number;
}

export interface BusyBenchResult {
  /** report round trips (POST → 201), ms, with the server idle */
  idle: LatencyFigures;
  /** the same while the plan job runs */
  duringPlan: LatencyFigures;
  /** the plan job: wall time from POST to completed, and the plan's own figures */
  plan: { jobMs: number; runtimeMs: number; cost: number; lowerBound: number; noTrucks: number; efficiency: number };
}

const REPORTS = 100;
const GAP_MS = 80;
const PLAN_SECONDS = 9;

/**
 * @example
 * const result = await runBusyBench();
 * console.log(formatBusyBench(result));
 */
export async function runBusyBench(): Promise<BusyBenchResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-busy-"));
  const server = await spawnServer({ dataDir, databaseUrl: null, expectBoardUrl: true });
  try {
    const token = server.token!;
    const call = caller(server, token);
    await waitForIdle(call); // the first-run demo plans Zhengzhou in the background first
    const crewIncident = ((await call("POST", "/api/incidents", tinyScenario())) as { id: string }).id;
    const city = generateCity({ seed: 301, ...CITY_SIZES.large });
    const cityIncident = ((await call("POST", "/api/incidents", city)) as { id: string }).id;
    // plan from the first truck's arrival (the server's own clock is years after the synthetic city's times)
    const at = new Date(Math.min(...city.trucks.map((t) => Date.parse(t.availableAt)))).toISOString();
    const report = (): Promise<unknown> => call("POST", `/api/incidents/${crewIncident}/events`,
      { id: randomUUID(), type: "substation.restored", at: "2021-07-26T18:00:00+08:00", substation: "S1", note: "bench" });
    const idle = await timeReports(report);
    const started = performance.now();
    const job = (await call("POST", `/api/incidents/${cityIncident}/plans?wait=false`, { timeLimitSeconds: PLAN_SECONDS, at })) as { id: string };
    const duringPlan = await timeReports(report);
    for (;;) {
      const status = (await call("GET", `/api/jobs/${job.id}`)) as { state: string; error?: string };
      if (status.state === "failed") throw new Error(`the plan job failed: ${status.error ?? ""}`);
      if (status.state === "completed") break;
      await sleep(100);
    }
    const jobMs = performance.now() - started;
    const { plan } = (await call("GET", `/api/incidents/${cityIncident}/plans/latest`)) as { plan: Plan };
    const noTrucks = plan.noTrucksCustomerOutageHours ?? 0;
    const lowerBound = plan.lowerBound ?? 0;
    return {
      idle, duringPlan,
      plan: {
        jobMs, runtimeMs: plan.runtimeMs ?? 0, cost: plan.customerOutageHours, lowerBound, noTrucks,
        efficiency: (noTrucks - plan.customerOutageHours) / (noTrucks - lowerBound),
      },
    };
  } finally {
    await server.kill("SIGTERM");
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function formatBusyBench(r: BusyBenchResult): string {
  const row = (name: string, f: LatencyFigures): string => `  ${name.padEnd(22)} p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, max ${f.max.toFixed(1)} ms (${f.reports} reports)`;
  const p = r.plan;
  return [
    `Crew reports while the server plans the 2,000-compound city (one report every ${GAP_MS} ms, embedded store)`,
    row("server idle", r.idle),
    row("during the plan job", r.duringPlan),
    `  plan job: ${(p.jobMs / 1000).toFixed(2)} s from POST to completed (planner ${(p.runtimeMs / 1000).toFixed(2)} s); ` +
      `${fmtM(p.cost)} customer-h, bound ${fmtM(p.lowerBound)}, efficiency ${(100 * p.efficiency).toFixed(1)}%`,
  ].join("\n");
}

const fmtM = (x: number): string => `${(x / 1e6).toFixed(2)}M`;

async function timeReports(report: () => Promise<unknown>): Promise<LatencyFigures> {
  const ms: number[] = [];
  for (let i = 0; i < REPORTS; i++) {
    const t0 = performance.now();
    await report();
    ms.push(performance.now() - t0);
    await sleep(GAP_MS);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number): number => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
  return { reports: ms.length, p50: at(0.5), p95: at(0.95), max: ms[ms.length - 1] };
}

/** Waits until no job of any incident is queued or running. */
async function waitForIdle(call: ReturnType<typeof caller>): Promise<void> {
  const incidents = (await call("GET", "/api/incidents")) as { id: string }[];
  for (;;) {
    const jobs = (await Promise.all(incidents.map((i) => call("GET", `/api/incidents/${i.id}/jobs`)))).flat() as { state: string; kind: string }[];
    // a replay's delivery jobs come and go as its clock runs: only plans keep a core busy
    if (!jobs.some((j) => j.kind === "plan" && (j.state === "queued" || j.state === "running" || j.state === "retrying"))) return;
    await sleep(200);
  }
}

function caller(s: ServerProcess, token: string) {
  return (method: string, url: string, body?: unknown): Promise<unknown> => call(s, method, url, token, body);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runBusyBench();
  console.log(process.argv.includes("--json") ? JSON.stringify(result, null, 2) : formatBusyBench(result));
}
