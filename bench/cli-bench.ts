/**
 * The cli section of `npm run bench` (issue #15's table, #14's timings): the plan CLI timed as a whole process,
 * exactly as a commander runs it (`node --import tsx server/cli/plan.ts <scenario.json> --json`, its defaults: no
 * --time-limit), on synthetic cities of fresh seeds (drawn anew each run, never one of seeds.json's, which the
 * planner was tuned on; `--seeds a,b` repeats a run) and on the true-scale Zhengzhou scenario; each scenario planned
 * twice (determinism: the same plan document apart from runtimeMs, the same lowerBound). Beside them, re-plans after
 * one event on the same cities (planner-child.ts with --auto-budget, as the CLI plans), and the counterfactual
 * report of the Zhengzhou replay (every convoy arrival a decision time), without foresight and with --both.
 * Figures are printed, never asserted.
 */
import { spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CITY_SIZES, generateCity } from "../scenarios/synthetic/generate-city.ts";
import type { Plan } from "../shared/plan.ts";
import type { PlannerBenchRow, ReplanRow } from "./planner-bench.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const preload = fileURLToPath(new URL("./max-rss-preload.mjs", import.meta.url));
const RSS_LINE = /\nlianxin-bench-max-rss-kb (\d+)\n/g;

/** The issue's targets per case (wall of the whole process, efficiency, peak RSS). */
export const CLI_TARGETS: Record<string, { wallMs: number; efficiency: number; rssMb: number }> = {
  medium: { wallMs: 2000, efficiency: 0.98, rssMb: 512 },
  large: { wallMs: 10000, efficiency: 0.95, rssMb: 1024 },
  zhengzhou: { wallMs: 10000, efficiency: 0.95, rssMb: 1024 },
};

export interface CliRun {
  /** spawn to exit of the CLI process */
  wallMs: number;
  /** the plan's own runtimeMs (planValidScenario's call) */
  runtimeMs: number;
  peakRssMb: number;
  none: number;
  plan: number;
  bound: number;
  /** (none − plan) / (none − bound), all from the plan document */
  efficiency: number;
  /** the budget's cap cut the work (the plan then depends on the machine's speed) */
  cut: boolean;
  limitMs: number;
  /** the machine's 1-minute load average when the run started (other jobs share the 2 cores) */
  load: number;
}

export interface CliCase {
  name: string;
  /** the city's seed (null: a scenario file) */
  seed: number | null;
  compounds: number;
  trucks: number;
  runs: CliRun[];
  /** every run's plan document the same apart from runtimeMs */
  samePlan: boolean;
  sameBound: boolean;
  /** re-plans after one event (planner-child.ts --auto-budget), with that child's own full plan time */
  replans?: ReplanRow[];
  childPlanMs?: number;
}

export interface ReplayTiming {
  mode: string;
  wallMs: number;
  peakRssMb: number;
  decisionTimes: number;
  savedCustomerOutageHours: number;
  savedWithoutForesight?: number;
  savedWithForesight?: number;
}

export interface CliBench {
  seeds: number[];
  cases: CliCase[];
  replay: ReplayTiming[];
}

export interface CliBenchOptions {
  /** city seeds; default `fresh` new ones */
  seeds?: number[];
  /** how many fresh seeds to draw (default 2) */
  fresh?: number;
  /** sizes from CITY_SIZES (default medium, large) */
  sizes?: string[];
  /** runs of the CLI per scenario (default 2: the determinism check) */
  runs?: number;
  replan?: boolean;
  replay?: boolean;
  zhengzhou?: boolean;
  /** progress lines (stderr) */
  log?: (line: string) => void;
}

/** Seeds never used before: random, and none of seeds.json's (the ones the planner was tuned on). */
export function drawSeeds(n: number): number[] {
  const tuned = new Set(Object.values(JSON.parse(readFileSync(join(root, "scenarios/synthetic/seeds.json"), "utf8")) as Record<string, number[]>).flat());
  const out: number[] = [];
  while (out.length < n) {
    const s = randomInt(1000, 1_000_000);
    if (!tuned.has(s) && !out.includes(s)) out.push(s);
  }
  return out;
}

/**
 * @example
 * const result = await runCliBench({ seeds: [4242], sizes: ["medium"] });
 * result.cases[0].runs[0].wallMs; // the whole CLI process, ms
 */
