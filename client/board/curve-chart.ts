/**
 * The restoration curve as SVG: households out over the whole incident, actual (solid, up to now) and the current
 * plan's forecast (dashed), with a "now" line. Times on the axis are in the incident's zone.
 */
import type { StoredEvent } from "../../shared/events.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { StoredPlan } from "../../shared/wire.ts";
import { h, replaceChildren, s } from "../common/dom.ts";
import { formatNumber, formatTime, zoneLabel } from "../common/format.ts";
import { lang, t } from "../common/i18n.ts";
import { actualSeriesInSlices, createCurveSamples, planSeries, type SeriesPoint } from "./curves.ts";
import { sixHourTicks } from "./gantt.ts";

export function renderCurve(actual: SeriesPoint[], forecast: SeriesPoint[], fromMs: number, toMs: number, nowMs: number, zone: string, width: number, height: number): SVGSVGElement {
  const pad = { l: 52, r: 8, t: 16, b: 18 };
  const max = Math.max(1, ...actual.map((p) => p.out), ...forecast.map((p) => p.out));
  const x = (ms: number) => pad.l + ((ms - fromMs) / Math.max(1, toMs - fromMs)) * (width - pad.l - pad.r);
  const y = (v: number) => pad.t + (1 - v / max) * (height - pad.t - pad.b);
  const path = (pts: SeriesPoint[]) => pts.map((p, i) => `${i ? "L" : "M"}${x(p.ms).toFixed(1)},${y(p.out).toFixed(1)}`).join("");
  const svg = s("svg", { width, height, class: "curve", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": t("curve") });
  for (const v of [0, max / 2, max]) {
    svg.append(s("line", { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), class: "g-grid" }));
    svg.append(s("text", { x: pad.l - 4, y: y(v) + 4, class: "g-axis-label", "text-anchor": "end" }, formatNumber(Math.round(v), lang())));
  }
  // midnight ticks (every 6 h on short ranges) labelled with the local date, so multi-day curves read at a glance
  const ticks = sixHourTicks({ fromMs, toMs }, zone);
  const shown = toMs - fromMs > 2 * 86_400_000 ? ticks.filter((ms) => formatTime(ms, zone).endsWith("00:00")) : ticks;
  for (const tick of shown) {
    svg.append(s("line", { x1: x(tick), x2: x(tick), y1: pad.t, y2: height - pad.b, class: "g-grid" }));
    svg.append(s("text", { x: x(tick), y: height - 4, class: "g-axis-label", "text-anchor": "middle" }, formatTime(tick, zone).replace(/ 00:00$/, "")));
  }
  if (actual.length > 1) {
    svg.append(s("path", { d: `${path(actual)}L${x(actual[actual.length - 1].ms)},${y(0)}L${x(actual[0].ms)},${y(0)}Z`, class: "curve-fill" }));
    svg.append(s("path", { d: path(actual), class: "curve-actual" }));
  }
  if (forecast.length > 1) svg.append(s("path", { d: path(forecast), class: "curve-plan" }));
  if (nowMs >= fromMs && nowMs <= toMs) svg.append(s("line", { x1: x(nowMs), x2: x(nowMs), y1: pad.t, y2: height - pad.b, class: "g-now" }));
  svg.append(s("text", { x: pad.l + 4, y: 11, class: "g-axis-label" }, `${t("households")} · ${zoneLabel(zone, nowMs)}`));
  return svg;
}

export interface CurvePanel {
  /** draws the curve for this log and plan at `nowMs`, its samples taken over several tasks; a newer draw supersedes it */
  draw(events: readonly StoredEvent[], plan: StoredPlan | null, nowMs: number): void;
}

/** slices of the curve's samples: under the 200 ms a long task may take, with room for a slow machine */
const SLICE_MS = 40;

/** The curve panel: the incident's span (its horizon, or now if later, plus a margin at most), actual and forecast. */
export function createCurvePanel(container: HTMLElement, scenario: Scenario): CurvePanel {
  const fromMs = Math.min(...scenario.compounds.map((c) => Date.parse(c.outageStart)));
  const horizonMs = Date.parse(scenario.horizonEnd);
  // measured when the box changes, not on each draw: reading it after other panels changed forces a layout
  let width: number | null = null;
  new ResizeObserver(() => { width = null; }).observe(container);
  let generation = 0;
  // the samples of earlier draws that the news since leaves right (curves.ts)
  const samples = createCurveSamples();
  return {
    draw(events, plan, nowMs) {
      const mine = ++generation;
      // long after the horizon nothing changes: the axis stops there (plus a margin)
      const toMs = Math.min(Math.max(nowMs, horizonMs), horizonMs + 12 * 3_600_000);
      width ??= Math.max(260, container.clientWidth - 4);
      const drawWidth = width;
      const slice = { sliceMs: SLICE_MS, pause: () => new Promise<void>((resolve) => setTimeout(resolve, 0)), cancelled: () => generation !== mine };
      void actualSeriesInSlices(scenario, events, fromMs, Math.min(nowMs, toMs), slice, 120, samples).then((actual) => {
        if (actual === null || generation !== mine) return;
        const forecast = plan ? planSeries(scenario, plan.plan, Math.max(fromMs, Date.parse(plan.plan.at ?? plan.createdAt)), toMs) : [];
        replaceChildren(container, renderCurve(actual, forecast, fromMs, toMs, nowMs, scenario.timezone, drawWidth, 150),
          h("div", { class: "legend" },
            h("span", { class: "legend-item" }, h("i", { class: "swatch curve-actual-swatch" }), t("curveActual")),
            h("span", { class: "legend-item" }, h("i", { class: "swatch curve-plan-swatch" }), t("curvePlan"))));
      });
    },
  };
}
