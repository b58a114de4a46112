/**
 * The ETR range (estimated time of restoration) a "generator on the way" alert quotes. When the state carries one
 * (shared/state.ts CompoundState.etr, computed elsewhere) the alert uses that; until then it comes from the latest
 * plan's stop for the compound:
 *
 *   likely   = the stop's switchOn
 *   earliest = likely − 25 % of (switchOn − depart)
 *   latest   = likely + 50 % of (switchOn − depart)
 *
 * (switchOn − depart) is the stop's drive plus its set-up, the part of the promise that can slip; roads in a flood
 * slip late more often than early, hence the wider late side. A stop of 1 h 20 min (depart 22:10, switchOn 23:30)
 * gives 23:10 to 00:10, likely 23:30.
 */
import type { Plan } from "../plan.ts";
import type { IsoTime } from "../scenario.ts";
import { capTime } from "./cap-time.ts";

export interface EtrRange {
  earliest: IsoTime;
  likely: IsoTime;
  latest: IsoTime;
}

/** the spread around the plan's switch-on, as shares of the stop's drive plus set-up */
export const ETR_EARLY_SHARE = 0.25;
export const ETR_LATE_SHARE = 0.5;

/**
 * The plan's stop at `compound` (the given truck's if it has one there, else the first truck's), as a range; undefined
 * when no plan serves the compound.
 *
 * @example
 * etrRange(plan, "jincheng", "sc-gaoxin-1", "Asia/Shanghai"); // { earliest, likely, latest }
 */
export function etrRange(plan: Plan | null, compound: string, truck: string | undefined, zone: string): EtrRange | undefined {
  if (!plan) return undefined;
  const stops = plan.trucks.flatMap((t) => t.stops.filter((s) => s.compound === compound).map((s) => ({ truck: t.id, stop: s })));
  const hit = stops.find((s) => s.truck === truck) ?? stops[0];
  if (!hit) return undefined;
  const likely = Date.parse(hit.stop.switchOn);
  const span = Math.max(0, likely - Date.parse(hit.stop.depart));
  return { earliest: capTime(likely - ETR_EARLY_SHARE * span, zone), likely: capTime(likely, zone), latest: capTime(likely + ETR_LATE_SHARE * span, zone) };
}
