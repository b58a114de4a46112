/**
 * Storm-volume load test of the report path (#13): a real server process (a child, so the crews and the server do
 * not share one event loop) on the embedded store and, when DATABASE_URL is set, on PostgreSQL; 200 crews, each
 * with its own crew token for its own truck of one incident, report valid step sequences (storm-crews.ts). Two
 * loads, one after the other on the same server:
 *
 * - paced (the default line, what the targets are about): a storm is an open arrival process. The crews together
 *   offer a fixed total rate (poisson or evenly staggered arrivals, stormSchedule), whatever the server does; a
 *   crew's next report waits for the previous one's acknowledgement (its steps must arrive in order), and its
 *   latency is counted from the time it was due, not from when it could be sent, so a server falling behind shows
 *   as latency instead of hiding as fewer requests (coordinated omission);
 * - closed (saturation): each crew sends its next report as soon as the previous one is acknowledged. With 200
 *   crews always waiting, latency there is queue length / throughput: it measures capacity, not a storm's latency.
 *
 * Prints offered and achieved reports per second, latency percentiles as the crews saw them, and the check of the
 * stored log: lost (acknowledged, not stored), doubled, and whether the order is valid.
 *
 *   npx tsx bench/http-bench.ts [--seconds 10] [--crews 200] [--load paced|closed|both] [--rate N]
 *     [--arrivals poisson|even] [--store embedded|postgres|both] [--json] [--cpu-prof <dir>] [--boards N]
 *
 * --boards N: N boards (socket.io clients with the commander's token) watch the incident through the loads, as an
 * HQ does in a storm: they receive every report, and the server evaluates the board alerts (#16) while they watch.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { io as connect, type Socket } from "socket.io-client";
import type { EventInput, StoredEvent } from "../shared/events.ts";
import type { Scenario } from "../shared/scenario.ts";
import { openStore } from "../server/store/open-store.ts";
import { createPostgresFixture } from "../test/integration/helpers/store-fixtures.ts";
import { spawnServer, type ServerProcess } from "../test/integration/helpers/server-process.ts";
import { checkStormLog, stormScenario, stormSchedule, stormStep, type Arrivals, type LogCheck } from "./storm-crews.ts";

export type StoreName = "PGlite (embedded)" | "PostgreSQL";
export type Load = "paced" | "closed";

/** Issue #13 item 6: what each store must sustain, offered as a storm, and the p99 it must keep doing so. */
export const TARGETS: Record<StoreName, { reportsPerSecond: number; p99Ms: number }> = {
  "PGlite (embedded)": { reportsPerSecond: 500, p99Ms: 100 },
  PostgreSQL: { reportsPerSecond: 1000, p99Ms: 50 },
};

/** the paced load's default offered rate, as a multiple of the store's target */
const OVER_TARGET = 1.05;

export interface HttpBenchOptions {
  seconds?: number;
  /** concurrent crews, one truck and one token each; default 200 */
  crews?: number;
  /** default: process.env.DATABASE_URL; null skips PostgreSQL */
  databaseUrl?: string | null;
  /** default both; "postgres" needs a database URL */
  stores?: "embedded" | "postgres" | "both";
  /** what runs on each store, in this order; default paced then closed */
  loads?: Load[];
  /** the paced load's total offered reports/s; default 5% over the store's target */
  rate?: number;
  /** default poisson */
  arrivals?: Arrivals;
  seed?: number;
  /** writes each server's CPU profile (node --cpu-prof) into this directory */
  cpuProfDir?: string;
  /** boards watching the incident through the loads; default 0 */
  boards?: number;
}

