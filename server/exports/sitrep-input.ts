/**
 * What the situation report is made of, from an export's snapshot (pure: the job finds the previous sitrep).
 */
import { deriveState } from "../../shared/restoration/derive-state.ts";
import { restorationCurve } from "../../shared/restoration/restoration-curve.ts";
import type { ExportSnapshot } from "./export-snapshot.ts";
import { previousMark, type SitrepInput } from "./sitrep-export.ts";

/**
 * The situation report's comparison: the previous sitrep's instant when there was one, else the previous
 * 12-hour mark; and its curve from the first outage to the report's instant.
 *
 * @example
 * sitrepHtml(sitrepInput(snapshot, "Commander Li", null), "zh-CN");
 */
export function sitrepInput(s: ExportSnapshot, preparedBy: string, previousSitrep: number | null): SitrepInput {
  const { scenario, timezone } = s.detail;
  const previousMs = previousSitrep ?? previousMark(s.atMs, timezone);
  const fromMs = Math.min(...scenario.compounds.map((c) => Date.parse(c.outageStart)), previousMs);
  const toMs = Math.max(fromMs, s.atMs);
  const stepMs = Math.max(15 * 60_000, Math.ceil((toMs - fromMs) / SITREP_CURVE_POINTS / 60_000) * 60_000);
  return {
    incident: s.detail, timezone, atMs: s.atMs, preparedBy, scenario, compounds: s.current.compounds, state: s.state, plan: s.plan,
    previous: {
      basis: previousSitrep === null ? "mark" : "sitrep",
      atMs: previousMs,
      state: deriveState(scenario, s.events, previousMs),
      eventsSince: s.events.filter((e) => Date.parse(e.at) > previousMs && Date.parse(e.at) <= s.atMs).length,
    },
    curve: restorationCurve(scenario, s.events, fromMs, toMs, stepMs),
  };
}

/** points of the sitrep's curve: smooth at A4 width, and each is a derivation of the whole log */
const SITREP_CURVE_POINTS = 120;
