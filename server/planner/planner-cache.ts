/**
 * A reusable planner cache: what re-planning the same city again and again does not need to compute twice.
 *
 * Why: after one event (a road closes, a truck breaks down, a substation's return moves, a compound is reported)
 * the road network is the same, and so are most shortest paths. Without a cache every re-plan rebuilds the road
 * graph and re-runs thousands of one-to-all searches (most of a city-scale re-plan's time). The cache holds, per
 * road network (by the roads object's identity, else a content hash): the network and its snapping index, each
 * flood zone's closed segments (by geometry), and travel rows per closure set (by the zones' geometries, so a new
 * closure costs rows only for the epochs it changes, computed lazily when the search asks). Travel rows are kept
 * per source node over a growing list of target nodes; a site new to the cache (a newly reported compound) is
 * answered by one search on the reversed network per closure set instead of invalidating the rows.
 *
 * Pure: plain maps, no clock. Not shared between threads. Memory grows with the closure sets seen (≈ sites × sources
 * × 4 bytes each); `maxNetworks` bounds the networks kept.
 */
import type { RoadCollection, ScenarioDefaults } from "../../shared/scenario.ts";
import { buildRoadNetwork, type RoadNetwork } from "./road-network.ts";
import { buildVertexIndex, type VertexIndex } from "./snap-to-road.ts";
import type { BoundReuse } from "./bounds/lower-bound.ts";
import { newTravelStore, type TravelStore } from "./travel-store.ts";
import { createIsoWriter } from "./iso-writer.ts";

export interface NetworkEntry {
  network: RoadNetwork;
  vertexIndex: VertexIndex;
  /** closed segments per zone geometry (JSON), and a stable small id per geometry for closure keys */
  zoneSegments: Map<string, { id: number; segments: number[] }>;
  travel: TravelStore;
  /** the lower bound's memo on this network (relaxed travel between compounds, last prices) */
  bound: BoundReuse;
}

export interface PlannerCache {
  /** by roads object identity (cheap), then by content hash */
  byObject: WeakMap<object, Map<number, NetworkEntry>>;
  byHash: Map<string, NetworkEntry>;
  maxNetworks: number;
  /**
   * a plan document's ISO writer per time zone (createIsoWriter): its hours' offsets, asked of luxon once per hour
   * (~40 µs each, ~3 ms of a 600-compound re-plan's document when every plan started afresh); the text is the same
   */
  isoWriters: Map<string, (ms: number) => string>;
}

/**
 * A fresh cache to pass to planDispatch (`{ cache }`) for every plan of the same city.
 *
 * @example
 * const cache = createPlannerCache();
 * const plan = planDispatch(scenario, { cache });
 * const replan = planDispatch(afterEvent, { cache, previousPlan: plan }); // reuses roads and travel rows
 */
export function createPlannerCache(options: { maxNetworks?: number } = {}): PlannerCache {
  return { byObject: new WeakMap(), byHash: new Map(), maxNetworks: options.maxNetworks ?? 4, isoWriters: new Map() };
}

/** The ISO writer of `zone` (createIsoWriter), the cache's own when there is one. */
export function isoWriterFor(cache: PlannerCache | undefined, zone: string): (ms: number) => string {
  if (cache === undefined) return createIsoWriter(zone);
  let write = cache.isoWriters.get(zone);
  if (write === undefined) cache.isoWriters.set(zone, (write = createIsoWriter(zone)));
  return write;
}

/** The cached network of `roads` at this speed (built on first use). */
export function networkEntry(cache: PlannerCache | undefined, roads: RoadCollection, d: Pick<ScenarioDefaults, "speedKmh">): NetworkEntry {
  const speed = d.speedKmh ?? 30;
  if (cache === undefined) return newEntry(roads, d);
  const bySpeed = cache.byObject.get(roads) ?? new Map<number, NetworkEntry>();
  cache.byObject.set(roads, bySpeed);
  const known = bySpeed.get(speed);
  if (known) return known;
  // A scenario read again from disk or a database is a new object with the same roads: hash the content.
  const hash = `${speed}|${hashRoads(roads)}`;
  let entry = cache.byHash.get(hash);
  if (!entry) {
    entry = newEntry(roads, d);
    cache.byHash.set(hash, entry);
    if (cache.byHash.size > cache.maxNetworks) cache.byHash.delete(cache.byHash.keys().next().value!);
  }
  bySpeed.set(speed, entry);
  return entry;
}

function newEntry(roads: RoadCollection, d: Pick<ScenarioDefaults, "speedKmh">): NetworkEntry {
  const network = buildRoadNetwork(roads, d);
  return {
    network,
    vertexIndex: buildVertexIndex(network),
    zoneSegments: new Map(),
    bound: newBoundMemo(),
    travel: newTravelStore(),
  };
}

/** An empty bound memo (a network's first, or after one was lost with a bound thread that failed). */
export function newBoundMemo(): BoundReuse {
  return { tau: new Map(), tauSlots: undefined, prices: new Map(), landmarks: { sets: [] }, arcs: undefined };
}

/** FNV-1a over the roads' JSON: a few ms at city scale, against a second or more to rebuild. */
function hashRoads(roads: RoadCollection): string {
  const text = JSON.stringify(roads);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 ^ c, 2246822519);
  }
  return `${text.length}:${(h1 >>> 0).toString(36)}:${(h2 >>> 0).toString(36)}`;
}

/** The lower bound's memo for an instance built with this cache (undefined without a cache or for other roads). */
export function boundMemo(cache: PlannerCache | undefined, network: RoadNetwork): BoundReuse | undefined {
  if (!cache) return undefined;
  for (const entry of cache.byHash.values()) if (entry.network === network) return entry.bound;
  return undefined;
}