export interface HttpBenchResult extends LogCheck {
  store: StoreName;
  load: Load;
  seconds: number;
  crews: number;
  /** paced: the arrivals, and the reports that fell due in the measured window per second; closed: null */
  arrivals: Arrivals | null;
  offeredPerSecond: number | null;
  /** reports of this load answered 201 (or 200, a retry's duplicate) */
  acknowledged: number;
  /** events in the log after this load */
  stored: number;
  /** acknowledgements received in the measured window, per second */
  reportsPerSecond: number;
  /** paced: from the report's due time; closed: from its send */
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** answers other than 2xx, and requests that failed (should be 0) */
  errors: number;
  /** the errors by status, or for a request that failed, "0 " and its error's code ("0 ECONNRESET") */
  errorStatuses: Record<string, number>;
  /** paced: reports sent after their due time because their crew's previous one was still unanswered */
  late: number;
  /** the server process's CPU time (user + system) in the measured window per acknowledged report; null off Linux */
  serverCpuMsPerReport: number | null;
  /** the same for this process, the crews' side (the two share the machine's cores) */
  clientCpuMsPerReport: number;
  /**
   * how busy the whole machine's CPUs were in the window (0–1, from /proc/stat; null off Linux): the server, the
   * crews, the database, and whatever else runs there, which latency on a shared machine depends on
   */
  machineBusy: number | null;
  /** boards that watched the incident, and the socket events (`event`, `alert`) they received in all */
  boards: number;
  boardMessages: number;
  /** paced only: whether this line meets TARGETS (rate offered and achieved, p99, nothing lost, doubled or refused) */
  targetMet: boolean | null;
}

/**
 * A storm hits a server that is already running: before the first load every crew sends this many reports one
 * after another (the server's first requests compile its code paths and fill its caches, and on a cold server
 * they take seconds), and each load then runs WARMUP_MS before its measured window.
 */
const WARM_REPORTS = 5;
const WARMUP_MS = 2_000;
/** a report still unanswered this long after the window is counted as an error (the server is stuck) */
const DRAIN_MS = 30_000;

/**
 * @example
 * for (const r of await runHttpBench({ seconds: 10 })) console.log(r.store, r.load, r.reportsPerSecond, r.latencyMs.p99);
 */
