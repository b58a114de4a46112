/**
 * Road closures reported in the field (road.closed / road.opened) as timed flood zones the planner understands.
 *
 * A road.opened report ends the closures whose zone is the same geometry (the crew app reopens a zone it was shown,
 * so it sends that zone back); it may also end one of the scenario's own flood zones the same way.
 */
import type { MultiPolygon, Polygon } from "geojson";
import type { StoredEvent } from "../events.ts";
import type { FloodZoneCollection, Scenario } from "../scenario.ts";
import { toMs } from "./timeline.ts";

export interface Closure {
  zone: Polygon | MultiPolygon;
  /** absent = since forever */
  fromMs?: number;
  /** absent = until further notice */
  untilMs?: number;
  /** the road.closed event's seq, or null for a scenario flood zone */
  seq: number | null;
  /** index in scenario.floodZones.features when seq is null */
  featureIndex?: number;
}

/** Same geometry, whatever the key order of the JSON it came in. */
export function geometryKey(g: Polygon | MultiPolygon): string {
  return JSON.stringify([g.type, g.coordinates]);
}

/**
 * The scenario's flood zones and the reported closures, with road.opened reports applied, in (at, seq) order.
 *
 * @example
 * roadClosures(scenario, events).filter((c) => c.untilMs === undefined); // zones still closed
 */
export function roadClosures(scenario: Scenario, events: readonly StoredEvent[]): Closure[] {
  const closures: Closure[] = (scenario.floodZones?.features ?? []).map((f, i) => ({
    zone: f.geometry,
    fromMs: f.properties?.from ? toMs(f.properties.from) : undefined,
    untilMs: f.properties?.until ? toMs(f.properties.until) : undefined,
    seq: null,
    featureIndex: i,
  }));
  const ordered = [...events].sort((a, b) => toMs(a.at) - toMs(b.at) || a.seq - b.seq);
  for (const e of ordered) {
    if (!e.zone) continue;
    const t = toMs(e.at);
    if (e.type === "road.closed") closures.push({ zone: e.zone, fromMs: t, seq: e.seq });
    if (e.type === "road.opened") for (const c of activeMatches(closures, e.zone, t)) c.untilMs = t;
  }
  return closures;
}

/** Closures with this geometry that are in force at `atMs`. */
export function activeMatches(closures: readonly Closure[], zone: Polygon | MultiPolygon, atMs: number): Closure[] {
  const key = geometryKey(zone);
  return closures.filter(
    (c) => geometryKey(c.zone) === key && (c.fromMs === undefined || c.fromMs <= atMs) && (c.untilMs === undefined || atMs < c.untilMs),
  );
}

/** The closures as the scenario's floodZones (with from / until in the incident's offset-free UTC ISO form). */
export function closuresAsFloodZones(closures: readonly Closure[], scenario: Scenario): FloodZoneCollection {
  return {
    type: "FeatureCollection",
    features: closures.map((c) => {
      const original = c.featureIndex !== undefined ? scenario.floodZones?.features[c.featureIndex]?.properties : undefined;
      const properties = { ...(original ?? {}) };
      if (c.seq !== null) properties.id = `road-closed-${c.seq}`;
      if (c.fromMs !== undefined) properties.from = new Date(c.fromMs).toISOString();
      if (c.untilMs !== undefined) properties.until = new Date(c.untilMs).toISOString();
      return { type: "Feature", geometry: c.zone, properties };
    }),
  };
}
