/**
 * Series for the restoration chart: the actual curve (from the event log, through the same derivation as the
 * server) and the current plan's forecast.
 */
import type { StoredEvent } from "../../shared/events.ts";
import type { Plan } from "../../shared/plan.ts";
import { restorationCurve } from "../../shared/restoration/restoration-curve.ts";
import type { Scenario } from "../../shared/scenario.ts";

export interface SeriesPoint {
  ms: number;
  /** households without supply */
  out: number;
}

const MINUTE = 60_000;

/** Actual households out from `fromMs` to `toMs`, at most ~`points` samples on whole-minute steps. */
export function actualSeries(scenario: Scenario, events: readonly StoredEvent[], fromMs: number, toMs: number, points = 120): SeriesPoint[] {
  if (toMs <= fromMs) return [];
  const step = Math.max(MINUTE, Math.ceil((toMs - fromMs) / points / MINUTE) * MINUTE);
  return restorationCurve(scenario, events, fromMs, toMs, step).map((p) => ({ ms: Date.parse(p.at), out: p.customersOut }));
}

/**
 * Households out as the plan expects it: a compound is out from its outage start until the plan powers it or its
 * grid returns. Partial supply counts as supplied here (a forecast line, not an account).
 */
export function planSeries(scenario: Scenario, plan: Plan, fromMs: number, toMs: number, points = 120): SeriesPoint[] {
  const powered = new Map(plan.compounds.map((c) => [c.id, c.poweredAt === null ? Infinity : Date.parse(c.poweredAt)]));
  const substationBack = new Map(scenario.substations.map((s) => [s.id, s.restoredAt]));
  const horizon = Date.parse(scenario.horizonEnd);
  const spans = scenario.compounds.map((c) => {
    const grid = c.gridRestoredAt ?? substationBack.get(c.substation) ?? null;
    const end = Math.min(grid === null ? horizon : Date.parse(grid), powered.get(c.id) ?? Infinity);
    return { start: Date.parse(c.outageStart), end, households: c.households };
  });
  const out: SeriesPoint[] = [];
  const step = (toMs - fromMs) / points;
  for (let i = 0; i <= points && step > 0; i++) {
    const ms = fromMs + i * step;
    let n = 0;
    for (const s of spans) if (s.start <= ms && ms < s.end) n += s.households;
    out.push({ ms, out: n });
  }
  return out;
}
