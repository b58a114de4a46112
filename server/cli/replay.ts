/**
 * `npm run --silent replay -- <scenario.json> [--report | --milestones] [--json] [--decision-at <ISO>]... [--foresight]
 * [--both] [--time-limit <ticks>] [--seed <n>] [--help]` (issue #6; flags in REPLAY_CLI).
 *
 * Without --report: the scenario's timeline as a replay delivers it (delivery order: time, then the order written),
 * one line per entry: local time, type, subject, source. With --report: the counterfactual report (what happened
 * against re-planning at the decision times) as a table in the scenario's zone; --json prints exactly one document,
 * the report (implies --report). Same conventions as `plan`: bad input exits 1 with one `path: reason` line per
 * offending field on stderr; an unreadable file or a bad flag exits 2.
 */
import { readFileSync } from "node:fs";
import { DateTime } from "luxon";
import type { Scenario, TimelineEvent } from "../../shared/scenario.ts";
import { LianxinError, type ErrorDetail } from "../../shared/errors.ts";
import { isIsoWithOffset, validateScenario } from "../../shared/validate-scenario.ts";
import { formatHours, localClock } from "../../shared/format-time.ts";
import { deliveryOrder } from "../../shared/timeline/timeline-inputs.ts";
import { counterfactual, type CounterfactualReport } from "../replay/counterfactual.ts";
import { helpText, lastValue, parseCliArgs, usageLine, UsageError, type CliSpec, seedArg, fileArg } from "./cli-args.ts";
import { replayMilestones, type MilestoneComparison } from "../../shared/restoration/replay-milestones.ts";

export interface ReplayArgs {
  file: string;
  report: boolean;
  json: boolean;
  /** #14: published milestones against the replayed timeline */
  milestones: boolean;
  decisionTimes: number[];
  timeLimitMs?: number;
  seed: number;
  /** #14: the decisions plan with the true future grid returns (default: only those announced by then) */
  foresight: boolean;
  /** #14: compute both modes and report both savings */
  both: boolean;
  /** --help: print the usage and exit */
  help?: boolean;
}

/** The replay CLI's flags (add one here and read it in parseReplayArgs). */
export const REPLAY_CLI: CliSpec = {
  command: "npm run --silent replay --",
  positional: "<scenario.json>",
  summary:
    "Without --report: the scenario's timeline in delivery order, one line per entry (local time, type, subject, source). With --report: what happened against re-planning at the decision times, per compound and in total customer outage hours, in the scenario's zone. Bad input exits 1 (one `path: reason` line per field), a bad file or flag exits 2.",
  flags: [
    { flag: "--report", help: "print the counterfactual report (what happened against re-planning)" },
    { flag: "--milestones", help: "print the published milestones against the replayed timeline" },
    { flag: "--json", help: "print exactly one JSON document: the report (implies --report), or the milestones with --milestones" },
    { flag: "--decision-at", value: "<ISO>", repeat: true, help: "a decision time, ISO 8601 with offset (e.g. 2021-07-22T20:00:00+08:00); default: the first outage and each convoy's arrival" },
    { flag: "--foresight", help: "let each decision know the true future grid returns (default: only the returns announced by then, as a commander knew)" },
    { flag: "--both", help: "report the saving with foresight and without it (twice the work)" },
    { flag: "--time-limit", value: "<ticks>", help: "the planner's work per decision in ticks (one per deadline check); default: chosen from the scenario's size" },
    { flag: "--seed", value: "<n>", help: "seed of the search (integer, default 1): the same seed gives the same report" },
  ],
};

