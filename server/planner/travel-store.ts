/**
 * The travel-row store of one road network: what travel-times.ts fills and reads, and what a PlannerCache keeps
 * between instances built on the same network (planner-cache.ts). Apart from both so that neither imports the other.
 */
import type { Csr } from "./road-network.ts";
import type { ReverseCsr } from "./repair-closures.ts";

/** Travel rows of one network, shared by every instance built on it (see travel-times.ts). */
export interface TravelStore {
  /** per stable closure key ("" = open roads): per source node, hours to each registered column node */
  rows: Map<string, Map<number, Float32Array>>;
  /** column of each registered target node, and the nodes in column order */
  columnOf: Map<number, number>;
  columnNodes: number[];
  /** per closure key: per target node, hours from every node (reverse searches for columns added late) */
  toTarget: Map<string, Map<number, Float32Array>>;
  /** the network with every arc reversed (built on first need) */
  reversed?: Csr;
  /**
   * each node's incoming arcs, for repairing a search under closures (built on the first repair; it depends on the
   * roads alone, and every instance with closures rebuilt it: a few ms of every re-plan after a road closed)
   */
  repairReverse?: ReverseCsr;
  /**
   * per "parent key|added zone id": nodes covering the arcs the zone closes beyond the parent's closures, with
   * open-road hours to and from them (null: too many to be worth it); see travel-times.ts
   */
  deltas: Map<string, ClosureDelta | null>;
  /**
   * per closure key, per source node: a row not derived whole from a smaller closure set's, column by column (NaN =
   * not known yet; an empty array: no smaller set's row to derive from); see travel-times.ts
   */
  columns: Map<string, Map<number, Float32Array>>;
  /** per "closure key|source node": single columns searched point to point so far */
  columnSearches: Map<string, number>;
  /**
   * per "closure key|target node": the nodes with an open route to it (travel-times.ts reachesSite), oldest first,
   * at most MAX_REACHERS: a plan's unserved compounds cut off by floods asked ~80 sweeps of the large city (~50 ms),
   * the same in every re-plan after it
   */
  reachers?: Map<string, Uint8Array>;
  /**
   * per closure key: each node's strongly connected component (strong-components.ts), made on the second sweep a
   * closure set needs: nodes of one component reach each other with no sweep
   */
  components?: Map<string, Int32Array>;
  /** open-road hours to (`to`) and from (`from`) the cover nodes of closures, shared by every closure delta */
  openDistances?: { to: Map<number, Float64Array>; from: Map<number, Float64Array> };
}

export interface ClosureDelta {
  /** nodes touching every arc the zone closes beyond the parent's closures */
  cover: number[];
  /** open-road hours to each cover node from every node, and from it to every node */
  to: Map<number, Float64Array>;
  from: Map<number, Float64Array>;
}

/** the sweeps a store keeps (one byte per road node each: ~11 MB at 22,500 nodes) */
export const MAX_REACHERS = 512;

/** An empty row store (what an instance built without a PlannerCache uses). */
export function newTravelStore(): TravelStore {
  return { rows: new Map(), columnOf: new Map(), columnNodes: [], toTarget: new Map(), deltas: new Map(), columns: new Map(), columnSearches: new Map() };
}
