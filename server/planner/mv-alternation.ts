/**
 * #17: a start for the MV trucks built from the LV part's flow, then improved by turns. placeMvTrucks places the MV
 * trucks on routes where the LV trucks already sit on the best compounds, so an MV truck gets what they leave; the
 * optimum often does the opposite (an MV truck's feeder set frees LV trucks for compounds elsewhere). So:
 * 1. each MV truck takes its best chain of feeder stops (mv-placement.ts bestChain), valuing a compound j only before
 *    τ_j = G_j − y_j / w_j, y the LV flow's dual price of j: after τ_j an LV truck there would save more than an
 *    hour of MV supply is worth (the same τ as the joint bound, joint-mv-bound.ts); trucks in turn, each seeing the
 *    supplies of those before it, so they do not all take the same feeder;
 * 2. the LV trucks: the flow again, with the MV stops' supplies as fixed ones (an LV truck is then worth only the
 *    hours the MV trucks leave dark);
 * 3. the MV trucks placed again on those routes (placeMvTrucks), and 2-3 again while the full cost falls.
 * Operations city, untimed: seed 201 26.45M (the MV trucks placed on the best start, the search before) → 26.20M,
 * seed 211 24.08M → 23.54M (with stops held until any of a feeder's grid returns, mv-placement.ts bestChain: 25.91M
 * and 23.43M, the same within the bench's 4 s).
 */
import type { Instance, ResourcePolicy, Routes } from "./instance.ts";
import type { FlowPlan } from "./flow/flow-plan.ts";
import { flowPlan } from "./flow/flow-plan.ts";
import { simulateRoutes } from "./simulate-routes.ts";
import { bestChain, coversBesides, placeMvTrucks, scheduledCost, type PlacedRoutes } from "./mv-placement.ts";
import { mvTrucks, withoutMvTrucks } from "./bounds/mv-bound.ts";
import { enforceRules } from "./enforce-rules.ts";
import { sanitize } from "./sanitize.ts";
import type { Cover } from "./mv-sets.ts";

/** turns of steps 2-3 at most (seeds 201 and 211 settle after 2-3) */
const TURNS = 4;
const EPS = 1e-9;

/**
 * @example
 * const { routes, cost } = alternateMvAndLv(inst, flowPlan(withoutMvTrucks(inst)), () => false);
 */
export function alternateMvAndLv(inst: Instance, lvFlow: Pick<FlowPlan, "routes" | "prices">, timeUp: () => boolean): PlacedRoutes | null {
  const trucks = mvTrucks(inst);
  if (trucks.length === 0 || !lvFlow.prices) return null;
  const mv = new Set(trucks);
  const lvRoutes = lvFlow.routes.map((r, k) => (mv.has(k) ? [] : r));
  const start = legal(inst, chainsBeforePrices(inst, trucks, lvRoutes, lvFlow.prices));
  let best: PlacedRoutes = { routes: start, ...scheduledCost(inst, start) };
  for (let turn = 0; turn < TURNS && !timeUp(); turn++) {
    const reflowed = legal(inst, reflowLv(inst, mv, best.routes, best.policy));
    const { routes } = placeMvTrucks(inst, reflowed, simulateRoutes(inst, reflowed).cost, timeUp, "planner", false);
    const placed: PlacedRoutes = { routes, ...scheduledCost(inst, routes) };
    if (!(placed.cost < best.cost - EPS * Math.max(1, Math.abs(best.cost)))) break;
    best = placed;
  }
  return best;
}

/** Step 1: the MV trucks' chains on compounds dark for them until τ_j, each after the ones before it. */
function chainsBeforePrices(inst: Instance, trucks: readonly number[], lvRoutes: Routes, prices: ReadonlyMap<string, number>): Routes {
  const cs = inst.compounds;
  // a compound "supplied" from τ_j on: bestChain counts only the hours before it
  const priced: Cover[][] = cs.map((c) => {
    const y = Math.max(0, prices.get(c.id) ?? 0);
    const tau = c.weight > 0 ? c.gridReturn - y / c.weight : -Infinity;
    return tau < c.gridReturn ? [[tau, Infinity, 1] as const] : [];
  });
  const routes = lvRoutes.map((r) => r.slice());
  const mvOnly = inst.trucks.map(() => [] as number[]);
  for (const k of trucks) {
    const sim = simulateRoutes(inst, mvOnly);
    const covers = coversBesides(inst, sim, k).map((list, i) => [...list, ...priced[i]]);
    mvOnly[k] = bestChain(inst, k, covers);
    routes[k] = mvOnly[k];
  }
  return routes;
}

/** Step 2: the LV trucks' flow with every MV stop's supply fixed (from its switch-on); the MV routes kept. */
function reflowLv(inst: Instance, mv: ReadonlySet<number>, routes: Routes, policy: ResourcePolicy): Routes {
  const sim = simulateRoutes(inst, routes, policy);
  const lv = withoutMvTrucks(inst);
  const fixedMv: Instance = {
    ...lv,
    trucks: lv.trucks.map((t, k) => {
      if (!mv.has(k)) return t;
      const supplied = sim.trucks[k].filter((s) => !s.fixed && Number.isFinite(s.switchOn))
        .flatMap((s) => (s.supplies ?? [s.compound]).map((compound) => ({ compound, switchOn: s.switchOn })));
      // (the flow's fixed supplies last to the grid return; a set's other compounds lose theirs when the truck
      // leaves: the turn's result is judged in full, so this only steers)
      return { ...t, fixed: [...t.fixed, ...supplied].sort((a, b) => a.switchOn - b.switchOn) };
    }),
  };
  const flow = flowPlan(fixedMv);
  return flow.routes.map((r, k) => (mv.has(k) ? routes[k].slice() : r));
}

/** Routes that obey the commander's pins and forbids (#16) and the instance's sanity rules. */
function legal(inst: Instance, routes: Routes): Routes {
  return enforceRules(inst, sanitize(inst, routes));
}
