/**
 * Mutable search state for the heuristics: routes, each planned stop's switch-on and release, each compound's
 * supplies and cost, and the total, with O(1)-ish move evaluation.
 *
 * Why moves are cheap: a truck stays at a compound until its grid returns, so after a stop the truck is free at
 * max(gridReturn, switchOn), which usually does not depend on when it arrived. A change to a route therefore
 * ripples only until the first later stop whose release is unchanged; the evaluators stop there.
 */
import type { Instance, InstanceCompound, Routes } from "./instance.ts";
import { compoundOutageCost, supplyFraction } from "./objective.ts";
import { truckStart, type TruckSupply } from "./simulate-routes.ts";
import { breaksRules, isForbidden, isPinned } from "./assignment-rules.ts";

/** compoundOutageCost with a single supply, without building a list (same arithmetic as unsuppliedHours). */
function singleSupplyCost(c: InstanceCompound, on: number, fraction: number): number {
  if (c.gridReturn <= c.outageStart) return 0;
  if (on >= c.gridReturn) return c.weight * (c.gridReturn - c.outageStart);
  const from = Math.max(on, c.outageStart);
  return c.weight * ((from - c.outageStart) + (1 - Math.min(1, fraction)) * (c.gridReturn - from));
}

export class RouteState {
  readonly inst: Instance;
  readonly routes: number[][];
  /** per truck, per planned stop: switch-on and release hours */
  readonly sw: number[][];
  readonly rel: number[][];
  readonly supplies: TruckSupply[][];
  readonly cost: Float64Array;
  total = 0;
  private readonly startSite: Int32Array;
  private readonly startFree: Float64Array;
  private readonly comps: InstanceCompound[];
  // scratch for evalRoutes
  private stamp = 0;
  private readonly mark: Int32Array;
  private readonly head: Int32Array;
  private readonly touched: number[] = [];
  private entTruck = new Int32Array(64);
  private entOn = new Float64Array(64);
  private entNext = new Int32Array(64);

