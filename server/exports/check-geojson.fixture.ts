/**
 * A strict check of RFC 7946 structure for the export tests: what GeoJSON readers rely on, member by member
 * (types, positions as 2–3 finite numbers within WGS84 range, a LineString of two or more positions, properties an
 * object or null). Returns the problems found, none for a valid document. turf's invariant helpers check one
 * geometry's type at a time; this walks the whole collection and names where it fails.
 */
import { getCoords, getType } from "@turf/turf";

export function geojsonProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const fc = doc as { type?: unknown; features?: unknown };
  if (fc === null || typeof fc !== "object" || fc.type !== "FeatureCollection") return ["not a FeatureCollection"];
  if (!Array.isArray(fc.features)) return ["features is not an array"];
  fc.features.forEach((f: { type?: unknown; properties?: unknown; geometry?: { type?: unknown; coordinates?: unknown } }, i: number) => {
    const at = `features[${i}]`;
    if (f?.type !== "Feature") return void problems.push(`${at}.type is not "Feature"`);
    if (f.properties !== null && (typeof f.properties !== "object" || Array.isArray(f.properties))) problems.push(`${at}.properties is not an object or null`);
    const g = f.geometry;
    if (!g || typeof g !== "object") return void problems.push(`${at}.geometry is missing`);
    const type = getType(f as never);
    const coords = getCoords(f as never) as unknown;
    if (type === "Point") {
      if (!isPosition(coords)) problems.push(`${at} Point has no valid position`);
    } else if (type === "LineString") {
      if (!Array.isArray(coords) || coords.length < 2 || !coords.every(isPosition)) problems.push(`${at} LineString needs two or more valid positions`);
    } else {
      problems.push(`${at} has an unexpected geometry ${String(type)}`);
    }
  });
  return problems;
}

function isPosition(p: unknown): boolean {
  return Array.isArray(p) && (p.length === 2 || p.length === 3) && p.every((n) => typeof n === "number" && Number.isFinite(n))
    && Math.abs(p[0] as number) <= 180 && Math.abs(p[1] as number) <= 90;
}
