/**
 * #17: local search on the full schedule (crews, tankers, fuel, MV supplies: simulateRoutes), after the search on
 * the relaxed RouteState. Crews and tankers tie trucks together, so a move's worth is known only from the whole
 * schedule: each candidate move is scheduled in full, by both schedule rules (the planner's crew and tanker choices
 * and the commander's: on some routes the plain one is better), the cheaper counting. Moves: drop a stop; relocate
 * it (any position of any truck not serving that compound yet); replace it by another compound; exchange two
 * trucks' route tails (whole routes included); insert a compound anywhere. First improvement, passes until none
 * improves or `maxEvaluations` schedules have been made (a city plan affords a few thousand).
 */
import type { Instance, ResourcePolicy, Routes } from "./instance.ts";
import { simulateRoutes } from "./simulate-routes.ts";

const EPS = 1e-9;

/**
 * @example
 * const { routes, cost } = fullLocalSearch(inst, start, simulateRoutes(inst, start).cost, () => false, 5000);
 */
export function fullLocalSearch(inst: Instance, start: Routes, startCost: number, timeUp: () => boolean, maxEvaluations: number,
  startPolicy: ResourcePolicy = "planner"): { routes: Routes; cost: number; policy: ResourcePolicy } {
  let routes = start.map((r) => r.slice());
  let cost = startCost;
  let policy = startPolicy;
  let evaluations = 0;
  const C = inst.compounds.length;
  const fixed = inst.trucks.map((t) => new Set(t.fixed.map((f) => f.compound)));
  /** routes after `change`, kept when cheaper; false once the budget is spent */
  const attempt = (candidate: Routes): boolean | null => {
    if (evaluations >= maxEvaluations || (evaluations % 16 === 0 && timeUp())) return null;
    evaluations++;
    const planned = simulateRoutes(inst, candidate).cost;
    const rule = simulateRoutes(inst, candidate, "rule").cost;
    const c = Math.min(planned, rule);
    if (c < cost - EPS * Math.max(1, Math.abs(cost))) { routes = candidate; cost = c; policy = rule < planned ? "rule" : "planner"; return true; }
    return false;
  };
  const done = (): { routes: Routes; cost: number; policy: ResourcePolicy } => ({ routes, cost, policy });
  for (let improved = true; improved;) {
    improved = false;
    for (let k = 0; k < routes.length; k++) {
      for (let p = routes[k].length - 1; p >= 0; p--) {
        const j = routes[k][p];
        const without = routes.map((r, x) => (x === k ? r.filter((_j, q) => q !== p) : r));
        const dropped = attempt(without);
        if (dropped === null) return done();
        if (dropped) { improved = true; continue; }
        // relocate: every other position of every truck that does not serve it yet
        for (let k2 = 0; k2 < routes.length && !improved; k2++) {
          if (fixed[k2].has(j) || (k2 !== k && without[k2].includes(j))) continue;
          for (let p2 = 0; p2 <= without[k2].length; p2++) {
            if (k2 === k && p2 === p) continue;
            const moved = without.map((r, x) => (x === k2 ? [...r.slice(0, p2), j, ...r.slice(p2)] : r));
            const r = attempt(moved);
            if (r === null) return done();
            if (r) { improved = true; break; }
          }
        }
        // replace it by a compound the truck does not serve
        for (let j2 = 0; j2 < C && !improved; j2++) {
          if (j2 === j || fixed[k].has(j2) || routes[k].includes(j2)) continue;
          const r = attempt(routes.map((route, x) => (x === k ? route.map((i, q) => (q === p ? j2 : i)) : route)));
          if (r === null) return done();
          if (r) improved = true;
        }
        if (improved) break;
      }
      if (improved) break;
    }
    // exchange tails: truck k keeps its first a stops and takes k2's from b on, and the other way round
    for (let k = 0; k < routes.length && !improved; k++) {
      for (let k2 = k + 1; k2 < routes.length && !improved; k2++) {
        for (let a = 0; a <= routes[k].length && !improved; a++) {
          for (let b = 0; b <= routes[k2].length && !improved; b++) {
            const rk = [...routes[k].slice(0, a), ...routes[k2].slice(b)];
            const rk2 = [...routes[k2].slice(0, b), ...routes[k].slice(a)];
            if (rk.some((i) => fixed[k].has(i)) || rk2.some((i) => fixed[k2].has(i))) continue;
            if (new Set(rk).size < rk.length || new Set(rk2).size < rk2.length) continue;
            if (a === routes[k].length && b === routes[k2].length) continue;
            const r = attempt(routes.map((route, x) => (x === k ? rk : x === k2 ? rk2 : route)));
            if (r === null) return done();
            if (r) improved = true;
          }
        }
      }
    }
    for (let j = 0; j < C && !improved; j++) {
      for (let k = 0; k < routes.length && !improved; k++) {
        if (fixed[k].has(j) || routes[k].includes(j)) continue;
        for (let p = 0; p <= routes[k].length; p++) {
          const r = attempt(routes.map((route, x) => (x === k ? [...route.slice(0, p), j, ...route.slice(p)] : route)));
          if (r === null) return done();
          if (r) { improved = true; break; }
        }
      }
    }
  }
  return done();
}

/**
 * fullLocalSearch, then `kicks` perturbations (one to three random insertions or removals, seeded) each
 * followed by fullLocalSearch, keeping a result only when cheaper: reaches pairs of moves that only pay together
 * (two trucks stacked on one compound).
 *
 * @example
 * iteratedFullLocalSearch(inst, start, cost, timeUp, 4000, rnd, 20);
 */
export function iteratedFullLocalSearch(inst: Instance, start: Routes, startCost: number, timeUp: () => boolean, maxEvaluations: number,
  rnd: () => number, kicks: number, startPolicy: ResourcePolicy = "planner"): { routes: Routes; cost: number; policy: ResourcePolicy } {
  let best = fullLocalSearch(inst, start, startCost, timeUp, maxEvaluations, startPolicy);
  const C = inst.compounds.length;
  const K = inst.trucks.length;
  if (C === 0 || K === 0) return best;
  const per = Math.max(1, Math.floor(maxEvaluations / Math.max(1, kicks)));
  for (let n = 0; n < kicks && !timeUp(); n++) {
    const routes = best.routes.map((r) => r.slice());
    for (let m = 0; m < 1 + (n % 3); m++) {
      const k = Math.floor(rnd() * K);
      const busy = routes.flatMap((r, x) => r.map((_j, p) => [x, p]));
      if (m > 0 && busy.length > 0 && rnd() < 0.5) {
        const [x, p] = busy[Math.floor(rnd() * busy.length)];
        routes[x].splice(p, 1);
        continue;
      }
      const j = Math.floor(rnd() * C);
      if (routes[k].includes(j) || inst.trucks[k].fixed.some((f) => f.compound === j)) continue;
      routes[k].splice(Math.floor(rnd() * (routes[k].length + 1)), 0, j);
    }
    const kicked = Math.min(simulateRoutes(inst, routes).cost, simulateRoutes(inst, routes, "rule").cost);
    const tried = fullLocalSearch(inst, routes, kicked, timeUp, per);
    if (tried.cost < best.cost - EPS * Math.max(1, Math.abs(best.cost))) best = tried;
  }
  return best;
}
