/**
 * Derives a drivable road network from bus lines: consecutive stops of a line are joined by a street that buses,
 * and so generator trucks, can drive.
 *
 * Different lines' stops at one intersection sit tens of metres apart (each line has its own pole, each direction
 * its own side of the road), so stops are first clustered into nodes: equal names within SAME_NAME_M, or any two
 * stops within NEAR_M. Without that, lines would cross without connecting.
 */
import type { LonLat } from "../../shared/scenario.ts";

export interface BusStop { name: string; location: LonLat }
export interface BusLine { line: string; direction: number; stops: BusStop[] }

export interface RoadNode { id: number; location: LonLat; names: string[] }
export interface RoadSegment { id: string; from: number; to: number; lengthM: number; name?: string; lines: number }

export interface RoadNetwork {
  nodes: RoadNode[];
  segments: RoadSegment[];
  /** sizes (in nodes) of the connected components before keeping the largest, largest first */
  componentSizes: number[];
}

/** Stops with the same name closer than this are one node (two sides of one road, a bus bay). */
export const SAME_NAME_M = 250;
/** Any stops closer than this are one node (different lines at one intersection). */
export const NEAR_M = 50;

/** Haversine distance in metres. */
export function measureMetres(a: LonLat, b: LonLat): number {
  const r = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

/** Stop names are "<road><cross road>站"; the suffix and platform numbers carry no place information. */
export function normaliseStopName(name: string): string {
  return name.replace(/站\d*$/, "").replace(/[（(].*[)）]$/, "").trim();
}

function find(parent: number[], i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

function union(parent: number[], a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  // Keep the smaller index as root so the result does not depend on the order of unions.
  if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
}

/** Clusters stops into node ids (index into the returned locations), deterministically. */
function clusterStops(stops: BusStop[]): { nodeOf: number[]; nodes: RoadNode[] } {
  const parent = stops.map((_, i) => i);
  const cell = 0.005; // ~450 m: neighbours within SAME_NAME_M are in adjacent cells
  const grid = new Map<string, number[]>();
  stops.forEach((s, i) => {
    const key = `${Math.floor(s.location[0] / cell)},${Math.floor(s.location[1] / cell)}`;
    if (!grid.has(key)) grid.set(key, []);
    grid.get(key)!.push(i);
  });
  stops.forEach((s, i) => {
    const cx = Math.floor(s.location[0] / cell);
    const cy = Math.floor(s.location[1] / cell);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const j of grid.get(`${cx + dx},${cy + dy}`) ?? []) {
          if (j <= i) continue;
          const d = measureMetres(s.location, stops[j]!.location);
          const sameName = normaliseStopName(s.name) === normaliseStopName(stops[j]!.name);
          if (d < NEAR_M || (sameName && d < SAME_NAME_M)) union(parent, i, j);
        }
      }
    }
  });
  const rootIndex = new Map<number, number>();
  const members: number[][] = [];
  const nodeOf = stops.map((_, i) => {
    const root = find(parent, i);
    if (!rootIndex.has(root)) {
      rootIndex.set(root, members.length);
      members.push([]);
    }
    members[rootIndex.get(root)!]!.push(i);
    return rootIndex.get(root)!;
  });
  const nodes = members.map((m, id): RoadNode => {
    const lon = m.reduce((t, i) => t + stops[i]!.location[0], 0) / m.length;
    const lat = m.reduce((t, i) => t + stops[i]!.location[1], 0) / m.length;
    const names = [...new Set(m.map((i) => normaliseStopName(stops[i]!.name)))].sort();
    return { id, location: [round6(lon), round6(lat)], names };
  });
  return { nodeOf, nodes };
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * The road a segment runs along: the longest common prefix of its two stops' names that ends in a road word
 * ("化工路腊梅路" + "化工路怡红路" → "化工路"). Cheap and often right; undefined when the names share no road.
 */
export function guessRoadName(a: string[], b: string[]): string | undefined {
  let best: string | undefined;
  for (const x of a) {
    for (const y of b) {
      let n = 0;
      while (n < x.length && n < y.length && x[n] === y[n]) n++;
      const prefix = x.slice(0, n);
      const cut = Math.max(prefix.lastIndexOf("路"), prefix.lastIndexOf("街"), prefix.lastIndexOf("道"), prefix.lastIndexOf("环"));
      const road = cut >= 1 ? prefix.slice(0, cut + 1) : undefined;
      if (road && (!best || road.length > best.length || (road.length === best.length && road < best))) best = road;
    }
  }
  return best;
}