export async function runCliBench(options: CliBenchOptions = {}): Promise<CliBench> {
  const log = options.log ?? (() => {});
  const seeds = options.seeds ?? drawSeeds(options.fresh ?? 2);
  const runs = options.runs ?? 2;
  log(`cli bench: seeds ${seeds.join(",")}`);
  const dir = mkdtempSync(join(tmpdir(), "lianxin-cli-bench-"));
  const cases: CliCase[] = [];
  // builds the CLI's bundles if a source changed since the last run (server/bundled-module.ts), untimed
  await timeNode(["server/cli/plan.ts", "--help"]);
  try {
    for (const size of options.sizes ?? ["medium", "large"]) {
      for (const seed of seeds) {
        const city = generateCity({ seed, ...CITY_SIZES[size as keyof typeof CITY_SIZES] });
        const file = join(dir, `${size}-${seed}.json`);
        writeFileSync(file, JSON.stringify(city));
        const c = await planTwice(size, seed, file, runs, log);
        cases.push({ ...c, compounds: city.compounds.length, trucks: city.trucks.length });
        if (options.replan !== false) {
          const child = await replanChild(size, seed);
          cases[cases.length - 1].replans = child.replans;
          cases[cases.length - 1].childPlanMs = child.planMs;
          log(`  re-plans ${size}#${seed}: ${child.replans.map((r) => `${r.event} ${(r.ms / 1000).toFixed(2)} s`).join(", ")}`);
        }
      }
    }
    if (options.zhengzhou !== false) {
      const file = join(root, "scenarios/zhengzhou-2021/scenario.json");
      const s = JSON.parse(readFileSync(file, "utf8")) as { compounds: unknown[]; trucks: unknown[] };
      cases.push({ ...(await planTwice("zhengzhou", null, file, runs, log)), compounds: s.compounds.length, trucks: s.trucks.length });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const replay: ReplayTiming[] = [];
  if (options.replay !== false) {
    for (const mode of [["--report", "--json"], ["--report", "--both", "--json"]]) {
      replay.push(await timeReplay(mode, log));
    }
  }
  return { seeds, cases, replay };
}

async function planTwice(name: string, seed: number | null, file: string, runs: number, log: (line: string) => void): Promise<Omit<CliCase, "compounds" | "trucks">> {
  const results: CliRun[] = [];
  const docs: string[] = [];
  const bounds: number[] = [];
  for (let r = 0; r < runs; r++) {
    const load = loadavg()[0];
    const out = await timeNode(["server/cli/plan.ts", file, "--json"]);
    if (out.status !== 0) throw new Error(`plan CLI on ${name}${seed === null ? "" : `#${seed}`} exited ${out.status}: ${out.stderr.slice(0, 500)}`);
    const plan = JSON.parse(out.stdout) as Plan;
    const none = plan.noTrucksCustomerOutageHours ?? NaN;
    const bound = plan.lowerBound ?? NaN;
    const run: CliRun = {
      wallMs: out.wallMs, runtimeMs: plan.runtimeMs ?? NaN, peakRssMb: out.peakRssKb / 1024,
      none, plan: plan.customerOutageHours, bound, efficiency: (none - plan.customerOutageHours) / (none - bound),
      cut: plan.budget?.cut ?? false, limitMs: plan.budget?.limitMs ?? NaN, load,
    };
    results.push(run);
    docs.push(JSON.stringify({ ...plan, runtimeMs: undefined }));
    bounds.push(bound);
    log(`  ${name}${seed === null ? "" : `#${seed}`} run ${r + 1}: wall ${(run.wallMs / 1000).toFixed(2)} s, runtime ${(run.runtimeMs / 1000).toFixed(2)} s, efficiency ${(100 * run.efficiency).toFixed(2)}%, peak RSS ${run.peakRssMb.toFixed(0)} MB, load ${load.toFixed(1)}${run.cut ? ", CUT by the cap" : ""}`);
  }
  return { name, seed, runs: results, samePlan: docs.every((d) => d === docs[0]), sameBound: bounds.every((b) => b === bounds[0]) };
}

/** The re-plan figures of one city: planner-child.ts as the CLI plans (--auto-budget). */
function replanChild(size: string, seed: number): Promise<PlannerBenchRow> {
  return new Promise((resolve, reject) => {
    const flags = ["--name", size, "--seed", String(seed), "--runs", "1", "--auto-budget", "--no-flow"];
    const child = spawn(process.execPath, ["--import", "tsx", join(root, "bench/planner-child.ts"), ...flags], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => { out += d.toString(); });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`planner-child ${flags.join(" ")} exited ${code}`));
      else resolve(JSON.parse(line) as PlannerBenchRow);
    });
  });
}

async function timeReplay(mode: string[], log: (line: string) => void): Promise<ReplayTiming> {
  const out = await timeNode(["server/cli/replay.ts", "scenarios/zhengzhou-2021/scenario.json", ...mode]);
  if (out.status !== 0) throw new Error(`replay ${mode.join(" ")} exited ${out.status}: ${out.stderr.slice(0, 500)}`);
  const report = JSON.parse(out.stdout) as {
    decisionTimes: string[]; savedCustomerOutageHours: number;
    withForesight?: { savedCustomerOutageHours: number }; withoutForesight?: { savedCustomerOutageHours: number };
  };
  const t: ReplayTiming = {
    mode: mode.filter((m) => m !== "--json").join(" "), wallMs: out.wallMs, peakRssMb: out.peakRssKb / 1024,
    decisionTimes: report.decisionTimes.length, savedCustomerOutageHours: report.savedCustomerOutageHours,
    ...(report.withoutForesight ? { savedWithoutForesight: report.withoutForesight.savedCustomerOutageHours } : {}),
    ...(report.withForesight ? { savedWithForesight: report.withForesight.savedCustomerOutageHours } : {}),
  };
  log(`  replay ${t.mode}: ${(t.wallMs / 1000).toFixed(1)} s, ${t.decisionTimes} decision times, peak RSS ${t.peakRssMb.toFixed(0)} MB`);
  return t;
}

