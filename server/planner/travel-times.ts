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
import { reverseCsr, type TravelStore } from "./planner-cache.ts";

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
  const row = (key: string, mask: Uint8Array | null, node: number): Float32Array => {
    const cached = cache.get(key)?.get(node);
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
        const r = row(key, mask, a.node);
        const col = siteColumn[to];
        road = col < r.length ? r[col] : late(key, mask, a.node, col);
      }
      return road === Infinity ? Infinity : a.accessHours + road + b.accessHours;
    },
    searches: () => searches,
  };
}

/** An empty row store (what an instance built without a PlannerCache uses). */
export function newTravelStore(): TravelStore {
  return { rows: new Map(), columnOf: new Map(), columnNodes: [], toTarget: new Map(), keysOf: new Map() };
}
