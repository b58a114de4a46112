/**
 * #17: the MV trucks' saving with the trucks priced apart. mvSavingBound's chains are each truck's best alone: on
 * the operations city all eight MV trucks' best chains take the same feeders at the same hours, so their sum counts
 * those compounds up to eight times (seed 7: 4.01M against 3.02M in the plan). This is a Lagrangian relaxation of
 * "a compound-hour is supplied once": for prices μ_i(t) ≥ 0, piecewise constant between the instants where a
 * compound's outage, dark window (`until`) or a grid return begins or ends,
 *   saving ≤ Σ_i ∫ μ_i over i's dark window + Σ_k (truck k's best chain, a compound-hour worth max(0, w_i − μ_i(t))),
 * since an hour of i supplied by any truck is worth w_i ≤ μ_i + max(0, w_i − μ_i) × (the trucks supplying it).
 * A chain is a sequence of stops by increasing grid return, each holding the truck until its compound's grid is
 * back, no travel (as mvSavingBound's). A stop is relaxed to its feeder and that grid return: from the truck's free
 * hour plus the least setup among the feeder's compounds back then, the fractional knapsack of its kW over every
 * compound of the feeder (each a plan's stop at one of those compounds supplies at most: its own share and a set of
 * the others, from no sooner); a compound on no feeder is a stop of its own share. So every μ gives a valid bound;
 * subgradient steps raise the price of compound-hours claimed more than once and lower it where none are.
 * A fixed number of steps, so the bound is the same on any machine; the caller takes the least of it and
 * mvSavingBound (whose whole-compound stops this relaxes: at μ = 0 it is a little larger).
 */
import type { Instance } from "../instance.ts";
import { truckStart } from "../simulate-routes.ts";
import { mvTrucks } from "./mv-bound.ts";
import { onCurve, wholeKnapsack } from "./knapsack.ts";

export interface PricedMvOptions {
  /** subgradient steps after the unpriced evaluation */
  steps: number;
  /** the saving the steps aim at (a plan's MV share, customer-hours): Polyak's target; default 0.8 × the first */
  target?: number;
}

/**
 * A relaxed stop: a feeder (or one compound on none) and a grid return among its compounds; the truck held there
 * until `hold`, on from its free hour plus `setup`
 */
interface Item { compounds: readonly number[]; anchors: readonly number[]; hold: number; setup: number }

/** the most compound-interval prices priced (600 compounds: ~0.8M) */
const MAX_PRICES = 2_000_000;

/** a chain's stop: an item, the truck free there from `free` */
interface Stop { item: number; free: number }

/**
 * The least L(μ) over the steps, customer-hours: a bound on what the MV trucks save together with each compound i
 * dark for them only until `darkUntil[i]` (and its grid return); Infinity (no bound) past MAX_PRICES prices.
 *
 * @example
 * Math.min(mvSavingBound(inst, darkUntil), pricedMvSaving(inst, darkUntil, { steps: 20 })); // ≥ any plan's MV saving
 */