/** Parses the CLI arguments; throws UsageError with a one-line reason. */
export function parseReplayArgs(argv: string[]): ReplayArgs {
  const parsed = parseCliArgs(argv, REPLAY_CLI);
  const args: ReplayArgs = {
    file: "",
    report: parsed.flags.has("--report"),
    json: parsed.flags.has("--json"),
    milestones: parsed.flags.has("--milestones"),
    foresight: parsed.flags.has("--foresight"),
    both: parsed.flags.has("--both"),
    decisionTimes: [],
    seed: 1,
  };
  if (parsed.help) return { ...args, help: true };
  for (const v of parsed.flags.get("--decision-at") ?? []) {
    if (!isIsoWithOffset(v)) throw new UsageError("--decision-at: must be an ISO 8601 time with an offset, e.g. 2021-07-22T20:00:00+08:00");
    args.decisionTimes.push(DateTime.fromISO(v, { setZone: true }).toMillis());
  }
  const limit = lastValue(parsed, "--time-limit");
  if (limit !== undefined) {
    const n = Number(limit);
    if (!(Number.isInteger(n) && n > 0)) throw new UsageError("--time-limit: must be a positive whole number of ticks (one per deadline check of the planner)");
    args.timeLimitMs = n;
  }
  args.seed = seedArg(parsed);
  args.file = fileArg(parsed, REPLAY_CLI.positional);
  // --json prints the report unless it prints the milestones; --both and --foresight are about the report
  if ((args.json && !args.milestones) || args.both || args.foresight) args.report = !args.milestones;
  return args;
}

function main(argv: string[]): number {
  let args: ReplayArgs;
  try {
    args = parseReplayArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n${usageLine(REPLAY_CLI)}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(helpText(REPLAY_CLI));
    return 0;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(args.file, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(code ? `cannot read ${args.file}: ${code}\n` : `${args.file}: not valid JSON (${(e as Error).message})\n`);
    return 2;
  }
  const checked = validateScenario(doc);
  if (!checked.ok) return badInput(args.file, checked.details);
  const scenario = checked.scenario;
  if (args.milestones) {
    const milestones = replayMilestones(scenario);
    process.stdout.write(args.json ? `${JSON.stringify({ milestones })}\n` : formatMilestones(scenario, milestones));
    return 0;
  }
  if (!args.report) {
    process.stdout.write(formatTimeline(scenario));
    return 0;
  }
  let report: CounterfactualReport;
  try {
    report = counterfactual(scenario, {
      ...(args.decisionTimes.length > 0 ? { decisionTimes: args.decisionTimes } : {}),
      ...(args.timeLimitMs !== undefined ? { timeLimitMs: args.timeLimitMs } : {}),
      seed: args.seed,
      foresight: args.foresight,
      both: args.both,
      // progress only for a person watching a terminal; logs and --json callers get clean output
      onProgress: process.stderr.isTTY && !args.json ? (done, total) => process.stderr.write(`\rplanning decision ${done} of ${total}`) : undefined,
    });
  } catch (e) {
    if (e instanceof LianxinError && e.code === "invalid_input") return badInput(args.file, e.details);
    throw e;
  }
  if (process.stderr.isTTY && !args.json) process.stderr.write("\n");
  process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : formatCounterfactual(scenario, report));
  return 0;
}

function badInput(file: string, details: ErrorDetail[]): number {
  process.stderr.write(`${file}: invalid scenario\n`);
  for (const d of details) process.stderr.write(`${d.path}: ${d.message}\n`);
  return 1;
}

function zoneLabel(s: Scenario): string {
  return `${s.timezone} (UTC${DateTime.fromISO(s.horizonEnd, { zone: s.timezone }).toFormat("ZZ")})`;
}

/** What the entry is about: truck → compound, a compound, a substation, or a zone. */
function subject(e: TimelineEvent): string {
  if (e.truck !== undefined) return e.compound !== undefined ? `${e.truck} → ${e.compound}` : e.truck;
  if (e.compound !== undefined) return e.compound;
  if (e.substation !== undefined) return e.substation;
  return e.note ?? "zone";
}

