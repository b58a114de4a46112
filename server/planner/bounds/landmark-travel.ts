/**
 * A cheap lower bound on driving hours that ignores every flood zone and obeys the triangle inequality, for the
 * bound's travel relaxation when trips depend on the hour (see lower-bound.ts, step 2).
 *
 * Why landmarks (ALT): the exact flood-free times would need one Dijkstra per site (thousands at city scale), while
 * a dozen searches from "landmark" vertices give, for every pair, d(u,v) ≥ d(L,v) − d(L,u) and d(u,v) ≥ d(u,L) −
 * d(v,L). Each such difference is a quasi-metric, and so is their maximum together with the straight line at the
 * network's top speed; adding the two access legs keeps both properties.
 */
import type { Instance } from "../instance.ts";
import type { Csr } from "../road-network.ts";
import { createDijkstraWorkspace, dijkstraCsr, reverseCsr } from "../dijkstra-csr.ts";

export interface NetworkView {
  network: { lon: Float64Array; lat: Float64Array; segments: { km: number; hours: number }[]; csr: Csr };
  sites: { node: number; accessHours: number; place: string }[];
}

/**
 * Builds τ(a, b) ≤ travel(a, b, t) for every t, obeying the triangle inequality; null if the instance carries no
 * road network.
 *
 * @example
 * const tau = landmarkTravel(instance, 12);
 * tau?.(0, 5); // ≤ instance.travel(0, 5, t) for every t
 */
export function landmarkTravel(instance: Instance, landmarks = 12, memo?: LandmarkMemo): ((a: number, b: number) => number) | null {
  const view = instance as Instance & Partial<NetworkView>;
  if (!view.network || !view.sites) return null;
  const { lon, lat, segments, csr } = view.network;
  const sites = view.sites;
  let topSpeed = 0;
  for (const s of segments) if (s.hours > 0) topSpeed = Math.max(topSpeed, s.km / s.hours);
  const first = sites.length > 0 ? sites[0].node : 0;
  const known = memo?.sets.find((x) => x.first === first && x.count === landmarks);
  const { forward, backward } = known ?? searchLandmarks(csr, first, landmarks);
  if (memo && !known) memo.sets = [{ first, count: landmarks, forward, backward }];
  const rad = Math.PI / 180;
  // Per site, its vertex's landmark distances side by side and its latitude terms: τ is called for millions of
  // pairs by the bound, and gathering them once makes each pair a scan of two short rows (values unchanged).
  const S = sites.length;
  const L = forward.length;
  const fw = new Float64Array(S * L);
  const bw = new Float64Array(S * L);
  const phi = new Float64Array(S);
  const cosPhi = new Float64Array(S);
  const lonOf = new Float64Array(S);
  sites.forEach((site, i) => {
    const u = site.node;
    for (let l = 0; l < L; l++) { fw[i * L + l] = forward[l][u]; bw[i * L + l] = backward[l][u]; }
    phi[i] = lat[u] * rad;
    cosPhi[i] = Math.cos(phi[i]);
    lonOf[i] = lon[u];
  });
  const road = (i: number, j: number): number => {
    let lb = 0;
    if (topSpeed > 0) {
      const p1 = phi[i];
      const p2 = phi[j];
      const h = Math.sin((p2 - p1) / 2) ** 2 + cosPhi[i] * cosPhi[j] * Math.sin(((lonOf[j] - lonOf[i]) * rad) / 2) ** 2;
      // Mean Earth radius shrunk by a part in a thousand, so rounding never makes the line longer than the road.
      lb = (2 * 6371 * 0.999 * Math.asin(Math.min(1, Math.sqrt(h)))) / topSpeed;
    }
    for (let l = 0, x = i * L, y = j * L; l < L; l++, x++, y++) {
      const fu = fw[x];
      const fv = fw[y];
      const bu = bw[x];
      const bv = bw[y];
      if (Number.isFinite(fu) && !Number.isFinite(fv)) return Infinity; // L reaches u but not v: nor does u
      if (Number.isFinite(bv) && !Number.isFinite(bu)) return Infinity; // v reaches L but u does not: u can't reach v
      if (Number.isFinite(fu) && fv - fu > lb) lb = fv - fu;
      if (Number.isFinite(bv) && bu - bv > lb) lb = bu - bv;
    }
    // Shrink by a part in a million: the landmark differences of float sums must not exceed the true time.
    return lb * (1 - 1e-6);
  };
  return (a: number, b: number): number => {
    const sa = sites[a];
    const sb = sites[b];
    if (a === b || sa.place === sb.place) return 0;
    if (sa.node === sb.node) return sa.accessHours + sb.accessHours;
    const r = road(a, b);
    return r === Infinity ? Infinity : sa.accessHours + r + sb.accessHours;
  };
}

/** Flood-free hours from and to each landmark of a network, kept between bounds on the same roads (PlannerCache). */
export interface LandmarkMemo {
  /** by the first site's node and the landmark count, which decide the landmarks (one set is kept) */
  sets: { first: number; count: number; forward: Float64Array[]; backward: Float64Array[] }[];
}

/** Farthest-point landmarks, starting from the vertex farthest from `first`: hours from and to each. */
function searchLandmarks(csr: Csr, first: number, landmarks: number): { forward: Float64Array[]; backward: Float64Array[] } {
  const n = csr.nodeCount;
  const reverse = reverseCsr(csr);
  const ws = createDijkstraWorkspace(n);
  const forward: Float64Array[] = [];
  const backward: Float64Array[] = [];
  const nearest = new Float64Array(n).fill(Infinity);
  let next = first;
  for (let l = 0; l < Math.min(landmarks, n); l++) {
    const f = Float64Array.from(dijkstraCsr(csr, next, null, ws));
    const b = Float64Array.from(dijkstraCsr(reverse, next, null, ws));
    if (l > 0 || landmarks === 1) { forward.push(f); backward.push(b); }
    let far = -1;
    let farD = -1;
    for (let v = 0; v < n; v++) {
      const d = Math.min(f[v], b[v]);
      if (d < nearest[v]) nearest[v] = d;
      if (Number.isFinite(nearest[v]) && nearest[v] > farD) { farD = nearest[v]; far = v; }
    }
    if (far < 0) break;
    next = far;
  }
  return { forward, backward };
}
