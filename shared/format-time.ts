/**
 * Time formatting shared by the planner's plan writer, the CLI report and the board: instants travel as ISO 8601
 * with the incident's offset; people read them as local clock times.
 */
import { DateTime } from "luxon";
import { isoWithOffset } from "./zone-offset.ts";

/**
 * ISO 8601 with the zone's offset, to the second.
 *
 * @example
 * isoInZone(Date.UTC(2021, 6, 25, 15, 30), "Asia/Shanghai"); // "2021-07-25T23:30:00+08:00"
 */
export function isoInZone(ms: number, zone: string): string {
  // luxon's answer where there is no instant (NaN, ±Infinity: a time never reached; beyond Date's range): null, as the plan writer has
  // always received it; isoWithOffset would throw
  if (!(Math.abs(ms) <= 8.64e15)) return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!;
  return isoWithOffset(Math.round(ms / 1000) * 1000, zone);
}

/**
 * Short local clock time for reports, e.g. "07-25 23:30".
 *
 * @example
 * localClock(Date.UTC(2021, 6, 25, 15, 30), "Asia/Shanghai"); // "07-25 23:30"
 */
export function localClock(ms: number, zone: string): string {
  return DateTime.fromMillis(Math.round(ms / 60000) * 60000, { zone }).toFormat("MM-dd HH:mm");
}

/** Hours to "5.2 h" / "126.0 h" (one decimal). */
export function formatHours(h: number): string {
  return `${h.toFixed(1)} h`;
}
