/**
 * How a replay shows its scenario time: in the scenario's zone, named ("23 Jul 04:30 CST (UTC+8)"), because a
 * replay is watched from anywhere and a bare offset is easy to misread. The jump-to-time field reads and writes the
 * same zone, whatever the browser's own zone.
 */
import { DateTime } from "luxon";
import { zoneLabel } from "../common/format.ts";
import type { Lang } from "../common/i18n.ts";

/**
 * The zone's name at that instant: its usual abbreviation in English ("CST" for China Standard Time, "CEST", "EDT",
 * "UTC"), its full name in Chinese ("中国标准时间"). ICU has no short English name for many zones (it answers
 * "GMT+8" for Asia/Shanghai), so those are abbreviated from the long name's initials.
 *
 * @example
 * zoneName("Asia/Shanghai", Date.parse("2021-07-23T04:30:00+08:00"), "en"); // "CST"
 */
export function zoneName(zone: string, atMs: number, lang: Lang): string {
  const part = (locale: string, style: "short" | "long") =>
    new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style }).formatToParts(atMs).find((p) => p.type === "timeZoneName")?.value ?? "";
  if (lang === "zh") return part("zh-CN", "long");
  const short = part("en-US", "short");
  if (!/^(GMT|UTC)[+\-−]/.test(short)) return short;
  const long = part("en-US", "long");
  const initials = long.split(/\s+/).filter((w) => /^[A-Z]/.test(w)).map((w) => w[0]).join("");
  return /^(GMT|UTC)/.test(long) || initials.length < 2 ? short : initials;
}

/**
 * The replay clock's face: "23 Jul 04:30 CST (UTC+8)" / "7月23日 04:30 中国标准时间 (UTC+8)".
 *
 * @example
 * formatReplayClock(Date.parse("2021-07-23T04:30:00+08:00"), "Asia/Shanghai", "en"); // "23 Jul 04:30 CST (UTC+8)"
 */
export function formatReplayClock(ms: number, zone: string, lang: Lang): string {
  const t = DateTime.fromMillis(ms, { zone });
  const day = lang === "zh" ? `${t.month}月${t.day}日` : t.setLocale("en-GB").toFormat("d LLL");
  return `${day} ${t.toFormat("HH:mm")} ${zoneName(zone, ms, lang)} (${zoneLabel(zone, ms)})`;
}

/** The jump field's text showing `ms` in `zone`, in ISO order: "2021-07-23 04:30". */
export function toLocalInput(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd HH:mm");
}

/** The instant the jump field names in `zone` ("2021-07-23 04:30", or with a T); null for an empty or malformed value. */
export function fromLocalInput(value: string, zone: string): number | null {
  const text = value.trim().replace(" ", "T");
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) return null;
  const t = DateTime.fromISO(text, { zone });
  return t.isValid ? t.toMillis() : null;
}