/** The timeline in delivery order, times in the scenario's zone. */
export function formatTimeline(s: Scenario): string {
  const events = s.events ?? [];
  const lines = [`Timeline of ${s.name} (${s.id}): ${events.length} entries in delivery order; times in ${zoneLabel(s)}`];
  for (const i of deliveryOrder(events)) {
    const e = events[i];
    const source = e.source ?? (e.assumed ? "[A]" : "no source");
    lines.push(`  ${localClock(Date.parse(e.at), s.timezone)}  ${e.type.padEnd(19)} ${subject(e).padEnd(40)} ${source}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Published and replayed counts side by side, one line per milestone. */
export function formatMilestones(s: Scenario, rows: MilestoneComparison[]): string {
  const lines = [`Milestones of ${s.name} (${s.id}): published against the replayed timeline; times in ${zoneLabel(s)}`];
  if (rows.length === 0) lines.push("  this scenario has no milestones");
  for (const r of rows) {
    const total = r.replayed.grid + r.replayed.temporary + r.replayed.dark;
    const pub = (k: "grid" | "temporary" | "dark") => (r.published[k] === undefined ? "—" : String(r.published[k]));
    const share = r.published.gridShareMin === undefined ? "" : `; on the grid ${num((100 * r.replayed.grid) / Math.max(1, total))}% (published ≥ ${num(100 * r.published.gridShareMin)}%)`;
    lines.push(
      `  ${localClock(Date.parse(r.at), s.timezone)}  grid ${pub("grid")} / ${r.replayed.grid}, temporary ${pub("temporary")} / ${r.replayed.temporary}, dark ${pub("dark")} / ${r.replayed.dark} (published / replayed, of ${total})${share}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

const num = (n: number, digits = 1): string => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The report as a table: per compound, then totals in customer outage hours. */
export function formatCounterfactual(s: Scenario, r: CounterfactualReport): string {
  const at = (iso: string | null) => (iso === null ? "dark to the end" : localClock(Date.parse(iso), s.timezone));
  const lines = [
    `Counterfactual: ${s.name} (${s.id}); times in ${zoneLabel(s)}`,
    `What happened (the scenario's timeline) against re-planning at ${r.decisionTimes.length} decision time${r.decisionTimes.length === 1 ? "" : "s"}: ${r.decisionTimes.map((t) => at(t)).join(", ")}`,
    ...((s.events ?? []).length === 0 ? ["This scenario has no timeline (events): what happened is counted as no truck moving at all."] : []),
    "",
    `  ${"compound".padEnd(44)} ${"households".padStart(10)}  ${"powered then".padEnd(15)} ${"planned".padEnd(15)} saved per household`,
  ];
  for (const c of r.compounds) {
    const saved = c.historicalOutageHours - c.plannedOutageHours;
    lines.push(
      `  ${`${c.id} ${c.name}`.slice(0, 44).padEnd(44)} ${String(c.households).padStart(10)}  ${at(c.historicalPoweredAt).padEnd(15)} ${at(c.plannedPoweredAt).padEnd(15)} ${saved >= 0 ? "" : "−"}${formatHours(Math.abs(saved))}`,
    );
  }
  const h = r.historical.customerOutageHours;
  const pct = h > 0 ? (100 * r.savedCustomerOutageHours) / h : 0;
  lines.push(
    "",
    "Totals (customer outage hours: priority × households × hours without supply, a partly supplied compound counting its unsupplied share)",
    `  what happened:  ${num(h)} customer outage hours`,
    `  with the plans: ${num(r.planned.customerOutageHours)} customer outage hours`,
    `  saved:          ${num(r.savedCustomerOutageHours)} customer outage hours (${num(pct)}%)`,
    `  planned ${r.foresight ? "WITH foresight: each decision knew the true future grid returns (an upper bound no commander had)" : "without foresight: each decision knew only the grid returns announced by then"}`,
  );
  if (r.householdHours) {
    const hh = r.householdHours;
    lines.push(`  unweighted:     ${num(hh.saved)} household-hours saved of ${num(hh.historical)} (${num(hh.historical > 0 ? (100 * hh.saved) / hh.historical : 0)}%)`);
  }
  if (r.top5Share !== undefined && r.savedCustomerOutageHours > 0) lines.push(`  concentration:  ${num(100 * r.top5Share)}% of the saving comes from the five compounds that gain most`);
  for (const [label, f] of [["with foresight", r.withForesight], ["without foresight", r.withoutForesight]] as const) {
    if (!f) continue;
    lines.push(`  ${`${label}:`.padEnd(19)} saved ${num(f.savedCustomerOutageHours)} customer outage hours (${num(h > 0 ? (100 * f.savedCustomerOutageHours) / h : 0)}%), ${num(f.savedHouseholdHours)} household-hours; top five ${num(100 * f.top5Share)}%`);
  }
  return `${lines.join("\n")}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
