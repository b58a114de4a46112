/**
 * #17: which compounds each MV stop supplies, chosen once every stop's switch-on is known. mvSupplies picks a
 * stop's set alone, at its switch-on, blind to the other trucks: two MV trucks on one feeder then fed the same
 * compounds, and an MV truck fed compounds an LV truck already served, while others on the feeder stayed dark
 * (seed 201's operations city: 16 compounds fed twice). Here the stops are taken in switch-on order and each
 * takes, after its own compound, the feeder's compounds by the customer-hours nothing else supplies while it is
 * there, per kW (other stops' own compounds from their switch-on, the sets chosen before), each whole while it
 * fits. The routes and their timing do not change; only the sets (and the kW drawn, hence the burn) do.
 */
import type { Instance } from "./instance.ts";
import { supplyFraction } from "./objective.ts";
import type { StopSchedule } from "./stop-schedule.ts";

/** One supply a compound receives: from, until (hours), fraction of its load. */
export type Cover = readonly [number, number, number];

/**
 * Hours of [a, b] in which the covers leave the compound dark, counted by the unsupplied share
 * (∫ 1 − min(1, Σ fractions) dt).
 *
 * @example
 * // supplied whole from 3 to 5, half from 4 on: of [0, 10], 0–3 dark and 5–10 half dark: 3 + 2.5
 * darkHours([[3, 5, 1], [4, Infinity, 0.5]], 0, 10); // 5.5
 */
export function darkHours(covers: readonly Cover[], a: number, b: number): number {
  if (!(b > a)) return 0;
  if (covers.length === 0) return b - a;
  const cuts = [a, b];
  for (const [from, until] of covers) {
    if (from > a && from < b) cuts.push(from);
    if (until > a && until < b) cuts.push(until);
  }
  cuts.sort((x, y) => x - y);
  let dark = 0;
  for (let x = 0; x + 1 < cuts.length; x++) {
    const mid = (cuts[x] + cuts[x + 1]) / 2;
    let f = 0;
    for (const [from, until, fraction] of covers) if (from <= mid && mid < until) f += fraction;
    dark += (1 - Math.min(1, f)) * (cuts[x + 1] - cuts[x]);
  }
  return dark;
}

/**
 * Each planned MV stop's `supplies` and `usedKw` chosen anew (see the file comment), in place.
 *
 * @example
 * chooseMvSets(inst, trucks); // trucks[k][i].supplies: [its compound, then the feeder's darkest per kW]
 */
export function chooseMvSets(inst: Instance, trucks: StopSchedule[][]): void {
  const res = inst.resources!;
  const cs = inst.compounds;
  const covers: Cover[][] = cs.map(() => []);
  const mvStops: { k: number; s: StopSchedule }[] = [];
  trucks.forEach((stops, k) => {
    for (const s of stops) {
      if (!Number.isFinite(s.switchOn)) continue;
      covers[s.compound].push([s.switchOn, s.release, supplyFraction(inst.trucks[k].capacityKw, cs[s.compound].loadKw)]);
      if (s.supplies) mvStops.push({ k, s });
    }
  });
  if (mvStops.length === 0) return;
  mvStops.sort((a, b) => a.s.switchOn - b.s.switchOn || a.k - b.k);
  for (const { k, s } of mvStops) {
    const j = s.compound;
    const cap = inst.trucks[k].capacityKw;
    let left = cap - Math.min(cap, cs[j].loadKw);
    const out = [j];
    const worth = new Map<number, number>();
    for (const i of res.feeders[res.feederOf[j]].compounds) {
      if (i === j || cs[i].loadKw > left) continue;
      const w = (cs[i].weight * darkHours(covers[i], Math.max(s.switchOn, cs[i].outageStart), Math.min(cs[i].gridReturn, s.release))) / cs[i].loadKw;
      if (w > 0) worth.set(i, w);
    }
    for (const i of [...worth.keys()].sort((a, b) => worth.get(b)! - worth.get(a)! || a - b)) {
      if (cs[i].loadKw > left) continue;
      out.push(i);
      left -= cs[i].loadKw;
      covers[i].push([s.switchOn, Math.min(cs[i].gridReturn, s.release), 1]);
    }
    s.supplies = out;
    s.usedKw = Math.min(cap, out.reduce((a, i) => a + cs[i].loadKw, 0));
  }
}
