/**
 * The counterfactual report (shared/wire.ts) as the board reads it: totals with the share saved, and one row per
 * compound saying how much sooner (or later) the plan would have powered it.
 */
import type { CounterfactualReport } from "../../shared/wire.ts";

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
