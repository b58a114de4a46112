/**
 * CAP 1.2 times: the schema's pattern `\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[-,+]\d\d:\d\d`, so whole seconds and an
 * explicit offset (never "Z", never milliseconds), in the incident's zone.
 */
import { DateTime } from "luxon";

/**
 * @example
 * capTime(Date.parse("2021-07-25T15:30:00Z"), "Asia/Shanghai"); // "2021-07-25T23:30:00+08:00"
 */
export function capTime(ms: number, zone: string): string {
  return DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}