export function pricedMvSaving(inst: Instance, darkUntil: ArrayLike<number>, options: PricedMvOptions): number {
  const trucks = mvTrucks(inst);
  if (trucks.length === 0) return 0;
  // dark for the MV trucks until `darkUntil`, and never past the grid's return (as mvSavingBound: a compound the
  // joint bound does not clip, Infinity there, counts to its grid return)
  const until = Float64Array.from(inst.compounds, (c) => Math.min(c.gridReturn, darkUntil[c.index]));
  const grid = priceGrid(inst, trucks, until);
  // prices per compound and grid interval: ~n² of them (a grid point per compound's outage start and τ); past
  // MAX_PRICES (~16 MB an array) the bound is left to the unpriced chains (Infinity: the caller takes the least)
  if (inst.compounds.length * (grid.length - 1) > MAX_PRICES) return Infinity;
  const spans = windowSpans(inst, until, grid);
  const items = relaxedStops(inst);
  const B = grid.length - 1;
  const n = inst.compounds.length;
  /** f(x, b) for every compound-interval x = i × B + b inside a dark window (outside, len and μ stay 0) */
  const eachInside = (f: (x: number, b: number) => void): void => {
    for (let i = 0; i < n; i++) for (let b = spans.lo[i]; b < spans.hi[i]; b++) f(i * B + b, b);
  };
  // a window's ends are grid points: inside it, an interval's hours are the whole interval's
  const len = new Float64Array(n * B);
  eachInside((x, b) => { len[x] = grid[b + 1] - grid[b]; });
  const mu = new Float64Array(n * B);
  const arrays = { rate: new Float64Array(n * B), prefix: new Float64Array(n * (B + 1)) };
  const buf: Buffers = { load: Float64Array.from(inst.compounds, (c) => c.loadKw), perKw: new Float64Array(inst.compounds.length), place: new Int32Array(inst.compounds.length), whole: false };
  let best = Infinity;
  let lambda = 0.5;
  let stall = 0;
  let target = options.target;
  const evaluate = (): { value: number; chains: { value: number; stops: Stop[] }[]; priced: Worth } => {
    const priced = pricedWorth(inst, until, grid, mu, spans, arrays);
    const memo = stopMemo(inst, items, buf);
    const chains = trucks.map((k) => bestChain(inst, k, items, priced, memo));
    let value = chains.reduce((s, c) => s + c.value, 0);
    eachInside((x) => { value += mu[x] * len[x]; });
    return { value, chains, priced };
  };
  const bestMu = Float64Array.from(mu);
  const g = new Float64Array(mu.length);
  for (let step = 0; ; step++) {
    const { value, chains, priced } = evaluate();
    if (value < best * (1 - 1e-9)) { best = value; bestMu.set(mu); stall = 0; } else if (++stall >= 2) { lambda /= 2; stall = 0; }
    if (step >= options.steps) break;
    target ??= 0.8 * value;
    if (!(value > target)) break;
    // subgradient: a compound-hour's dark length less what the chains claim of it (none left to raise at μ = 0)
    g.set(len);
    chains.forEach((c, x) => {
      for (const s of c.stops) claim(inst, buf, inst.trucks[trucks[x]].capacityKw, items[s.item], s.free, priced, grid, spans, until, g);
    });
    let norm = 0;
    eachInside((x) => {
      if (mu[x] <= 0 && g[x] > 0) g[x] = 0;
      norm += g[x] * g[x];
    });
    if (!(norm > 0)) break;
    const size = (lambda * (value - target)) / norm;
    eachInside((x) => { mu[x] = Math.max(0, mu[x] - size * g[x]); });
  }
  // the steps take each stop's others in part (fast); at the best prices once more, whole where the feeder is small
  mu.set(bestMu);
  buf.whole = true;
  return Math.min(best, evaluate().value);
}

/**
 * The instants prices change at: every outage start, dark-window end and grid return, and the soonest an MV truck
 * could switch on (its first free hour, or a grid return it may leave a stop at, plus the least setup): before it
 * no chain supplies anything, and a price there would only count against the bound.
 */
function priceGrid(inst: Instance, trucks: readonly number[], until: ArrayLike<number>): number[] {
  const cs = inst.compounds;
  const setup = Math.min(...cs.map((c) => c.setupHours));
  const ts = new Set<number>();
  for (const c of cs) {
    ts.add(c.outageStart);
    ts.add(c.gridReturn);
    ts.add(c.gridReturn + setup);
    if (Number.isFinite(until[c.index])) ts.add(until[c.index]);
  }
  for (const k of trucks) ts.add(truckStart(inst, k).free + setup);
  return [...ts].sort((a, b) => a - b);
}

/** Per compound, the grid intervals [lo, hi) its dark window (outage start to `until`) covers. */
interface Spans { lo: Int32Array; hi: Int32Array }

function windowSpans(inst: Instance, until: ArrayLike<number>, grid: readonly number[]): Spans {
  const at = new Map(grid.map((t, x) => [t, x]));
  const lo = Int32Array.from(inst.compounds, (c) => at.get(c.outageStart)!);
  const hi = Int32Array.from(inst.compounds, (c, i) => (until[c.index] > c.outageStart ? at.get(until[c.index])! : lo[i]));
  return { lo, hi };
}

