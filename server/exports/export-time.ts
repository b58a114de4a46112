/**
 * Times as a command post reads them in an export: the incident's local clock with the zone named, e.g.
 * "2021-07-25 23:30 CST (UTC+08:00)"; machine files (CSV, GeoJSON, KML data) keep ISO 8601 with the offset.
 */
import { DateTime } from "luxon";
import type { ExportLang } from "./export-words.ts";

/**
 * Intl names most zones outside the Americas only "GMT+8": the abbreviations people write for the zones our
 * incidents sit in are kept here, and a zone not listed is named by its offset alone.
 */
const ABBREVIATIONS: Record<string, string> = {
  "Asia/Shanghai": "CST",
  "Asia/Chongqing": "CST",
  "Asia/Harbin": "CST",
  "Asia/Macau": "CST",
  "Asia/Taipei": "CST",
  "Asia/Hong_Kong": "HKT",
  "Asia/Tokyo": "JST",
  "Asia/Seoul": "KST",
  UTC: "UTC",
};

/**
 * "2021-07-25 23:30 CST (UTC+08:00)": minutes, the zone's abbreviation (when it has one) and its offset at `ms`.
 *
 * @example
 * localTime(Date.UTC(2021, 6, 25, 15, 30), "Asia/Shanghai"); // "2021-07-25 23:30 CST (UTC+08:00)"
 */
export function localTime(ms: number, zone: string): string {
  const d = DateTime.fromMillis(Math.round(ms / 60_000) * 60_000, { zone });
  return `${d.toFormat("yyyy-MM-dd HH:mm")} ${zoneShort(ms, zone)}`;
}

/**
 * "CST (UTC+08:00)": the zone as a column header names it over short cell times.
 *
 * @example
 * zoneShort(Date.UTC(2021, 6, 25), "Asia/Shanghai"); // "CST (UTC+08:00)"
 */
export function zoneShort(ms: number, zone: string): string {
  const d = DateTime.fromMillis(ms, { zone });
  const abbreviation = zoneAbbreviation(zone, d);
  return `${abbreviation ? `${abbreviation} ` : ""}(UTC${d.toFormat("ZZ")})`;
}

/** "07-25 23:30": a short local clock for table cells, under a header that names the zone (zoneName). */
export function shortTime(ms: number, zone: string): string {
  return DateTime.fromMillis(Math.round(ms / 60_000) * 60_000, { zone }).toFormat("MM-dd HH:mm");
}

/**
 * The zone named in full for a page header: "China Standard Time (Asia/Shanghai, UTC+08:00)" /
 * "中国标准时间（Asia/Shanghai，UTC+08:00）".
 */
export function zoneName(ms: number, zone: string, lang: ExportLang): string {
  const d = DateTime.fromMillis(ms, { zone }).setLocale(lang === "en" ? "en-US" : "zh-CN");
  const long = d.offsetNameLong ?? zone;
  return lang === "en" ? `${long} (${zone}, UTC${d.toFormat("ZZ")})` : `${long}（${zone}，UTC${d.toFormat("ZZ")}）`;
}

function zoneAbbreviation(zone: string, d: DateTime): string | null {
  const known = ABBREVIATIONS[zone];
  if (known) return known;
  const intl = d.setLocale("en-US").offsetNameShort;
  return intl && !/^(GMT|UTC)[+-]/.test(intl) ? intl : null;
}
