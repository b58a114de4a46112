/**
 * The planner section of `npm run bench`: seeded synthetic cities (scenarios/synthetic), each measured in a child
 * process (bench/planner-child.ts), reported as a table or JSON rows. Figures are never asserted in tests.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface ReplanRow {
  event: string;
  what: string;
  /** the median over the instants re-planned at (`msRuns`); the other figures are the first instant's */
  ms: number;
  /** the re-plan's time at each instant (first truck + 10, 10.5, 11 h), each a first re-plan there */
  msRuns?: number[];
  /** whether at every instant the re-plan cost no more than the old plan kept under the event */
  notWorseRuns?: boolean[];
  cost: number;
  /** the re-plan's own lowerBound */
  bound: number;
  /** compounds whose planned trucks (after the event instant) changed */
  changed: number;
  /** the previous plan's routes, unchanged, under the event (the event's own loss): a re-plan should not exceed it */
  keptCost?: number;
}

export interface PlannerBenchRow {
  name: string;
  seed: number;
  compounds: number;
  trucks: number;
  nodes: number;
  floods: boolean;
  mixedSizes: boolean;
  /** customer outage hours: no trucks, planner, commander's rule, lower bound */
  none: number;
  plan: number;
  rule: number;
  /** the lowerBound the reported plan carries (computed inside planDispatch's time budget) */
  bound: number;
  /** each timed run's lowerBound */
  planBounds: number[];
  /** with --ref-bound: the same relaxation with 400 subgradient steps, no deadline, and its time */
  refBound?: number;
  refBoundMs?: number;
  /** median full-plan wall time (planDispatch: validation, instance, travel times, search, plan document) */
  planMs: number;
  planRuns: number[];
  timeLimitMs: number | null;
  flow?: { cost: number; exact: boolean; ms: number };
  replans: ReplanRow[];
  replanLimitMs: number | null;
  peakRssMb: number;
  peakHeapMb: number;
}

export interface PlannerBenchOptions {
  runs?: number;
  only?: string;
  /** extra flags passed to each child (e.g. --no-flow) */
  childFlags?: string[];
  /** seeds to run instead of seeds.json's first per size (fresh seeds: no tuning on one seed) */
  seeds?: number[];
}

/**
 * Time budgets given to planDispatch per size (issue #3 targets: medium 2 s, large 10 s, re-plan 10% of a full
 * plan's time). Re-plans get the same `timeLimitMs`; planDispatch's re-plan mode uses `replanShare` (5%) of it, as
 * it would for the API: the bound's mandatory first evaluation (and, after a road closure, the new travel rows)
 * come on top.
 */
export const BUDGETS: Record<string, { timeLimitMs?: number }> = {
  small: { timeLimitMs: 1000 },
  medium: { timeLimitMs: 1800 },
  // #17: the medium city with fuel, tankers, crews and MV trucks; issue #17's target: under 5 s in all
  operations: { timeLimitMs: 4000 },
  large: { timeLimitMs: 9000 },
};

const here = fileURLToPath(new URL(".", import.meta.url));

/** Instances to run: every size and seed of scenarios/synthetic/seeds.json (first seed per size unless --seeds all). */
export function benchInstances(only?: string): { name: string; seed: number }[] {
  const seeds = JSON.parse(readFileSync(`${here}../scenarios/synthetic/seeds.json`, "utf8")) as Record<string, number[]>;
  return Object.entries(seeds)
    .filter(([name]) => only === undefined || name === only || only.split(",").includes(name))
    .map(([name, list]) => ({ name, seed: list[0] }));
}

/**
 * Runs each instance in its own child process, one after the other (the machine has 2 cores).
 *
 * @example
 * const rows = await runPlannerBench({ runs: 3, only: "medium" });
 */
export async function runPlannerBench(options: PlannerBenchOptions = {}): Promise<PlannerBenchRow[]> {
  const rows: PlannerBenchRow[] = [];
  const instances = benchInstances(options.only).flatMap((x) => (options.seeds ?? [x.seed]).map((seed) => ({ name: x.name, seed })));
  for (const { name, seed } of instances) {
    const budget = BUDGETS[name] ?? {};
    const flags = ["--name", name, "--seed", String(seed), "--runs", String(options.runs ?? 1), ...(options.childFlags ?? [])];
    if (budget.timeLimitMs !== undefined) flags.push("--time-limit-ms", String(budget.timeLimitMs));
    rows.push(await runChild(flags));
  }
  return rows;
}

function runChild(flags: string[]): Promise<PlannerBenchRow> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--max-old-space-size=4096", "--import", "tsx", `${here}planner-child.ts`, ...flags], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => { out += d.toString(); });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`bench child ${flags.join(" ")} exited ${code}`));
      else resolve(JSON.parse(line) as PlannerBenchRow);
    });
  });
}

/** Derived figures: gap = (plan − bound) / plan; efficiency = (none − plan) / (none − bound); saved vs rule. */
export function derive(row: PlannerBenchRow): { gap: number; efficiency: number; savedVsRule: number; replanMedianMs: number; replanShare: number } {
  const replanMs = row.replans.map((r) => r.ms).sort((a, b) => a - b);
  const replanMedianMs = replanMs.length ? replanMs[Math.floor((replanMs.length - 1) / 2)] : NaN;
  return {
    gap: (row.plan - row.bound) / row.plan,
    efficiency: (row.none - row.plan) / (row.none - row.bound),
    savedVsRule: (row.rule - row.plan) / row.rule,
    replanMedianMs,
    replanShare: replanMedianMs / row.planMs,
  };
}

/** The table `npm run bench` prints for this section. */
export function formatPlannerBench(rows: PlannerBenchRow[]): string {
  const m = (x: number): string => (x / 1e6).toFixed(2) + "M";
  const pct = (x: number): string => (100 * x).toFixed(1) + "%";
  const s = (msv: number): string => (msv / 1000).toFixed(2) + "s";
  const head = ["instance", "C/K/nodes", "none", "plan", "rule", "bound", "gap", "eff", "vs rule", "plan t", "ref bound (t)", "flow", "replan t (med)", "changed", "peak RSS"];
  const body = rows.map((r) => {
    const d = derive(r);
    return [
      `${r.name}#${r.seed}`, `${r.compounds}/${r.trucks}/${r.nodes}`, m(r.none), m(r.plan), m(r.rule), m(r.bound),
      pct(d.gap), pct(d.efficiency), pct(d.savedVsRule), s(r.planMs), r.refBound === undefined ? "-" : `${m(r.refBound)} (${s(r.refBoundMs ?? 0)})`,
      r.flow ? `${m(r.flow.cost)}${r.flow.exact ? " (opt)" : ""} ${s(r.flow.ms)}` : "-",
      r.replans.length ? `${s(d.replanMedianMs)} (${pct(d.replanShare)})` : "-",
      r.replans.map((x) => x.changed).join("/") || "-", `${r.peakRssMb.toFixed(0)} MB`,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  const notes = rows.flatMap((r) => r.replans.map((x) => `  ${r.name}: ${x.event} (${x.what}): ${s(x.ms)}${x.msRuns ? ` (median of ${x.msRuns.map(s).join(" / ")})` : ""}, cost ${m(x.cost)}, ${x.changed} assignments changed, bound ${m(x.bound)}`));
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line),
    "bound: the plan's own lowerBound (within plan t); ref bound: 400 subgradient steps without deadline (--ref-bound)", "", "re-plans (events at first availability + 10 h, timed also at 10.5 and 11 h, each on a cache of its own: the median; the other figures at 10 h; changed = compounds whose planned trucks differ):", ...notes].join("\n");
}
