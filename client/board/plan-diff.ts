/**
 * What a re-plan changed, for the commander: which trucks now go elsewhere, and what it is worth in customer-hours.
 *
 * @example
 * const d = diffPlans(previous.plan, next.plan, weights);
 * d.moves;               // [{ truck: "T3", before: ["C1"], after: ["C7", "C1"] }]
 * d.deltaCustomerHours;  // next − previous (negative = the re-plan saves customer-hours)
 */
import type { Plan } from "../../shared/plan.ts";

export interface TruckMove {
  truck: string;
  /** compounds in stop order, in the earlier plan */
  before: string[];
  after: string[];
}

export interface CompoundChange {
  compound: string;
  /** priority-weighted customer outage hours in each plan (priority × households × outage hours per household) */
  before: number;
  after: number;
}

export interface PlanDiff {
  moves: TruckMove[];
  /** compounds whose customer-hours changed, largest change first */
  compounds: CompoundChange[];
  deltaCustomerHours: number;
}

/** `weightOf(compound)` = priority × households of that compound (0 for an unknown one). */
export function diffPlans(before: Plan, after: Plan, weightOf: (compound: string) => number): PlanDiff {
  const stopsBefore = new Map(before.trucks.map((t) => [t.id, t.stops.map((s) => s.compound)]));
  const stopsAfter = new Map(after.trucks.map((t) => [t.id, t.stops.map((s) => s.compound)]));
  const moves: TruckMove[] = [];
  for (const truck of new Set([...stopsBefore.keys(), ...stopsAfter.keys()])) {
    const b = stopsBefore.get(truck) ?? [];
    const a = stopsAfter.get(truck) ?? [];
    if (b.length !== a.length || b.some((c, i) => c !== a[i])) moves.push({ truck, before: b, after: a });
  }
  const hoursBefore = new Map(before.compounds.map((c) => [c.id, c.outageHours]));
  const hoursAfter = new Map(after.compounds.map((c) => [c.id, c.outageHours]));
  const compounds: CompoundChange[] = [];
  for (const id of new Set([...hoursBefore.keys(), ...hoursAfter.keys()])) {
    const w = weightOf(id);
    const change = { compound: id, before: w * (hoursBefore.get(id) ?? 0), after: w * (hoursAfter.get(id) ?? 0) };
    // sub-second differences are float noise between two runs, not a change a commander should read
    if (Math.abs(change.after - change.before) >= 0.01) compounds.push(change);
  }
  compounds.sort((x, y) => Math.abs(y.after - y.before) - Math.abs(x.after - x.before));
  return { moves, compounds, deltaCustomerHours: after.customerOutageHours - before.customerOutageHours };
}
