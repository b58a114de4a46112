/**
 * The plan command (issue #2 contract) behind `npm run --silent plan -- <scenario.json> [--json] [--at <ISO>]
 * [--time-limit <seconds>] [--seed <n>] [--help]`; server/cli/plan.ts runs it from a cached bundle (bundled-module.ts).
 * Reads a scenario, plans it, prints a readable report in the scenario's time zone or, with --json, exactly one plan
 * document. Bad input exits 1 with one `path: message` line per offending field on stderr; an unreadable file or
 * bad arguments exit 2. The budget is chosen from the scenario's size unless --time-limit sizes it
 * (plan-budget.ts), so the same scenario and seed give the same plan.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { dirname, join } from "node:path";
import { DateTime } from "luxon";
import type { Scenario } from "../../shared/scenario.ts";
import type { Plan } from "../../shared/plan.ts";
import { LianxinError, type ErrorDetail } from "../../shared/errors.ts";
import { validateScenario, isIsoWithOffset } from "../../shared/validate-scenario.ts";
import { formatHours, localClock } from "../../shared/format-time.ts";
import { planValidScenario } from "../planner/plan-dispatch.ts";
import { createBoundThread } from "../compute/bound-thread.ts";
import { compareWithHistory, formatHistoryComparison, type History } from "./history-comparison.ts";
import { knownAtScenario } from "../../shared/timeline/known-at.ts";
import { helpText, lastValue, parseCliArgs, usageLine, UsageError, type CliSpec, seedArg, fileArg } from "./cli-args.ts";

export interface PlanArgs {
  file: string;
  json: boolean;
  at?: number;
  /** --known-at (#14, implies --at): plan only with what was known then (shared/timeline/known-at.ts) */
  knownAt?: number;
  /** --time-limit: sizes the work and caps it; undefined: both chosen from the scenario's size */
  timeLimitMs?: number;
  seed: number;
  /** --help: print the usage and exit */
  help?: boolean;
}

/** The plan CLI's flags (add one here and read it in parsePlanArgs). */
export const PLAN_CLI: CliSpec = {
  command: "npm run --silent plan --",
  positional: "<scenario.json>",
  summary: "Plans the dispatch of a scenario and prints a readable report in the scenario's time zone, or with --json exactly one plan document. Bad input exits 1 (one `path: message` line per field), a bad file or flag exits 2.",
  flags: [
    { flag: "--json", help: "print the plan document (JSON) instead of the report" },
    { flag: "--at", value: "<ISO>", help: "planning instant, ISO 8601 with offset (e.g. 2021-07-21T08:00:00+08:00): no departure before it" },
    { flag: "--known-at", value: "<ISO>", help: "plan with only what was known then (implies --at): the timeline up to it, the latest forecast of each grid return still ahead (none announced: the horizon), the trucks arrived by then" },
    { flag: "--time-limit", value: "<seconds>", help: "size the planner's work to this many seconds and cap it there (default: chosen from the scenario's size; the plan's budget says which)" },
    { flag: "--seed", value: "<n>", help: "seed of the search (integer, default 1): the same seed gives the same plan" },
  ],
};

/** Parses the CLI arguments; throws UsageError with a one-line reason. */
export function parsePlanArgs(argv: string[]): PlanArgs {
  const parsed = parseCliArgs(argv, PLAN_CLI);
  if (parsed.help) return { file: "", json: false, seed: 1, help: true };
  const args: PlanArgs = { file: "", json: parsed.flags.has("--json"), seed: 1 };
  const at = lastValue(parsed, "--at");
  if (at !== undefined) {
    if (!isIsoWithOffset(at)) throw new UsageError(`--at: must be an ISO 8601 time with an offset, e.g. 2021-07-21T08:00:00+08:00`);
    args.at = DateTime.fromISO(at, { setZone: true }).toMillis();
  }
  const knownAt = lastValue(parsed, "--known-at");
  if (knownAt !== undefined) {
    if (!isIsoWithOffset(knownAt)) throw new UsageError(`--known-at: must be an ISO 8601 time with an offset, e.g. 2021-07-22T12:00:00+08:00`);
    args.knownAt = args.at = DateTime.fromISO(knownAt, { setZone: true }).toMillis();
  }
  const limit = lastValue(parsed, "--time-limit");
  if (limit !== undefined) {
    const s = Number(limit);
    if (!(s > 0)) throw new UsageError("--time-limit: must be a positive number of seconds");
    args.timeLimitMs = s * 1000;
  }
  args.seed = seedArg(parsed);
  args.file = fileArg(parsed, PLAN_CLI.positional);
  return args;
}

