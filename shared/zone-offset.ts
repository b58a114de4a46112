/**
 * A zone's UTC offset at an instant, and ISO 8601 text with it, fast enough to call for every compound on every
 * frame of the board.
 *
 * Luxon answers an IANA zone's offset through Intl's formatToParts (~20 µs a call); deriving the state of the
 * true-scale Zhengzhou incident formats thousands of instants, and that alone held the board's main thread for
 * most of a second in a burst of reports. The offset is kept per zone and quarter hour instead: when the offsets
 * at a quarter's first and last millisecond agree, nothing changes in between (no zone shifts twice within 15
 * minutes); when they differ, that quarter asks luxon each time.
 */
import { DateTime, IANAZone } from "luxon";

const QUARTER_MS = 15 * 60_000;
const CACHE_LIMIT = 100_000;

interface ZoneCache {
  /** "UTC", "GMT"...: luxon makes these a fixed zone and writes "Z" */
  fixedName: boolean;
  /** quarter index → offset in minutes, or null where a shift falls inside the quarter */
  quarters: Map<number, number | null>;
}

const cache = new Map<string, ZoneCache>();

function zoneCache(zone: string): ZoneCache {
  let entry = cache.get(zone);
  if (!entry) {
    if (!IANAZone.isValidZone(zone)) throw new RangeError(`unknown time zone: ${zone}`);
    entry = { fixedName: FIXED_NAMES.has(zone.toLowerCase()), quarters: new Map() };
    cache.set(zone, entry);
  }
  return entry;
}

/** The offset east of UTC, in minutes, of `zone` at `ms`; throws on an unknown zone. */
export function zoneOffsetMinutes(ms: number, zone: string): number {
  const { quarters } = zoneCache(zone);
  const q = Math.floor(ms / QUARTER_MS);
  let offset = quarters.get(q);
  if (offset === undefined) {
    const iana = IANAZone.create(zone);
    const first = iana.offset(q * QUARTER_MS);
    const last = iana.offset((q + 1) * QUARTER_MS - 1);
    offset = first === last ? first : null;
    // a long replay touches a few thousand quarters; a bound keeps a server that runs for years from growing
    if (quarters.size >= CACHE_LIMIT) quarters.clear();
    quarters.set(q, offset);
  }
  return offset ?? IANAZone.create(zone).offset(ms);
}

/**
 * ISO 8601 in `zone`, with its offset, e.g. "2021-07-25T23:30:00+08:00"; milliseconds only when not zero, as luxon's
 * `toISO({ suppressMilliseconds: true })` writes it (for years 0–9999).
 */
export function isoWithOffset(ms: number, zone: string): string {
  const offset = zoneOffsetMinutes(ms, zone);
  // luxon writes "UTC" and "GMT" (fixed zones to it) with "Z", and an offset in seconds (local mean time before
  // 1912 in some zones) its own way: those rare cases take luxon's path
  if (!Number.isInteger(offset) || zoneCache(zone).fixedName) {
    return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? new Date(ms).toISOString();
  }
  // the local wall time, written by Date's UTC formatter: "2021-07-25T23:30:00.000Z"
  const local = new Date(ms + offset * 60_000).toISOString();
  const body = local.endsWith(".000Z") ? local.slice(0, 19) : local.slice(0, 23);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${body}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const FIXED_NAMES = new Set(["utc", "gmt", "z", "zulu"]);

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
