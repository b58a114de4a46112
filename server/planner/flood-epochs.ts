/**
 * Flood closures over time. A road segment that touches, crosses or lies inside a zone active at a trip's departure
 * time cannot be used on that trip.
 *
 * Each zone's set of closed segments is computed once (bounding-box filter, then turf booleanIntersects); time is
 * cut into epochs at every zone's `from` / `until`, and each epoch gets the union mask of its active zones. Epochs
 * with the same active zones share one mask key, so the travel cache computes their shortest paths once.
 */
// the one turf module needed, not @turf/turf (100+ modules: ~0.5 s of every CLI run to load)
import { booleanIntersects } from "@turf/boolean-intersects";
import type { Feature, LineString, MultiPolygon, Polygon, Position } from "geojson";
import { DateTime } from "luxon";
import type { FloodZoneCollection, FloodZoneProperties } from "../../shared/scenario.ts";
import type { RoadNetwork } from "./road-network.ts";

export interface FloodEpochs {
  /** sorted epoch boundaries, hours since epochMs; epoch e is [boundaries[e-1], boundaries[e]) */
  boundaries: number[];
  /** per epoch: key of its set of active zones ("" = none) */
  keys: string[];
  /** closed-segment mask per distinct key (null = nothing closed) */
  masks: Map<string, Uint8Array | null>;
  /** per zone: its closed segment indices */
  zoneSegments: number[][];
  /** per zone: the id its closure keys use (its index, or its registry id) */
  zoneIds: number[];
  /** per zone: active interval in hours since epochMs */
  zoneSpans: { from: number; until: number }[];
}

/** Epoch index of hour `t`: the number of boundaries at or before it. */
export function epochOf(epochs: FloodEpochs, t: number): number {
  const b = epochs.boundaries;
  let lo = 0;
  let hi = b.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (b[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The closed-segment mask for a trip departing at hour `t`, and its cache key. */
export function closuresAt(epochs: FloodEpochs, t: number): { key: string; mask: Uint8Array | null } {
  const key = epochs.keys[epochOf(epochs, t)];
  return { key, mask: epochs.masks.get(key) ?? null };
}

/**
 * @example
 * const ep = buildFloodEpochs(net, scenario.floodZones, epochMs);
 * closuresAt(ep, 12).mask; // segments closed for a trip departing 12 h after epochMs
 */
export function buildFloodEpochs(net: RoadNetwork, zones: FloodZoneCollection | undefined, epochMs: number,
  registry?: Map<string, { id: number; segments: number[] }>): FloodEpochs {
  const features = zones?.features ?? [];
  // With a registry (a PlannerCache's, for this network) a zone's segments are computed once per geometry and
  // closure keys name geometries, not positions in this scenario's list: travel rows stay valid across scenarios.
  const known = features.map((f) => {
    if (!registry) return null;
    const text = JSON.stringify(f.geometry);
    let hit = registry.get(text);
    if (!hit) registry.set(text, (hit = { id: registry.size, segments: closedSegments(net, f) }));
    return hit;
  });
  const zoneSegments = features.map((f, z) => known[z]?.segments ?? closedSegments(net, f));
  const zoneId = (z: number): number => known[z]?.id ?? z;
  const zoneSpans = features.map((f) => span(f.properties, epochMs));
  const bounds = new Set<number>();
  for (const s of zoneSpans) {
    if (Number.isFinite(s.from)) bounds.add(s.from);
    if (Number.isFinite(s.until)) bounds.add(s.until);
  }
  const boundaries = [...bounds].sort((a, b) => a - b);
  const keys: string[] = [];
  const masks = new Map<string, Uint8Array | null>();
  for (let e = 0; e <= boundaries.length; e++) {
    const t = e === 0 ? -Infinity : boundaries[e - 1];
    const active = zoneSpans.map((s, z) => (s.from <= t && t < s.until && zoneSegments[z].length > 0 ? z : -1)).filter((z) => z >= 0);
    const key = active.map(zoneId).sort((a, b) => a - b).join(",");
    keys.push(key);
    if (!masks.has(key)) masks.set(key, active.length === 0 ? null : unionMask(net.segments.length, active.map((z) => zoneSegments[z])));
  }
  return { boundaries, keys, masks, zoneSegments, zoneIds: features.map((_f, z) => zoneId(z)), zoneSpans };
}

function unionMask(size: number, lists: number[][]): Uint8Array {
  const mask = new Uint8Array(size);
  for (const list of lists) for (const s of list) mask[s] = 1;
  return mask;
}

function span(p: FloodZoneProperties | null, epochMs: number): { from: number; until: number } {
  const h = (iso: string | undefined, dflt: number): number =>
    iso === undefined ? dflt : (DateTime.fromISO(iso, { setZone: true }).toMillis() - epochMs) / 3_600_000;
  return { from: h(p?.from, -Infinity), until: h(p?.until, Infinity) };
}

/** Segments that touch, cross or lie inside the zone. */
function closedSegments(net: RoadNetwork, zone: Feature<Polygon | MultiPolygon, unknown>): number[] {
  const [minX, minY, maxX, maxY] = bbox(zone.geometry.type === "Polygon" ? [zone.geometry.coordinates] : zone.geometry.coordinates);
  const out: number[] = [];
  net.segments.forEach((s, i) => {
    const ax = net.lon[s.from], ay = net.lat[s.from], bx = net.lon[s.to], by = net.lat[s.to];
    if (Math.max(ax, bx) < minX || Math.min(ax, bx) > maxX || Math.max(ay, by) < minY || Math.min(ay, by) > maxY) return;
    const line: LineString = { type: "LineString", coordinates: [[ax, ay], [bx, by]] };
    if (booleanIntersects(line, zone.geometry)) out.push(i);
  });
  return out;
}

function bbox(polygons: Position[][][]): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const poly of polygons) for (const ring of poly) for (const [x, y] of ring) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
}
