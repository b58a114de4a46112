/**
 * The situation report's restoration curve as inline SVG: households without supply over time, with the instant
 * of the previous report marked. Hand-drawn rather than a chart library: a static polyline in a printed page
 * needs no library's runtime, and SVG prints sharp at any scale.
 */
import type { CurvePoint } from "../../shared/restoration/restoration-curve.ts";
import { shortTime } from "./export-time.ts";
import { formatNumber, type ExportLang } from "./export-words.ts";
import { escapeHtml } from "./html-page.ts";

const WIDTH = 640;
const HEIGHT = 150;
const LEFT = 56;
const RIGHT = 8;
const TOP = 8;
const BOTTOM = 22;

export interface ChartOptions {
  timezone: string;
  lang: ExportLang;
  /** a vertical mark (the previous report), ms */
  markMs?: number;
  /** the chart's accessible name */
  title: string;
}

/**
 * @example
 * curveSvg([{ at: "…T00:00+08:00", customersOut: 150, restoredShare: 0 }, …], { timezone, lang: "en", title: "…" });
 */
export function curveSvg(points: readonly CurvePoint[], options: ChartOptions): string {
  const ms = points.map((p) => Date.parse(p.at));
  const from = Math.min(...ms);
  const to = Math.max(...ms, from + 1);
  const top = Math.max(1, ...points.map((p) => p.customersOut));
  const x = (t: number) => LEFT + ((t - from) / (to - from)) * (WIDTH - LEFT - RIGHT);
  const y = (v: number) => TOP + (1 - v / top) * (HEIGHT - TOP - BOTTOM);
  const line = points.map((p, i) => `${x(ms[i]).toFixed(1)},${y(p.customersOut).toFixed(1)}`).join(" ");
  const e = escapeHtml;
  const label = (t: number) => e(shortTime(t, options.timezone));
  const mark = options.markMs !== undefined && options.markMs >= from && options.markMs <= to
    ? `<line class="mark" x1="${x(options.markMs).toFixed(1)}" y1="${TOP}" x2="${x(options.markMs).toFixed(1)}" y2="${HEIGHT - BOTTOM}" stroke="#c60" stroke-dasharray="4 3"/>`
    : "";
  return `<svg class="curve" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${e(options.title)}">
<title>${e(options.title)}</title>
<line x1="${LEFT}" y1="${HEIGHT - BOTTOM}" x2="${WIDTH - RIGHT}" y2="${HEIGHT - BOTTOM}" stroke="#444"/>
<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${HEIGHT - BOTTOM}" stroke="#444"/>
<text x="${LEFT - 4}" y="${TOP + 8}" text-anchor="end" font-size="10">${e(formatNumber(top, options.lang))}</text>
<text x="${LEFT - 4}" y="${HEIGHT - BOTTOM}" text-anchor="end" font-size="10">0</text>
<text x="${LEFT}" y="${HEIGHT - 6}" font-size="10">${label(from)}</text>
<text x="${WIDTH - RIGHT}" y="${HEIGHT - 6}" text-anchor="end" font-size="10">${label(to)}</text>
${mark}
<polyline fill="none" stroke="#1a56b0" stroke-width="2" points="${line}"/>
</svg>`;
}
