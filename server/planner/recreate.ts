/**
 * The "recreate" half of ruin and recreate: regret or greedy insertion of loose compounds into routes. Shared by the
 * large-neighbourhood search (solve-instance.ts) and the re-plan repair (replan.ts).
 */
import type { RouteState } from "./route-state.ts";

const EPS = 1e-9;

/** Inserts candidates one at a time, most urgent first (regret-2 or best gain), while any insertion helps. */
export function recreate(state: RouteState, candidates: number[], regret: boolean, setRoute: (k: number, r: number[]) => void): void {
  const K = state.inst.trucks.length;
  const open = candidates.filter((j) => state.suppliedFraction(j) < 1);
  const delta = open.map(() => new Float64Array(K).fill(NaN));
  const pos = open.map(() => new Int32Array(K));
  const alive = open.map(() => true);
  for (;;) {
    let pick = -1, pickK = -1, pickScore = -Infinity;
    for (let a = 0; a < open.length; a++) {
      if (!alive[a]) continue;
      let b1 = Infinity, b2 = 0, k1 = -1;
      for (let k = 0; k < K; k++) {
        if (Number.isNaN(delta[a][k])) [delta[a][k], pos[a][k]] = state.bestInsert(open[a], k);
        const d = delta[a][k];
        if (d < b1) { b2 = Math.min(b2, b1); b1 = d; k1 = k; } else if (d < b2) b2 = d;
      }
      if (!(b1 < -EPS)) { alive[a] = false; continue; }
      const score = regret ? b2 - b1 : -b1;
      if (score > pickScore) { pickScore = score; pick = a; pickK = k1; }
    }
    if (pick < 0) return;
    const r = state.routes[pickK].slice();
    r.splice(pos[pick][pickK], 0, open[pick]);
    setRoute(pickK, r);
    if (state.suppliedFraction(open[pick]) >= 1) alive[pick] = false;
    for (let a = 0; a < open.length; a++) delta[a][pickK] = NaN;
  }
}
