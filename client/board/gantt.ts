/**
 * A truck's timeline as SVG: the plan's stops in the upper half (driving, setting up, supplying) and what the crew
 * reported in the lower half, on a shared time window, with a "now" line.
 */
import type { StoredEvent } from "../../shared/events.ts";
import type { PlanStop } from "../../shared/plan.ts";
import { s } from "../common/dom.ts";
import { DateTime } from "luxon";
import { formatTime } from "../common/format.ts";

export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

export interface Span {
  kind: "drive" | "setup" | "supply";
  fromMs: number;
  toMs: number;
  label?: string;
}

const HOUR = 3_600_000;

/** A window starting a little before now, on a whole hour, `hours` long. */
export function windowAround(nowMs: number, hours = 36, before = 8): TimeWindow {
  const fromMs = Math.floor((nowMs - before * HOUR) / HOUR) * HOUR;
  return { fromMs, toMs: fromMs + hours * HOUR };
}

export function plannedSpans(stops: readonly PlanStop[], nameOf: (id: string) => string): Span[] {
  return stops.flatMap((st) => [
    { kind: "drive" as const, fromMs: Date.parse(st.depart), toMs: Date.parse(st.arrive) },
    { kind: "setup" as const, fromMs: Date.parse(st.arrive), toMs: Date.parse(st.switchOn) },
    { kind: "supply" as const, fromMs: Date.parse(st.switchOn), toMs: Date.parse(st.release), label: nameOf(st.compound) },
  ]);
}

/** What the crew reported, as spans: dispatched→arrived driving, arrived→switched on setting up, then supplying. */
export function reportedSpans(events: readonly StoredEvent[], nowMs: number, endOpenAt: number = nowMs): Span[] {
  const spans: Span[] = [];
  let open: Span | null = null;
  const close = (at: number) => {
    if (open) spans.push({ ...open, toMs: Math.max(open.fromMs, at) });
    open = null;
  };
  const ordered = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
  for (const e of ordered) {
    const at = Date.parse(e.at);
    if (at > nowMs) break;
    if (e.type === "truck.dispatched") { close(at); open = { kind: "drive", fromMs: at, toMs: at }; }
    else if (e.type === "truck.arrived") { close(at); open = { kind: "setup", fromMs: at, toMs: at }; }
    else if (e.type === "switched.on") { close(at); open = { kind: "supply", fromMs: at, toMs: at }; }
    else if (e.type === "truck.released" || e.type === "truck.broken") close(at);
  }
  close(endOpenAt);
  return spans;
}

export interface GanttRow {
  planned: Span[];
  reported: Span[];
  /** reported step instants (ticks) */
  steps: StoredEvent[];
}

/** One truck's row, `width` × `height` pixels. */
export function renderGanttRow(row: GanttRow, win: TimeWindow, width: number, height: number, nowMs: number, zone: string): SVGSVGElement {
  const x = (ms: number) => ((Math.min(Math.max(ms, win.fromMs), win.toMs) - win.fromMs) / (win.toMs - win.fromMs)) * width;
  const svg = s("svg", { width, height, class: "gantt-row", viewBox: `0 0 ${width} ${height}` });
  svg.append(s("rect", { x: 0, y: 0, width, height, class: "g-bg" }));
  for (const tick of sixHourTicks(win, zone)) svg.append(s("line", { x1: x(tick), x2: x(tick), y1: 0, y2: height, class: "g-grid" }));
  const mid = height / 2;
  const bar = (sp: Span, y: number, hgt: number, cls: string) => {
    if (sp.toMs <= win.fromMs || sp.fromMs >= win.toMs) return;
    const x0 = x(sp.fromMs);
    const w = Math.max(1.5, x(sp.toMs) - x0);
    svg.append(s("rect", { x: x0, y, width: w, height: hgt, rx: 2, class: `${cls} g-${sp.kind}` }));
    if (sp.label && w > 40) svg.append(s("text", { x: x0 + 4, y: y + hgt - 4, class: "g-label" }, sp.label));
  };
  for (const sp of row.planned) bar(sp, 3, mid - 4, "g-plan");
  for (const sp of row.reported) bar(sp, mid + 2, mid - 5, "g-actual");
  for (const e of row.steps) {
    const at = Date.parse(e.at);
    if (at < win.fromMs || at > win.toMs) continue;
    const cx = x(at);
    if (e.type === "truck.broken") {
      svg.append(s("path", { d: `M${cx - 4},${mid - 2} l8,8 m0,-8 l-8,8`, class: "g-broken" }));
    } else {
      svg.append(s("path", { d: `M${cx},${mid + 1} l3.5,4 l-3.5,4 l-3.5,-4 z`, class: "g-step" }, s("title", {}, `${e.type} ${e.at}`)));
    }
  }
  if (nowMs >= win.fromMs && nowMs <= win.toMs) svg.append(s("line", { x1: x(nowMs), x2: x(nowMs), y1: 0, y2: height, class: "g-now" }));
  return svg;
}

/** The time axis above the rows: a label every 6 hours in the incident's zone. */
export function renderGanttAxis(win: TimeWindow, width: number, zone: string, nowMs: number): SVGSVGElement {
  const height = 20;
  const x = (ms: number) => ((ms - win.fromMs) / (win.toMs - win.fromMs)) * width;
  const svg = s("svg", { width, height, class: "gantt-axis", viewBox: `0 0 ${width} ${height}` });
  for (const tick of sixHourTicks(win, zone)) {
    svg.append(s("line", { x1: x(tick), x2: x(tick), y1: 12, y2: height, class: "g-grid" }));
    svg.append(s("text", { x: x(tick) + 3, y: 11, class: "g-axis-label" }, formatTime(tick, zone)));
  }
  if (nowMs >= win.fromMs && nowMs <= win.toMs) svg.append(s("line", { x1: x(nowMs), x2: x(nowMs), y1: 0, y2: height, class: "g-now" }));
  return svg;
}

/** 00:00, 06:00, 12:00, 18:00 in the incident's zone (not UTC), inside the window. */
export function sixHourTicks(win: TimeWindow, zone: string): number[] {
  // the same window for all 358 truck rows of a redraw: luxon's zone arithmetic once, not once a row
  const key = `${zone}|${win.fromMs}|${win.toMs}`;
  const kept = tickCache.get(key);
  if (kept) return kept;
  if (tickCache.size > 50) tickCache.clear();
  const ticks = ticksOf(win, zone);
  tickCache.set(key, ticks);
  return ticks;
}
const tickCache = new Map<string, number[]>();

function ticksOf(win: TimeWindow, zone: string): number[] {
  const ticks: number[] = [];
  let t = DateTime.fromMillis(win.fromMs, { zone }).startOf("day");
  while (t.toMillis() < win.toMs) {
    if (t.toMillis() >= win.fromMs) ticks.push(t.toMillis());
    t = t.plus({ hours: 6 });
  }
  return ticks;
}
