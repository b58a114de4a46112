/**
 * ISO 8601 times in a zone, as shared/format-time.ts's isoInZone writes them, for the thousands of times one plan
 * document holds.
 *
 * Why: isoInZone builds a luxon DateTime per call (~10 µs, ~40 ms for a 600-compound plan, as much as the rest of a
 * re-plan's bookkeeping). A zone's offset changes a few times a year, so the writer asks luxon once per UTC hour
 * (the offset at its first and last second, and how luxon writes it) and formats the rest with Date's own ISO text.
 * An hour with a change inside, a year outside 1000–9999 or a zone luxon rejects go to isoInZone itself.
 */
import { DateTime } from "luxon";
import { isoInZone } from "../../shared/format-time.ts";

const HOUR_MS = 3_600_000;

/**
 * @example
 * const iso = createIsoWriter("Asia/Shanghai");
 * iso(Date.UTC(2021, 6, 25, 15, 30)); // "2021-07-25T23:30:00+08:00", as isoInZone
 */
export function createIsoWriter(zone: string): (ms: number) => string {
  const hours = new Map<number, { offsetMs: number; suffix: string } | null>();
  return (ms) => {
    const s = Math.round(ms / 1000) * 1000;
    const hour = Math.floor(s / HOUR_MS);
    let z = hours.get(hour);
    if (z === undefined) {
      const first = DateTime.fromMillis(hour * HOUR_MS, { zone });
      const lastSecond = DateTime.fromMillis(hour * HOUR_MS + HOUR_MS - 1000, { zone });
      const plain = first.isValid && first.offset === lastSecond.offset && first.year >= 1000 && lastSecond.year <= 9999;
      z = plain ? { offsetMs: first.offset * 60_000, suffix: isoInZone(hour * HOUR_MS, zone).slice(19) } : null;
      hours.set(hour, z);
    }
    return z === null || !Number.isFinite(s) ? isoInZone(ms, zone) : new Date(s + z.offsetMs).toISOString().slice(0, 19) + z.suffix;
  };
}
