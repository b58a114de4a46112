/**
 * #17: the exhaustive method with crews and fuel. Crews and tankers tie the trucks together (a crew busy at one
 * truck delays another; a tanker serves one truck at a time), so a route's value alone bounds nothing and
 * solveExhaustive's branch and bound does not apply. Small cases (≈6 compounds, 2 trucks) are searched in full
 * instead: every combination of every truck's candidate routes (solveExhaustive's enumeration: the G-increasing
 * routes each stop of which switches on before its grid returns without crews or fuel; waiting for a crew only
 * delays a switch-on, so no route useful with crews is missing), each scheduled with crews and tankers by both
 * rules of schedule-resources.ts (the planner's and the commander's), the cheaper counting.
 * What it proves: the optimum over truck routes given those schedule rules; crew and tanker assignments other than
 * the two rules' are not searched.
 */
import type { Instance, Routes } from "../instance.ts";
import { simulateRoutes } from "../simulate-routes.ts";
import { enumerateRoutes } from "./solve-exhaustive.ts";

export interface ScheduledExhaustiveResult {
  routes: Routes;
  cost: number;
  /** combinations scheduled */
  combinations: number;
}

/**
 * @example
 * solveExhaustiveScheduled(buildSmallInstance(3, { compounds: 6, trucks: 2, crews: 1 })).cost;
 */
export function solveExhaustiveScheduled(instance: Instance, options: { maxCombinations?: number } = {}): ScheduledExhaustiveResult {
  const lists = instance.trucks.map((_t, k) => enumerateRoutes(instance, k, 100_000).map((c) => c.stops));
  const total = lists.reduce((a, l) => a * l.length, 1);
  const max = options.maxCombinations ?? 2_000_000;
  if (total > max) throw new Error(`${total} combinations: more than ${max}`);
  const pick = lists.map(() => 0);
  let best: ScheduledExhaustiveResult = { routes: lists.map(() => []), cost: Infinity, combinations: 0 };
  for (let n = 0; n < total; n++) {
    const routes = lists.map((l, k) => l[pick[k]]);
    const cost = Math.min(simulateRoutes(instance, routes).cost, simulateRoutes(instance, routes, "rule").cost);
    if (cost < best.cost) best = { routes: routes.map((r) => [...r]), cost, combinations: 0 };
    // the next combination (an odometer over the trucks' lists)
    for (let k = 0; k < pick.length; k++) {
      if (++pick[k] < lists[k].length) break;
      pick[k] = 0;
    }
  }
  return { ...best, combinations: total };
}
