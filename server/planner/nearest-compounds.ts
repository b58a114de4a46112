/**
 * Neighbour lists for bounded insertion and for choosing what to ruin. Shared by the search (solve-instance.ts) and
 * the re-plan repair (replan.ts).
 */
import type { Instance } from "./instance.ts";

/**
 * For each compound, the n nearest other compounds (bounded insertion): by straight line when the instance knows
 * where its sites are (no shortest-path search needed: at city scale that saves one search per compound), else by
 * driving time at the planning instant. With `only`, just those compounds' lists (the others empty): a re-plan
 * needs the neighbours of the few compounds an event touched, not 2,000 × 2,000 distances.
 */
export function nearestCompounds(inst: Instance, n: number, only?: Iterable<number>): Int32Array[] {
  const C = inst.compounds.length;
  const pos = inst.sitePositions;
  const cosLat = pos ? Math.cos((pos[1] * Math.PI) / 180) : 1;
  const dist = pos
    ? (i: number, j: number): number => Math.hypot((pos[2 * i] - pos[2 * j]) * cosLat, pos[2 * i + 1] - pos[2 * j + 1])
    : (i: number, j: number): number => inst.travel(i, j, inst.at);
  const out: Int32Array[] = Array.from({ length: C }, () => new Int32Array(0));
  const bestD = new Float64Array(n);
  const bestJ = new Int32Array(n);
  for (const i of only ?? out.keys()) {
    let size = 0;
    for (let j = 0; j < C; j++) {
      if (j === i) continue;
      const d = dist(i, j);
      if (size === n && !(d < bestD[n - 1])) continue;
      let p = size < n ? size++ : n - 1;
      while (p > 0 && bestD[p - 1] > d) {
        bestD[p] = bestD[p - 1];
        bestJ[p] = bestJ[p - 1];
        p--;
      }
      bestD[p] = d;
      bestJ[p] = j;
    }
    out[i] = bestJ.slice(0, size);
  }
  return out;
}
