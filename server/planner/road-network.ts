/**
 * The road network: GeoJSON roads → a compact CSR view in typed arrays (for the many one-to-all searches the
 * planner needs) plus a typed graphology graph (the model, for small questions and tests), built on first use.
 *
 * Why two views: graphology stores nodes and edges as string-keyed objects and graphology-shortest-path answers one
 * pair per call through a generic heap of arrays. At city scale (issue #3: 2,250 sites on a 22,500-node network,
 * per flood epoch) the planner needs millions of site-to-site times; one-to-all Dijkstra on int/float arrays with a
 * typed binary heap is one to two orders of magnitude faster and allocates nothing per search.
 *
 * Why the graph is lazy: only the reference queries read it, and adding 90,000 edges to graphology took ~0.45 s of
 * a 2,000-compound plan, twice (the plan's thread and its bound's; issue #15 times the whole CLI process).
 */
import { MultiDirectedGraph } from "graphology";
import { bidirectional } from "graphology-shortest-path/dijkstra";
import type { Position } from "geojson";
import { haversineKm } from "../../shared/haversine-km.ts";
import type { LonLat, RoadCollection, ScenarioDefaults } from "../../shared/scenario.ts";
import { UnknownNodeError } from "./planner-errors.ts";

export interface NodeAttributes {
  index: number;
  lon: number;
  lat: number;
}

export interface EdgeAttributes {
  /** index of the undirected segment this arc drives along (flood closures are per segment) */
  segment: number;
  km: number;
  hours: number;
  road?: string;
}

export type RoadGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

/** One straight piece of road between two consecutive vertices. */
export interface Segment {
  from: number;
  to: number;
  km: number;
  hours: number;
  oneway: boolean;
}

/** Compressed sparse rows: the arcs out of node n are arcs offsets[n] .. offsets[n+1]-1. */
export interface Csr {
  nodeCount: number;
  offsets: Int32Array;
  targets: Int32Array;
  hours: Float64Array;
  /** segment index of each arc */
  segments: Int32Array;
}

export interface RoadNetwork {
  /** the graphology model (built on first read) */
  readonly graph: RoadGraph;
  /** node keys in index order ("lon,lat" to 7 decimals) */
  keys: string[];
  lon: Float64Array;
  lat: Float64Array;
  segments: Segment[];
  csr: Csr;
}

/** Vertices equal to 7 decimals (about 1 cm) are one node. */
export function nodeKey(p: Position | LonLat): string {
  return `${p[0].toFixed(7)},${p[1].toFixed(7)}`;
}

/**
 * Builds the road network from GeoJSON lines; each consecutive vertex pair is one segment whose time is its
 * geodesic (haversine) length over the road's speed (the road's `speedKmh`, else `defaults.speedKmh`).
 *
 * @example
 * const net = buildRoadNetwork(scenario.roads, { speedKmh: 30 });
 * net.graph.order; // number of nodes
 */
export function buildRoadNetwork(roads: RoadCollection, defaults: Pick<ScenarioDefaults, "speedKmh">): RoadNetwork {
  const indexOf = new Map<string, number>();
  const keys: string[] = [];
  const lons: number[] = [];
  const lats: number[] = [];
  const segments: Segment[] = [];
  /** per segment: its road's id, for the graph's edges */
  const roadOf: (string | undefined)[] = [];
  const nodeOf = (p: Position): number => {
    const key = nodeKey(p);
    const known = indexOf.get(key);
    if (known !== undefined) return known;
    const index = keys.length;
    indexOf.set(key, index);
    keys.push(key);
    lons.push(Number(p[0].toFixed(7)));
    lats.push(Number(p[1].toFixed(7)));
    return index;
  };
  const fallbackSpeed = defaults.speedKmh ?? 30;
  for (const feature of roads.features) {
    const props = feature.properties ?? {};
    const speed = props.speedKmh ?? fallbackSpeed;
    const oneway = props.oneway === true;
    const lines = feature.geometry.type === "LineString" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    for (const line of lines) {
      for (let i = 1; i < line.length; i++) {
        const a = nodeOf(line[i - 1]);
        const b = nodeOf(line[i]);
        if (a === b) continue; // repeated vertex: no length, no arc
        const km = haversineKm([lons[a], lats[a]], [lons[b], lats[b]]);
        segments.push({ from: a, to: b, km, hours: km / speed, oneway });
        roadOf.push(props.id);
      }
    }
  }
  const lon = Float64Array.from(lons);
  const lat = Float64Array.from(lats);
  let graph: RoadGraph | undefined;
  return {
    get graph(): RoadGraph {
      return (graph ??= buildGraph(keys, lon, lat, segments, roadOf));
    },
    keys, lon, lat, segments, csr: buildCsr(keys.length, segments),
  };
}

