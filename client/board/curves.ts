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

/**
 * Actual households out from `fromMs` to `toMs`, at most ~`points` samples on whole-minute steps, taken a few at a
 * time: each is a whole derivation of the incident's state (~10-40 ms
 * at true scale), and 120 of them in one task held the board's main thread for seconds. Between slices of about
 * `sliceMs` it waits for `pause()` (the page's next task); it gives up (null) once `cancelled()` says so.
 */
export async function actualSeriesInSlices(scenario: Scenario, events: readonly StoredEvent[], fromMs: number, toMs: number,
  slice: { sliceMs: number; pause(): Promise<void>; cancelled(): boolean }, points = 120, kept: CurveSamples = createCurveSamples()): Promise<SeriesPoint[] | null> {
  if (toMs <= fromMs) return [];
  forgetChanged(kept, events);
  const step = actualStep(fromMs, toMs, points);
  // restorationCurve's instants: fromMs + i·step, and toMs itself when the steps do not land on it
  const times: number[] = [];
  for (let t = fromMs; t <= toMs; t += step) times.push(t);
  if (times[times.length - 1] < toMs) times.push(toMs);
  const out: SeriesPoint[] = [];
  let sliceStart = performance.now();
  for (const t of times) {
    if (performance.now() - sliceStart > slice.sliceMs) {
      await slice.pause();
      if (slice.cancelled()) return null;
      sliceStart = performance.now();
    }
    let point = kept.samples.get(t);
    if (!point) {
      const [p] = restorationCurve(scenario, events, t, t, step);
      point = { ms: Date.parse(p.at), out: p.customersOut };
      if (kept.samples.size > 5_000) kept.samples.clear();
      kept.samples.set(t, point);
    }
    out.push(point);
  }
  return out;
}

/**
 * #16 item 7: the actual curve's samples, kept from one draw to the next. A sample at instant t derives the state
 * from the events at or before t alone, so it stays right until such an event comes or goes: a burst of reports
 * from the last hours derives again the few samples after the earliest of them, not all ~120 every 3 s (that was
 * ~40% of the board's main-thread time in the bench's burst).
 */
export interface CurveSamples {
  samples: Map<number, SeriesPoint>;
  /** the events the samples were derived from: seq → `at` in ms */
  seqs: Map<number, number>;
}

export function createCurveSamples(): CurveSamples {
  return { samples: new Map(), seqs: new Map() };
}

/** forgets the samples at or after the earliest event new in `events`, and every sample when an event is gone (a rewind) */
function forgetChanged(kept: CurveSamples, events: readonly StoredEvent[]): void {
  let earliest = Infinity;
  let still = 0;
  const seqs = new Map<number, number>();
  for (const e of events) {
    const ms = Date.parse(e.at);
    seqs.set(e.seq, ms);
    if (kept.seqs.has(e.seq)) still++;
    else earliest = Math.min(earliest, ms);
  }
  if (still < kept.seqs.size) earliest = -Infinity;
  for (const t of kept.samples.keys()) if (t >= earliest) kept.samples.delete(t);
  kept.seqs = seqs;
}

function actualStep(fromMs: number, toMs: number, points: number): number {
  return Math.max(MINUTE, Math.ceil((toMs - fromMs) / points / MINUTE) * MINUTE);
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