  constructor(inst: Instance, routes: Routes) {
    this.inst = inst;
    this.comps = inst.compounds;
    this.mark = new Int32Array(inst.compounds.length);
    this.head = new Int32Array(inst.compounds.length);
    const K = inst.trucks.length;
    this.startSite = new Int32Array(K);
    this.startFree = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      const s = truckStart(inst, k);
      this.startSite[k] = s.site;
      this.startFree[k] = s.free;
    }
    this.routes = inst.trucks.map(() => []);
    this.sw = inst.trucks.map(() => []);
    this.rel = inst.trucks.map(() => []);
    this.supplies = inst.compounds.map(() => []);
    inst.trucks.forEach((t, k) => {
      for (const f of t.fixed) this.supplies[f.compound].push({ truck: k, switchOn: f.switchOn, fraction: this.fraction(k, f.compound) });
    });
    this.cost = new Float64Array(inst.compounds.length);
    for (let i = 0; i < this.cost.length; i++) {
      this.cost[i] = compoundOutageCost(this.comps[i], this.supplies[i]);
      this.total += this.cost[i];
    }
    routes.forEach((r, k) => { if (r.length > 0) this.setRoute(k, r); });
  }

  fraction(k: number, j: number): number {
    return supplyFraction(this.inst.trucks[k].capacityKw, this.comps[j].loadKw);
  }

  /** true when truck k already feeds j (kept or planned): a truck serves a compound at most once. */
  serves(k: number, j: number): boolean {
    for (const s of this.supplies[j]) if (s.truck === k) return true;
    return false;
  }

  suppliedFraction(j: number): number {
    let f = 0;
    for (const s of this.supplies[j]) f += s.fraction;
    return Math.min(1, f);
  }

  /** Cost of compound j if truck k's supply there became `switchOn` (null: none). */
  costWith(j: number, k: number, switchOn: number | null): number {
    const list = this.supplies[j];
    const c = this.comps[j];
    if (list.length === 0 || (list.length === 1 && list[0].truck === k)) {
      return compoundOutageCost(c, switchOn === null ? [] : [{ switchOn, fraction: this.fraction(k, j) }]);
    }
    const tmp = list.filter((s) => s.truck !== k);
    if (switchOn !== null) tmp.push({ truck: k, switchOn, fraction: this.fraction(k, j) });
    return compoundOutageCost(c, tmp);
  }

  private prevSite(k: number, p: number): number {
    return p === 0 ? this.startSite[k] : this.routes[k][p - 1];
  }

  private prevFree(k: number, p: number): number {
    return p === 0 ? this.startFree[k] : this.rel[k][p - 1];
  }

  /** Cost change of the stops from position `from` on when the truck is at `site`, free at `free`. */
  private suffixDelta(k: number, from: number, site: number, free: number): number {
    const r = this.routes[k];
    let delta = 0;
    for (let q = from; q < r.length; q++) {
      const i = r[q];
      const c = this.comps[i];
      const sw = free + this.inst.travel(site, i, free) + c.setupHours;
      // #16: a pinned stop pushed past its grid return would be dropped from the plan: not a move the search may make
      if (!(sw < c.gridReturn) && this.inst.rules && isPinned(this.inst, k, i)) return Infinity;
      delta += this.costWith(i, k, sw) - this.cost[i];
      const rel = Math.max(c.gridReturn, sw);
      if (rel === this.rel[k][q]) break; // the rest of the route is unchanged
      site = i;
      free = rel;
    }
    return delta;
  }

  /**
   * Cost change of inserting j at position p of truck k (Infinity when j could not be switched on before its grid
   * returns). `cutoff`: stop early and return Infinity once the change cannot be below it.
   */
  evalInsert(j: number, k: number, p: number, cutoff = Infinity): number {
    const c = this.comps[j];
    const free = this.prevFree(k, p);
    if (free + c.setupHours >= c.gridReturn) return Infinity;
    const sw = free + this.inst.travel(this.prevSite(k, p), j, free) + c.setupHours;
    if (!(sw < c.gridReturn)) return Infinity;
    const dj = this.costWith(j, k, sw) - this.cost[j];
    if (dj >= cutoff) return Infinity;
    // #16: a forbidden pair is never made
    if (this.inst.rules && isForbidden(this.inst, k, j)) return Infinity;
    return dj + this.suffixDelta(k, p, j, Math.max(c.gridReturn, sw));
  }

  /** Best position for j in truck k's route: [delta, position] (delta Infinity when none is useful). */
  bestInsert(j: number, k: number, cutoff = Infinity): [number, number] {
    if (this.serves(k, j)) return [Infinity, -1];
    let best = cutoff;
    let pos = -1;
    for (let p = 0; p <= this.routes[k].length; p++) {
      const d = this.evalInsert(j, k, p, best);
      if (d < best) { best = d; pos = p; }
    }
    return pos < 0 ? [Infinity, -1] : [best, pos];
  }

  /** Cost change of removing the stop at position p of truck k. */
  evalRemove(k: number, p: number): number {
    const j = this.routes[k][p];
    if (this.inst.rules && isPinned(this.inst, k, j)) return Infinity;
    return this.costWith(j, k, null) - this.cost[j] + this.suffixDelta(k, p + 1, this.prevSite(k, p), this.prevFree(k, p));
  }

  /**
   * evalRoutes' first sight of compound j in this evaluation (`stamp`): its list of new entries starts empty. A
   * method, not a closure in evalRoutes: under tsx (keepNames) a closure is named by a defineProperty call each time
   * it is made, ~0.2 s of a 2,000-compound plan's local search.
   */
  private touch(j: number, stamp: number): void {
    if (this.mark[j] !== stamp) {
      this.mark[j] = stamp;
      this.head[j] = -1;
      this.touched.push(j);
    }
  }

  /**
   * Exact cost change of replacing several trucks' routes at once (e.g. exchanging two route tails), without
   * applying it. Each route must not repeat a compound, nor hold one its truck already feeds through a kept connection.
   */
  evalRoutes(changes: ReadonlyArray<readonly [number, readonly number[]]>): number {
    // hot in local search: flat scratch arrays and a per-compound linked list of new entries, no Maps
    const stamp = ++this.stamp;
    const touched = this.touched;
    touched.length = 0;
    let entries = 0;
    // #16: a change that drops a pin or makes a forbidden pair is not a move (checked before any scratch is used)
    if (this.inst.rules) for (const [k, route] of changes) if (breaksRules(this.inst, k, route)) return Infinity;
    for (const [k, route] of changes) {
      for (const j of this.routes[k]) this.touch(j, stamp);
      let site = this.startSite[k];
      let free = this.startFree[k];
      for (const j of route) {
        const c = this.comps[j];
        const on = free + this.inst.travel(site, j, free) + c.setupHours;
        if (!(on < c.gridReturn) && this.inst.rules && isPinned(this.inst, k, j)) return Infinity;
        this.touch(j, stamp);
        if (entries === this.entTruck.length) this.growEntries();
        this.entTruck[entries] = k;
        this.entOn[entries] = on;
        this.entNext[entries] = this.head[j];
        this.head[j] = entries++;
        site = j;
        free = Math.max(c.gridReturn, on);
      }
    }
    let delta = 0;
    for (const j of touched) {
      const c = this.comps[j];
      let others = 0;
      for (const x of this.supplies[j]) if (!changes.some(([k]) => k === x.truck) || this.isFixed(x.truck, j)) others++;
      const e = this.head[j];
      let cost: number;
      if (others === 0 && (e < 0 || this.entNext[e] < 0)) {
        cost = e < 0 || !Number.isFinite(this.entOn[e])
          ? compoundOutageCost(c, [])
          : singleSupplyCost(c, this.entOn[e], this.fraction(this.entTruck[e], j));
      } else {
        const list = this.supplies[j].filter((x) => !changes.some(([k]) => k === x.truck) || this.isFixed(x.truck, j));
        for (let q = e; q >= 0; q = this.entNext[q]) {
          if (Number.isFinite(this.entOn[q])) list.push({ truck: this.entTruck[q], switchOn: this.entOn[q], fraction: this.fraction(this.entTruck[q], j) });
        }
        cost = compoundOutageCost(c, list);
      }
      delta += cost - this.cost[j];
    }
    return delta;
  }

  private growEntries(): void {
    const n = this.entTruck.length * 2;
    const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => { b.set(a); return b; };
    this.entTruck = grow(this.entTruck, new Int32Array(n));
    this.entOn = grow(this.entOn, new Float64Array(n));
    this.entNext = grow(this.entNext, new Int32Array(n));
  }

  /** The site truck k starts its planned route from (its start, or its last kept connection). */
  startSiteOf(k: number): number {
    return this.startSite[k];
  }

  /** Release time after the first p planned stops of truck k (its start time for p = 0). */
  freeBefore(k: number, p: number): number {
    return this.prevFree(k, p);
  }

  insert(j: number, k: number, p: number): void {
    const r = this.routes[k].slice();
    r.splice(p, 0, j);
    this.setRoute(k, r);
  }

  removeAt(k: number, p: number): void {
    const r = this.routes[k].slice();
    r.splice(p, 1);
    this.setRoute(k, r);
  }

  /** Replaces truck k's planned route and updates schedules, supplies and costs. */
  setRoute(k: number, route: readonly number[]): void {
    const touched = new Set<number>(this.routes[k]);
    for (const j of this.routes[k]) this.supplies[j] = this.supplies[j].filter((s) => s.truck !== k || this.isFixed(k, j));
    const r = [...route];
    const sw: number[] = [];
    const rel: number[] = [];
    let site = this.startSite[k];
    let free = this.startFree[k];
    for (const j of r) {
      const c = this.comps[j];
      const s = free + this.inst.travel(site, j, free) + c.setupHours;
      sw.push(s);
      rel.push(Math.max(c.gridReturn, s));
      if (Number.isFinite(s)) this.supplies[j].push({ truck: k, switchOn: s, fraction: this.fraction(k, j) });
      touched.add(j);
      site = j;
      free = rel[rel.length - 1];
    }
    this.routes[k] = r;
    this.sw[k] = sw;
    this.rel[k] = rel;
    for (const j of touched) {
      const c = compoundOutageCost(this.comps[j], this.supplies[j]);
      this.total += c - this.cost[j];
      this.cost[j] = c;
    }
  }

  private isFixed(k: number, j: number): boolean {
    return this.inst.trucks[k].fixed.some((f) => f.compound === j);
  }

  /** Where truck k's route ends: the site and time it is free for one more stop. */
  endOf(k: number): { site: number; free: number } {
    const L = this.routes[k].length;
    return { site: this.prevSite(k, L), free: this.prevFree(k, L) };
  }

  snapshot(): Routes {
    return this.routes.map((r) => r.slice());
  }

  /** Recomputes the total from scratch (removes floating drift of incremental updates). */
  recomputeTotal(): number {
    let t = 0;
    for (let i = 0; i < this.cost.length; i++) t += this.cost[i];
    this.total = t;
    return t;
  }
}
