/**
 * The storm the HTTP bench plays (#13): one incident, N trucks each with its own crew and crew token, each crew
 * reporting its truck's steps in a valid sequence (dispatched → arrived → cable laid → switched on → released, then
 * to the next compound), every step 15 field minutes after the one before. The compounds lie on a 0.5 km grid
 * (at most ~10 km apart), so a 15-minute drive satisfies the 120 km/h rule and 30 minutes from arrival to switch-on
 * the 10-minute on-site rule; no compound's grid returns. Pure: the bench drives it over HTTP.
 */
import type { EventInput, StoredEvent } from "../shared/events.ts";
import { compoundsOf, gridTimes, replayTrucks } from "../shared/restoration/timeline.ts";
import type { Compound, Scenario, Truck } from "../shared/scenario.ts";
import { seededRandom } from "../shared/seeded-random.ts";

const CYCLE = ["truck.dispatched", "truck.arrived", "cable.laid", "switched.on", "truck.released"] as const;
const STEP_MS = 15 * 60_000;
const START_MS = Date.parse("2021-07-20T06:00:00+08:00");
const GRID_DEG = 0.005;

/**
 * @example
 * const s = stormScenario(200); // 200 trucks at one depot, 200 compounds
 */
export function stormScenario(trucks: number): Scenario {
  const side = Math.ceil(Math.sqrt(trucks));
  const compounds: Compound[] = Array.from({ length: trucks }, (_, i) => ({
    id: `c${i}`, name: `Compound ${i}`, location: [113.6 + (i % side) * GRID_DEG, 34.7 + Math.floor(i / side) * GRID_DEG],
    households: 100 + i, loadKw: 200, substation: "S1", outageStart: "2021-07-20T00:00:00+08:00",
  }));
  const fleet: Truck[] = Array.from({ length: trucks }, (_, i) => ({
    id: `t${i}`, name: `Truck ${i}`, capacityKw: 300, depot: "D1", availableAt: "2021-07-20T00:00:00+08:00",
  }));
  return {
    id: "storm", name: "Storm bench", timezone: "Asia/Shanghai", horizonEnd: "2021-09-01T00:00:00+08:00",
    roads: { type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: [[113.6, 34.7], [113.7, 34.75]] } }] },
    substations: [{ id: "S1", name: "S1", location: [113.65, 34.72], voltageKv: 110, restoredAt: null }],
    compounds,
    depots: [{ id: "D1", name: "Depot", location: [113.62, 34.72] }],
    trucks: fleet,
  };
}

/** Step `k` (0, 1, 2 …) of truck `i` among `n`: alternately at compound i and i + 1. */
export function stormStep(i: number, n: number, k: number, id: string): EventInput {
  const cycle = Math.floor(k / CYCLE.length);
  return {
    id, type: CYCLE[k % CYCLE.length], at: new Date(START_MS + k * STEP_MS).toISOString(),
    truck: `t${i}`, compound: `c${cycle % 2 === 0 ? i : (i + 1) % n}`, note: "bench",
  };
}

export interface LogCheck {
  /** acknowledged but not in the log */
  lost: number;
  /** ids stored more than once */
  doubled: number;
  /** seq 1..n without gaps, each truck's reports in its crew's order, and the whole log a valid history */
  orderValid: boolean;
}

/** Checks the stored log against what the crews were acknowledged. */
export function checkStormLog(scenario: Scenario, log: readonly StoredEvent[], acknowledged: ReadonlySet<string>): LogCheck {
  const ids = new Map<string, number>();
  for (const e of log) ids.set(e.id, (ids.get(e.id) ?? 0) + 1);
  let lost = 0;
  for (const id of acknowledged) if (!ids.has(id)) lost++;
  const doubled = [...ids.values()].filter((n) => n > 1).length;
  let orderValid = log.every((e, i) => e.seq === i + 1);
  const lastAt = new Map<string, number>();
  for (const e of log) {
    const at = Date.parse(e.at);
    if (at <= (lastAt.get(e.truck!) ?? -Infinity)) orderValid = false;
    lastAt.set(e.truck!, at);
  }
  let rejected = 0;
  replayTrucks(scenario, log, gridTimes(scenario, compoundsOf(scenario, log), log), Infinity, () => rejected++);
  return { lost, doubled, orderValid: orderValid && rejected === 0 };
}

export type Arrivals = "poisson" | "even";

/**
 * When crew `i` of `crews` is due to send each report in an open storm that offers `ratePerSecond` reports in all:
 * each crew offers rate/crews, so its gaps average crews/rate seconds. "even": crew i starts i/rate s in and sends
 * every crews/rate s (the whole storm one report every 1/rate s); "poisson": exponential gaps, seeded per crew (the
 * storm a Poisson process of that rate). Returns the next due time's offset from the storm's start in ms, each call
 * the next one.
 *
 * @example
 * const due = stormSchedule(0, 200, 1000, "even", 1); due(); // 0; due(); // 200; due(); // 400
 */
export function stormSchedule(i: number, crews: number, ratePerSecond: number, arrivals: Arrivals, seed: number): () => number {
  const gapMs = (crews / ratePerSecond) * 1000;
  if (arrivals === "even") {
    let k = 0;
    return () => (i / ratePerSecond) * 1000 + gapMs * k++;
  }
  const rnd = seededRandom(seed * 1_000_003 + i);
  let t = 0;
  return () => (t += -Math.log(1 - rnd()) * gapMs);
}
