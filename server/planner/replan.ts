/**
 * Re-planning after one event: repair the previous routes, then improve only where it pays for the churn.
 *
 * Why not a fresh search from the previous plan: crews act on the plan, so a re-plan that reshuffles dozens of
 * compounds to save a fraction of a percent costs more in confusion than it saves. The repair makes only the
 * changes the event requires: stops that became useless or impossible are dropped (a broken truck's stops are gone
 * with the truck; a compound whose grid is back saves nothing; a closed road may make a stop too late), and the
 * compounds that lost their truck or are new are inserted where they gain most. Then a short ruin-and-recreate
 * around those compounds accepts a change only when it lowers cost + churnPenalty × (compounds whose trucks differ
 * from the previous plan).
 */
import type { Instance, Routes } from "./instance.ts";
import { RouteState } from "./route-state.ts";
import { randomInt } from "../../shared/seeded-random.ts";
import { nearestCompounds } from "./nearest-compounds.ts";
import { recreate } from "./recreate.ts";
import { sanitize } from "./sanitize.ts";
import { enforceRules } from "./enforce-rules.ts";
import { isPinned, withoutUnpinned } from "./assignment-rules.ts";

export interface ReplanOptions {
  /** compounds to consider even if the previous plan did not serve them (e.g. newly reported ones) */
  candidates?: number[];
  /**
   * customer-hours a change of one compound's trucks must save to be made; default 2e-5 × the repaired plan's cost
   * (1,000 customer-hours on a 50M-hour city: a 1,500-household compound powered 40 minutes sooner)
   */
  churnPenalty?: number;
  /** ruin-and-recreate iterations after the repair; default 40 per affected compound, at most 2,000 */
  iterations?: number;
  /** stop the iterations after this many attempts in a row that were not kept (default STALL, or a quarter of the iterations) */
  stall?: number;
}

export interface ReplanResult {
  state: RouteState;
  /** compounds whose planned trucks differ from the previous routes */
  changed: number;
}

const EPS = 1e-9;
/**
 * Attempts in a row without a kept change after which the improvement stops. On eight medium cities' re-plans
 * (32 events, 40 attempts per affected compound run to the end) kept changes came at attempts 1, 3, 3, 9 and 108,
 * worth 200-8,900 customer-hours each (under 0.04% of the plan): the rest of the attempts only cost time (0.3-1.7 ms
 * each at 600 compounds), and a re-plan is timed against a tenth of a full plan.
 */
const STALL = 16;

/**
 * @example
 * const { state, changed } = replanRoutes(inst, previousRoutes, { candidates: [newCompound] }, rnd, () => false);
 */
