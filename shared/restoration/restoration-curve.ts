/**
 * The restoration curve: customers out and share restored over time, sampled from the same derivation as the board.
 */
import { ErrorCode, LianxinError } from "../errors.ts";
import type { StoredEvent } from "../events.ts";
import type { IsoTime, Scenario } from "../scenario.ts";
import { deriveState } from "./derive-state.ts";

export interface CurvePoint {
  at: IsoTime;
  customersOut: number;
  restoredShare: number;
}

/** enough for a week at 5-minute steps; more is a client asking for a bitmap, not a curve */
export const MAX_CURVE_POINTS = 2_100;

/**
 * Points at fromMs, fromMs + stepMs, … and at toMs itself (when the steps do not land on it).
 *
 * @example
 * restorationCurve(scenario, events, start, start + 6 * 3600_000, 3600_000).length; // 7
 */
export function restorationCurve(scenario: Scenario, events: readonly StoredEvent[], fromMs: number, toMs: number, stepMs: number): CurvePoint[] {
  if (!(stepMs > 0) || !Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) {
    throw new LianxinError(ErrorCode.invalidInput, "a curve needs from ≤ to and a positive step", [{ path: "step", message: "must be positive, with from ≤ to" }]);
  }
  const count = Math.floor((toMs - fromMs) / stepMs) + 1;
  if (count > MAX_CURVE_POINTS) {
    throw new LianxinError(ErrorCode.invalidInput, `a curve has at most ${MAX_CURVE_POINTS} points`, [{ path: "step", message: `too small for this range (${count} points)` }]);
  }
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(fromMs + i * stepMs);
  if (times[times.length - 1] < toMs) times.push(toMs);
  return times.map((t) => {
    const s = deriveState(scenario, events, t);
    return { at: s.at, customersOut: s.kpis.customersOut, restoredShare: s.kpis.restoredShare };
  });
}
