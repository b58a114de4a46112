/**
 * Site-to-site driving hours, per flood epoch, computed lazily and cached.
 *
 * travel(a, b, t) = access(a) + road(node(a), node(b)) + access(b), 0 for the same location, Infinity when no open
 * route exists for a trip departing at hour t. Road times come from one-to-all Dijkstra on the CSR (one search per
 * distinct source node and distinct set of closures, on first use); a row keeps only the site columns as a
 * Float32Array, so a 2,250-site city costs ~20 MB per distinct closure set instead of nodes × sites. Rows live in a
 * TravelStore, which a PlannerCache shares between instances of the same roads (re-planning).
 *
 * A road time is found by the first of these steps that can tell (roadHours):
 * 1. the cached row of the source and closure set;
 * 2. a smaller closure set's row, unchanged by the closures added (deriveRow: an exact test through a few cover
 *    nodes of the newly closed arcs, closureDelta), or, when the row is cut, the one column asked (deriveColumn);
 * 3. a search: one plain search, or for a source asked in a second epoch one open-road search repaired for every
 *    closure set (searchRow); a column registered after its row was made gets one reverse search (lateColumn).
 */
import type { Csr, RoadNetwork } from "./road-network.ts";
import { closuresAt, type FloodEpochs } from "./flood-epochs.ts";
import { createDijkstraWorkspace, dijkstraCsr, reverseCsr, type DijkstraWorkspace } from "./dijkstra-csr.ts";
import { buildReverseCsr, createRepairWorkspace, repairClosures, type RepairWorkspace, type ReverseCsr } from "./repair-closures.ts";
import { MAX_REACHERS, newTravelStore, type ClosureDelta, type TravelStore } from "./travel-store.ts";
import { UnknownSiteError } from "./planner-errors.ts";
import { strongComponents } from "./strong-components.ts";

/** the closure key of an epoch with no active zone (see flood-epochs.ts) */
const OPEN_ROADS = "";
/** single columns searched point to point for one source and closure set before its whole row is searched */
const COLUMNS_BEFORE_ROW = 2;
/** cover nodes beyond which a closure delta is not worth its searches (a flood over a district) */
const MAX_COVER = 24;

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
  /** whether travel from this site at this departure needs no search (the row of its closure set is cached) */
  hasExactRow(from: number, departAt: number): boolean;
  /**
   * whether travel(from, to, departAt) is finite: one sweep of the reversed roads per target node and closure set
   * (memo), no shortest-path search
   */
  reaches(from: number, to: number, departAt: number): boolean;
}

/** A closure set one zone smaller than another, and the zone it lacks. */
export interface ParentSet {
  key: string;
  zone: number;
}

/** A source's cached rows for the bound: its own closure set's, and those of cached smaller sets. */
interface BoundRows {
  own: Float32Array | undefined;
  smaller: Float32Array[];
}

/** What one instance's travel times work with: the roads and sites, the shared store, and its own memos. */
interface TravelState {
  net: RoadNetwork;
  epochs: FloodEpochs;
  sites: TravelSite[];
  store: TravelStore;
  ws: DijkstraWorkspace;
  siteColumn: Int32Array;
  placeOf: Int32Array;
  /** the closure sets of this scenario's epochs (repaired for together by searchRow) */
  closureKeys: [string, Uint8Array][];
  /** with flood closures: the repairs' reversed network and workspace, made when a repair first runs */
  flooded: boolean;
  rev: ReverseCsr | null;
  rw: RepairWorkspace | null;
  searches: number;
  /** per source node: closure sets searched for it by this instance */
  keysOf: Map<number, number>;
  /** bumped whenever a row is added: the bound's row lookups are then redone */
  rowsVersion: number;
  segmentsOfZone: Map<number, number[]>;
  /** per closure key: reachability sweeps made by this instance */
  sweptKeys: Map<string, number>;
  parents: Map<string, ParentSet[]>;
  subsets: Map<string, string[]>;
}

