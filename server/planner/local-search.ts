/**
 * Deterministic local search between trucks, first improvement, run to a local optimum (or the time limit):
 * - exchange tails (2-opt*): re-threads two trucks' chains of stops (cut at 0: trucks swap whole routes, which
 *   matters when their sizes or starts differ);
 * - swap stops: two trucks trade one compound each;
 * - replace: a compound nobody feeds (or only partly) takes a served compound's place.
 * LNS (ruin and recreate) cannot easily make these: each needs a removal and an insertion that only pay together.
 * Every move is evaluated exactly (RouteState.evalRoutes); cheap grid-return filters skip hopeless junctions
 * (a truck free only after a compound's grid returns cannot help it).
 */
import { RouteState } from "./route-state.ts";

const rel = (state: RouteState): number => 1e-9 * Math.max(1, Math.abs(state.total));

/**
 * @example
 * localSearch(state, () => false); // state now at a local optimum of the three moves
 */
export function localSearch(state: RouteState, timeUp: () => boolean, maxRounds = 20): void {
  for (let round = 0; round < maxRounds && !timeUp(); round++) {
    const before = state.total;
    exchangeTails(state, timeUp);
    swapStops(state, timeUp);
    replaceStops(state, timeUp);
    if (!(state.total < before - rel(state))) break;
  }
}

/**
 * 2-opt* between trucks: truck a keeps its first pa stops and takes b's stops from pb on, and vice versa. Routes are
 * chains in grid-return order, so this re-threads chains that greedy insertion cannot untangle one stop at a time.
 * A junction is only tried when both new first stops could still be switched on before their grid returns.
 * First improvement, repeated while anything improves (bounded by the time limit).
 */
export function exchangeTails(state: RouteState, timeUp: () => boolean): void {
  const inst = state.inst;
  const K = inst.trucks.length;
  const G = inst.compounds.map((c) => c.gridReturn);
  for (let improved = true; improved && !timeUp(); ) {
    improved = false;
    for (let a = 0; a < K && !timeUp(); a++) {
      // checked often: a move may need travel rows not searched yet (a shortest-path search each, milliseconds at
      // city scale), so one truck's pairs can take a second
      for (let b = a + 1; b < K && !timeUp(); b++) {
        const ra = state.routes[a];
        const rb = state.routes[b];
        if (ra.length === 0 && rb.length === 0) continue;
        const sameSize = inst.trucks[a].capacityKw === inst.trucks[b].capacityKw;
        for (let pa = 0; pa <= ra.length && !timeUp(); pa++) {
          const fa = state.freeBefore(a, pa);
          for (let pb = 0; pb <= rb.length; pb++) {
            if (pa === ra.length && pb === rb.length) continue;
            const fb = state.freeBefore(b, pb);
            if (pb < rb.length && fa >= G[rb[pb]]) continue;
            if (pa < ra.length && fb >= G[ra[pa]]) continue;
            // with equal sizes one of the two junctions must switch its compound on sooner than now, or nothing can
            // improve; trucks of different sizes may gain by exchanging routes (or tails) at the same times
            if (sameSize && !(earlierAt(state, a, pa, b, pb) || earlierAt(state, b, pb, a, pa))) continue;
            const na = [...ra.slice(0, pa), ...rb.slice(pb)];
            const nb = [...rb.slice(0, pb), ...ra.slice(pa)];
            if (!distinct(na) || !distinct(nb) || !keepsFixedApart(state, a, na) || !keepsFixedApart(state, b, nb)) continue;
            if (state.evalRoutes([[a, na], [b, nb]]) < -1e-9 * Math.max(1, Math.abs(state.total))) {
              state.setRoute(a, na);
              state.setRoute(b, nb);
              improved = true;
              break;
            }
          }
          if (state.routes[a] !== ra) break;
        }
      }
    }
  }
}

/** true when truck `a`, free after its first pa stops, could switch on b's stop pb sooner than b does now. */
function earlierAt(state: RouteState, a: number, pa: number, b: number, pb: number): boolean {
  const rb = state.routes[b];
  if (pb >= rb.length) return false;
  const j = rb[pb];
  const free = state.freeBefore(a, pa);
  const site = pa === 0 ? state.startSiteOf(a) : state.routes[a][pa - 1];
  return free + state.inst.travel(site, j, free) + state.inst.compounds[j].setupHours < state.sw[b][pb];
}

function distinct(r: number[]): boolean {
  return new Set(r).size === r.length;
}

function keepsFixedApart(state: RouteState, k: number, r: number[]): boolean {
  const fixed = state.inst.trucks[k].fixed;
  return fixed.length === 0 || r.every((j) => !fixed.some((f) => f.compound === j));
}

/** Two trucks trade one stop each. */
export function swapStops(state: RouteState, timeUp: () => boolean): void {
  const K = state.inst.trucks.length;
  const G = state.inst.compounds.map((c) => c.gridReturn);
  for (let a = 0; a < K && !timeUp(); a++) {
    for (let pa = 0; pa < state.routes[a].length && !timeUp(); pa++) {
      const fa = state.freeBefore(a, pa);
      for (let b = a + 1; b < K && !timeUp(); b++) {
        const rb = state.routes[b];
        for (let pb = 0; pb < rb.length; pb++) {
          const ra = state.routes[a];
          const i = ra[pa];
          const j = rb[pb];
          if (fa >= G[j] || state.freeBefore(b, pb) >= G[i]) continue;
          if (state.serves(a, j) || state.serves(b, i)) continue;
          const na = ra.slice();
          na[pa] = j;
          const nb = rb.slice();
          nb[pb] = i;
          if (state.evalRoutes([[a, na], [b, nb]]) < -rel(state)) {
            state.setRoute(a, na);
            state.setRoute(b, nb);
          }
        }
      }
    }
  }
}

/** A compound not fully fed replaces a served one, when its best possible gain could pay for the removal. */
export function replaceStops(state: RouteState, timeUp: () => boolean): void {
  const inst = state.inst;
  const open = inst.compounds.filter((_c, j) => state.suppliedFraction(j) < 1).map((c) => c.index);
  for (let k = 0; k < inst.trucks.length && !timeUp(); k++) {
    for (let p = 0; p < state.routes[k].length && !timeUp(); p++) {
      const removal = state.evalRemove(k, p);
      const free = state.freeBefore(k, p);
      for (const j of open) {
        if (timeUp()) return;
        const c = inst.compounds[j];
        const earliest = Math.max(c.outageStart, free + c.setupHours);
        if (earliest >= c.gridReturn || state.serves(k, j)) continue;
        // upper bound of j's gain: supplied (its share) from the earliest conceivable switch-on to its grid return
        if (c.weight * state.fraction(k, j) * (c.gridReturn - earliest) <= removal) continue;
        const r = state.routes[k].slice();
        r[p] = j;
        if (state.evalRoutes([[k, r]]) < -rel(state)) {
          state.setRoute(k, r);
          break;
        }
      }
    }
  }
}
