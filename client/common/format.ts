/**
 * Numbers with units and times with their zone, in the incident's time zone (luxon) and the page's language.
 */
import { DateTime } from "luxon";
import type { Lang } from "./i18n.ts";

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

export function formatNumber(value: number, lang: Lang, digits = 0): string {
  return new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

export function formatPercent(share: number, lang: Lang, digits = 1): string {
  return `${formatNumber(share * 100, lang, digits)} %`;
}

/** "07-22 14:05" in the zone (date shown so multi-day incidents stay unambiguous). */
export function formatTime(iso: string | number, zone: string): string {
  return toZone(iso, zone).toFormat("MM-dd HH:mm");
}

/** "14:05" in the zone. */
export function formatClockTime(iso: string | number, zone: string): string {
  return toZone(iso, zone).toFormat("HH:mm");
}

/** "2021-07-22 14:05:09" in the zone. */
export function formatFullTime(ms: number, zone: string): string {
  return toZone(ms, zone).toFormat("yyyy-MM-dd HH:mm:ss");
}

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