/**
 * @example
 * const tt = createTravelTimes(net, epochs, sites);
 * tt.travel(0, 1, 5); // hours from site 0 to site 1 departing at hour 5
 */
export function createTravelTimes(net: RoadNetwork, epochs: FloodEpochs, sites: TravelSite[], store: TravelStore = newTravelStore()): TravelTimes {
  const s = newTravelState(net, epochs, sites, store);
  /** travelLowerBound's last source: its rows at `version` */
  const last = { node: -1, key: "", version: -1, own: undefined as Float32Array | undefined, smaller: [] as Float32Array[] };
  return {
    travel: (from, to, departAt) => travelHours(s, from, to, departAt),
    searches: () => s.searches,
    travelLowerBound: (from, to, departAt) => lowerBoundHours(s, last, from, to, departAt),
    hasCachedRow: (from, departAt) => hasBoundRow(s, from, departAt),
    hasExactRow: (from, departAt) => s.store.rows.get(closuresAt(s.epochs, departAt).key)?.has(siteOf(s, from).node) === true,
    travelLowerBoundFrom: (from, departAt) => lowerBoundHoursFrom(s, from, departAt),
    reaches: (from, to, departAt) => reachesSite(s, from, to, departAt),
  };
}

function newTravelState(net: RoadNetwork, epochs: FloodEpochs, sites: TravelSite[], store: TravelStore): TravelState {
  const closureKeys = [...epochs.masks].filter(([, m]) => m !== null) as [string, Uint8Array][];
  // with flood closures, a source asked about in several epochs gets one open-road search, repaired for every
  // closure set (repair-closures.ts)
  const flooded = closureKeys.length > 0;
  return {
    net, epochs, sites, store,
    ws: createDijkstraWorkspace(net.csr.nodeCount),
    siteColumn: registerSiteColumns(store, sites),
    placeOf: placeIndex(sites),
    closureKeys,
    flooded,
    rev: null,
    rw: null,
    searches: 0,
    keysOf: new Map(),
    rowsVersion: 0,
    segmentsOfZone: new Map(epochs.zoneIds.map((id, z) => [id, epochs.zoneSegments[z]])),
    sweptKeys: new Map(),
    parents: new Map(),
    subsets: new Map(),
  };
}

/**
 * Gives every site's node a column of the store (new nodes after the known ones) and returns each site's column.
 * Rows made before a node was registered are shorter than the column count (see lateColumn).
 */
export function registerSiteColumns(store: TravelStore, sites: readonly TravelSite[]): Int32Array {
  for (const s of sites) {
    if (!store.columnOf.has(s.node)) { store.columnOf.set(s.node, store.columnNodes.length); store.columnNodes.push(s.node); }
  }
  return Int32Array.from(sites.map((s) => store.columnOf.get(s.node)!));
}

/** Each site's place as a small integer (the commander's rule compares hundreds of thousands of trips' ends). */
export function placeIndex(sites: readonly TravelSite[]): Int32Array {
  const placeIds = new Map<string, number>();
  return Int32Array.from(sites, (s) => placeIds.get(s.place) ?? placeIds.set(s.place, placeIds.size).size - 1);
}

function siteOf(s: TravelState, index: number): TravelSite {
  const site = s.sites[index];
  if (site === undefined) throw new UnknownSiteError(index);
  return site;
}

/** travel(from, to, departAt): the access legs and the road hours between their nodes. */
function travelHours(s: TravelState, from: number, to: number, departAt: number): number {
  const a = siteOf(s, from);
  const b = siteOf(s, to);
  if (from === to || s.placeOf[from] === s.placeOf[to]) return 0;
  const { key, mask } = closuresAt(s.epochs, departAt);
  const road = a.node !== b.node ? roadHours(s, key, mask, a.node, s.siteColumn[to]) : 0;
  return road === Infinity ? Infinity : a.accessHours + road + b.accessHours;
}

