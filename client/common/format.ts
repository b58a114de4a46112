/**
 * Numbers with units and times with their zone, in the incident's time zone (luxon) and the page's language.
 */
import { DateTime } from "luxon";
import { isoWithOffset } from "../../shared/zone-offset.ts";
import { lang as currentLang, type Lang } from "./i18n.ts";

/** "126 h 05 min" / "126 小时 05 分"; negative or NaN shows as 0. */
export function formatDuration(hours: number, lang: Lang): string {
  const totalMin = Math.max(0, Math.floor((Number.isFinite(hours) ? hours : 0) * 60));
  const h = Math.floor(totalMin / 60);
  const m = String(totalMin % 60).padStart(2, "0");
  return lang === "zh" ? `${h} 小时 ${m} 分` : `${h} h ${m} min`;
}

/** Hours to one decimal with its unit: "12.5 h" / "12.5 小时". */
export function formatHours(hours: number, lang: Lang, digits = 1): string {
  return `${formatNumber(hours, lang, digits)} ${lang === "zh" ? "小时" : "h"}`;
}

/** one formatter per language and digits: making an Intl.NumberFormat costs ~50 µs, the board formats thousands a second */
const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, lang: Lang, digits = 0): string {
  const key = `${lang}|${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

export function formatPercent(share: number, lang: Lang, digits = 1): string {
  return `${formatNumber(share * 100, lang, digits)} %`;
}

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "22 Jul 14:05" (English, day first as in en-GB) / "7月22日 14:05" (Chinese) in the zone: the date is shown so
 * multi-day incidents stay unambiguous, in each language's own order (#16: never the US month-first "07-22").
 */
export function formatTime(iso: string | number, zone: string, lang: Lang = currentLang()): string {
  const local = localIso(iso, zone);
  const t = local === null ? toZone(iso, zone) : null;
  const month = t ? t.month : Number(local!.slice(5, 7));
  const day = t ? t.day : Number(local!.slice(8, 10));
  const clock = t ? t.toFormat("HH:mm") : local!.slice(11, 16);
  if (!Number.isFinite(month) || !Number.isFinite(day)) return "—";
  return lang === "zh" ? `${month}月${day}日 ${clock}` : `${day} ${MONTHS_EN[month - 1]} ${clock}`;
}

/** "14:05" in the zone. */
export function formatClockTime(iso: string | number, zone: string): string {
  const local = localIso(iso, zone);
  return local === null ? toZone(iso, zone).toFormat("HH:mm") : local.slice(11, 16);
}

/** "2021-07-22 14:05:09" in the zone. */
export function formatFullTime(ms: number, zone: string): string {
  const local = localIso(ms, zone);
  return local === null ? toZone(ms, zone).toFormat("yyyy-MM-dd HH:mm:ss") : `${local.slice(0, 10)} ${local.slice(11, 19)}`;
}

/**
 * The instant as ISO text in the zone ("2021-07-22T14:05:09+08:00") through the cached offsets of
 * shared/zone-offset.ts (luxon's zone arithmetic a call held the board's main thread at true scale); null for text
 * without an offset (read in the zone, which luxon does) or outside years 1000–9999.
 */
function localIso(t: string | number, zone: string): string | null {
  const ms = typeof t === "number" ? t : OFFSET_AT_END.test(t) ? Date.parse(t) : NaN;
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return null;
  try {
    return isoWithOffset(ms, zone);
  } catch {
    return null;
  }
}

const OFFSET_AT_END = /(?:Z|[+-]\d\d:?\d\d)$/;
const MIN_MS = Date.UTC(1000, 0, 2);
const MAX_MS = Date.UTC(9999, 11, 30);

/** "UTC+8": the zone's offset at that instant, so every time on screen carries its zone. */
export function zoneLabel(zone: string, atMs: number): string {
  return DateTime.fromMillis(atMs, { zone }).toFormat("'UTC'Z");
}

function toZone(t: string | number, zone: string): DateTime {
  return typeof t === "number" ? DateTime.fromMillis(t, { zone }) : DateTime.fromISO(t, { zone });
}

export function toMs(iso: string): number {
  return DateTime.fromISO(iso, { setZone: true }).toMillis();
}