/** Every relaxed stop: per feeder one per grid return among its compounds; each compound on no feeder alone. */
function relaxedStops(inst: Instance): Item[] {
  const res = inst.resources!;
  const cs = inst.compounds;
  const items: Item[] = [];
  for (const f of res.feeders) {
    const holds = new Map<number, number[]>();
    for (const i of f.compounds) holds.set(cs[i].gridReturn, [...(holds.get(cs[i].gridReturn) ?? []), i]);
    for (const [hold, anchors] of holds) items.push({ compounds: f.compounds, anchors, hold, setup: Math.min(...anchors.map((i) => cs[i].setupHours)) });
  }
  for (const c of cs) if (res.feederOf[c.index] < 0) items.push({ compounds: [c.index], anchors: [c.index], hold: c.gridReturn, setup: c.setupHours });
  return items.sort((a, b) => a.hold - b.hold);
}

/** ∫ max(0, w_i − μ_i) over [a, z] within i's dark window, customer-hours */
type Worth = (i: number, a: number, z: number) => number;

/** The priced worth of compound-hours, by prefix sums over the grid. */
function pricedWorth(inst: Instance, until: ArrayLike<number>, grid: readonly number[], mu: Float64Array, spans: Spans,
  arrays: { rate: Float64Array; prefix: Float64Array }): Worth {
  const cs = inst.compounds;
  const B = grid.length - 1;
  // (the arrays are the caller's, overwritten each step; only a window's intervals are written and read)
  const { rate, prefix } = arrays;
  for (const c of cs) {
    const i = c.index;
    prefix[i * (B + 1) + spans.lo[i]] = 0;
    for (let b = spans.lo[i]; b < spans.hi[i]; b++) {
      rate[i * B + b] = Math.max(0, c.weight - mu[i * B + b]);
      prefix[i * (B + 1) + b + 1] = prefix[i * (B + 1) + b] + rate[i * B + b] * (grid[b + 1] - grid[b]);
    }
  }
  const locate = (t: number): number => {
    let lo = 0;
    let hi = B - 1;
    while (lo < hi) {
      const m = (lo + hi + 1) >> 1;
      if (grid[m] <= t) lo = m; else hi = m - 1;
    }
    return lo;
  };
  // a stop asks every compound of its feeder about the same two instants: the last two located are kept, and a
  // compound's own outage start and window end are grid points whose places are known
  let t1 = NaN;
  let b1 = 0;
  let t2 = NaN;
  let b2 = 0;
  const place = (t: number): number => {
    if (t === t1) return b1;
    if (t === t2) return b2;
    t2 = t1;
    b2 = b1;
    t1 = t;
    b1 = locate(t);
    return b1;
  };
  // t within i's window [grid[lo], grid[hi]]: its interval b in [lo, hi] (at hi, the window's end: its prefix)
  const at = (i: number, t: number, b: number): number => {
    if (b >= spans.hi[i]) return prefix[i * (B + 1) + spans.hi[i]];
    return prefix[i * (B + 1) + b] + rate[i * B + b] * (t - grid[b]);
  };
  return (i, a, z) => {
    const own = cs[i].outageStart >= a;
    const from = own ? cs[i].outageStart : a;
    const ends = until[i] <= z;
    const to = ends ? until[i] : z;
    if (!(to > from)) return 0;
    return at(i, to, ends ? spans.hi[i] : place(z)) - at(i, from, own ? spans.lo[i] : place(a));
  };
}

const byPerKw = (x: { i: number; perKw: number }, y: { i: number; perKw: number }): number => y.perKw - x.perKw || x.i - y.i;

/** feeders of up to this many compounds dark at a stop get the whole-compound knapsack */
const WHOLE_UP_TO = 24;

/**
 * stopValue's arrays, by compound: the loads, the worth per kW of a stop's candidates (wholeKnapsack's), their
 * place in its list by worth per kW; whole: the final evaluation's whole-compound knapsacks
 */
