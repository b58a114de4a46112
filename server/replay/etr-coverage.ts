/**
 * How often ETR ranges cover the true restoration time in a replayed timeline (#17). Pure: the scenario's timeline
 * is fed as the event log (as a replay delivers it), and at each instant taken the ETR sees only the log up to then
 * and the forecasts announced by then (estimate-restoration.ts never reads a future grid return when a scenario has
 * forecasts). The true restoration time of a compound is its first supply in the replay: its first switched.on, or
 * its grid return, whichever is first.
 *
 * Two instants, reported apart:
 * - at dispatch: each compound a truck is sent to, at the moment of the first dispatch there (the report included);
 *   the figure issue #17's target is about;
 * - at fixed instants (12:00 each day): every compound dark then; one without an ETR counts as not covered.
 */
import type { StoredEvent } from "../../shared/events.ts";
import { estimateRestorations } from "../../shared/restoration/estimate-restoration.ts";
import { gridTimes } from "../../shared/restoration/timeline.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { CompoundEtr, EtrBasis } from "../../shared/state.ts";
import { timelineInputs } from "../../shared/timeline/timeline-inputs.ts";

export interface CoverageCount {
  /** compounds judged */
  n: number;
  /** of them, with an ETR */
  withEtr: number;
  /** of them, earliest ≤ true restoration ≤ latest */
  covered: number;
  /** covered ÷ n */
  share: number;
  /** median latest − earliest over those with an ETR, hours */
  medianWidthHours: number;
  byBasis: Partial<Record<EtrBasis, { n: number; covered: number }>>;
}

export interface EtrCoverage {
  atDispatch: CoverageCount;
  /** per instant, ISO */
  atInstants: ({ at: string } & CoverageCount)[];
  /** estimate calls made and their total time, ms */
  estimates: number;
  estimateMs: number;
}

/**
 * @example
 * const c = etrCoverage(zhengzhou, ["2021-07-22T12:00:00+08:00"]);
 * c.atDispatch.share; // e.g. 0.94
 */
export function etrCoverage(scenario: Scenario, instants: readonly string[]): EtrCoverage {
  const log: StoredEvent[] = timelineInputs(scenario, "etr-coverage").map((e, i) => ({ ...e, incident: "etr-coverage", seq: i + 1, receivedAt: e.at, by: "timeline" }));
  const gridAt = gridTimes(scenario, scenario.compounds, log);
  const truth = new Map<string, number>(scenario.compounds.map((c) => [c.id, gridAt(c.id, Infinity)]));
  const firstDispatch = new Map<string, number>();
  for (const e of log) {
    if (e.compound === undefined) continue;
    const t = Date.parse(e.at);
    if (e.type === "switched.on") truth.set(e.compound, Math.min(truth.get(e.compound) ?? Infinity, t));
    if (e.type === "truck.dispatched" && !firstDispatch.has(e.compound)) firstDispatch.set(e.compound, t);
  }
  let estimates = 0;
  let estimateMs = 0;
  const estimate = (atMs: number) => {
    const started = performance.now();
    const out = estimateRestorations({ scenario, events: log, atMs });
    estimateMs += performance.now() - started;
    estimates++;
    return out;
  };

  const judged: { id: string; etr: CompoundEtr | undefined }[] = [];
  // one estimate per distinct dispatch instant (convoys send several trucks at once)
  const byInstant = new Map<number, string[]>();
  for (const [id, t] of firstDispatch) byInstant.set(t, [...(byInstant.get(t) ?? []), id]);
  for (const [t, ids] of byInstant) {
    const etr = estimate(t);
    for (const id of ids) if (truth.get(id)! > t) judged.push({ id, etr: etr.get(id) });
  }
  const atDispatch = count(judged, truth);

  const atInstants = instants.map((at) => {
    const atMs = Date.parse(at);
    const etr = estimate(atMs);
    const dark = scenario.compounds.filter((c) => Date.parse(c.outageStart) <= atMs && truth.get(c.id)! > atMs);
    return { at, ...count(dark.map((c) => ({ id: c.id, etr: etr.get(c.id) })), truth) };
  });
  return { atDispatch, atInstants, estimates, estimateMs };
}

function count(judged: { id: string; etr: CompoundEtr | undefined }[], truth: Map<string, number>): CoverageCount {
  const byBasis: CoverageCount["byBasis"] = {};
  const widths: number[] = [];
  let covered = 0;
  let withEtr = 0;
  for (const { id, etr } of judged) {
    if (!etr) continue;
    withEtr++;
    const t = truth.get(id)!;
    const hit = Date.parse(etr.earliest) <= t && t <= Date.parse(etr.latest);
    if (hit) covered++;
    const b = (byBasis[etr.basis] ??= { n: 0, covered: 0 });
    b.n++;
    if (hit) b.covered++;
    widths.push((Date.parse(etr.latest) - Date.parse(etr.earliest)) / 3_600_000);
  }
  widths.sort((a, b) => a - b);
  const mid = widths.length === 0 ? 0 : widths.length % 2 === 1 ? widths[(widths.length - 1) / 2] : (widths[widths.length / 2 - 1] + widths[widths.length / 2]) / 2;
  return { n: judged.length, withEtr, covered, share: judged.length === 0 ? 0 : covered / judged.length, medianWidthHours: mid, byBasis };
}
