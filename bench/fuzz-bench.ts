/**
 * A long fuzz against the real server process (#13 item 4): the seeded malformed requests of the fuzz suite
 * (test/integration/helpers/fuzz-requests.ts), many more of them and several in flight, on the embedded store (the
 * default a single machine runs). Samples the server's resident memory (VmRSS of /proc/<pid>/status) throughout and
 * prints its peak against the 600 MB target, with the answers by status and any 5xx or cut connection.
 *
 *   npx tsx bench/fuzz-bench.ts [--requests 20000] [--concurrency 8] [--seed <n>] [--json]
 */
import { readFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openStore } from "../server/store/open-store.ts";
import { closeFuzzAgent, fuzzRequests, sendRaw, type FuzzTargets } from "../test/integration/helpers/fuzz-requests.ts";
import { spawnServer, type ServerProcess } from "../test/integration/helpers/server-process.ts";
import { tinyScenario } from "../test/integration/helpers/store-scenario.ts";
import { call } from "./http-bench.ts";

export interface FuzzBenchOptions {
  requests?: number;
  concurrency?: number;
  /** default: drawn per run, so the bench is not tuned on one sequence */
  seed?: number;
  /** node flags for the server (e.g. --heapsnapshot-signal=SIGUSR2 to look into its memory) */
  nodeArgs?: string[];
  /** called once the fuzz is done, before the server stops (a heap snapshot, say) */
  beforeStop?(server: ServerProcess, targets: FuzzTargets): Promise<void>;
}

export interface FuzzBenchResult {
  store: "PGlite (embedded)";
  seed: number;
  requests: number;
  concurrency: number;
  seconds: number;
  /** answers by HTTP status; 0 = the connection was cut or timed out */
  statuses: Record<string, number>;
  serverErrors: number;
  rssMb: { start: number; peak: number; end: number };
  /** the server's own account at the end (prom-client's default metrics): V8 heap used, memory outside it (WebAssembly, buffers) */
  heapUsedMb?: number;
  externalMb?: number;
  /** the server still answered /api/health after the fuzz */
  alive: boolean;
  /** the first few requests answered 5xx or whose connection was cut, with the answer or the client's error */
  cut: string[];
  /** the largest rises of resident memory between two samples, with the requests in flight then */
  rises: { mb: number; by: number; during: string[] }[];
}

const RSS_SAMPLE_MS = 100;