interface Buffers { load: Float64Array; perKw: Float64Array; place: Int32Array; whole: boolean }

/**
 * What a stop at the item saves at most, truck free at `free`: the best of its anchors j (the stop's compound), j's
 * share from its own setup, then the fractional knapsack of the kW left over the feeder's others from the item's
 * least setup (so no less than from j's own); with `take`, the best anchor's shares are handed over.
 */
function stopValue(inst: Instance, buf: Buffers, cap: number, item: Item, free: number, worth: Worth, take?: (i: number, share: number) => void): number {
  const cs = inst.compounds;
  const from = free + item.setup;
  if (!(from < item.hold)) return 0;
  const list: { i: number; v: number; perKw: number }[] = [];
  for (const i of item.compounds) {
    const v = worth(i, from, item.hold);
    if (v > 0) list.push({ i, v, perKw: v / cs[i].loadKw });
  }
  list.sort(byPerKw);
  let best = 0;
  let bestAnchor = -1;
  // a feeder of a dozen compounds: the others whole or not at all (exact, as a plan supplies them); a large one
  // (the operations city has one of a hundred): in part, its search would take too long
  const whole = buf.whole && list.length <= WHOLE_UP_TO;
  if (whole) for (const { i, v } of list) buf.perKw[i] = v / cs[i].loadKw;
  // in part: the list's kW and value cumulated, and each compound's place in it (-1: worth nothing here)
  const cumKw = new Float64Array(list.length + 1);
  const cumV = new Float64Array(list.length + 1);
  for (const i of item.compounds) buf.place[i] = -1;
  list.forEach(({ i, v }, x) => {
    cumKw[x + 1] = cumKw[x] + cs[i].loadKw;
    cumV[x + 1] = cumV[x] + v;
    buf.place[i] = x;
  });
  for (const j of item.anchors) {
    const share = Math.min(1, cap / cs[j].loadKw);
    let value = share * worth(j, free + cs[j].setupHours, item.hold);
    const left = cap - Math.min(cap, cs[j].loadKw);
    if (!(left > 0)) {
      // nothing more fits
    } else if (whole) {
      value += wholeKnapsack(list.flatMap(({ i }) => (i === j ? [] : [i])), buf.load, buf.perKw, left);
    } else {
      // the others in part: j out of the list is the list with j's kW more, j taken whole, when all before j fit;
      // else j lies past the cut and changes nothing
      const q = buf.place[j];
      value += q < 0 || !(cumKw[q] < left) ? onCurve(cumKw, cumV, left) : onCurve(cumKw, cumV, left + cs[j].loadKw) - list[q].v;
    }
    if (value > best) { best = value; bestAnchor = j; }
  }
  if (take && bestAnchor >= 0) {
    take(bestAnchor, Math.min(1, cap / cs[bestAnchor].loadKw));
    let left = cap - Math.min(cap, cs[bestAnchor].loadKw);
    for (let x = 0; x < list.length && left > 0; x++) {
      const { i } = list[x];
      if (i === bestAnchor) continue;
      const part = Math.min(1, left / cs[i].loadKw);
      take(i, part);
      left -= part * cs[i].loadKw;
    }
  }
  return best;
}

/**
 * Truck k's best chain of relaxed stops at the prices: by increasing hold, the truck free at its first free hour or
 * at the hold before; chains kept as a front of (free hour, value) both increasing (a later one worth no more is
 * dominated: a stop from later is worth no more, prices clipped at 0).
 */
