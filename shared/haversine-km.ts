/**
 * Great-circle kilometres between two [lon, lat] points: turf's `distance` (haversine, mean Earth radius
 * 6,371,008.8 m) with the same arithmetic in the same order, so every figure is the same to the last bit.
 *
 * Why not turf itself: `@turf/turf` is 100+ modules, and every CLI run paid ~0.5 s to load them for this one
 * formula (issue #15: the whole plan process is timed).
 *
 * @example
 * haversineKm([113.6, 34.7], [113.61, 34.7]); // ≈ 0.9141 km
 */
export function haversineKm(from: readonly number[], to: readonly number[]): number {
  const dLat = toRadians(to[1] - from[1]);
  const dLon = toRadians(to[0] - from[0]);
  const lat1 = toRadians(from[1]);
  const lat2 = toRadians(to[1]);
  const a = Math.pow(Math.sin(dLat / 2), 2) + Math.pow(Math.sin(dLon / 2), 2) * Math.cos(lat1) * Math.cos(lat2);
  return 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a)) * EARTH_RADIUS_KM;
}

/** turf's earthRadius (m) / 1000, its "kilometers" factor */
const EARTH_RADIUS_KM = 6371008.8 / 1e3;

/** turf's degreesToRadians (the modulo too: it changes the last bit of some results) */
function toRadians(degrees: number): number {
  return ((degrees % 360) * Math.PI) / 180;
}