/**
 * Whether some open route leads from `from` to `to` departing at `departAt` (travel is finite exactly then: a search
 * reaches a node iff an arc path of finite hours avoids the closures). Reachability does not depend on the hours'
 * sums, so one breadth-first sweep of the reversed network from the target serves every source (memo per target
 * node and closure set, in the store: the closure keys are stable, so later instances on the same roads reuse it).
 */
function reachesSite(s: TravelState, from: number, to: number, departAt: number): boolean {
  const a = siteOf(s, from);
  const b = siteOf(s, to);
  if (from === to || s.placeOf[from] === s.placeOf[to] || a.node === b.node) return true;
  const { key, mask } = closuresAt(s.epochs, departAt);
  const components = s.store.components?.get(key);
  if (components && components[a.node] === components[b.node]) return true;
  const id = `${key}|${b.node}`;
  const reachers = (s.store.reachers ??= new Map());
  let seen = reachers.get(id);
  if (!seen) {
    seen = nodesReaching(s.store.reversed ??= reverseCsr(s.net.csr), b.node, mask);
    if (reachers.size >= MAX_REACHERS) reachers.delete(reachers.keys().next().value!);
    reachers.set(id, seen);
    // a second sweep under these closures: the components answer most pairs from now on, one pass over the roads
    // (~3 ms at 22,500 nodes; a sweep costs ~0.6 ms)
    const swept = (s.sweptKeys.get(key) ?? 0) + 1;
    s.sweptKeys.set(key, swept);
    if (swept === 2 && !components) (s.store.components ??= new Map()).set(key, strongComponents(s.net.csr, mask));
  }
  return seen[a.node] === 1;
}

/** Nodes with an open path of finite hours to `target` (1), by a sweep of the reversed network `rev` from it. */
export function nodesReaching(rev: Csr, target: number, closed: Uint8Array | null): Uint8Array {
  const seen = new Uint8Array(rev.nodeCount);
  const queue = new Int32Array(rev.nodeCount);
  let head = 0;
  let tail = 0;
  seen[target] = 1;
  queue[tail++] = target;
  while (head < tail) {
    const v = queue[head++];
    for (let x = rev.offsets[v]; x < rev.offsets[v + 1]; x++) {
      // (as the search: a closed arc, or one of infinite hours, is never taken)
      if ((closed !== null && closed[rev.segments[x]] === 1) || !(rev.hours[x] < Infinity)) continue;
      const u = rev.targets[x];
      if (seen[u] === 0) { seen[u] = 1; queue[tail++] = u; }
    }
  }
  return seen;
}

/** Road hours from `node` to column `col` under closure set `key`: the cheapest of the steps in the file comment. */
function roadHours(s: TravelState, key: string, mask: Uint8Array | null, node: number, col: number): number {
  let r = s.store.rows.get(key)?.get(node);
  if (!r && key !== OPEN_ROADS) {
    const part = partialRow(s, key, node);
    r = s.store.rows.get(key)?.get(node);
    if (!r && part && col < part.length) {
      let column = part[col];
      if (Number.isNaN(column)) part[col] = column = deriveColumn(s, key, mask, node, col);
      if (!Number.isNaN(column)) return column;
    }
  }
  r ??= searchRow(s, key, mask, node);
  return col < r.length ? r[col] : lateColumn(s, key, mask, node, col);
}

function rowsOf(s: TravelState, key: string): Map<number, Float32Array> {
  let rows = s.store.rows.get(key);
  if (!rows) s.store.rows.set(key, (rows = new Map()));
  return rows;
}

function storeRow(s: TravelState, key: string, node: number, row: Float32Array): Float32Array {
  rowsOf(s, key).set(node, row);
  s.rowsVersion++;
  return row;
}

/** A search's hours at the store's columns, kept as `node`'s row of `key`. */
function keepRow(s: TravelState, key: string, node: number, dist: Float64Array): Float32Array {
  return storeRow(s, key, node, columnsOf(s.store.columnNodes, dist));
}

