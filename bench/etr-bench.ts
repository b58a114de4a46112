/**
 * The ETR section of `npm run bench` (#17): how often the ETR ranges cover the true restoration time in the
 * Zhengzhou 2021 replay (server/replay/etr-coverage.ts says what is counted and at which instants). Target: ≥ 80%
 * of compounds at the moment a truck is first dispatched to them.
 */
import { readFileSync } from "node:fs";
import type { Scenario } from "../shared/scenario.ts";
import { etrCoverage, type CoverageCount, type EtrCoverage } from "../server/replay/etr-coverage.ts";

const SCENARIO = new URL("../scenarios/zhengzhou-2021/scenario.json", import.meta.url);
export const ETR_TARGET = 0.8;
/** 12:00 each day of the outage, in the scenario's zone */
export const ETR_INSTANTS = ["21", "22", "23", "24", "25", "26"].map((d) => `2021-07-${d}T12:00:00+08:00`);

export function runEtrBench(): EtrCoverage {
  const scenario = JSON.parse(readFileSync(SCENARIO, "utf8")) as Scenario;
  return etrCoverage(scenario, ETR_INSTANTS);
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function line(label: string, c: CoverageCount): string {
  const bases = Object.entries(c.byBasis).map(([b, x]) => `${b} ${x!.covered}/${x!.n}`).join(", ");
  return `  ${label.padEnd(28)} ${String(c.covered).padStart(4)} of ${String(c.n).padStart(4)} covered (${pct(c.share)}); ${c.withEtr} with an ETR, median width ${c.medianWidthHours.toFixed(2)} h; by basis: ${bases || "—"}`;
}

export function formatEtrBench(r: EtrCoverage): string {
  const ok = r.atDispatch.share >= ETR_TARGET ? "meets" : "MISSES";
  return [
    "ETR ranges against the Zhengzhou 2021 replay (true restoration: first switch-on or grid return; times Asia/Shanghai, UTC+8)",
    line("at first dispatch", r.atDispatch) + ` — ${ok} the ≥ ${pct(ETR_TARGET)} target`,
    ...r.atInstants.map((x) => line(`at ${x.at.slice(5, 16).replace("T", " ")} (dark then)`, x)),
    `  ${r.estimates} estimates in ${(r.estimateMs / 1000).toFixed(1)} s (${(r.estimateMs / r.estimates).toFixed(0)} ms each, the whole incident's ETRs at once)`,
  ].join("\n");
}
