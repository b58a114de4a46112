/**
 * Site-to-site driving hours, per flood epoch, computed lazily and cached.
 *
 * travel(a, b, t) = access(a) + road(node(a), node(b)) + access(b), 0 for the same location, Infinity when no open
 * route exists for a trip departing at hour t. Road times come from one-to-all Dijkstra on the CSR (one search per
 * distinct source node and distinct set of closures, on first use); a row keeps only the site columns as a
 * Float32Array, so a 2,250-site city costs ~20 MB per distinct closure set instead of nodes × sites. Rows live in a
 * TravelStore, which a PlannerCache shares between instances of the same roads (re-planning).
 */
import type { RoadNetwork } from "./road-network.ts";
import { closuresAt, type FloodEpochs } from "./flood-epochs.ts";
import { createDijkstraWorkspace, dijkstraCsr } from "./dijkstra-csr.ts";
import { buildReverseCsr, createRepairWorkspace, repairClosures } from "./repair-closures.ts";
import { reverseCsr, type ClosureDelta, type TravelStore } from "./planner-cache.ts";

/** the closure key of an epoch with no active zone (see flood-epochs.ts) */
const OPEN_ROADS = "";
import { UnknownSiteError } from "./planner-errors.ts";

export interface TravelSite {
  node: number;
  /** hours of the straight access leg to `node` */
  accessHours: number;
  /** location key: two sites with the same key are the same place (travel 0) */
  place: string;
}

export interface TravelTimes {
  travel(from: number, to: number, departAt: number): number;
  /** number of one-to-all searches run so far (for tests and benches) */
  searches(): number;
  /**
   * A lower bound on travel(from, to, departAt) that never searches: exact when the row is cached, else the cached
   * row of a smaller closure set (closing roads only lengthens trips), else the two access legs.
   */
  travelLowerBound(from: number, to: number, departAt: number): number;
}

/**
 * @example
 * const tt = createTravelTimes(net, epochs, sites);
 * tt.travel(0, 1, 5); // hours from site 0 to site 1 departing at hour 5
 */