/** The hours of a one-to-all search at the column nodes, as a row keeps them (Float32). */
export function columnsOf(columnNodes: readonly number[], dist: Float64Array): Float32Array {
  const r = new Float32Array(columnNodes.length);
  for (let i = 0; i < columnNodes.length; i++) r[i] = dist[columnNodes[i]];
  return r;
}

/** The closed-segment mask of a closure key (ids of this scenario's zones), null when nothing is closed. */
function maskOf(s: TravelState, key: string): Uint8Array | null {
  if (key === OPEN_ROADS) return null;
  const mask = new Uint8Array(s.net.segments.length);
  for (const id of key.split(",")) for (const seg of s.segmentsOfZone.get(Number(id)) ?? []) mask[seg] = 1;
  return mask;
}

function parentsOf(s: TravelState, key: string): ParentSet[] {
  let list = s.parents.get(key);
  if (!list) s.parents.set(key, (list = parentSets(key)));
  return list;
}

/** The closure sets one zone smaller than `key`'s, each with the zone it lacks (in `key`'s order). */
export function parentSets(key: string): ParentSet[] {
  const ids = key.split(",");
  return ids.map((id, i) => ({ key: ids.filter((_x, x) => x !== i).join(","), zone: Number(id) }));
}

/** Cached closure keys whose zones are a strict subset of `key`'s (their rows bound `key`'s from below). */
function subsetsOf(s: TravelState, key: string): string[] {
  let list = s.subsets.get(key);
  if (!list) s.subsets.set(key, (list = smallerClosureKeys(key, s.store.rows.keys())));
  return list;
}

/** Of `keys`, those whose zones are a strict subset of `key`'s (the open roads' "" is a subset of every set). */
export function smallerClosureKeys(key: string, keys: Iterable<string>): string[] {
  const ids = new Set(key === OPEN_ROADS ? [] : key.split(","));
  return [...keys].filter((k) => k !== key && (k === OPEN_ROADS || k.split(",").every((id) => ids.has(id))));
}

/**
 * Whether a shortest path of `hours` may pass through cover node w, given open-road hours to w (`toW`) and from w to
 * the target (`fromW`): then it may use a newly closed arc. Float32 rows: a relative margin keeps the test
 * conservative (a doubt means a new search).
 */
export function mayPassThrough(toW: number, fromW: number, hours: number): boolean {
  return toW + fromW <= hours * (1 + 1e-6) + 1e-9;
}

/**
 * A closure set one zone larger than a set whose row is cached (a road closes): most sources' shortest paths
 * avoid the new closures, and then their row is unchanged. The test is exact: a path s → t can use a newly closed
 * arc u → v only if d(s, u) + h(u, v) + d(v, t) = d(s, t) under the old closures; d(·, u) and d(v, ·) come from
 * one reverse and one forward search per arc end, shared by all sources. Rows with such a t are searched again.
 */
function deriveRow(s: TravelState, key: string, node: number): Float32Array | null {
  if (key === OPEN_ROADS) return null;
  for (const p of parentsOf(s, key)) {
    const parent = s.store.rows.get(p.key)?.get(node);
    if (!parent) continue;
    const delta = closureDelta(s, p.key, p.zone);
    if (!delta) continue;
    if (!rowAvoids(delta, node, parent, s.store.columnNodes)) return null;
    return storeRow(s, key, node, parent);
  }
  return null;
}

/** Whether no column of `parent` (node's row under the smaller set) may pass through the delta's cover nodes. */
export function rowAvoids(delta: ClosureDelta, node: number, parent: Float32Array, columnNodes: readonly number[]): boolean {
  for (const w of delta.cover) {
    const toW = delta.to.get(w)![node];
    if (toW === Infinity) continue;
    const fromW = delta.from.get(w)!;
    for (let c = 0; c < parent.length; c++) if (mayPassThrough(toW, fromW[columnNodes[c]], parent[c])) return false;
  }
  return true;
}

