/**
 * The objective, customer outage hours, as named terms (issue #2 model):
 * Σ over compounds of priority × households × hours without supply between outage start and grid return, where a
 * partly supplied compound counts its unsupplied fraction. Hard rules (one compound at a time, no departure before
 * availability) live in the schedule (simulate-routes.ts), not here.
 */
import type { Instance, InstanceCompound } from "./instance.ts";

/** One truck's contribution to a compound: from `switchOn`, `fraction` of its households. */
export interface Supply {
  switchOn: number;
  fraction: number;
  /** #17: the supply stops here (the truck ran dry); absent = until the grid returns */
  until?: number;
}

/**
 * Share of a compound's households one truck can carry: capacity / load, capped at all of them.
 *
 * @example
 * supplyFraction(250, 500); // 0.5
 */
export function supplyFraction(capacityKw: number, loadKw: number): number {
  return Math.min(1, capacityKw / loadKw);
}

/**
 * Hours without supply per household between `outageStart` and `gridReturn`, given the trucks' supplies
 * (cumulative fraction capped at 1; a switch-on before the outage counts from the outage start, one at or after the
 * grid return counts for nothing).
 *
 * @example
 * unsuppliedHours(0, 10, [{ switchOn: 4, fraction: 0.5 }]); // 4 × 1 + 6 × 0.5 = 7
 */
export function unsuppliedHours(outageStart: number, gridReturn: number, supplies: readonly Supply[]): number {
  if (gridReturn <= outageStart) return 0;
  for (const s of supplies) if (s.until !== undefined) return unsuppliedHoursWithEnds(outageStart, gridReturn, supplies);
  const sorted = supplies.length > 1 ? [...supplies].sort((a, b) => a.switchOn - b.switchOn) : supplies;
  let t = outageStart;
  let supplied = 0;
  let hours = 0;
  for (const s of sorted) {
    if (s.switchOn >= gridReturn) break;
    const from = Math.max(s.switchOn, outageStart);
    hours += (1 - supplied) * (from - t);
    t = from;
    supplied = Math.min(1, supplied + s.fraction);
  }
  return hours + (1 - supplied) * (gridReturn - t);
}

/**
 * unsuppliedHours when some supplies end before the grid returns (#17: a truck ran dry): the supplied fraction at
 * each instant is min(1, Σ fractions of the supplies on then).
 *
 * @example
 * unsuppliedHoursWithEnds(0, 10, [{ switchOn: 2, fraction: 1, until: 6 }]); // 2 + 4 = 6
 */
export function unsuppliedHoursWithEnds(outageStart: number, gridReturn: number, supplies: readonly Supply[]): number {
  if (gridReturn <= outageStart) return 0;
  const steps: [number, number][] = [];
  for (const s of supplies) {
    const from = Math.max(s.switchOn, outageStart);
    const to = Math.min(s.until ?? Infinity, gridReturn);
    if (!(from < to)) continue;
    steps.push([from, s.fraction], [to, -s.fraction]);
  }
  steps.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let t = outageStart;
  let level = 0;
  let hours = 0;
  for (const [at, df] of steps) {
    hours += (1 - Math.min(1, Math.max(0, level))) * (at - t);
    t = at;
    level += df;
  }
  return hours + (1 - Math.min(1, Math.max(0, level))) * (gridReturn - t);
}

/**
 * A compound's customer outage hours: priority × households × unsupplied hours per household.
 *
 * @example
 * compoundOutageCost({ weight: 200, outageStart: 0, gridReturn: 10 } as InstanceCompound, []); // 2000
 */
export function compoundOutageCost(c: Pick<InstanceCompound, "weight" | "outageStart" | "gridReturn">, supplies: readonly Supply[]): number {
  return c.weight * unsuppliedHours(c.outageStart, c.gridReturn, supplies);
}

/**
 * Customer outage hours if no truck moved at all (kept connections still count): the reference for "how much
 * could be saved".
 *
 * @example
 * noTrucksOutageCost(instance); // Σ weight × (gridReturn − outageStart)
 */
export function noTrucksOutageCost(inst: Pick<Instance, "compounds">): number {
  let total = 0;
  for (const c of inst.compounds) total += compoundOutageCost(c, []);
  return total;
}