export async function runFuzzBench(options: FuzzBenchOptions = {}): Promise<FuzzBenchResult> {
  const requests = options.requests ?? 20_000;
  const concurrency = options.concurrency ?? 8;
  // a fresh sequence each run unless one is asked for (printed, so a finding can be replayed)
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "lianxin-fuzz-bench-"));
  let server: ServerProcess | undefined;
  try {
    const tokens = await prepareTokens(dataDir);
    // writes are rate-limited per token by default: lifted here so the fuzz reaches the handlers, not only the limiter
    server = await spawnServer({ dataDir, databaseUrl: null, env: { LIANXIN_RATE_WRITES: "0", LIANXIN_RATE_COMMANDER_WRITES: "0" }, nodeArgs: options.nodeArgs });
    const targets = await prepareTargets(server, tokens);
    const pid = server.child.pid!;
    const start = await rssMb(pid);
    let peak = start;
    // what was in flight when resident memory rose most: where to look when the peak is over the target
    const inFlight = new Set<string>();
    const rises: { mb: number; by: number; during: string[] }[] = [];
    let last = start;
    const sampler = setInterval(() => void rssMb(pid).then((mb) => {
      if (mb - last >= 50) rises.push({ mb, by: mb - last, during: [...inFlight] });
      last = mb;
      peak = Math.max(peak, mb);
    }).catch(() => {}), RSS_SAMPLE_MS);
    const statuses: Record<string, number> = {};
    const cut: string[] = [];
    const started = performance.now();
    const queue = fuzzRequests(seed, requests, targets);
    const worker = async () => {
      for (let next = queue.next(); !next.done; next = queue.next()) {
        const label = `${next.value.method} ${next.value.path.slice(0, 50)} [${next.value.label.slice(0, 60)}] ${next.value.body?.length ?? 0} B`;
        inFlight.add(label);
        const reply = await sendRaw(server!.base, next.value);
        inFlight.delete(label);
        statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
        if ((reply.status <= 0 || reply.status >= 500) && cut.length < 5) cut.push(`${reply.status || "cut"} ${next.value.method} ${next.value.path.slice(0, 60)} [${next.value.label.slice(0, 80)}]: ${reply.body.slice(0, 160)}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const end = await rssMb(pid);
    peak = Math.max(peak, end);
    const breakdown = await memoryBreakdown(server, targets.tokens.commander);
    const alive = (await fetch(`${server.base}/api/health`).then((r) => r.status).catch(() => 0)) === 200;
    await options.beforeStop?.(server, targets);
    const serverErrors = Object.entries(statuses).filter(([s]) => Number(s) >= 500 || Number(s) <= 0).reduce((n, [, c]) => n + c, 0);
    // the server's own account of its first errors (pino level 50+: the stack), for a 5xx to be traced
    const errorLines = server.output().split("\n").filter((l) => /"level":(5|6)\d/.test(l)).slice(0, 3).map((l) => l.slice(0, 600));
    cut.push(...errorLines.map((l) => `server log: ${l}`));
    return { store: "PGlite (embedded)", seed, requests, concurrency, seconds: Math.round(seconds * 10) / 10, statuses, serverErrors, rssMb: { start, peak, end }, ...breakdown, alive, cut, rises: rises.sort((a, b) => b.by - a.by).slice(0, 5) };
  } finally {
    closeFuzzAgent();
    await server?.kill("SIGTERM");
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** the tokens straight in the store before the server holds it; "scoped" is bound once the replay exists */
async function prepareTokens(dataDir: string): Promise<{ commander: string; viewer: string }> {
  const store = await openStore({ databaseUrl: null, dataDir });
  try {
    return {
      commander: (await store.createToken({ name: "Bench HQ", role: "commander" })).secret,
      viewer: (await store.createToken({ name: "Bench viewer", role: "viewer" })).secret,
    };
  } finally {
    await store.close();
  }
}

/** what the fuzz aims at, made through the API as a user would: an incident, its plan, a replay, an export job */
async function prepareTargets(s: ServerProcess, tokens: { commander: string; viewer: string }): Promise<FuzzTargets> {
  const commander = tokens.commander;
  const incident = ((await call(s, "POST", "/api/incidents", commander, tinyScenario())) as { id: string }).id;
  const plan = (await call(s, "POST", `/api/incidents/${incident}/plans`, commander, { at: "2021-07-25T22:00:00+08:00", timeLimitSeconds: 0.2 })) as { id: string };
  const replay = (await call(s, "POST", "/api/replays", commander, { scenario: tinyScenario("fuzz-replay"), paused: true })) as { incident: { id: string } };
  const job = (await call(s, "POST", `/api/incidents/${incident}/exports`, commander, { format: "json" })) as { id: string };
  const crew = (await call(s, "POST", "/api/tokens", commander, { role: "crew", name: "Crew Wang", incident, trucks: ["T1"] })) as { secret: string };
  const scoped = (await call(s, "POST", "/api/tokens", commander, { role: "viewer", name: "Other viewer", incident: replay.incident.id })) as { secret: string };
  return { incident, replay: replay.incident.id, planId: plan.id, jobId: job.id, tokens: { commander, viewer: tokens.viewer, crew: crew.secret, scoped: scoped.secret } };
}

async function memoryBreakdown(s: ServerProcess, token: string): Promise<{ heapUsedMb?: number; externalMb?: number }> {
  const text = await (await fetch(`${s.base}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  const read = (name: string) => {
    const m = new RegExp(`^${name} (\\S+)`, "m").exec(text);
    return m ? Math.round(Number(m[1]) / 1048576) : undefined;
  };
  return { heapUsedMb: read("nodejs_heap_size_used_bytes"), externalMb: read("nodejs_external_memory_bytes") };
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

export function formatFuzzBench(r: FuzzBenchResult): string {
  const byStatus = Object.entries(r.statuses).sort(([a], [b]) => Number(a) - Number(b)).map(([s, n]) => `${s}: ${n}`).join(", ");
  return [
    `Fuzz: ${r.requests} malformed requests (seed ${r.seed}), ${r.concurrency} in flight, real server on ${r.store}, ${r.seconds} s`,
    `  answers by status: ${byStatus}`,
    `  5xx or cut connections: ${r.serverErrors}; server alive afterwards: ${r.alive ? "yes" : "NO"}`,
    ...r.cut.map((c) => `    ${c}`),
    ...r.rises.map((x) => `    rise +${x.by} MB to ${x.mb} MB while: ${x.during.join(" | ")}`),
    `  server resident memory: ${r.rssMb.start} MB at start, peak ${r.rssMb.peak} MB, ${r.rssMb.end} MB at the end (target: peak < 600 MB); at the end V8 heap ${r.heapUsedMb ?? "?"} MB used, ${r.externalMb ?? "?"} MB outside it`,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const result = await runFuzzBench({
    requests: value("--requests") ? Number(value("--requests")) : undefined,
    concurrency: value("--concurrency") ? Number(value("--concurrency")) : undefined,
    seed: value("--seed") ? Number(value("--seed")) : undefined,
  });
  process.stdout.write(args.includes("--json") ? `${JSON.stringify(result, null, 2)}\n` : `${formatFuzzBench(result)}\n`);
}