/** Whether node's shortest path to `target` of `hours` (under the smaller set) avoids the delta's cover nodes. */
function columnAvoids(delta: ClosureDelta, node: number, target: number, hours: number): boolean {
  for (const w of delta.cover) {
    const toW = delta.to.get(w)![node];
    if (toW === Infinity) continue;
    if (mayPassThrough(toW, delta.from.get(w)![target], hours)) return false;
  }
  return true;
}

/**
 * A row `deriveRow` could not give whole, kept column by column (NaN = not known yet) in the store: a closed
 * main-road crossing cuts some of a source's paths, rarely the one a caller asks about (the soonest truck's trip).
 * Undefined when the row is now cached whole, or when no parent row exists (then the row is searched).
 */
const NO_PARENT = new Float32Array(0);
function partialRow(s: TravelState, key: string, node: number): Float32Array | undefined {
  let byNode = s.store.columns.get(key);
  if (!byNode) s.store.columns.set(key, (byNode = new Map()));
  let part = byNode.get(node);
  if (part === undefined) {
    if (deriveRow(s, key, node)) return undefined;
    const parented = parentsOf(s, key).some((p) => s.store.rows.get(p.key)?.has(node) === true);
    byNode.set(node, (part = parented ? new Float32Array(s.store.columnNodes.length).fill(NaN) : NO_PARENT));
  }
  return part.length > 0 ? part : undefined;
}

/**
 * One column of a partial row: the same exact test as `deriveRow`, for one target. A column the test flags (its
 * path may use a closed arc; in a grid city often a tie with a path that avoids it) is searched point to point: a
 * trip to a nearby compound settles a small ball, not the city. NaN when no parent can tell or the source has had
 * enough single searches that its whole row is cheaper.
 */
function deriveColumn(s: TravelState, key: string, mask: Uint8Array | null, node: number, col: number): number {
  const target = s.store.columnNodes[col];
  let derivable = false;
  for (const p of parentsOf(s, key)) {
    const parent = s.store.rows.get(p.key)?.get(node);
    if (!parent || col >= parent.length) continue;
    const delta = closureDelta(s, p.key, p.zone);
    if (!delta) continue;
    derivable = true;
    if (columnAvoids(delta, node, target, parent[col])) return parent[col];
  }
  const id = `${key}|${node}`;
  const searched = s.store.columnSearches.get(id) ?? 0;
  if (!derivable || searched >= COLUMNS_BEFORE_ROW) return NaN;
  s.store.columnSearches.set(id, searched + 1);
  s.searches++;
  // rounded as a row keeps it, so a trip has the same hours whichever way it was found
  return Math.fround(dijkstraCsr(s.net.csr, node, mask, s.ws, target)[target]);
}

/** The arcs of `csr` on segments in `closes` (each as [from node, to node], in CSR order). */
export function arcsOnSegments(csr: Csr, closes: ReadonlySet<number>): [number, number][] {
  const arcs: [number, number][] = [];
  const { offsets, targets, segments } = csr;
  for (let u = 0; u < csr.nodeCount && closes.size > 0; u++) {
    for (let a = offsets[u]; a < offsets[u + 1]; a++) if (closes.has(segments[a])) arcs.push([u, targets[a]]);
  }
  return arcs;
}

/** The cover of the arcs `zone` closes beyond `parentKey`'s closures, with open-road hours to and from it (memo). */
function closureDelta(s: TravelState, parentKey: string, zone: number): ClosureDelta | null {
  const id = `${parentKey}|${zone}`;
  if (s.store.deltas.has(id)) return s.store.deltas.get(id)!;
  const parentMask = maskOf(s, parentKey);
  const closes = new Set((s.segmentsOfZone.get(zone) ?? []).filter((seg) => parentMask === null || parentMask[seg] === 0));
  // A path using a closed arc passes through both its ends, so the nodes of a cover of the closed arcs (every arc
  // has an end among them) are enough to test: a path s → t through w has d(s, t) = d(s, w) + d(w, t). A road
  // closed around one crossing is covered by the crossing alone: one search to it and one from it.
  const cover = coverArcs(arcsOnSegments(s.net.csr, closes));
  const delta = cover.length <= MAX_COVER ? { cover, ...openHoursAround(s, cover) } : null;
  s.store.deltas.set(id, delta);
  return delta;
}