/** The graphology model of the network: nodes in index order, one edge per arc (two per two-way segment). */
function buildGraph(keys: string[], lon: Float64Array, lat: Float64Array, segments: Segment[], roadOf: (string | undefined)[]): RoadGraph {
  const graph: RoadGraph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: false });
  keys.forEach((key, index) => graph.addNode(key, { index, lon: lon[index], lat: lat[index] }));
  segments.forEach((s, segment) => {
    const road = roadOf[segment];
    const attrs: EdgeAttributes = { segment, km: s.km, hours: s.hours, ...(road ? { road } : {}) };
    graph.addEdge(keys[s.from], keys[s.to], attrs);
    if (!s.oneway) graph.addEdge(keys[s.to], keys[s.from], { ...attrs });
  });
  return graph;
}

function buildCsr(nodeCount: number, segments: Segment[]): Csr {
  const degree = new Int32Array(nodeCount + 1);
  for (const s of segments) {
    degree[s.from + 1]++;
    if (!s.oneway) degree[s.to + 1]++;
  }
  const offsets = new Int32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) offsets[n + 1] = offsets[n] + degree[n + 1];
  const arcCount = offsets[nodeCount];
  const targets = new Int32Array(arcCount);
  const hours = new Float64Array(arcCount);
  const segs = new Int32Array(arcCount);
  const fill = offsets.slice(0, nodeCount);
  const put = (from: number, to: number, h: number, s: number): void => {
    const at = fill[from]++;
    targets[at] = to;
    hours[at] = h;
    segs[at] = s;
  };
  segments.forEach((s, i) => {
    put(s.from, s.to, s.hours, i);
    if (!s.oneway) put(s.to, s.from, s.hours, i);
  });
  return { nodeCount, offsets, targets, hours, segments: segs };
}

/**
 * Shortest driving hours between two nodes (by key or index) through graphology-shortest-path: the reference for
 * small queries and tests. `closed` segments are not driven. Infinity when no open route exists.
 *
 * @example
 * shortestRoadHours(net, "113.6000000,34.7000000", "113.6200000,34.7000000"); // ≈ 0.061 h at 30 km/h
 */
export function shortestRoadHours(net: RoadNetwork, from: string | number, to: string | number, closed?: ReadonlySet<number>): number {
  const a = resolveNode(net, from);
  const b = resolveNode(net, to);
  if (a === b) return 0;
  const weight = (_edge: string, attrs: EdgeAttributes): number => (closed?.has(attrs.segment) ? Infinity : attrs.hours);
  const path = bidirectional(net.graph, a, b, weight) as string[] | null;
  if (!path || path.length < 2) return Infinity;
  let total = 0;
  for (let i = 1; i < path.length; i++) {
    let best = Infinity;
    net.graph.forEachOutEdge(path[i - 1], path[i], (_e, attrs) => {
      if (!closed?.has(attrs.segment)) best = Math.min(best, attrs.hours);
    });
    total += best;
  }
  return total;
}

/** Node key for a key or index; throws UnknownNodeError for anything else. */
export function resolveNode(net: RoadNetwork, node: string | number): string {
  if (typeof node === "number") {
    if (!Number.isInteger(node) || node < 0 || node >= net.keys.length) throw new UnknownNodeError(node);
    return net.keys[node];
  }
  if (!net.graph.hasNode(node)) throw new UnknownNodeError(node);
  return node;
}