export async function runHttpBench(options: HttpBenchOptions = {}): Promise<HttpBenchResult[]> {
  const databaseUrl = options.databaseUrl === undefined ? process.env.DATABASE_URL?.trim() || null : options.databaseUrl;
  const stores = options.stores ?? "both";
  const results: HttpBenchResult[] = [];
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-bench-"));
  try {
    if (stores !== "postgres") results.push(...(await benchStore("PGlite (embedded)", path.join(dataDir, "pglite"), null, options)));
    if (stores !== "embedded" && databaseUrl !== null) {
      const fixture = createPostgresFixture(databaseUrl);
      try {
        results.push(...(await benchStore("PostgreSQL", path.join(dataDir, "pg"), fixture.url, options)));
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

/** One server on one store; each load in turn, the crews' step sequences continuing from one load to the next. */
async function benchStore(store: StoreName, dataDir: string, url: string | null, options: HttpBenchOptions): Promise<HttpBenchResult[]> {
  const seconds = options.seconds ?? 10;
  const crews = options.crews ?? 200;
  const scenario = stormScenario(crews);
  const setup = await prepare(scenario, dataDir, url);
  const nodeArgs = options.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const server = await spawnServer({ dataDir, databaseUrl: url, nodeArgs });
  // a fresh pool of connections for each load: sockets left idle past the server's keep-alive timeout while the
  // log is read between loads would be reset under the next load's first requests
  let agent = crewAgent(crews);
  // a request that fails answers its error's code in place of a status ("ECONNRESET": the connection was cut)
  const send = (i: number, report: EventInput) => post(agent, server, `/api/incidents/${setup.incident}/events`, setup.crewTokens[i], report)
    .catch((error: unknown) => String((error as { code?: unknown }).code ?? (error as Error).message));
  const steps = new Array<number>(crews).fill(0);
  const results: HttpBenchResult[] = [];
  const boards: Socket[] = [];
  let boardMessages = 0;
  try {
    for (let b = 0; b < (options.boards ?? 0); b++) {
      const socket = connect(server.base, { auth: { token: setup.commander }, transports: ["websocket"], reconnection: false });
      socket.on("event", () => boardMessages++);
      socket.on("alert", () => boardMessages++);
      boards.push(socket);
      const joined = (await new Promise((resolve) => socket.emit("join", { incident: setup.incident }, resolve))) as { ok: boolean };
      if (!joined.ok) throw new Error(`board ${b} could not join: ${JSON.stringify(joined)}`);
    }
    await warm({ pid: server.child.pid!, crews, seconds, steps, send });
    for (const load of options.loads ?? ["paced", "closed"]) {
      agent.destroy();
      agent = crewAgent(crews);
      // Poisson arrivals at exactly the target offer a little under or over it in any window (499.1/s at 500);
      // offering 5% more by default makes the stored rate itself clear the target, which is what it asks.
      const rate = options.rate ?? Math.ceil(TARGETS[store].reportsPerSecond * OVER_TARGET);
      const arrivals = options.arrivals ?? "poisson";
      const run = load === "paced"
        ? await runPaced({ pid: server.child.pid!, crews, seconds, steps, send, rate, arrivals, seed: options.seed ?? 1 })
        : await runClosed({ pid: server.child.pid!, crews, seconds, steps, send });
      const log = (await call(server, "GET", `/api/incidents/${setup.incident}/events`, setup.commander)) as StoredEvent[];
      const check = checkStormLog(scenario, log, run.acknowledged);
      const latencyMs = percentiles(run.latencies);
      const target = TARGETS[store];
      results.push({
        store, load, seconds, crews,
        arrivals: load === "paced" ? arrivals : null,
        offeredPerSecond: load === "paced" ? round(run.due / seconds) : null,
        acknowledged: run.acknowledged.size, stored: log.length,
        reportsPerSecond: round(run.measured / seconds),
        latencyMs, errors: run.errors, errorStatuses: run.errorStatuses, late: run.late,
        serverCpuMsPerReport: run.serverCpuMs === null || run.measured === 0 ? null : Math.round((run.serverCpuMs / run.measured) * 1000) / 1000,
        clientCpuMsPerReport: run.measured === 0 ? NaN : Math.round((run.clientCpuMs / run.measured) * 1000) / 1000,
        machineBusy: run.machineBusy,
        boards: boards.length, boardMessages,
        ...check,
        targetMet: load !== "paced" ? null
          : run.measured / seconds >= target.reportsPerSecond && run.measured >= 0.99 * run.due && latencyMs.p99 < target.p99Ms &&
            check.lost === 0 && check.doubled === 0 && check.orderValid && run.errors === 0,
      });
    }
    return results;
  } finally {
    for (const socket of boards) socket.disconnect();
    agent.destroy();
    await server.kill("SIGTERM");
  }
}

/**
 * The crews' connections: kept alive, one per crew at most. `timeout` must be set for Node 20's agent to honour the
 * server's `Keep-Alive: timeout=5` hint (it closes an idle socket 1 s before the server would; with no timeout of
 * its own, `serverHintTimeout < agentTimeout` compares against 0 and the hint is ignored). Without it idle sockets
 * stayed in the pool until the server closed them, and a crew that took one just as the server's 5 s ran out lost
 * its request to the close: the cut connections (status 0, ECONNRESET) of earlier runs, a race between two
 * processes whose odds grow with how busy the server's event loop is (its keep-alive timer fires before it reads).
 * Phones and browsers drop or retry such a socket themselves; this client now behaves like them.
 */
function crewAgent(crews: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: crews, timeout: 60_000 });
}

interface LoadRun {
  acknowledged: Set<string>;
  latencies: number[];
  /** acknowledgements received in the measured window */
  measured: number;
  /** paced: reports due in the measured window */
  due: number;
  errors: number;
  errorStatuses: Record<string, number>;
  late: number;
  /** the server's and this process's CPU ms over the measured window */
  serverCpuMs: number | null;
  clientCpuMs: number;
  machineBusy: number | null;
}

/** resolves with the answer's status, or the failed request's error code */
type Send = (crew: number, report: EventInput) => Promise<number | string>;

interface ClosedLoad {
  /** the server's pid, whose CPU is measured over the window */
  pid: number;
  crews: number;
  seconds: number;
  /** each crew's next step, advanced as its reports are acknowledged */
  steps: number[];
  send: Send;
}

interface PacedLoad extends ClosedLoad {
  rate: number;
  arrivals: Arrivals;
  seed: number;
}

/**
 * Sends one report until it is acknowledged; a failed request is retried with the same id, so it is stored at most
 * once whatever happened to the first. Resolves with the acknowledgement's time, or null when refused (a 4xx would
 * refuse again) or after 4 failures.
 */
async function deliver(run: LoadRun, send: Send, crew: number, report: EventInput): Promise<number | null> {
  for (let attempt = 0; ; attempt++) {
    const answer = await send(crew, report);
    if (answer === 201 || answer === 200) {
      run.acknowledged.add(report.id);
      return performance.now();
    }
    run.errors++;
    const key = typeof answer === "number" ? String(answer) : `0 ${answer}`;
    run.errorStatuses[key] = (run.errorStatuses[key] ?? 0) + 1;
    if ((typeof answer === "number" && answer >= 400 && answer < 500) || attempt >= 3) return null;
  }
}

function newRun(): LoadRun {
  return { acknowledged: new Set(), latencies: [], measured: 0, due: 0, errors: 0, errorStatuses: {}, late: 0, serverCpuMs: null, clientCpuMs: 0, machineBusy: null };
}

/** CPU ms (user + system) the process has used so far, from /proc; null where there is no /proc. */
function cpuMsOf(pid: number): number | null {
  try {
    // the fields after the command name, which is in parentheses and may hold spaces: utime and stime are 12th and 13th
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** All CPUs' ticks so far, busy (not idle or waiting for I/O) and in all, from /proc/stat; null where there is none. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const ticks = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    // idle and iowait are the 4th and 5th
    return { busy: total - ticks[3] - ticks[4], total };
  } catch {
    return null;
  }
}

/** Measures the server's and this process's CPU over [from, until] (performance.now() times) into the run. */
async function measureCpu(run: LoadRun, pid: number, from: number, until: number): Promise<void> {
  await sleep(Math.max(0, from - performance.now()));
  const start = cpuMsOf(pid);
  const client = process.cpuUsage();
  const machine = machineTicks();
  await sleep(Math.max(0, until - performance.now()));
  const end = cpuMsOf(pid);
  const used = process.cpuUsage(client);
  const machineEnd = machineTicks();
  run.serverCpuMs = start === null || end === null ? null : end - start;
  run.clientCpuMs = (used.user + used.system) / 1000;
  run.machineBusy = machine === null || machineEnd === null ? null
    : Math.round(((machineEnd.busy - machine.busy) / (machineEnd.total - machine.total)) * 100) / 100;
}

/** Each crew's first WARM_REPORTS reports, sent one after another and not measured. */
async function warm(load: ClosedLoad): Promise<void> {
  const run = newRun();
  await Promise.all(Array.from({ length: load.crews }, async (_, i) => {
    for (let k = 0; k < WARM_REPORTS; k++) {
      if ((await deliver(run, load.send, i, stormStep(i, load.crews, load.steps[i], randomUUID()))) === null) return;
      load.steps[i]++;
    }
  }));
}

/** The storm: reports fall due on each crew's schedule; a crew that is still waiting sends late, timed from the due time. */
async function runPaced(load: PacedLoad): Promise<LoadRun> {
  const run = newRun();
  const started = performance.now();
  const measureFrom = started + WARMUP_MS;
  const until = measureFrom + load.seconds * 1000;
  const drainBy = until + DRAIN_MS;
  const crew = async (i: number) => {
    const schedule = stormSchedule(i, load.crews, load.rate, load.arrivals, load.seed);
    for (let dueAt = started + schedule(); dueAt < until; dueAt = started + schedule()) {
      const measuring = dueAt >= measureFrom;
      const wait = dueAt - performance.now();
      if (wait > 0) await sleep(wait);
      else if (measuring) run.late++;
      if (performance.now() > drainBy) return;
      if (measuring) run.due++;
      const acked = await deliver(run, load.send, i, stormStep(i, load.crews, load.steps[i], randomUUID()));
      if (acked === null) return;
      load.steps[i]++;
      if (measuring) run.latencies.push(acked - dueAt);
      if (acked >= measureFrom && acked < until) run.measured++;
    }
  };
  await Promise.all([measureCpu(run, load.pid, measureFrom, until), ...Array.from({ length: load.crews }, (_, i) => crew(i))]);
  return run;
}

/** Saturation: every crew always has one report in flight. */
async function runClosed(load: ClosedLoad): Promise<LoadRun> {
  const run = newRun();
  const measureFrom = performance.now() + WARMUP_MS;
  const until = measureFrom + load.seconds * 1000;
  const crew = async (i: number) => {
    while (performance.now() < until) {
      const sent = performance.now();
      const acked = await deliver(run, load.send, i, stormStep(i, load.crews, load.steps[i], randomUUID()));
      if (acked === null) return;
      load.steps[i]++;
      if (sent >= measureFrom && acked <= until) {
        run.latencies.push(acked - sent);
        run.measured++;
      }
    }
  };
  await Promise.all([measureCpu(run, load.pid, measureFrom, until), ...Array.from({ length: load.crews }, (_, i) => crew(i))]);
  return run;
}

function percentiles(latencies: number[]): HttpBenchResult["latencyMs"] {
  const sorted = latencies.slice().sort((a, b) => a - b);
  const pct = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN);
  return { p50: pct(50), p95: pct(95), p99: pct(99), max: round(sorted.at(-1) ?? NaN) };
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
  const paced = results.find((r) => r.load === "paced");
  const lines = [
    `HTTP reports: ${results[0]?.crews ?? 200} crews, one truck and token each, valid step sequences for one incident (loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(" ")})` +
      (results[0]?.boards ? `; ${results[0].boards} board(s) watching, ${results.at(-1)!.boardMessages} socket messages received` : ""),
    `  paced: ${paced?.arrivals ?? "poisson"} arrivals at a fixed total rate, latency from each report's due time; closed: each crew sends on its previous acknowledgement (saturation: latency = queue / throughput);`,
    `  each server warmed by ${WARM_REPORTS} reports a crew, each load measured after ${WARMUP_MS / 1000} s of it; busy: all of the machine's ${os.cpus().length} CPUs in the window, whoever used them`,
    "store               load    crews  secs  offered/s  reports/s  p50 ms  p95 ms  p99 ms  max ms  cpu ms/rep (srv/crews)  busy   acked  stored  lost  doubled  order  errors   late  target",
  ];
  for (const r of results) {
    const t = TARGETS[r.store];
    const target = r.targetMet === null ? "" : `${r.targetMet ? "met" : "MISSED"} (≥ ${t.reportsPerSecond}/s, p99 < ${t.p99Ms} ms)`;
    // which answers the errors were ("0 <code>": the request itself failed), so a run with errors says what to look at
    const statuses = r.errors === 0 ? "" : `  errors by status ${JSON.stringify(r.errorStatuses)}`;
    lines.push(
      `${r.store.padEnd(20)}${r.load.padEnd(6)}${String(r.crews).padStart(7)}${String(r.seconds).padStart(6)}${String(r.offeredPerSecond ?? "-").padStart(11)}` +
        `${String(r.reportsPerSecond).padStart(11)}${String(r.latencyMs.p50).padStart(8)}${String(r.latencyMs.p95).padStart(8)}${String(r.latencyMs.p99).padStart(8)}` +
        `${String(r.latencyMs.max).padStart(8)}${`${r.serverCpuMsPerReport ?? "-"} / ${r.clientCpuMsPerReport}`.padStart(24)}${(r.machineBusy === null ? "-" : `${Math.round(r.machineBusy * 100)}%`).padStart(6)}${String(r.acknowledged).padStart(8)}${String(r.stored).padStart(8)}${String(r.lost).padStart(6)}${String(r.doubled).padStart(9)}` +
        `${(r.orderValid ? "valid" : "BROKEN").padStart(7)}${String(r.errors).padStart(8)}${String(r.load === "paced" ? r.late : "-").padStart(7)}  ${target}${statuses}`,
    );
  }
  return lines.join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const value = (name: string) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? undefined : process.argv[i + 1];
  };
  const num = (name: string) => (value(name) === undefined ? undefined : Number(value(name)));
  const load = value("--load") ?? "both";
  const cpuProf = value("--cpu-prof");
  const results = await runHttpBench({
    seconds: num("--seconds"), crews: num("--crews"), rate: num("--rate"), seed: num("--seed"),
    loads: load === "both" ? ["paced", "closed"] : [load as Load],
    arrivals: value("--arrivals") as Arrivals | undefined,
    stores: value("--store") as HttpBenchOptions["stores"],
    cpuProfDir: cpuProf === undefined ? undefined : path.resolve(cpuProf),
    boards: num("--boards"),
  });
  console.log(process.argv.includes("--json") ? JSON.stringify(results, null, 2) : formatHttpBench(results));
}