/**
 * Hours on the OPEN roads to and from each cover node, shared by every parent closure set (each flood epoch): they
 * are no longer than under the parent's closures, so the test only errs towards a new search (a path through w
 * under the parent has d(s, t) = d(s, w) + d(w, t) ≥ the same sum on open roads), and two searches per node serve
 * all epochs.
 */
function openHoursAround(s: TravelState, cover: number[]): Pick<ClosureDelta, "to" | "from"> {
  const store = s.store;
  store.reversed ??= reverseCsr(s.net.csr);
  const open = (store.openDistances ??= { to: new Map(), from: new Map() });
  for (const w of cover) {
    if (!open.to.has(w)) { s.searches++; open.to.set(w, Float64Array.from(dijkstraCsr(store.reversed, w, null, s.ws))); }
    if (!open.from.has(w)) { s.searches++; open.from.set(w, Float64Array.from(dijkstraCsr(s.net.csr, w, null, s.ws))); }
  }
  return { to: open.to, from: open.from };
}

/** `node`'s whole row of `key`: cached, derived from a smaller set's, else searched. */
function searchRow(s: TravelState, key: string, mask: Uint8Array | null, node: number): Float32Array {
  const cached = s.store.rows.get(key)?.get(node) ?? deriveRow(s, key, node);
  if (cached) return cached;
  s.searches++;
  // Most sources are only ever asked about in one epoch (a truck leaves a compound when its grid returns):
  // one plain search. A source this instance asks about in a second epoch is likely asked about in more: search
  // the open roads once and repair that tree for every closure set (the tree is in `ws` only until the next search).
  const seenBefore = s.keysOf.get(node) ?? 0;
  s.keysOf.set(node, seenBefore + 1);
  const { net, ws } = s;
  if (!s.flooded || seenBefore === 0) return keepRow(s, key, node, dijkstraCsr(net.csr, node, mask, ws));
  // (made on first need: most re-plans after a road closes repair nothing; the reversal depends on the roads alone)
  const rev = (s.rev ??= s.store.repairReverse ??= buildReverseCsr(net.csr));
  const rw = (s.rw ??= createRepairWorkspace(net.csr.nodeCount));
  if (!s.store.rows.get(OPEN_ROADS)?.has(node)) keepRow(s, OPEN_ROADS, node, dijkstraCsr(net.csr, node, null, ws));
  else dijkstraCsr(net.csr, node, null, ws);
  for (const [k, m] of s.closureKeys) if (!s.store.rows.get(k)?.has(node)) keepRow(s, k, node, repairClosures(net.csr, rev, ws, m, rw));
  return s.store.rows.get(mask === null ? OPEN_ROADS : key)!.get(node)!;
}

/** Hours from `node` to the column's node, for a row made before that column existed: one reverse search. */
function lateColumn(s: TravelState, key: string, mask: Uint8Array | null, node: number, column: number): number {
  const store = s.store;
  const target = store.columnNodes[column];
  let byTarget = store.toTarget.get(key);
  if (!byTarget) store.toTarget.set(key, (byTarget = new Map()));
  let to = byTarget.get(target);
  if (!to) {
    s.searches++;
    store.reversed ??= reverseCsr(s.net.csr);
    to = Float32Array.from(dijkstraCsr(store.reversed, target, mask, s.ws));
    byTarget.set(target, to);
  }
  return to[node];
}