/** Runs the command; returns the exit code. */
export function main(argv: string[]): number {
  let args: PlanArgs;
  try {
    args = parsePlanArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usageLine(PLAN_CLI)}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(helpText(PLAN_CLI));
    return 0;
  }
  let text: string;
  try {
    text = readFileSync(args.file, "utf8");
  } catch (e) {
    process.stderr.write(`cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    process.stderr.write(`${args.file}: not valid JSON (${(e as Error).message})\n`);
    return 2;
  }
  // started before validation, so that its start-up overlaps ours; only a plan outside the core case uses it, and
  // in the core case its start-up (tsx and the planner's modules, ~1 s of a core) would only slow ours
  const bounds = createBoundThread({ eager: !surelyCoreCase(doc) });
  const checked = validateScenario(doc);
  if (!checked.ok) return badInput(args.file, checked.details);
  let plan: Plan;
  try {
    // the bound runs beside the search on a second core when there is one (bound-thread.ts)
    const parallelBound = bounds.start;
    const scenario = args.knownAt !== undefined ? knownAtScenario(checked.scenario, args.knownAt) : checked.scenario;
    plan = planValidScenario(scenario, { at: args.at, seed: args.seed, timeLimitMs: args.timeLimitMs, autoBudget: true, ticker: () => performance.now(), parallelBound });
  } catch (e) {
    if (e instanceof LianxinError && e.code === "invalid_input") return badInput(args.file, e.details);
    throw e;
  }
  process.stdout.write(args.json ? `${JSON.stringify(plan)}\n` : formatReport(checked.scenario, plan, readHistory(args.file, checked.scenario.id)));
  return 0;
}

/**
 * Whether the document (not yet validated: read defensively) is surely a core-case scenario, whose flow is its
 * bound (flow-plan.ts): no flood zone with a time window (travel never depends on the hour) and no compound heavier
 * than the smallest truck. A wrong answer only costs time: the bound thread then starts late, or for nothing.
 */
export function surelyCoreCase(doc: unknown): boolean {
  if (typeof doc !== "object" || doc === null) return false;
  const { trucks, compounds, floodZones } = doc as { trucks?: unknown; compounds?: unknown; floodZones?: { features?: unknown } };
  if (!Array.isArray(trucks) || !Array.isArray(compounds)) return false;
  const zones = floodZones?.features ?? [];
  if (!Array.isArray(zones)) return false;
  const timed = zones.some((z) => z?.properties?.from !== undefined || z?.properties?.until !== undefined);
  const smallest = Math.min(...trucks.map((t) => (typeof t?.capacityKw === "number" ? t.capacityKw : 0)));
  return !timed && compounds.every((c) => typeof c?.loadKw === "number" && c.loadKw <= smallest);
}

/** A past incident's `history.json` beside its scenario (same scenario id), for the report's comparison; else undefined. */
function readHistory(scenarioFile: string, scenarioId: string): History | undefined {
  try {
    const history = JSON.parse(readFileSync(join(dirname(scenarioFile), "history.json"), "utf8")) as History;
    return history.scenario === scenarioId && Array.isArray(history.events) ? history : undefined;
  } catch {
    return undefined; // no history: a live incident or a synthetic city
  }
}

function badInput(file: string, details: ErrorDetail[]): number {
  process.stderr.write(`${file}: invalid scenario\n`);
  for (const d of details) process.stderr.write(`${d.path}: ${d.message}\n`);
  return 1;
}

const num = (n: number, digits = 1): string => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The readable report: trucks' stops in local time, compounds' outage hours per household, totals. */
export function formatReport(s: Scenario, plan: Plan, history?: History): string {
  const zone = s.timezone;
  const local = (iso: string): string => localClock(DateTime.fromISO(iso, { setZone: true }).toMillis(), zone);
  const offset = DateTime.fromISO(s.horizonEnd, { zone }).toFormat("ZZ");
  const compounds = new Map(s.compounds.map((c) => [c.id, c]));
  const lines: string[] = [];
  lines.push(`Lianxin plan: ${s.name} (${s.id}); times in ${zone} (UTC${offset})`);
  if (plan.at) lines.push(`Planned at ${local(plan.at)}: no departure before it`);
  lines.push("", "Trucks");
  for (const t of plan.trucks) {
    const truck = s.trucks.find((x) => x.id === t.id)!;
    lines.push(`  ${t.id} ${truck.name} (${truck.capacityKw} kW${truck.origin ? `, ${truck.origin}` : ""})${t.stops.length === 0 ? ": no stops" : ""}`);
    for (const st of t.stops) {
      const c = compounds.get(st.compound)!;
      lines.push(`    ${local(st.depart)} depart → ${local(st.arrive)} arrive ${c.id} ${c.name} → ${local(st.switchOn)} switch on → ${local(st.release)} released`);
    }
  }
  lines.push("", "Compounds (outage hours per household)");
  const reasons = new Map(plan.unserved.map((u) => [u.compound, u.reason]));
  let households = 0;
  let householdHours = 0;
  for (const pc of plan.compounds) {
    const c = compounds.get(pc.id)!;
    households += c.households;
    householdHours += c.households * pc.outageHours;
    const by = pc.servedBy.length > 0 ? `, served by ${pc.servedBy.join(" + ")}` : "";
    const why = reasons.has(pc.id) ? `, not served: ${reasons.get(pc.id)}` : "";
    const powered = !pc.poweredAt ? "dark to the horizon" : pc.servedBy.length > 0 ? `powered ${local(pc.poweredAt)}` : `grid back ${local(pc.poweredAt)}`;
    lines.push(`  ${pc.id} ${c.name}: ${c.households} households${(c.priority ?? 1) !== 1 ? ` ×${c.priority}` : ""}, ${formatHours(pc.outageHours)}, ${powered}${by}${why}`);
  }
  const saved = plan.baselineCustomerOutageHours - plan.customerOutageHours;
  const pct = plan.baselineCustomerOutageHours > 0 ? (100 * saved) / plan.baselineCustomerOutageHours : 0;
  lines.push("", "Totals (customer outage hours, priority × households × hours)");
  lines.push(`  plan:             ${num(plan.customerOutageHours)}`);
  lines.push(`  commander's rule: ${num(plan.baselineCustomerOutageHours)}  (plan saves ${num(saved)}, ${num(pct)}%)`);
  if (plan.noTrucksCustomerOutageHours !== undefined) lines.push(`  no trucks:        ${num(plan.noTrucksCustomerOutageHours)}`);
  if (plan.lowerBound !== undefined) {
    const gap = plan.customerOutageHours > 0 ? (100 * (plan.customerOutageHours - plan.lowerBound)) / plan.customerOutageHours : 0;
    lines.push(`  lower bound:      ${num(plan.lowerBound)}  (no plan can do better; gap (plan − bound) / plan ${num(gap, 2)}%)`);
  }
  lines.push(`  average outage per household: ${formatHours(households > 0 ? householdHours / households : 0)}`);
  lines.push(`  unserved compounds: ${plan.unserved.length} of ${plan.compounds.length}`);
  const then = history ? compareWithHistory(s, plan, history) : [];
  if (then.length > 0) lines.push("", "What happened then, and this plan (first supply, hours into each outage)", ...formatHistoryComparison(s, then));
  lines.push("", `Runtime ${plan.runtimeMs !== undefined ? `${Math.round(plan.runtimeMs)} ms` : "n/a"}, seed ${plan.seed}`);
  if (plan.budget) {
    const b = plan.budget;
    lines.push(`Budget ${(b.limitMs / 1000).toFixed(1)} s (${b.reason})${b.cut ? "; the time cap cut the work short: another run may differ" : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