export function replanRoutes(inst: Instance, previous: Routes, options: ReplanOptions, rnd: () => number, timeUp: () => boolean): ReplanResult {
  const C = inst.compounds.length;
  // the commander's pins and forbids (#16) are what this re-plan was asked for, not churn it chose
  const routes = enforceRules(inst, sanitize(inst, previous));
  const reference = assignmentKeys(C, routes);
  const state = new RouteState(inst, routes);
  // 1. Repair: drop what the event made useless, then put back what lost its truck (and the new compounds) where
  // that pays for its churn.
  dropDeadStops(state);
  const served = (j: number): boolean => state.supplies[j].some((s) => !inst.trucks[s.truck].fixed.some((f) => f.compound === j));
  const affected = new Set<number>(options.candidates ?? []);
  for (let j = 0; j < C; j++) if (reference[j] !== "" && !served(j)) affected.add(j);
  const penalty = options.churnPenalty ?? 2e-5 * Math.abs(state.total);
  const current = assignmentKeys(C, state.routes);
  let churn = 0;
  for (let j = 0; j < C; j++) if (current[j] !== reference[j]) churn++;
  /** ruins `chosen`, recreates them (and the affected compounds), keeps the result only if it pays for its churn */
  const attempt = (chosen: Set<number>, regret: boolean): boolean => {
    const saved = new Map<number, number[]>();
    const setRoute = (k: number, r: number[]): void => {
      if (!saved.has(k)) saved.set(k, state.routes[k].slice());
      state.setRoute(k, r);
    };
    const before = state.total + penalty * churn;
    state.routes.forEach((r, k) => { if (r.some((j) => chosen.has(j))) setRoute(k, withoutUnpinned(inst, k, r, chosen)); });
    recreate(state, [...chosen], regret, setRoute);
    // stops pushed past their grid return by an insertion are gone in the plan: count them as changed
    for (const k of saved.keys()) {
      const r = state.routes[k];
      const alive = r.filter((j, p) => state.sw[k][p] < inst.compounds[j].gridReturn || isPinned(inst, k, j));
      if (alive.length < r.length) setRoute(k, alive);
    }
    const touched = new Set<number>();
    for (const [k, old] of saved) { for (const j of old) touched.add(j); for (const j of state.routes[k]) touched.add(j); }
    const after = assignmentKeys(C, state.routes, touched);
    let delta = 0;
    for (const j of touched) delta += Number(after[j] !== reference[j]) - Number(current[j] !== reference[j]);
    if (state.total + penalty * (churn + delta) < before - EPS * Math.max(1, Math.abs(before))) {
      churn += delta;
      for (const j of touched) current[j] = after[j];
      return true;
    }
    for (const [k, r] of saved) state.setRoute(k, r);
    return false;
  };
  const seeds = [...affected].sort((a, b) => a - b);
  if (seeds.length > 0 && inst.trucks.length > 0) {
    attempt(new Set(seeds), true);
    // 2. Improve around the affected compounds, paying for churn.
    const neighbours = nearestCompounds(inst, Math.min(C - 1, 12), seeds);
    const iterations = options.iterations ?? Math.min(2000, 40 * seeds.length);
    // (many affected compounds, as when a convoy arrives: each needs a few tries of its own)
    const stall = options.stall ?? Math.max(STALL, iterations / 4);
    let sinceKept = 0;
    for (let it = 0; it < iterations && sinceKept < stall; it++) {
      if ((it & 7) === 0 && timeUp()) break;
      const seed = seeds[randomInt(rnd, seeds.length)];
      const chosen = new Set<number>([seed]);
      const q = 1 + randomInt(rnd, 6);
      for (const n of neighbours[seed]) if (chosen.size < q && rnd() < 0.7) chosen.add(n);
      sinceKept = attempt(chosen, rnd() < 0.5) ? 0 : sinceKept + 1;
    }
  }
  dropDeadStops(state);
  state.recomputeTotal();
  const final = assignmentKeys(C, state.routes);
  return { state, changed: final.filter((key, j) => key !== reference[j]).length };
}

/**
 * Removes stops that save nothing any more: switched on at or after their grid return (the grid came back sooner,
 * a closure made the drive too long) or unreachable. Unlike the full search's clean-up, a stop that still saves
 * something stays even if removing it would let a later stop gain more: that trade is the improvement phase's to
 * make, against the churn penalty.
 */
function dropDeadStops(state: RouteState): void {
  const G = state.inst.compounds.map((c) => c.gridReturn);
  state.routes.forEach((_r, k) => {
    for (let p = state.routes[k].length - 1; p >= 0; p--) {
      const on = state.sw[k][p];
      if (!(on < G[state.routes[k][p]]) && !isPinned(state.inst, k, state.routes[k][p])) state.removeAt(k, p);
    }
  });
}

/**
 * Per compound, its planned trucks as a sorted key ("" = none); with `only`, a sparse array of those alone (an
 * attempt touches a few compounds: one list per compound of the city each time cost more than the attempt's churn
 * count is worth)
 */
function assignmentKeys(C: number, routes: Routes, only?: Set<number>): string[] {
  if (only) {
    const trucks = new Map<number, number[]>();
    for (const j of only) trucks.set(j, []);
    routes.forEach((r, k) => { for (const j of r) trucks.get(j)?.push(k); });
    const keys: string[] = [];
    for (const [j, ks] of trucks) keys[j] = ks.join(",");
    return keys;
  }
  const trucks: number[][] = Array.from({ length: C }, () => []);
  routes.forEach((r, k) => { for (const j of r) trucks[j].push(k); });
  return trucks.map((ks) => ks.join(","));
}