/** `node`'s cached row of `key` (returned as `own`) and, into `into.smaller`, its rows of cached smaller closure sets. */
function boundRows(s: TravelState, key: string, node: number, into: BoundRows): void {
  into.smaller.length = 0;
  for (const sub of subsetsOf(s, key)) { const r = s.store.rows.get(sub)?.get(node); if (r) into.smaller.push(r); }
  into.own = s.store.rows.get(key)?.get(node);
}

/** travelLowerBound, looking the source's rows up once per source, departure's closures and rows added (`last`). */
function lowerBoundHours(s: TravelState, last: BoundRows & { node: number; key: string; version: number }, from: number, to: number, departAt: number): number {
  const a = siteOf(s, from);
  const b = siteOf(s, to);
  if (from === to || s.placeOf[from] === s.placeOf[to]) return 0;
  if (a.node === b.node) return a.accessHours + b.accessHours;
  const { key } = closuresAt(s.epochs, departAt);
  // the bound asks whole rows (one source, one departure): the source's rows are looked up once a row (until a
  // row is added), without allocating
  if (a.node !== last.node || key !== last.key || last.version !== s.rowsVersion) {
    last.node = a.node;
    last.key = key;
    last.version = s.rowsVersion;
    boundRows(s, key, a.node, last);
  }
  return boundHours(a, b, s.siteColumn[to], last.own, last.smaller);
}

function hasBoundRow(s: TravelState, from: number, departAt: number): boolean {
  const a = siteOf(s, from);
  const { key } = closuresAt(s.epochs, departAt);
  const rows = s.store.rows;
  return rows.get(key)?.has(a.node) === true || subsetsOf(s, key).some((sub) => rows.get(sub)?.has(a.node) === true);
}

function lowerBoundHoursFrom(s: TravelState, from: number, departAt: number): (to: number) => number {
  const a = siteOf(s, from);
  const { key } = closuresAt(s.epochs, departAt);
  const rows = { version: -1, own: undefined as Float32Array | undefined, smaller: [] as Float32Array[] };
  return (to) => {
    const b = siteOf(s, to);
    if (from === to || s.placeOf[from] === s.placeOf[to]) return 0;
    if (a.node === b.node) return a.accessHours + b.accessHours;
    // (a source's own row, once found, is exact and stays: only a source without one looks again when rows are
    // added, 250 trucks × 35 new rows of a large re-plan's rule were ~19 ms of lookups)
    if (rows.own === undefined && rows.version !== s.rowsVersion) { rows.version = s.rowsVersion; boundRows(s, key, a.node, rows); }
    const own = rows.own;
    const col = s.siteColumn[to];
    // the usual case first: the source's own row (exact)
    if (own !== undefined && col < own.length) return own[col] === Infinity ? Infinity : a.accessHours + own[col] + b.accessHours;
    return boundHours(a, b, col, undefined, rows.smaller);
  };
}

/** A lower bound on a trip's hours from the source's cached rows: its own closure set's, else smaller sets'. */
export function boundHours(a: TravelSite, b: TravelSite, col: number, own: Float32Array | undefined, smaller: Float32Array[]): number {
  if (own && col < own.length) return own[col] === Infinity ? Infinity : a.accessHours + own[col] + b.accessHours;
  let road = 0;
  for (let x = 0; x < smaller.length; x++) { const r = smaller[x]; if (col < r.length && r[col] > road) road = r[col]; }
  if (road === Infinity) return Infinity;
  // a smaller closure set's row is an exact shortest path with fewer arcs closed; the margin only guards the
  // argument against a different summation order in a repaired row (a smaller bound is still a bound)
  return road === 0 ? a.accessHours + b.accessHours : (a.accessHours + road + b.accessHours) * (1 - 1e-9);
}

/** Nodes that touch every arc (greedy: the node on most uncovered arcs first; ties to the lower node). */
export function coverArcs(arcs: [number, number][]): number[] {
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
