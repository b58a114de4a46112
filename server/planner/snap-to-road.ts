/**
 * Nearest road vertex for each site, through a uniform grid index.
 *
 * Why a grid: a linear scan is O(vertices) per site, i.e. 2,250 × 22,500 distance evaluations at city scale; a
 * grid with about two vertices per cell finds the nearest vertex by searching rings of cells outwards and stopping
 * once the next ring cannot hold anything closer, which is O(1) expected per site for road-like point sets.
 * Distances inside the index use an equirectangular projection (exact enough to rank vertices a few km apart);
 * the access leg itself is then measured geodesically (haversine, as turf does).
 */
import { haversineKm } from "../../shared/haversine-km.ts";
import type { LonLat } from "../../shared/scenario.ts";
import type { RoadNetwork } from "./road-network.ts";

export interface VertexIndex {
  cellDeg: number;
  minLon: number;
  minLat: number;
  cols: number;
  rows: number;
  /** CSR of node indices per cell */
  cellStart: Int32Array;
  cellNodes: Int32Array;
  cosLat: number;
  net: RoadNetwork;
}

export interface Snap {
  node: number;
  /** geodesic km from the site to its node */
  km: number;
}

export function buildVertexIndex(net: RoadNetwork): VertexIndex {
  const n = net.lon.length;
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity;
  for (let i = 0; i < n; i++) {
    minLon = Math.min(minLon, net.lon[i]); maxLon = Math.max(maxLon, net.lon[i]);
    minLat = Math.min(minLat, net.lat[i]); maxLat = Math.max(maxLat, net.lat[i]);
  }
  const area = Math.max((maxLon - minLon) * (maxLat - minLat), 1e-12);
  const cellDeg = Math.max(Math.sqrt((2 * area) / Math.max(n, 1)), 1e-5);
  const cols = Math.floor((maxLon - minLon) / cellDeg) + 1;
  const rows = Math.floor((maxLat - minLat) / cellDeg) + 1;
  const cellOf = (i: number): number =>
    Math.floor((net.lat[i] - minLat) / cellDeg) * cols + Math.floor((net.lon[i] - minLon) / cellDeg);
  const cellStart = new Int32Array(cols * rows + 1);
  for (let i = 0; i < n; i++) cellStart[cellOf(i) + 1]++;
  for (let c = 0; c < cols * rows; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, cols * rows);
  const cellNodes = new Int32Array(n);
  for (let i = 0; i < n; i++) cellNodes[fill[cellOf(i)]++] = i;
  const cosLat = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  return { cellDeg, minLon, minLat, cols, rows, cellStart, cellNodes, cosLat, net };
}

/**
 * The road vertex nearest to `p` and its geodesic distance in km.
 *
 * @example
 * snapToRoad(buildVertexIndex(net), [113.61, 34.70]); // { node: 1, km: 0 }
 */
export function snapToRoad(index: VertexIndex, p: LonLat): Snap {
  const { cellDeg, minLon, minLat, cols, rows, cellStart, cellNodes, cosLat, net } = index;
  const cx = clamp(Math.floor((p[0] - minLon) / cellDeg), 0, cols - 1);
  const cy = clamp(Math.floor((p[1] - minLat) / cellDeg), 0, rows - 1);
  // distance from p to the grid's own cell (p may lie outside the grid's extent)
  const outside = Math.hypot(
    Math.max(0, minLon - p[0], p[0] - (minLon + cols * cellDeg)) * cosLat,
    Math.max(0, minLat - p[1], p[1] - (minLat + rows * cellDeg)),
  );
  let best = -1;
  let bestD2 = Infinity;
  const maxRing = Math.max(cols, rows);
  for (let r = 0; r <= maxRing; r++) {
    // every vertex in ring r or beyond is at least (r - 1) cells away from p, in either axis
    const reach = Math.max(outside, Math.max(0, r - 1) * cellDeg * Math.min(cosLat, 1));
    if (best >= 0 && reach * reach > bestD2) break;
    for (let y = cy - r; y <= cy + r; y++) {
      if (y < 0 || y >= rows) continue;
      const edgeRow = y === cy - r || y === cy + r;
      for (let x = cx - r; x <= cx + r; x += edgeRow ? 1 : 2 * r || 1) {
        if (x < 0 || x >= cols) continue;
        const cell = y * cols + x;
        for (let k = cellStart[cell]; k < cellStart[cell + 1]; k++) {
          const node = cellNodes[k];
          const dx = (net.lon[node] - p[0]) * cosLat;
          const dy = net.lat[node] - p[1];
          const d2 = dx * dx + dy * dy;
          if (d2 < bestD2 || (d2 === bestD2 && node < best)) {
            bestD2 = d2;
            best = node;
          }
        }
      }
    }
  }
  const km = haversineKm(p, [net.lon[best], net.lat[best]]);
  return { node: best, km };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