export function createTravelTimes(net: RoadNetwork, epochs: FloodEpochs, sites: TravelSite[], store: TravelStore = newTravelStore()): TravelTimes {
  const ws = createDijkstraWorkspace(net.csr.nodeCount);
  // every site's node gets a column; rows made before a node was registered are shorter (see column())
  for (const s of sites) {
    if (!store.columnOf.has(s.node)) { store.columnOf.set(s.node, store.columnNodes.length); store.columnNodes.push(s.node); }
  }
  const siteColumn = Int32Array.from(sites.map((s) => store.columnOf.get(s.node)!));
  const cache = store.rows;
  const closureKeys = [...epochs.masks].filter(([, m]) => m !== null) as [string, Uint8Array][];
  // with flood closures, a source asked about in several epochs gets one open-road search, repaired for every
  // closure set (repair-closures.ts)
  const rev = closureKeys.length > 0 ? buildReverseCsr(net.csr) : null;
  const rw = closureKeys.length > 0 ? createRepairWorkspace(net.csr.nodeCount) : null;
  let searches = 0;
  /** per source node: how many closure sets it has been searched for */
  const keysOf = store.keysOf;
  const rowsOf = (key: string): Map<number, Float32Array> => {
    let rows = cache.get(key);
    if (!rows) cache.set(key, (rows = new Map()));
    return rows;
  };
  const keep = (key: string, node: number, dist: Float64Array): Float32Array => {
    const cols = store.columnNodes;
    const r = new Float32Array(cols.length);
    for (let i = 0; i < cols.length; i++) r[i] = dist[cols[i]];
    rowsOf(key).set(node, r);
    return r;
  };
  const segmentsOfZone = new Map(epochs.zoneIds.map((id, z) => [id, epochs.zoneSegments[z]]));
  /** the closed-segment mask of a closure key (ids of this scenario's zones), null when nothing is closed */
  const maskOf = (key: string): Uint8Array | null => {
    if (key === OPEN_ROADS) return null;
    const mask = new Uint8Array(net.segments.length);
    for (const id of key.split(",")) for (const seg of segmentsOfZone.get(Number(id)) ?? []) mask[seg] = 1;
    return mask;
  };
  /**
   * A closure set one zone larger than a set whose row is cached (a road closes): most sources' shortest paths
   * avoid the new closures, and then their row is unchanged. The test is exact: a path s → t can use a newly closed
   * arc u → v only if d(s, u) + h(u, v) + d(v, t) = d(s, t) under the old closures; d(·, u) and d(v, ·) come from
   * one reverse and one forward search per arc end, shared by all sources. Rows with such a t are searched again.
   */
  const derive = (key: string, node: number): Float32Array | null => {
    if (key === OPEN_ROADS) return null;
    const ids = key.split(",");
    for (let i = 0; i < ids.length; i++) {
      const parentKey = ids.filter((_x, x) => x !== i).join(",");
      const parent = cache.get(parentKey)?.get(node);
      if (!parent) continue;
      const delta = closureDelta(parentKey, Number(ids[i]));
      if (!delta) continue;
      const cols = store.columnNodes;
      for (const arc of delta.arcs) {
        const toTail = delta.toTail.get(arc.tail)![node];
        if (toTail === Infinity) continue;
        const fromHead = delta.fromHead.get(arc.head)!;
        for (let c = 0; c < parent.length; c++) {
          // Float32 rows: a relative margin keeps the test conservative (a doubt means a new search)
          if (toTail + arc.hours + fromHead[cols[c]] <= parent[c] * (1 + 1e-6) + 1e-9) return null;
        }
      }
      rowsOf(key).set(node, parent);
      return parent;
    }
    return null;
  };
  const subsets = new Map<string, string[]>();
  /** cached closure keys whose zones are a strict subset of `key`'s (their rows bound `key`'s from below) */
  const subsetsOf = (key: string): string[] => {
    let list = subsets.get(key);
    if (!list) {
      const ids = new Set(key === OPEN_ROADS ? [] : key.split(","));
      list = [...cache.keys()].filter((k) => k !== key && (k === OPEN_ROADS || k.split(",").every((id) => ids.has(id))));
      subsets.set(key, list);
    }
    return list;
  };
  /** (closure key, node) pairs whose whole row could not be derived: tried once, then column by column */
  const underived = new Set<string>();
  /**
   * One column of a row `derive` could not give whole: the same exact test, for one target. A closed main-road
   * crossing cuts some of a source's paths, rarely the one a caller asks about (the soonest truck's trip).
   */
  const deriveColumn = (key: string, node: number, col: number): number | null => {
    const ids = key.split(",");
    const target = store.columnNodes[col];
    for (let i = 0; i < ids.length; i++) {
      const parentKey = ids.filter((_x, x) => x !== i).join(",");
      const parent = cache.get(parentKey)?.get(node);
      if (!parent || col >= parent.length) continue;
      const delta = closureDelta(parentKey, Number(ids[i]));
      if (!delta) continue;
      let cut = false;
      for (const arc of delta.arcs) {
        const toTail = delta.toTail.get(arc.tail)![node];
        if (toTail === Infinity) continue;
        if (toTail + arc.hours + delta.fromHead.get(arc.head)![target] <= parent[col] * (1 + 1e-6) + 1e-9) { cut = true; break; }
      }
      if (!cut) return parent[col];
    }
    return null;
  };
  const closureDelta = (parentKey: string, zone: number): ClosureDelta | null => {
    const id = `${parentKey}|${zone}`;
    if (store.deltas.has(id)) return store.deltas.get(id)!;
    const parentMask = maskOf(parentKey);
    const closes = new Set((segmentsOfZone.get(zone) ?? []).filter((seg) => parentMask === null || parentMask[seg] === 0));
    const arcs: ClosureDelta["arcs"] = [];
    const { offsets, targets, hours, segments } = net.csr;
    for (let u = 0; u < net.csr.nodeCount && closes.size > 0; u++) {
      for (let a = offsets[u]; a < offsets[u + 1]; a++) if (closes.has(segments[a])) arcs.push({ tail: u, head: targets[a], hours: hours[a] });
    }
    // a large zone (a flood over a district) would need more searches than it saves
    let delta: ClosureDelta | null = null;
    if (arcs.length <= 48) {
      store.reversed ??= reverseCsr(net.csr);
      delta = { arcs, toTail: new Map(), fromHead: new Map() };
      for (const arc of arcs) {
        if (!delta.toTail.has(arc.tail)) { searches++; delta.toTail.set(arc.tail, Float64Array.from(dijkstraCsr(store.reversed, arc.tail, parentMask, ws))); }
        if (!delta.fromHead.has(arc.head)) { searches++; delta.fromHead.set(arc.head, Float64Array.from(dijkstraCsr(net.csr, arc.head, parentMask, ws))); }
      }
    }
    store.deltas.set(id, delta);
    return delta;
  };
  const row = (key: string, mask: Uint8Array | null, node: number): Float32Array => {
    const cached = cache.get(key)?.get(node) ?? derive(key, node);
    if (cached) return cached;
    searches++;
    // Most sources are only ever asked about in one epoch (a truck leaves a compound when its grid returns):
    // one plain search. A source asked about in a second epoch is likely asked about in more: search the open
    // roads once and repair that tree for every closure set (the tree is in `ws` only until the next search).
    const seenBefore = keysOf.get(node) ?? 0;
    keysOf.set(node, seenBefore + 1);
    if (rev === null || rw === null || seenBefore === 0) return keep(key, node, dijkstraCsr(net.csr, node, mask, ws));
    if (!cache.get(OPEN_ROADS)?.has(node)) keep(OPEN_ROADS, node, dijkstraCsr(net.csr, node, null, ws));
    else dijkstraCsr(net.csr, node, null, ws);
    for (const [k, m] of closureKeys) if (!cache.get(k)?.has(node)) keep(k, node, repairClosures(net.csr, rev, ws, m, rw));
    return cache.get(mask === null ? OPEN_ROADS : key)!.get(node)!;
  };
  /** hours from `node` to the column's node, for a row made before that column existed: one reverse search */
  const late = (key: string, mask: Uint8Array | null, node: number, column: number): number => {
    const target = store.columnNodes[column];
    let byTarget = store.toTarget.get(key);
    if (!byTarget) store.toTarget.set(key, (byTarget = new Map()));
    let to = byTarget.get(target);
    if (!to) {
      searches++;
      store.reversed ??= reverseCsr(net.csr);
      to = Float32Array.from(dijkstraCsr(store.reversed, target, mask, ws));
      byTarget.set(target, to);
    }
    return to[node];
  };
  return {
    travel(from: number, to: number, departAt: number): number {
      const a = sites[from];
      const b = sites[to];
      if (a === undefined) throw new UnknownSiteError(from);
      if (b === undefined) throw new UnknownSiteError(to);
      if (from === to || a.place === b.place) return 0;
      const { key, mask } = closuresAt(epochs, departAt);
      let road = 0;
      if (a.node !== b.node) {
        const col = siteColumn[to];
        let r = cache.get(key)?.get(a.node);
        if (!r && key !== OPEN_ROADS && !underived.has(`${key}|${a.node}`)) {
          r = derive(key, a.node) ?? undefined;
          if (!r) underived.add(`${key}|${a.node}`);
        }
        const column = r || key === OPEN_ROADS ? null : deriveColumn(key, a.node, col);
        if (column !== null) road = column;
        else {
          r ??= row(key, mask, a.node);
          road = col < r.length ? r[col] : late(key, mask, a.node, col);
        }
      }
      return road === Infinity ? Infinity : a.accessHours + road + b.accessHours;
    },
    searches: () => searches,
    travelLowerBound(from: number, to: number, departAt: number): number {
      const a = sites[from];
      const b = sites[to];
      if (a === undefined) throw new UnknownSiteError(from);
      if (b === undefined) throw new UnknownSiteError(to);
      if (from === to || a.place === b.place) return 0;
      const legs = a.accessHours + b.accessHours;
      if (a.node === b.node) return legs;
      const { key } = closuresAt(epochs, departAt);
      const col = siteColumn[to];
      const own = cache.get(key)?.get(a.node);
      if (own && col < own.length) return own[col] === Infinity ? Infinity : a.accessHours + own[col] + b.accessHours;
      let road = 0;
      for (const sub of subsetsOf(key)) {
        const r = cache.get(sub)?.get(a.node);
        if (r && col < r.length && r[col] > road) road = r[col];
      }
      if (road === Infinity) return Infinity;
      // a smaller closure set's row is an exact shortest path with fewer arcs closed; the margin only guards the
      // argument against a different summation order in a repaired row (a smaller bound is still a bound)
      return road === 0 ? legs : (a.accessHours + road + b.accessHours) * (1 - 1e-9);
    },
  };
}

/** An empty row store (what an instance built without a PlannerCache uses). */
export function newTravelStore(): TravelStore {
  return { rows: new Map(), columnOf: new Map(), columnNodes: [], toTarget: new Map(), keysOf: new Map(), deltas: new Map() };
}