/** `node --import tsx <args>` from the repository root, timed from spawn to exit, with its peak RSS (preload). */
function timeNode(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string; wallMs: number; peakRssKb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", preload, "--import", "tsx", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", reject);
    child.on("close", (status) => {
      const wallMs = performance.now() - started;
      const stderr = Buffer.concat(err).toString();
      // the process's own line is the last (a worker thread started with the preload may print one too)
      const rss = [...stderr.matchAll(RSS_LINE)].at(-1);
      resolve({ status, stdout: Buffer.concat(out).toString(), stderr: stderr.replace(RSS_LINE, ""), wallMs, peakRssKb: rss ? Number(rss[1]) : NaN });
    });
  });
}

/** The tables `npm run bench -- --section cli` prints. */
export function formatCliBench(b: CliBench): string {
  const s = (ms: number): string => (ms / 1000).toFixed(2) + " s";
  const pct = (x: number, d = 1): string => (100 * x).toFixed(d) + "%";
  const head = ["case", "C/K", "wall (runs)", "runtimeMs (runs)", "efficiency", "peak RSS", "load", "cut", "same plan", "same bound", "targets"];
  const body = b.cases.map((c) => {
    const t = CLI_TARGETS[c.name];
    const worstWall = Math.max(...c.runs.map((r) => r.wallMs));
    const eff = Math.min(...c.runs.map((r) => r.efficiency));
    const rss = Math.max(...c.runs.map((r) => r.peakRssMb));
    const met = t ? [worstWall < t.wallMs, eff >= t.efficiency, rss < t.rssMb, c.samePlan && c.sameBound] : [];
    return [
      `${c.name}${c.seed === null ? "" : `#${c.seed}`}`, `${c.compounds}/${c.trucks}`,
      c.runs.map((r) => s(r.wallMs)).join(" / "), c.runs.map((r) => s(r.runtimeMs)).join(" / "),
      c.runs.map((r) => pct(r.efficiency, 2)).join(" / "), `${rss.toFixed(0)} MB`, c.runs.map((r) => r.load.toFixed(1)).join(" / "),
      c.runs.some((r) => r.cut) ? "yes" : "no", c.samePlan ? "yes" : "NO", c.sameBound ? "yes" : "NO",
      t ? (met.every(Boolean) ? "met" : `MISSED (${["wall", "efficiency", "RSS", "determinism"].filter((_n, i) => !met[i]).join(", ")})`) : "-",
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  const lines = [`seeds ${b.seeds.join(",")} (repeat with --seeds ${b.seeds.join(",")}); load: the 1-minute load average at each run's start (2 cores)`, line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)];
  const replanned = b.cases.filter((c) => c.replans && c.replans.length > 0);
  if (replanned.length > 0) {
    lines.push("", "re-plans after one event (planner-child --auto-budget: as the CLI plans; the median of three instants, each in brackets; share = re-plan / the CLI's median runtimeMs; kept = the old plan under the event, at every instant):");
    for (const c of replanned) {
      const cli = [...c.runs.map((r) => r.runtimeMs)].sort((x, y) => x - y)[Math.floor((c.runs.length - 1) / 2)];
      for (const r of c.replans!) {
        const notWorse = r.keptCost === undefined ? "?" : r.cost <= r.keptCost * (1 + 1e-9) && (r.notWorseRuns ?? []).every(Boolean) ? "not worse" : "WORSE";
        const runs = r.msRuns ? ` [${r.msRuns.map((x) => (x / 1000).toFixed(3)).join(" / ")} s]` : "";
        lines.push(`  ${c.name}#${c.seed} ${r.event.padEnd(18)} ${s(r.ms)}${runs} (${pct(r.ms / cli)} of ${s(cli)}; child's full plan ${s(c.childPlanMs ?? NaN)}), cost ${(r.cost / 1e6).toFixed(3)}M vs kept ${r.keptCost === undefined ? "?" : (r.keptCost / 1e6).toFixed(3) + "M"} (${notWorse}), ${r.changed} changed`);
      }
    }
  }
  if (b.replay.length > 0) {
    lines.push("", "Zhengzhou counterfactual report (node --import tsx server/cli/replay.ts scenarios/zhengzhou-2021/scenario.json ...; target < 3 min):");
    for (const r of b.replay) {
      const both = r.savedWithoutForesight !== undefined ? `; without foresight ${(r.savedWithoutForesight / 1e6).toFixed(2)}M, with ${(r.savedWithForesight! / 1e6).toFixed(2)}M` : "";
      lines.push(`  ${r.mode.padEnd(16)} ${(r.wallMs / 1000).toFixed(1)} s, ${r.decisionTimes} decision times, saved ${(r.savedCustomerOutageHours / 1e6).toFixed(2)}M customer-h${both}, peak RSS ${r.peakRssMb.toFixed(0)} MB${r.wallMs < 180_000 ? "" : " (MISSED 3 min)"}`);
    }
  }
  return lines.join("\n");
}