/**
 * Builds the network: cluster stops, join consecutive stops of each line, dedupe (roads are two-way), keep the
 * largest connected component.
 *
 * @example
 * const net = buildBusRoadNetwork([{ line: "1路", direction: 0, stops: [{ name: "甲路乙路", location: [113.6, 34.7] }, { name: "甲路丙路", location: [113.61, 34.7] }] }]);
 * net.segments.length // 1, named "甲路"
 *
 * @param maxSegmentM hops between consecutive stops longer than this are dropped
 */
export function buildBusRoadNetwork(lines: BusLine[], maxSegmentM = Infinity): RoadNetwork {
  const stops = lines.flatMap((l) => l.stops);
  const { nodeOf, nodes } = clusterStops(stops);
  const pairs = new Map<string, { from: number; to: number; lines: number }>();
  let k = 0;
  for (const line of lines) {
    for (let i = 0; i < line.stops.length; i++, k++) {
      if (i === 0) continue;
      const a = nodeOf[k - 1]!;
      const b = nodeOf[k]!;
      // A straight hop longer than maxSegmentM is a data error (a misplaced stop), not a street.
      if (a === b || measureMetres(nodes[a]!.location, nodes[b]!.location) > maxSegmentM) continue;
      const key = `${Math.min(a, b)}-${Math.max(a, b)}`;
      const seen = pairs.get(key);
      if (seen) seen.lines++;
      else pairs.set(key, { from: Math.min(a, b), to: Math.max(a, b), lines: 1 });
    }
  }
  const parent = nodes.map((_, i) => i);
  for (const p of pairs.values()) union(parent, p.from, p.to);
  const size = new Map<number, number>();
  for (const n of nodes) size.set(find(parent, n.id), (size.get(find(parent, n.id)) ?? 0) + 1);
  const componentSizes = [...size.values()].sort((x, y) => y - x);
  const bigRoot = [...size.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0]![0];
  const keptNodes = nodes.filter((n) => find(parent, n.id) === bigRoot);
  const newId = new Map(keptNodes.map((n, i) => [n.id, i]));
  const segments = [...pairs.values()]
    .filter((p) => newId.has(p.from))
    .sort((x, y) => newId.get(x.from)! - newId.get(y.from)! || newId.get(x.to)! - newId.get(y.to)!)
    .map((p, i): RoadSegment => {
      const a = nodes[p.from]!;
      const b = nodes[p.to]!;
      const name = guessRoadName(a.names, b.names);
      return {
        id: `r${i}`, from: newId.get(p.from)!, to: newId.get(p.to)!, lines: p.lines,
        lengthM: Math.round(measureMetres(a.location, b.location)), ...(name ? { name } : {}),
      };
    });
  return { nodes: keptNodes.map((n, i) => ({ ...n, id: i })), segments, componentSizes };
}

/**
 * Joins runs of segments through plain degree-2 nodes into polylines, so the GeoJSON has one feature per stretch
 * of road rather than one per bus-stop hop (about half the bytes; the same graph, since every vertex is a node).
 * Segments are joined only when `keyOf` agrees (e.g. same speed), so each feature keeps one speed.
 *
 * @example
 * mergeChains(3, [{ from: 0, to: 1 }, { from: 1, to: 2 }], () => "30") // [{ nodes: [0, 1, 2], segments: [0, 1] }]
 */
export function mergeChains(
  nodeCount: number,
  segments: { from: number; to: number }[],
  keyOf: (segment: number) => string,
): { nodes: number[]; segments: number[] }[] {
  const incident: number[][] = Array.from({ length: nodeCount }, () => []);
  segments.forEach((s, i) => {
    incident[s.from]!.push(i);
    incident[s.to]!.push(i);
  });
  const through = (n: number) => incident[n]!.length === 2 && keyOf(incident[n]![0]!) === keyOf(incident[n]![1]!);
  const used = new Array<boolean>(segments.length).fill(false);
  const walk = (start: number, first: number) => {
    const nodes = [start];
    const segs: number[] = [];
    let at = start;
    let seg = first;
    while (!used[seg]) {
      used[seg] = true;
      segs.push(seg);
      at = segments[seg]!.from === at ? segments[seg]!.to : segments[seg]!.from;
      nodes.push(at);
      if (!through(at)) break;
      seg = incident[at]![0] === seg ? incident[at]![1]! : incident[at]![0]!;
    }
    return { nodes, segments: segs };
  };
  const chains: { nodes: number[]; segments: number[] }[] = [];
  for (let n = 0; n < nodeCount; n++) {
    if (through(n)) continue;
    for (const s of incident[n]!) if (!used[s]) chains.push(walk(n, s));
  }
  // What is left are closed loops made only of through nodes.
  segments.forEach((s, i) => {
    if (!used[i]) chains.push(walk(s.from, i));
  });
  return chains;
}
