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
import { createDijkstraWorkspace, dijkstraCsr, reverseCsr } from "./dijkstra-csr.ts";
import { buildReverseCsr, createRepairWorkspace, repairClosures } from "./repair-closures.ts";
import { newTravelStore, type ClosureDelta, type TravelStore } from "./travel-store.ts";

/** the closure key of an epoch with no active zone (see flood-epochs.ts) */
const OPEN_ROADS = "";
/** single columns searched point to point for one source and closure set before its whole row is searched */
const COLUMNS_BEFORE_ROW = 2;
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
  /** travelLowerBound from one site at one departure, for callers that ask many targets (rows looked up once) */
  travelLowerBoundFrom(from: number, departAt: number): (to: number) => number;
  /** whether travelLowerBound from this site at this departure has a cached row to go by (else: access legs only) */
  hasCachedRow(from: number, departAt: number): boolean;
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
  // places as small integers: the commander's rule compares hundreds of thousands of trips' ends
  const placeIds = new Map<string, number>();
  const placeOf = Int32Array.from(sites, (s) => placeIds.get(s.place) ?? placeIds.set(s.place, placeIds.size).size - 1);
  const cache = store.rows;
  const closureKeys = [...epochs.masks].filter(([, m]) => m !== null) as [string, Uint8Array][];
  // with flood closures, a source asked about in several epochs gets one open-road search, repaired for every
  // closure set (repair-closures.ts)
  const rev = closureKeys.length > 0 ? buildReverseCsr(net.csr) : null;
  const rw = closureKeys.length > 0 ? createRepairWorkspace(net.csr.nodeCount) : null;
  let searches = 0;
  // per source node: closure sets searched for it by this instance (a later plan on the same cache, e.g. a re-plan
  // after a road closes, mostly needs one new row per source: one plain search, not a repair of every epoch)
  const keysOf = new Map<number, number>();
  const rowsOf = (key: string): Map<number, Float32Array> => {
    let rows = cache.get(key);
    if (!rows) cache.set(key, (rows = new Map()));
    return rows;
  };
  /** bumped whenever a row is added: travelLowerBound's one-source lookup is then redone */
  let rowsVersion = 0;
  /** travelLowerBound's last source: its rows at rowsVersion */
  const last = { node: -1, key: "", version: -1, own: undefined as Float32Array | undefined, smaller: [] as Float32Array[] };
  /** `node`'s cached row of `key` (returned) and, into `smaller`, its rows of cached smaller closure sets */
  const boundRows = (key: string, node: number, smaller: Float32Array[]): Float32Array | undefined => {
    smaller.length = 0;
    for (const sub of subsetsOf(key)) { const r = cache.get(sub)?.get(node); if (r) smaller.push(r); }
    return cache.get(key)?.get(node);
  };
  const keep = (key: string, node: number, dist: Float64Array): Float32Array => {
    const cols = store.columnNodes;
    const r = new Float32Array(cols.length);
    for (let i = 0; i < cols.length; i++) r[i] = dist[cols[i]];
    rowsOf(key).set(node, r);
    rowsVersion++;
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
  const parents = new Map<string, { key: string; zone: number }[]>();
  /** the closure sets one zone smaller than `key`'s, each with the zone it lacks (in `key`'s order) */
  const parentsOf = (key: string): { key: string; zone: number }[] => {
    let list = parents.get(key);
    if (!list) {
      const ids = key.split(",");
      list = ids.map((id, i) => ({ key: ids.filter((_x, x) => x !== i).join(","), zone: Number(id) }));
      parents.set(key, list);
    }
    return list;
  };
  /**
   * A closure set one zone larger than a set whose row is cached (a road closes): most sources' shortest paths
   * avoid the new closures, and then their row is unchanged. The test is exact: a path s → t can use a newly closed
   * arc u → v only if d(s, u) + h(u, v) + d(v, t) = d(s, t) under the old closures; d(·, u) and d(v, ·) come from
   * one reverse and one forward search per arc end, shared by all sources. Rows with such a t are searched again.
   */
  const derive = (key: string, node: number): Float32Array | null => {
    if (key === OPEN_ROADS) return null;
    for (const p of parentsOf(key)) {
      const parent = cache.get(p.key)?.get(node);
      if (!parent) continue;
      const delta = closureDelta(p.key, p.zone);
      if (!delta) continue;
      const cols = store.columnNodes;
      for (const w of delta.cover) {
        const toW = delta.to.get(w)![node];
        if (toW === Infinity) continue;
        const fromW = delta.from.get(w)!;
        for (let c = 0; c < parent.length; c++) {
          // Float32 rows: a relative margin keeps the test conservative (a doubt means a new search)
          if (toW + fromW[cols[c]] <= parent[c] * (1 + 1e-6) + 1e-9) return null;
        }
      }
      rowsOf(key).set(node, parent);
      rowsVersion++;
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
  /**
   * A row `derive` could not give whole, kept column by column (NaN = not known yet) in the store: a closed
   * main-road crossing cuts some of a source's paths, rarely the one a caller asks about (the soonest truck's trip).
   * Undefined when the row is now cached whole, or when no parent row exists (then the row is searched).
   */
  const NO_PARENT = new Float32Array(0);
  const partialRow = (key: string, node: number): Float32Array | undefined => {
    let byNode = store.columns.get(key);
    if (!byNode) store.columns.set(key, (byNode = new Map()));
    let part = byNode.get(node);
    if (part === undefined) {
      if (derive(key, node)) return undefined;
      const parented = parentsOf(key).some((p) => cache.get(p.key)?.has(node) === true);
      byNode.set(node, (part = parented ? new Float32Array(store.columnNodes.length).fill(NaN) : NO_PARENT));
    }
    return part.length > 0 ? part : undefined;
  };
  /**
   * One column of a partial row: the same exact test as `derive`, for one target. A column the test flags (its
   * path may use a closed arc; in a grid city often a tie with a path that avoids it) is searched point to point: a
   * trip to a nearby compound settles a small ball, not the city. NaN when no parent can tell or the source has had
   * enough single searches that its whole row is cheaper.
   */
  const deriveColumn = (key: string, mask: Uint8Array | null, node: number, col: number): number => {
    const target = store.columnNodes[col];
    let derivable = false;
    for (const p of parentsOf(key)) {
      const parent = cache.get(p.key)?.get(node);
      if (!parent || col >= parent.length) continue;
      const delta = closureDelta(p.key, p.zone);
      if (!delta) continue;
      derivable = true;
      let cut = false;
      for (const w of delta.cover) {
        const toW = delta.to.get(w)![node];
        if (toW === Infinity) continue;
        if (toW + delta.from.get(w)![target] <= parent[col] * (1 + 1e-6) + 1e-9) { cut = true; break; }
      }
      if (!cut) return parent[col];
    }
    const id = `${key}|${node}`;
    const searched = store.columnSearches.get(id) ?? 0;
    if (!derivable || searched >= COLUMNS_BEFORE_ROW) return NaN;
    store.columnSearches.set(id, searched + 1);
    searches++;
    // rounded as a row keeps it, so a trip has the same hours whichever way it was found
    return Math.fround(dijkstraCsr(net.csr, node, mask, ws, target)[target]);
  };
  const closureDelta = (parentKey: string, zone: number): ClosureDelta | null => {
    const id = `${parentKey}|${zone}`;
    if (store.deltas.has(id)) return store.deltas.get(id)!;
    const parentMask = maskOf(parentKey);
    const closes = new Set((segmentsOfZone.get(zone) ?? []).filter((seg) => parentMask === null || parentMask[seg] === 0));
    const arcs: [number, number][] = [];
    const { offsets, targets, segments } = net.csr;
    for (let u = 0; u < net.csr.nodeCount && closes.size > 0; u++) {
      for (let a = offsets[u]; a < offsets[u + 1]; a++) if (closes.has(segments[a])) arcs.push([u, targets[a]]);
    }
    // A path using a closed arc passes through both its ends, so the nodes of a cover of the closed arcs (every arc
    // has an end among them) are enough to test: a path s → t through w has d(s, t) = d(s, w) + d(w, t). A road
    // closed around one crossing is covered by the crossing alone: one search to it and one from it.
    const cover = coverArcs(arcs);
    // a large zone (a flood over a district) would need more searches than it saves
    let delta: ClosureDelta | null = null;
    if (cover.length <= 24) {
      // Hours on the OPEN roads, shared by every parent closure set (each flood epoch): they are no longer than under
      // the parent's closures, so the test only errs towards a new search (a path through w under the parent has
      // d(s, t) = d(s, w) + d(w, t) ≥ the same sum on open roads), and two searches per node serve all epochs.
      store.reversed ??= reverseCsr(net.csr);
      const open = (store.openDistances ??= { to: new Map(), from: new Map() });
      for (const w of cover) {
        if (!open.to.has(w)) { searches++; open.to.set(w, Float64Array.from(dijkstraCsr(store.reversed, w, null, ws))); }
        if (!open.from.has(w)) { searches++; open.from.set(w, Float64Array.from(dijkstraCsr(net.csr, w, null, ws))); }
      }
      delta = { cover, to: open.to, from: open.from };
    }
    store.deltas.set(id, delta);
    return delta;
  };
  const row = (key: string, mask: Uint8Array | null, node: number): Float32Array => {
    const cached = cache.get(key)?.get(node) ?? derive(key, node);
    if (cached) return cached;
    searches++;
    // Most sources are only ever asked about in one epoch (a truck leaves a compound when its grid returns):
    // one plain search. A source this instance asks about in a second epoch is likely asked about in more: search
    // the open roads once and repair that tree for every closure set (the tree is in `ws` only until the next search).
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
      if (from === to || placeOf[from] === placeOf[to]) return 0;
      const { key, mask } = closuresAt(epochs, departAt);
      let road = 0;
      if (a.node !== b.node) {
        const col = siteColumn[to];
        let r = cache.get(key)?.get(a.node);
        let column = NaN;
        if (!r && key !== OPEN_ROADS) {
          const part = partialRow(key, a.node);
          r = cache.get(key)?.get(a.node);
          if (!r && part && col < part.length) {
            column = part[col];
            if (Number.isNaN(column)) part[col] = column = deriveColumn(key, mask, a.node, col);
          }
        }
        if (!Number.isNaN(column)) road = column;
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
      if (from === to || placeOf[from] === placeOf[to]) return 0;
      if (a.node === b.node) return a.accessHours + b.accessHours;
      const { key } = closuresAt(epochs, departAt);
      // the bound asks whole rows (one source, one departure): the source's rows are looked up once a row (until a
      // row is added), without allocating
      if (a.node !== last.node || key !== last.key || last.version !== rowsVersion) {
        last.node = a.node;
        last.key = key;
        last.version = rowsVersion;
        last.own = boundRows(key, a.node, last.smaller);
      }
      return boundHours(a, b, siteColumn[to], last.own, last.smaller);
    },
    hasCachedRow(from: number, departAt: number): boolean {
      const a = sites[from];
      if (a === undefined) throw new UnknownSiteError(from);
      const { key } = closuresAt(epochs, departAt);
      return cache.get(key)?.has(a.node) === true || subsetsOf(key).some((sub) => cache.get(sub)?.has(a.node) === true);
    },
    travelLowerBoundFrom(from: number, departAt: number): (to: number) => number {
      const a = sites[from];
      if (a === undefined) throw new UnknownSiteError(from);
      const { key } = closuresAt(epochs, departAt);
      const rows = { version: -1, own: undefined as Float32Array | undefined, smaller: [] as Float32Array[] };
      return (to) => {
        const b = sites[to];
        if (b === undefined) throw new UnknownSiteError(to);
        if (from === to || placeOf[from] === placeOf[to]) return 0;
        if (a.node === b.node) return a.accessHours + b.accessHours;
        if (rows.version !== rowsVersion) { rows.version = rowsVersion; rows.own = boundRows(key, a.node, rows.smaller); }
        const own = rows.own;
        const col = siteColumn[to];
        // the usual case first: the source's own row (exact)
        if (own !== undefined && col < own.length) return own[col] === Infinity ? Infinity : a.accessHours + own[col] + b.accessHours;
        return boundHours(a, b, col, undefined, rows.smaller);
      };
    },
  };
}

/** A lower bound on a trip's hours from the source's cached rows: its own closure set's, else smaller sets'. */
function boundHours(a: TravelSite, b: TravelSite, col: number, own: Float32Array | undefined, smaller: Float32Array[]): number {
  if (own && col < own.length) return own[col] === Infinity ? Infinity : a.accessHours + own[col] + b.accessHours;
  let road = 0;
  for (let x = 0; x < smaller.length; x++) { const r = smaller[x]; if (col < r.length && r[col] > road) road = r[col]; }
  if (road === Infinity) return Infinity;
  // a smaller closure set's row is an exact shortest path with fewer arcs closed; the margin only guards the
  // argument against a different summation order in a repaired row (a smaller bound is still a bound)
  return road === 0 ? a.accessHours + b.accessHours : (a.accessHours + road + b.accessHours) * (1 - 1e-9);
}

/** Nodes that touch every arc (greedy: the node on most uncovered arcs first; ties to the lower node). */
function coverArcs(arcs: [number, number][]): number[] {
  const cover: number[] = [];
  let left = arcs;
  while (left.length > 0) {
    const count = new Map<number, number>();
    for (const [u, v] of left) { count.set(u, (count.get(u) ?? 0) + 1); count.set(v, (count.get(v) ?? 0) + 1); }
    let best = -1;
    for (const [w, n] of count) if (best < 0 || n > count.get(best)! || (n === count.get(best)! && w < best)) best = w;
    cover.push(best);
    left = left.filter(([u, v]) => u !== best && v !== best);
  }
  return cover;
}