function bestChain(inst: Instance, k: number, items: readonly Item[], worth: Worth, memo: StopMemo): { value: number; stops: Stop[] } {
  const cap = inst.trucks[k].capacityKw;
  const free = truckStart(inst, k).free;
  const fromHold = memo.fromHold(cap);
  const rate = memo.rate(cap);
  const frontT: number[] = [];
  const frontH: number[] = [];
  const frontV: number[] = [];
  const frontStop: Stop[] = [];
  const frontPrev: number[] = [];
  for (let a = 0; a < items.length;) {
    let e = a;
    while (e < items.length && items[e].hold === items[a].hold) e++;
    if (!(items[a].hold > free)) { a = e; continue; }
    let g = 0;
    let gStop: Stop | null = null;
    let gPrev = -1;
    for (let x = a; x < e; x++) {
      const first = stopValue(inst, memo.buf, cap, items[x], free, worth);
      if (first > g) { g = first; gStop = { item: x, free }; gPrev = -1; }
      // from a front entry's hour a stop is worth no more than from `free` (earlier), nor than its rate × the hours
      for (let p = frontV.length - 1; p >= 0 && frontV[p] + first > g; p--) {
        if (!(frontV[p] + rate[x] * Math.max(0, items[x].hold - items[x].setup - frontT[p]) > g)) continue;
        const at = x * memo.holds + frontH[p];
        let v = fromHold[at];
        if (Number.isNaN(v)) fromHold[at] = v = stopValue(inst, memo.buf, cap, items[x], frontT[p], worth);
        if (frontV[p] + v > g) { g = frontV[p] + v; gStop = { item: x, free: frontT[p] }; gPrev = p; }
      }
    }
    if (gStop && (frontV.length === 0 || g > frontV[frontV.length - 1])) {
      frontT.push(items[a].hold);
      frontH.push(memo.holdIndex(a));
      frontV.push(g);
      frontStop.push(gStop);
      frontPrev.push(gPrev);
    }
    a = e;
  }
  const stops: Stop[] = [];
  for (let p = frontV.length - 1; p >= 0; p = frontPrev[p]) stops.unshift(frontStop[p]);
  return { value: frontV.length ? frontV[frontV.length - 1] : 0, stops };
}

/**
 * Stop values from each distinct hold per capacity (item × holds + hold's index; NaN until asked), shared by the
 * trucks of one size at one set of prices, and each item's unpriced rate per capacity (the most it saves an hour)
 */
interface StopMemo {
  buf: Buffers;
  holds: number;
  holdIndex: (item: number) => number;
  fromHold: (cap: number) => Float64Array;
  rate: (cap: number) => Float64Array;
}

function stopMemo(inst: Instance, items: readonly Item[], buf: Buffers): StopMemo {
  const cs = inst.compounds;
  const index = new Int32Array(items.length);
  let holds = 0;
  items.forEach((it, x) => {
    if (x > 0 && it.hold !== items[x - 1].hold) holds++;
    index[x] = holds;
  });
  holds++;
  const values = new Map<number, Float64Array>();
  const rates = new Map<number, Float64Array>();
  // an hour of every compound at its full weight, whatever the window: stopValue of a one-hour stay then is the most
  // the item saves an hour at any prices (each compound-hour is worth at most w; the pruning's rate)
  const unpriced: Worth = (i) => cs[i].weight;
  return {
    buf,
    holds,
    holdIndex: (item) => index[item],
    fromHold: (cap) => {
      let m = values.get(cap);
      if (!m) values.set(cap, (m = new Float64Array(items.length * holds).fill(NaN)));
      return m;
    },
    rate: (cap) => {
      let r = rates.get(cap);
      if (!r) rates.set(cap, (r = Float64Array.from(items, (it) => stopValue(inst, buf, cap, { ...it, hold: it.setup + 1 }, 0, unpriced))));
      return r;
    },
  };
}

/** Lowers `g` by the compound-hours a stop's knapsack claims: each share × its hours in each grid interval. */
function claim(inst: Instance, buf: Buffers, cap: number, item: Item, free: number, worth: Worth, grid: readonly number[], spans: Spans,
  until: ArrayLike<number>, g: Float64Array): void {
  const cs = inst.compounds;
  const B = grid.length - 1;
  const from = free + item.setup;
  stopValue(inst, buf, cap, item, free, worth, (i, share) => {
    const a = Math.max(from, cs[i].outageStart);
    const z = Math.min(item.hold, until[i]);
    for (let b = spans.lo[i]; b < spans.hi[i] && grid[b] < z; b++) {
      const o = Math.min(z, grid[b + 1]) - Math.max(a, grid[b]);
      if (o > 0) g[i * B + b] -= share * o;
    }
  });
}
