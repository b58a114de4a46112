/**
 * The counterfactual report (shared/wire.ts) as the board reads it: totals with the share saved, and one row per
 * compound saying how much sooner (or later) the plan would have powered it.
 */
import type { CounterfactualFigures, CounterfactualReport } from "../../shared/wire.ts";

/** The compound the Zhengzhou case is remembered by: 126 hours dark in 2021. */
const HIGHLIGHTED_COMPOUND = "jincheng-zhongyuan";

const HOUR = 3_600_000;

export interface CounterfactualTotals {
  historical: number;
  planned: number;
  /** historical − planned, customer outage hours */
  saved: number;
  /** saved / historical (0 when nothing was dark) */
  savedShare: number;
}

export function counterfactualTotals(report: CounterfactualReport): CounterfactualTotals {
  const historical = report.historical.customerOutageHours;
  return {
    historical,
    planned: report.planned.customerOutageHours,
    saved: report.savedCustomerOutageHours,
    savedShare: historical > 0 ? report.savedCustomerOutageHours / historical : 0,
  };
}

/** One mode's saving against what happened. */
export interface CounterfactualSaving {
  /** customer outage hours (priority × households × hours) with the plan */
  planned: number;
  /** historical − planned, customer outage hours */
  saved: number;
  /** saved / historical (0 when nothing was dark) */
  savedShare: number;
  /** households × hours, unweighted; null in a report from before #14 */
  savedHouseholdHours: number | null;
  /** share of `saved` from the five compounds that contribute most (0..1); null in a report from before #14 */
  top5Share: number | null;
}

export interface CounterfactualHeadline {
  historical: number;
  /** the headline: each decision with only the grid returns announced by then; null when not computed that way */
  withoutForesight: CounterfactualSaving | null;
  /** the upper bound: the true grid returns known in advance; null when not computed */
  withForesight: CounterfactualSaving | null;
}

/**
 * The board's headline (#14 item 5): the saving without foresight, and the with-foresight one as its upper bound.
 * A report computed in both modes carries both; one computed in one mode gives that mode only. A report stored
 * before #14 has no `foresight` field: it planned with the true grid returns, so it is the upper bound alone.
 *
 * @example
 * counterfactualHeadline(report).withoutForesight?.saved; // customer outage hours saved with what was known then
 */
export function counterfactualHeadline(report: CounterfactualReport): CounterfactualHeadline {
  const historical = report.historical.customerOutageHours;
  const share = (saved: number) => (historical > 0 ? saved / historical : 0);
  const own: CounterfactualSaving = {
    planned: report.planned.customerOutageHours,
    saved: report.savedCustomerOutageHours,
    savedShare: share(report.savedCustomerOutageHours),
    savedHouseholdHours: report.householdHours?.saved ?? null,
    top5Share: report.top5Share ?? null,
  };
  const mode = (figures: CounterfactualFigures | undefined, foresight: boolean): CounterfactualSaving | null => {
    if (figures) {
      return { planned: figures.plannedCustomerOutageHours, saved: figures.savedCustomerOutageHours, savedShare: share(figures.savedCustomerOutageHours),
        savedHouseholdHours: figures.savedHouseholdHours, top5Share: figures.top5Share };
    }
    return (report.foresight ?? true) === foresight ? own : null;
  };
  return { historical, withoutForesight: mode(report.withoutForesight, false), withForesight: mode(report.withForesight, true) };
}

export interface CompoundComparison {
  id: string;
  name: string;
  households: number;
  historicalPoweredAt: string | null;
  plannedPoweredAt: string | null;
  /** hours the plan powers it sooner than history did; negative: later. Never powered counts as the horizon */
  soonerHours: number;
  /** households × (historical − planned outage hours per household) */
  savedHouseholdHours: number;
  highlighted: boolean;
}

/**
 * Rows for the table: the highlighted compound first, then the largest savings in household-hours.
 *
 * @example
 * compareCompounds(report, Date.parse(scenario.horizonEnd))[0]; // { id: "jincheng-zhongyuan", soonerHours: 57.7, … }
 */
export function compareCompounds(report: CounterfactualReport, horizonMs: number, highlight = HIGHLIGHTED_COMPOUND): CompoundComparison[] {
  const at = (iso: string | null) => (iso === null ? horizonMs : Date.parse(iso));
  const rows = report.compounds.map((c): CompoundComparison => ({
    id: c.id,
    name: c.name,
    households: c.households,
    historicalPoweredAt: c.historicalPoweredAt,
    plannedPoweredAt: c.plannedPoweredAt,
    soonerHours: (at(c.historicalPoweredAt) - at(c.plannedPoweredAt)) / HOUR,
    savedHouseholdHours: c.households * (c.historicalOutageHours - c.plannedOutageHours),
    highlighted: c.id === highlight,
  }));
  return rows.sort((a, b) => Number(b.highlighted) - Number(a.highlighted) || b.savedHouseholdHours - a.savedHouseholdHours || a.name.localeCompare(b.name));
}
