/**
 * lowerBound: customer outage hours that no plan can beat, valid for the GENERAL model (partial supply, several
 * trucks on one compound, timed floods, fixed connections). The bound is `noTrucks − U`, where U is an upper bound
 * on the customer-hours any plan can save, obtained by Lagrangian relaxation of a path model.
 *
 * Derivation.
 * 1. Exact accounting. At compound j, sort the trucks that ever feed it (fixed ones included) by switch-on σ_v,
 *    with shares f_v = min(1, cap/load). Supply only rises, so min(1, Σ shares on) = Σ_v inc_v with
 *    inc_v = min(f_v, (1 − shares switched on before v)⁺), and the saving at j is
 *    Σ_v inc_v · w_j · (G_j − max(O_j, σ_v))⁺, where 0 ≤ inc_v ≤ f_v and Σ_v inc_v ≤ 1.
 * 2. Routes as DAG paths. A truck stays at a stop until its grid returns, so after a stop that saves anything
 *    (switched on before G_j) it is free at G_j and the next such stop has a later grid return. Stops that save
 *    nothing can be removed from a route without delaying any later stop, as long as the travel times τ we use
 *    obey the triangle inequality. So every plan maps to one path per truck in the DAG of compounds ordered by
 *    grid return, with σ computed from τ no later than the real switch-on (τ ≤ real travel at every departure).
 *    τ = the instance's travel when it does not depend on the hour; otherwise travel ignoring floods (a metric,
 *    ≤ travel with any set of roads closed) when given, else a landmark (ALT) lower bound on flood-free times
 *    combined with the straight line at the network's top speed (landmark-travel.ts), else 0.
 * 3. Relax: keep inc_v as free variables in [0, f_v], keep Σ_v inc_v ≤ 1 per compound and dualise it with λ_j ≥ 0.
 *    For any λ ≥ 0 the problem separates by truck:
 *      U(λ) = Σ_j λ_j + Σ_trucks max_path Σ_{j on path} f_kj (a_j(σ) − λ_j)⁺ + Σ_fixed f (a − λ)⁺,
 *    a_j(σ) = w_j (G_j − max(O_j, σ))⁺, and each truck's best path is a longest path in the DAG (one backward
 *    sweep over the arcs serves every capacity class). Every U(λ) ≥ the best plan's saving (weak duality), so any
 *    λ gives a valid bound.
 * 4. λ starts from the dual prices of a min-cost flow on a pruned network (trucks as if full there, so the prices
 *    are scaled by the mean supply share), or from the last bound's prices in a re-plan, and is tuned by
 *    subgradient steps (Polyak's step aimed at a known plan's saving); only evaluations on ALL arcs are used as
 *    bounds (a pruned evaluation could understate U). How λ is chosen never affects validity, only tightness.
 * 5. Core case (time-invariant travel, every truck carries every compound it could still help fully): flowPlan
 *    proves its plan optimal for the general model (see flow-plan.ts), so that optimum is returned as the bound.
 */
import type { Instance } from "../instance.ts";
import { buildArcModel } from "../flow/arc-values.ts";
import { noTrucksOutage, supplyShare } from "../flow/truck-start.ts";
import { selectArcs } from "../flow/select-arcs.ts";
import { solvePathFlow } from "../flow/path-flow.ts";
import { landmarkTravel, type LandmarkMemo, type NetworkView } from "./landmark-travel.ts";
import { ArcOrderError } from "../planner-errors.ts";
import { flowPlan, isCoreCase, type FlowPlan } from "../flow/flow-plan.ts";

export interface LowerBoundOptions {
  /** driving hours ignoring every flood zone (≤ travel at any departure, obeying the triangle inequality) */
  travelIgnoringFloods?: (from: number, to: number) => number;
  /**
   * use no travel that needs a shortest-path search where a search-free one keeps the bound valid: with
   * time-invariant travel, the instance's `travelBound` (cached rows of this closure set, else of a smaller one)
   * instead of travel itself; only a source with no cached row at all is searched. A re-plan after a road closes
   * sets it: the new closure set's rows would cost hundreds of searches, the previous set's are cached. Bounds with
   * flood epochs search nothing anyway once a memo (`reuse`) holds their landmarks.
   */
  searchFree?: boolean;
  /** subgradient iterations; default 120 up to 1,000 relevant compounds, 40 beyond (each is one pass over all arcs) */
  iterations?: number;
  /** prune to this many arcs per node for the subgradient phase (default: all arcs) */
  successors?: number;
  /** full-arc evaluations (each valid); default 3 */
  fullPasses?: number;
  /**
   * customer-hours some known plan saves (noTrucks − its cost): the Polyak step aims just above it, which speeds
   * convergence a lot; the bound stays valid whatever is passed. A function is asked before each step: a bound
   * running beside the search (parallel-bound.ts) learns the search's saving as it improves (undefined: none yet).
   */
  knownSaving?: number | (() => number | undefined);
  /** weight of the previous direction in each step (0 = plain subgradient); default 0.5 */
  deflection?: number;
  /** in the core case, return flowPlan's proven optimum (default true; false forces the Lagrangian) */
  useFlow?: boolean;
  /** start the prices from the min-cost flow's duals (default true) */
  warmStart?: boolean;
  /**
   * anytime stop: checked before each subgradient step; once true the best full-arc value so far is returned
   * (at least one full evaluation always runs). With it, `iterations` defaults to 400 (a cap).
   */
  timeUp?: () => boolean;
  /** flowPlan's result on this instance when the caller already has it (core case: its optimum is the bound) */
  flow?: FlowPlan;
  /**
   * step scale at the start (default 1) and non-improving steps before it halves (default 2: on the large city 5
   * reached 43.65M after 200 steps, 2 reached 43.48M)
   */
  theta?: number;
  patience?: number;
  /**
   * memo kept by the caller between bounds on the same roads (a PlannerCache holds one): the relaxed travel matrix
   * between compound sites, and the last prices by compound id, which start the next bound's subgradient (a re-plan
   * after one event is close to the plan before it) instead of a min-cost flow
   */
  reuse?: BoundReuse;
  /**
   * stop the subgradient once this many evaluations in a row have not lowered the best value by a millionth, or once
   * the best value meets `knownSaving` (the plan is then proven optimal: no price can lower it further). A re-plan
   * sets it: its first evaluation from the last bound's prices is mostly final, and steps that gain nothing only
   * fill its deadline. Default: never (a full plan's steps are a fixed count).
   */
  stallStop?: number;
  /** called after each subgradient evaluation (for tuning) */
  trace?: (iteration: number, value: number, theta: number) => void;
}

export interface BoundReuse {
  /** τ between sites, one matrix laid out by `tauSlots`, NaN = not computed yet (see memoTau) */
  tau: Map<string, Float64Array>;
  /** where each site's row and each compound site's column are in `tau`'s matrix (memoTau) */
  tauSlots?: TauSlots;
  /** λ by compound id from the last bound */
  prices: Map<string, number>;
  /** the landmarks' flood-free hours (landmark-travel.ts), so a re-plan's trips from new truck starts search nothing */
  landmarks?: LandmarkMemo;
  /** the last bound's arcs between relevant compounds, by compound (see reuseArcs) */
  arcs?: ArcMemo;
  /**
   * the arcs kept before those, under other closures: the events of a city re-planned one by one from the same plan
   * (a road closed in one, a truck broke down in the next) go back and forth between two closure sets
   */
  olderArcs?: ArcMemo;
  /**
   * the buffers of arcs the memo no longer holds, for the next re-plan's merge (reuseArcs) to write into: a fresh
   * 23 MB for the large city's arcs cost ~60-90 ms of page faults on the bench machine, more than the merge itself
   */
  spareArcs?: { target: Int32Array; value: Float64Array };
}

/**
 * The memo's layout: row and column slots by site key (road node, access leg, place), `stride` columns a row, and
 * the matrix it lays out (the one in BoundReuse.tau: a matrix of another layout is never read through it)
 */
export interface TauSlots {
  rows: Map<string, number>;
  cols: Map<string, number>;
  stride: number;
  matrix: Float64Array;
}

/** Arcs between relevant compounds and what their values depend on, per compound: site and figures. */
export interface ArcMemo {
  kind: LowerBoundResult["travel"];
  /** the closure set τ was read under ("" for τ no closure changes: landmarks, flood-free travel) */
  closures?: string;
  /** by compound id: its rank in `arcs` and a signature of its site and figures */
  compounds: Map<string, { rank: number; sig: string }>;
  arcs: { start: Int32Array; target: Int32Array; value: Float64Array };
}

export interface LowerBoundResult {
  /** customer outage hours no plan can beat */
  bound: number;
  noTrucks: number;
  /** upper bound on the customer-hours any plan saves */
  maxSaving: number;
  /** which travel relaxation was used */
  travel: "exact" | "search-free" | "ignoring-floods" | "landmarks" | "zero";
  /** true when the bound is a proven optimum (core case, flowPlan with its pricing certificate) */
  provenOptimal?: boolean;
  /** `timeUp` stopped the subgradient before its `iterations` (and polishing passes) were done */
  cut?: boolean;
}

/**
 * Customer outage hours no plan can beat (see the file comment for the derivation).
 *
 * @example
 * lowerBound(instance) <= simulateRoutes(instance, routes).cost; // for every routes
 */
export function lowerBound(instance: Instance, options: LowerBoundOptions = {}): number {
  return computeLowerBound(instance, options).bound;
}

/**
 * Same as lowerBound, with the figures behind it. The steps: the flow's proven optimum in the core case; else the
 * travel relaxation τ, the arcs between relevant compounds and from the trucks' starts, the trucks' capacity
 * classes and fixed visits, start prices λ, and the subgradient that tunes λ (each full-arc evaluation a bound).
 */
export function computeLowerBound(instance: Instance, options: LowerBoundOptions = {}): LowerBoundResult {
  const proven = flowOptimum(instance, options);
  if (proven) return proven;
  const travel = boundTravel(instance, options);
  const model = buildArcModel(instance);
  const rel = model.relevant;
  const comp = instance.compounds;
  const figures = relevantFigures(instance, rel);
  const denseArcs = arcsBetweenCompounds(instance, rel, figures, travel);
  const fromTruck = truckArcs(rel, figures, travel.tauRow, model.startSite, model.startTime);
  const ctx = pathContext(instance, rel, fromTruck);
  const known = options.reuse?.prices;
  const reused = known !== undefined && known.size > 0 && options.warmStart !== false;
  // the pruned arc lists serve the pruned subgradient and the flow that starts the prices: skip when neither runs
  const needKept = !(options.successors === undefined && (reused || options.warmStart === false));
  const kept = needKept ? keptArcLists(ctx, denseArcs, figures.grid, model.startTime, options.successors ?? 24) : [];
  // The subgradient runs on all arcs by default: on these DAGs a pass is cheap (one multiply-add per arc and
  // capacity class), and prices tuned on a pruned network can be far off (trucks compete for the same compounds).
  const pruned = options.successors === undefined ? denseArcs : keptArcs(kept, ctx.K, ctx.R, (a, b) => arcValueAt(denseArcs, a, b));
  const lambda = options.warmStart === false ? new Float64Array(ctx.R)
    : reused ? Float64Array.from(rel, (j) => known.get(comp[j].id) ?? 0)
    : flowPrices(ctx, denseArcs, kept);
  const { maxSaving, bestLambda, cut } = tunePrices(ctx, pruned, denseArcs, lambda, options);
  if (options.reuse) {
    options.reuse.prices.clear();
    rel.forEach((j, b) => options.reuse!.prices.set(comp[j].id, bestLambda[b]));
  }
  const noTrucks = noTrucksOutage(instance);
  // Guard against rounding: never claim more than the outage there is, never a negative saving.
  const saving = Math.max(0, maxSaving * (1 + 1e-12));
  return { bound: Math.max(0, noTrucks - saving), noTrucks, maxSaving: saving, travel: travel.kind, cut };
}

/** Core case: the min-cost flow is optimal (with its pricing certificate), so the optimum itself is the bound. */
function flowOptimum(instance: Instance, options: LowerBoundOptions): LowerBoundResult | null {
  if (options.useFlow === false || !(options.flow?.core ?? isCoreCase(instance))) return null;
  const flow = options.flow ?? flowPlan(instance);
  if (!flow.exact) return null;
  const noTrucks = noTrucksOutage(instance);
  return { bound: flow.cost, noTrucks, maxSaving: noTrucks - flow.cost, travel: "exact", provenOptimal: true };
}

/** The travel relaxation with what it is read through: the caller's memo where τ is closure-free, else plain rows. */
interface BoundTravel {
  kind: LowerBoundResult["travel"];
  tauRow: TauRow;
  /**
   * the caller's memo: τ kept in it only where no closure changes it (landmarks, flood-free travel); the arcs
   * between compounds also with time-invariant travel, under the closure set they were read with (`closures`)
   */
  memo?: BoundReuse;
  /** the sites' memo keys (siteKeys), with a memo */
  keys?: string[];
  /** the closure set τ depends on ("" when none does), with a memo */
  closures?: string;
}

function boundTravel(instance: Instance, options: LowerBoundOptions): BoundTravel {
  const relaxed = relaxedTravel(instance, options);
  const kind = relaxed.kind;
  const closureFree = kind === "landmarks" || kind === "ignoring-floods";
  const tb = instance.travelBound;
  // time-invariant travel: one closure set for every trip, named by the instance (stable across plans with a cache)
  const closures = closureFree ? "" : (kind === "exact" || kind === "search-free") && tb?.of === instance.travel ? tb.closureKey?.(instance.at) : undefined;
  const memo = options.reuse && closures !== undefined ? options.reuse : undefined;
  if (!memo) return { kind, tauRow: relaxed.rows ?? rowsOf(relaxed.tau) };
  const keys = siteKeys(instance);
  const tauRow = closureFree ? memoTau(instance, relaxed.tau, memo, keys) : relaxed.rows ?? rowsOf(relaxed.tau);
  return { kind, tauRow, memo, keys, closures };
}

/**
 * The relevant compounds' figures in typed arrays, in grid-return order (arc values are computed R² times: 4M on
 * the large city, in every re-plan).
 */
function relevantFigures(instance: Instance, rel: Int32Array): Figures {
  const comp = instance.compounds;
  return {
    setup: Float64Array.from(rel, (j) => comp[j].setupHours),
    grid: Float64Array.from(rel, (j) => comp[j].gridReturn),
    outage: Float64Array.from(rel, (j) => comp[j].outageStart),
    weight: Float64Array.from(rel, (j) => comp[j].weight),
  };
}

/**
 * The arcs between compounds, in CSR (1.9M on the large city; as an R × R matrix they took 32 MB more). A
 * re-plan's compounds are mostly the last bound's with the same figures (a truck broke down, a substation's return
 * moved, a compound was added): the arcs between those are the same, only the compounds no longer relevant drop out
 * and those new or changed get theirs computed. With a memo the arcs are kept for the next.
 */
function arcsBetweenCompounds(instance: Instance, rel: Int32Array, f: Figures, travel: BoundTravel): Arcs {
  const { memo, keys, kind, closures } = travel;
  const comp = instance.compounds;
  const sigs = keys ? Array.from(rel, (j, b) => `${keys[j]}|${f.setup[b]}|${f.grid[b]}|${f.outage[b]}|${f.weight[b]}`) : null;
  const ids = Array.from(rel, (j) => comp[j].id);
  // τ read under the same closures, or (a bound that only needs τ no longer than every trip) under fewer: closing
  // roads only lengthens trips, and with time-invariant travel any τ ≤ travel pair by pair keeps the bound valid
  // (step 2 above). Exact travel may stand in for the search-free bound, never the other way round: a plan's bound
  // with exact travel is the same with or without a cache.
  const usable = (m: ArcMemo | undefined): m is ArcMemo => m !== undefined && closures !== undefined && (m.kind === kind
    ? m.closures === closures || (kind === "search-free" && closureSubset(m.closures ?? "", closures))
    : kind === "search-free" && m.kind === "exact" && closureSubset(m.closures ?? "", closures));
  // the memo of these very closures first (its τ is this bound's own), else one of fewer
  const candidates = [memo?.arcs, memo?.olderArcs].filter(usable);
  const old = candidates.find((m) => m.closures === closures) ?? candidates[0];
  const spare = memo?.spareArcs;
  if (memo) memo.spareArcs = undefined;
  // The arcs the memo lets go of for this bound's (the last of these closures, or the older of two others): a merge
  // from them may write over them, unless the arcs kept share their buffers (as after a bound that took another
  // closure set's arcs whole); else their buffers are spare afterwards.
  const dropped = memo?.arcs && memo.arcs.closures !== closures ? memo.olderArcs : memo?.arcs;
  const keptBeside = dropped === memo?.arcs ? memo?.olderArcs : memo?.arcs;
  const replaced = old !== undefined && old === dropped && spareOf(old.arcs, [keptBeside?.arcs]) !== undefined;
  const arcs = sigs !== null && old !== undefined ? reuseArcs(old, ids, sigs, rel, f, travel.tauRow, spare, replaced) : compoundArcs(rel, f, travel.tauRow);
  if (memo && sigs) {
    if (memo.arcs && memo.arcs.closures !== closures) memo.olderArcs = memo.arcs;
    memo.arcs = { kind, closures, compounds: new Map(ids.map((id, b) => [id, { rank: b, sig: sigs[b] }])), arcs };
    // (the spare given back only if the merge did not write into it: a spare that became these arcs' buffers, given
    // back, was the next merge's output while it read these arcs from it, and the arcs it made had cycles, on which
    // the bound's path walk never ended: a medium city's fourth re-plan hung)
    memo.spareArcs = spareOf(dropped?.arcs, [arcs, memo.olderArcs?.arcs]) ?? unshared(spare, [arcs, memo.olderArcs?.arcs]);
  } else if (memo) memo.spareArcs = unshared(spare, [arcs, memo.arcs?.arcs, memo.olderArcs?.arcs]);
  return arcs;
}

/** `spare` when none of `kept` uses its buffers, else undefined. */
function unshared(spare: BoundReuse["spareArcs"], kept: (Arcs | undefined)[]): BoundReuse["spareArcs"] {
  return spare === undefined || sharesBuffers(spare, kept) ? undefined : spare;
}

/** The whole buffers of `arcs` when none of `kept` shares them (else undefined). */
function spareOf(arcs: Arcs | undefined, kept: (Arcs | undefined)[]): BoundReuse["spareArcs"] {
  if (arcs === undefined || sharesBuffers(arcs, kept)) return undefined;
  return { target: new Int32Array(arcs.target.buffer), value: new Float64Array(arcs.value.buffer) };
}

/** Whether any of `kept` has its targets or values in `a`'s buffers. */
function sharesBuffers(a: { target: Int32Array; value: Float64Array }, kept: (Arcs | undefined)[]): boolean {
  return kept.some((k) => k !== undefined && (k.target.buffer === a.target.buffer || k.value.buffer === a.value.buffer));
}

/** Whether closure key `a`'s zones are among `b`'s (keys: zone ids joined by commas; "" = open roads). */
function closureSubset(a: string, b: string): boolean {
  if (a === "" || a === b) return true;
  const ids = new Set(b.split(","));
  return a.split(",").every((id) => ids.has(id));
}

/**
 * A plan whose bound is the flow's proven optimum computes no arcs; with a memo (a PlannerCache) this keeps the
 * arcs between its relevant compounds there anyway (search-free travel: the cached rows, ~3× faster than asking
 * travel itself), so that the re-plans after it start from them
 * (a re-plan's compounds are mostly these, with the same figures: it computes only the pairs an event changed).
 * The plan and its bound are the same with or without it. Only for time-invariant travel with a named closure set.
 */
export function keepArcs(instance: Instance, reuse: BoundReuse): void {
  const travel = boundTravel(instance, { reuse, searchFree: true });
  if (travel.kind !== "search-free" || travel.memo === undefined) return;
  const rel = buildArcModel(instance).relevant;
  arcsBetweenCompounds(instance, rel, relevantFigures(instance, rel), travel);
}

/** The trucks' side of the path model: capacity classes, shares by class, and the fixed visitors' constant paths. */
function pathContext(instance: Instance, rel: Int32Array, fromTruck: Float64Array): Ctx {
  const comp = instance.compounds;
  const R = rel.length;
  const { caps, classOf } = capacityClasses(instance, rel);
  // node-major, padded to a multiple of 5 classes (evaluate keeps 5 classes in registers): share[b * stride + c]
  const stride = 5 * Math.ceil(caps.length / 5);
  const share = new Float64Array(stride * R);
  caps.forEach((cap, c) => rel.forEach((j, b) => { share[b * stride + c] = Math.min(1, cap / comp[j].loadKw); }));
  const { fixed, fixedOutside } = fixedVisitors(instance, rel);
  return { R, K: instance.trucks.length, caps: caps.length, classOf, share, fromTruck, fixed, fixedOutside, stride };
}

/**
 * Trucks with the same shares everywhere share one backward pass: a class per distinct capacity, capped at the
 * largest relevant load (beyond it every share is 1).
 */
export function capacityClasses(instance: Pick<Instance, "trucks" | "compounds">, rel: ArrayLike<number>): { caps: number[]; classOf: Int32Array } {
  const comp = instance.compounds;
  let maxLoad = 0;
  for (let b = 0; b < rel.length; b++) maxLoad = Math.max(maxLoad, comp[rel[b]].loadKw);
  const caps = [...new Set(instance.trucks.map((t) => Math.min(t.capacityKw, maxLoad)))];
  const classOf = Int32Array.from(instance.trucks.map((t) => caps.indexOf(Math.min(t.capacityKw, maxLoad))));
  return { caps, classOf };
}

/**
 * Fixed visitors (kept connections) as constant paths: on a relevant compound its rank, share and raw value; on
 * one no longer relevant (λ = 0 there) each fixed truck's own saving, added up (an overstatement at worst).
 */
function fixedVisitors(instance: Instance, rel: Int32Array): Pick<Ctx, "fixed" | "fixedOutside"> {
  const comp = instance.compounds;
  const rank = new Int32Array(comp.length).fill(-1);
  rel.forEach((j, b) => { rank[j] = b; });
  const fixed: Ctx["fixed"] = [];
  let fixedOutside = 0;
  instance.trucks.forEach((t, k) => {
    for (const fc of t.fixed) {
      const c = comp[fc.compound];
      const f = supplyShare(instance, k, fc.compound);
      const a = c.weight * Math.max(0, c.gridReturn - Math.max(c.outageStart, fc.switchOn));
      if (rank[fc.compound] >= 0) fixed.push({ b: rank[fc.compound], f, a });
      else fixedOutside += f * a;
    }
  });
  return { fixed, fixedOutside };
}

/** selectArcs' pruned lists (M per row and column) over trucks' rows (0..K−1) then compounds' rows. */
function keptArcLists(ctx: Ctx, arcs: Arcs, grid: Float64Array, startTime: ArrayLike<number>, M: number): number[][] {
  const { K, R, fromTruck } = ctx;
  const startTimes = Float64Array.from({ length: K }, (_, k) => startTime[k]);
  return selectArcs({
    rows: K + R, cols: R,
    firstCol: (r) => (r < K ? 0 : r - K + 1),
    value: (r, b) => (r < K ? fromTruck[r * R + b] : arcValueAt(arcs, r - K, b)),
    freeAt: (r) => (r < K ? startTimes[r] : grid[r - K]),
    tiedUntil: (b) => grid[b],
  }, M, M);
}

/**
 * Warm start: the dual prices of the min-cost flow on the kept arcs (every truck as if full). In the core case
 * these are optimal for the pruned network, so the subgradient starts next to the optimum instead of at 0.
 */
function flowPrices(ctx: Ctx, arcs: Arcs, kept: number[][]): Float64Array {
  const { K, R, share, stride, classOf, fromTruck } = ctx;
  const lambda = solvePathFlow({
    trucks: K, cols: R, kept,
    firstCol: (r) => (r < K ? 0 : r - K + 1),
    value: (r, b) => (r < K ? share[b * stride + classOf[r]] * fromTruck[r * R + b] : arcValueAt(arcs, r - K, b)),
  }).columnPrice;
  if (R > 0 && K > 0) scaleByMeanShare(lambda, ctx);
  return lambda;
}

/**
 * The flow prices every compound as if each truck fed it fully; with partial shares a compound is worth less to
 * a truck, so its price is too. Scaling the duals by the mean share (over trucks and relevant compounds; 1 when
 * every truck carries every load) starts far closer: on the large city (mean 0.76) U after 140 steps is 42.6M
 * instead of 43.9M (scale 0.6: 42.9M, 0.8: 42.6M, 1.4: 48.7M).
 */
export function scaleByMeanShare(lambda: Float64Array, ctx: Pick<Ctx, "K" | "R" | "share" | "stride" | "classOf">): void {
  const { K, R, share, stride, classOf } = ctx;
  let sum = 0;
  for (let k = 0; k < K; k++) for (let b = 0; b < R; b++) sum += share[b * stride + classOf[k]];
  const scale = sum / (K * R);
  for (let b = 0; b < R; b++) lambda[b] *= scale;
}

interface Tuned {
  /** the least full-arc evaluation: an upper bound on any plan's saving */
  maxSaving: number;
  /** the prices of the best evaluation of the subgradient (pruned or not) */
  bestLambda: Float64Array;
  /** the step scale as the subgradient left it (the polishing steps go on with it) */
  theta: number;
  cut: boolean;
}

/**
 * Tunes λ: subgradient steps on `arcs` (pruned or all), then polishing steps on all arcs. Only full-arc evaluations
 * are valid upper bounds: on all arcs every step's value counts (the anytime property a deadline needs).
 */
function tunePrices(ctx: Ctx, arcs: Arcs, denseArcs: Arcs, lambda: Float64Array, options: LowerBoundOptions): Tuned {
  const valid = arcs === denseArcs;
  const tuned = subgradientSteps(ctx, arcs, valid, lambda, options);
  // Only full-arc evaluations are valid upper bounds; polish with a few full steps (the pruned case), or, on all
  // arcs, only when no deadline asks to stop (the subgradient's own evaluations were valid already).
  lambda.set(tuned.bestLambda);
  polishSteps(ctx, denseArcs, valid, lambda, tuned, options);
  return tuned;
}

/** Polyak's step needs a value the dual cannot go below; without a known plan, aim 5% under the best so far. */
function polyakTarget(aim: LowerBoundOptions["knownSaving"]): (bestSoFar: number) => number {
  return (bestSoFar) => (typeof aim === "function" ? aim() : aim) ?? 0.95 * bestSoFar;
}

/** The subgradient: up to `iterations` deflected steps with Polyak's step size, halved after `patience` stalls. */
function subgradientSteps(ctx: Ctx, arcs: Arcs, valid: boolean, lambda: Float64Array, options: LowerBoundOptions): Tuned {
  const R = ctx.R;
  const iterations = options.iterations ?? (options.timeUp ? 400 : R <= 1000 ? 120 : 40);
  const timeUp = options.timeUp ?? ((): boolean => false);
  let maxSaving = Infinity;
  let bestLambda = Float64Array.from(lambda);
  let best = Infinity;
  let theta = options.theta ?? 1;
  let stall = 0;
  let sinceBest = 0;
  const stallStop = options.stallStop;
  const direction = new Float64Array(R);
  // Measured on the 2,000-compound city (100 steps): plain subgradient beat deflection 0.5 there.
  const deflect = options.deflection ?? 0;
  const target = polyakTarget(options.knownSaving);
  let cut = false;
  for (let it = 0; it < iterations; it++) {
    if (it > 0 && timeUp()) { cut = true; break; }
    const { value, grad } = evaluate(ctx, arcs, lambda);
    if (valid) maxSaving = Math.min(maxSaving, value);
    if (options.trace) options.trace(it, value, theta);
    if (value < best * (1 - 1e-6)) sinceBest = 0;
    else sinceBest++;
    if (value < best) { best = value; bestLambda = Float64Array.from(lambda); stall = 0; }
    else if (++stall >= (options.patience ?? 2)) { theta /= 2; stall = 0; }
    if (stallStop !== undefined && (sinceBest >= stallStop || (valid && best <= target(best) * (1 + 1e-9)))) break;
    // Deflected subgradient (Camerini–Fratta–Maffioli): mixing in the previous direction damps the zig-zag.
    let norm = 0;
    for (let b = 0; b < R; b++) {
      const d = grad[b] + deflect * direction[b];
      direction[b] = lambda[b] === 0 && d > 0 ? 0 : d;
      norm += direction[b] * direction[b];
    }
    if (norm === 0) break;
    const step = (theta * Math.max(value - target(best), 1e-6 * value)) / norm;
    for (let b = 0; b < R; b++) lambda[b] = Math.max(0, lambda[b] - step * direction[b]);
  }
  return { maxSaving, bestLambda, theta, cut };
}

/**
 * Plain steps on all arcs from the best prices, each a valid bound (lowers `tuned.maxSaving`). After a pruned
 * subgradient at least one runs; after a full one they run only if no deadline cut it (and a bound whose steps all
 * ran polishes whatever the clock says, so that a fixed step count is deterministic).
 */
function polishSteps(ctx: Ctx, denseArcs: Arcs, valid: boolean, lambda: Float64Array, tuned: Tuned, options: LowerBoundOptions): void {
  const R = ctx.R;
  const timeUp = options.timeUp ?? ((): boolean => false);
  const theta = tuned.theta;
  const target = polyakTarget(options.knownSaving);
  const passes = valid ? (tuned.cut ? 0 : options.fullPasses ?? 3) : Math.max(1, options.fullPasses ?? 3);
  for (let pass = 0; pass < passes; pass++) {
    if (valid && pass > 0 && timeUp()) { tuned.cut = true; break; }
    const { value, grad } = evaluate(ctx, denseArcs, lambda);
    tuned.maxSaving = Math.min(tuned.maxSaving, value);
    let norm = 0;
    for (let b = 0; b < R; b++) if (!(lambda[b] === 0 && grad[b] > 0)) norm += grad[b] * grad[b];
    if (norm === 0) break;
    const step = (theta * Math.max(value - target(tuned.maxSaving), 1e-6 * value)) / norm;
    for (let b = 0; b < R; b++) lambda[b] = Math.max(0, lambda[b] - step * grad[b]);
  }
}

interface Ctx {
  R: number;
  K: number;
  caps: number;
  classOf: Int32Array;
  share: Float64Array;
  fromTruck: Float64Array;
  fixed: { b: number; f: number; a: number }[];
  fixedOutside: number;
  /** classes per node in share (caps rounded up to a multiple of 5; padding classes have share 0) */
  stride: number;
}

/** Arcs out of each relevant compound (CSR), targets after the source in grid-return order. */
interface Arcs {
  start: Int32Array;
  target: Int32Array;
  value: Float64Array;
}

/** The compound rows of selectArcs' lists as CSR (truck rows are always evaluated in full). */
function keptArcs(kept: number[][], K: number, R: number, arcAt: (a: number, b: number) => number): Arcs {
  const start = new Int32Array(R + 1);
  const target: number[] = [];
  const value: number[] = [];
  for (let a = 0; a < R; a++) {
    for (const b of kept[K + a]) { target.push(b); value.push(arcAt(a, b)); }
    start[a + 1] = target.length;
  }
  return { start, target: Int32Array.from(target), value: Float64Array.from(value) };
}

/** The relevant compounds' figures an arc value needs, in grid-return order. */
interface Figures {
  setup: Float64Array;
  grid: Float64Array;
  outage: Float64Array;
  weight: Float64Array;
}

/** Customer-hours a full truck switching compound b on at hour `on` saves (0 at or after its grid return). */
function arcValue(f: Figures, b: number, on: number): number {
  return on < f.grid[b] ? f.weight[b] * (f.grid[b] - Math.max(f.outage[b], on)) : 0;
}

/**
 * Raw arc values between relevant compounds (a → b for b after a, departing at a's grid return; only those worth
 * something) in CSR. A function of its own so that V8 optimises this R² loop (4M pairs on the large city, in every
 * re-plan) on its own.
 */
function compoundArcs(rel: Int32Array, f: Figures, tauRow: TauRow): Arcs {
  const R = rel.length;
  const row = new Float64Array(R);
  // τ only for the pairs that can be arcs at all (set up before the grid returns even with no drive)
  const skip = new Uint8Array(R);
  const direct = new ArcBuilder(R);
  for (let a = 0; a < R; a++) pushRow(direct, a, rel, f, tauRow, row, skip);
  return direct.arcs();
}

/** Row a of compoundArcs (every later compound), τ into `row`, appended to `out`. */
function pushRow(out: ArcBuilder, a: number, rel: Int32Array, f: Figures, tauRow: TauRow, row: Float64Array, skip: Uint8Array): void {
  const R = rel.length;
  const g = f.grid[a];
  for (let b = a + 1; b < R; b++) skip[b] = g + f.setup[b] < f.grid[b] ? 0 : 1;
  tauRow(rel[a], rel, a + 1, row, skip);
  for (let b = a + 1; b < R; b++) {
    if (skip[b] === 1) continue;
    const v = arcValue(f, b, g + row[b] + f.setup[b]);
    if (v > 0) out.push(b, v);
  }
  out.endRow(a);
}

/** The value of arc a → b (0: none), by binary search in a's row (targets ascend). */
function arcValueAt(arcs: Arcs, a: number, b: number): number {
  let lo = arcs.start[a];
  let hi = arcs.start[a + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = arcs.target[mid];
    if (t === b) return arcs.value[mid];
    if (t < b) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/**
 * The arcs between relevant compounds `ids` (in grid-return order) from a memo where it has them: a pair of
 * compounds both in the memo with the same signature (site and figures, hence the same arc value under the same τ)
 * and in the same order there; every other pair (a compound new or changed, or two whose order changed) as
 * compoundArcs computes it. Compounds the memo holds but `ids` lacks (no longer relevant) drop out with their arcs.
 * Either way each value is one of a valid τ, so the bound stays valid; with exact τ the arcs are compoundArcs' own.
 */
function reuseArcs(memo: ArcMemo, ids: string[], sigs: string[], rel: Int32Array, f: Figures, tauRow: TauRow, spare: BoundReuse["spareArcs"], inPlace: boolean): Arcs {
  const R = ids.length;
  const oldRank = new Int32Array(R);
  let same = R === memo.compounds.size;
  // the memo's order kept among the known compounds (ties in grid return may reorder): else no pair is taken from it
  let monotone = true;
  let lastKnown = -1;
  for (let b = 0; b < R; b++) {
    const known = memo.compounds.get(ids[b]);
    oldRank[b] = known !== undefined && known.sig === sigs[b] ? known.rank : -1;
    if (oldRank[b] !== b) same = false;
    if (oldRank[b] >= 0) { if (oldRank[b] <= lastKnown) monotone = false; lastKnown = oldRank[b]; }
  }
  // the same compounds in the same order (a truck broke down, a compound's figures did not move): the same arcs
  if (same) return memo.arcs;
  if (!monotone) return compoundArcs(rel, f, tauRow);
  const newRank = new Int32Array(memo.compounds.size).fill(-1);
  for (let b = 0; b < R; b++) if (oldRank[b] >= 0) newRank[oldRank[b]] = b;
  // the compounds the memo lacks (new or changed), in order: every row needs τ to these
  const fresh = Int32Array.from({ length: R }, (_, b) => b).filter((b) => oldRank[b] < 0);
  // written over in place, the memo's arcs no longer match it: emptied, it matches nothing (should the bound fail
  // before the caller keeps the new arcs, the next computes its arcs afresh)
  if (inPlace && fresh.length === 0) memo.compounds.clear();
  return mergeArcs(memo.arcs, oldRank, newRank, fresh, rel, f, tauRow, spare, inPlace);
}

/**
 * reuseArcs' merge: each known compound's memo row (targets renumbered, ascending in both orders) merged with τ to
 * the fresh compounds after it, each fresh compound's row in full (as compoundArcs). Written into the replaced memo
 * itself when no compound is fresh (no row grows: each arc is written no later than it is read), else into the
 * spare (one too small, or whose buffers went to a bound thread and were not given back, is not used), else into
 * new arrays with room for a few more compounds next time: on the large city new arrays for its 1.9M arcs cost
 * ~60-90 ms of page faults, the merge itself a few ms.
 */
function mergeArcs(old: Arcs, oldRank: Int32Array, newRank: Int32Array, fresh: Int32Array, rel: Int32Array, f: Figures, tauRow: TauRow, spare: BoundReuse["spareArcs"], inPlace: boolean): Arcs {
  const R = rel.length;
  const F = fresh.length;
  const { start, target, value } = old;
  const room = Math.min(target.length + 2 * F * R, (R * (R - 1)) / 2);
  const fits = spare !== undefined && spare.target.length >= room && spare.value.length >= room;
  const grown = Math.max(room, Math.min(((R + SPARE_COMPOUNDS) * (R + SPARE_COMPOUNDS - 1)) / 2, target.length + 2 * (F + SPARE_COMPOUNDS) * R));
  const out = new ArcBuilder(R, inPlace && F === 0 ? { target, value } : fits ? spare : { target: new Int32Array(grown), value: new Float64Array(grown) });
  const freshSites = Int32Array.from(fresh, (b) => rel[b]);
  const row = new Float64Array(R);
  const freshRow = new Float64Array(F);
  const skip = new Uint8Array(Math.max(R, F));
  let firstFresh = 0;
  for (let a = 0; a < R; a++) {
    const oa = oldRank[a];
    const g = f.grid[a];
    while (firstFresh < F && fresh[firstFresh] <= a) firstFresh++;
    if (oa < 0) {
      // a compound new or changed: its whole row, as compoundArcs
      pushRow(out, a, rel, f, tauRow, row, skip);
      continue;
    }
    // a known compound: its memo row (targets ascending in both orders) merged with τ to the fresh ones after it
    for (let i = firstFresh; i < F; i++) skip[i] = g + f.setup[fresh[i]] < f.grid[fresh[i]] ? 0 : 1;
    if (firstFresh < F) tauRow(rel[a], freshSites, firstFresh, freshRow, skip);
    // (written straight into the builder's arrays, which have room for every arc: through push, not inlined in
    // this loop, the 1.9M arcs of the large city took several times as long)
    const outTarget = out.target;
    const outValue = out.value;
    let n = out.n;
    let i = firstFresh;
    for (let x = start[oa]; x < start[oa + 1]; x++) {
      const b = newRank[target[x]];
      if (b < 0) continue;
      for (; i < F && fresh[i] < b; i++) n = pushFresh(outTarget, outValue, n, f, g, fresh[i], skip[i], freshRow[i]);
      outTarget[n] = b;
      outValue[n++] = value[x];
    }
    for (; i < F; i++) n = pushFresh(outTarget, outValue, n, f, g, fresh[i], skip[i], freshRow[i]);
    out.n = n;
    out.endRow(a);
  }
  return out.arcs();
}

/** compounds more than a merge needs that its new arrays have room for (a re-plan's new compound fits the spare) */
const SPARE_COMPOUNDS = 64;

/** mergeArcs' arc to a fresh compound b from a row departing at g, τ `hours` (skip: it cannot be one), at n; the next n. */
function pushFresh(outTarget: Int32Array, outValue: Float64Array, n: number, f: Figures, g: number, b: number, skip: number, hours: number): number {
  if (skip === 1) return n;
  const v = arcValue(f, b, g + hours + f.setup[b]);
  if (!(v > 0)) return n;
  outTarget[n] = b;
  outValue[n] = v;
  return n + 1;
}

/** Arc values from each truck's start (K × R). */
function truckArcs(rel: Int32Array, f: Figures, tauRow: TauRow, startSite: Int32Array, startTime: Float64Array): Float64Array {
  const R = rel.length;
  const K = startSite.length;
  const row = new Float64Array(R);
  const fromTruck = new Float64Array(K * R);
  // as between compounds, τ only where the truck could be on in time with no drive at all (a re-plan's trucks free
  // at a compound's grid return cannot help the compounds whose grid is back sooner: their trips are never asked)
  const skip = new Uint8Array(R);
  for (let k = 0; k < K; k++) {
    const t = startTime[k];
    for (let b = 0; b < R; b++) skip[b] = t + f.setup[b] < f.grid[b] ? 0 : 1;
    tauRow(startSite[k], rel, 0, row, skip);
    for (let b = 0; b < R; b++) fromTruck[k * R + b] = skip[b] === 1 ? 0 : arcValue(f, b, t + row[b] + f.setup[b]);
  }
  return fromTruck;
}

/**
 * Arcs row by row into typed arrays (targets ascending within a row, as arcValueAt needs), sized for every pair up
 * to 4M arcs (most pairs are arcs: 1.9M of 2M on the large city), grown beyond; returned as views, not copies.
 */
class ArcBuilder {
  private start: Int32Array;
  /** (mergeArcs writes into these directly, where it knows they have room, and moves n on) */
  target: Int32Array;
  value: Float64Array;
  n = 0;
  /** into `into` when given (grown, as new arrays, only past their length) */
  constructor(R: number, into?: { target: Int32Array; value: Float64Array }) {
    this.start = new Int32Array(R + 1);
    const room = Math.max(16, Math.min((R * (R - 1)) / 2, 1 << 22));
    this.target = into?.target ?? new Int32Array(room);
    this.value = into?.value ?? new Float64Array(room);
  }
  push(b: number, v: number): void {
    if (this.n === this.target.length) {
      const target = new Int32Array(Math.max(16, 2 * this.n));
      const value = new Float64Array(Math.max(16, 2 * this.n));
      target.set(this.target);
      value.set(this.value);
      this.target = target;
      this.value = value;
    }
    this.target[this.n] = b;
    this.value[this.n++] = v;
  }
  endRow(a: number): void { this.start[a + 1] = this.n; }
  arcs(): Arcs { return { start: this.start, target: this.target.subarray(0, this.n), value: this.value.subarray(0, this.n) }; }
}

/** U(λ) and a subgradient of it (1 − Σ shares used, per relevant compound). */
function evaluate(ctx: Ctx, arcs: Arcs, lambda: Float64Array): { value: number; grad: Float64Array } {
  const { R, share } = ctx;
  const S = ctx.stride;
  const best = new Float64Array(S * R);
  const next = new Int32Array(S * R).fill(-1);
  const { start, target, value: arcValue } = arcs;
  // one capacity class (every truck the same size, as in the medium city): the padding classes would stay 0 and -1,
  // so the pass over the one class alone gives the same values at a fifth of the work
  if (ctx.caps === 1) onePass(R, S, start, target, arcValue, lambda, share, best, next);
  else for (let a = R - 1; a >= 0; a--) {
    const from = start[a];
    const to = start[a + 1];
    for (let g0 = 0; g0 < S; g0 += 5) {
      let v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0;
      let n0 = -1, n1 = -1, n2 = -1, n3 = -1, n4 = -1;
      for (let x = from; x < to; x++) {
        const b = target[x];
        const g = arcValue[x] - lambda[b];
        const gain = g > 0 ? g : 0;
        const o = b * S + g0;
        const t0 = share[o] * gain + best[o];
        if (t0 > v0) { v0 = t0; n0 = b; }
        const t1 = share[o + 1] * gain + best[o + 1];
        if (t1 > v1) { v1 = t1; n1 = b; }
        const t2 = share[o + 2] * gain + best[o + 2];
        if (t2 > v2) { v2 = t2; n2 = b; }
        const t3 = share[o + 3] * gain + best[o + 3];
        if (t3 > v3) { v3 = t3; n3 = b; }
        const t4 = share[o + 4] * gain + best[o + 4];
        if (t4 > v4) { v4 = t4; n4 = b; }
      }
      const h = a * S + g0;
      best[h] = v0; best[h + 1] = v1; best[h + 2] = v2; best[h + 3] = v3; best[h + 4] = v4;
      next[h] = n0; next[h + 1] = n1; next[h + 2] = n2; next[h + 3] = n3; next[h + 4] = n4;
    }
  }
  const grad = new Float64Array(R).fill(1);
  let value = ctx.fixedOutside;
  for (let b = 0; b < R; b++) value += lambda[b];
  for (const fx of ctx.fixed) {
    const gain = fx.a - lambda[fx.b];
    if (gain > 0) { value += fx.f * gain; grad[fx.b] -= fx.f; }
  }
  for (let k = 0; k < ctx.K; k++) {
    const c = ctx.classOf[k];
    let bv = 0;
    let bn = -1;
    for (let b = 0; b < R; b++) {
      const a = ctx.fromTruck[k * R + b];
      if (a <= 0) continue;
      const gain = a - lambda[b];
      const v = (gain > 0 ? share[b * S + c] * gain : 0) + best[b * S + c];
      if (v > bv) { bv = v; bn = b; }
    }
    value += bv;
    // Walk the path to count the shares it uses (a visit with no gain uses none).
    let prevGain = bn >= 0 ? ctx.fromTruck[k * R + bn] - lambda[bn] : 0;
    for (let b = bn; b >= 0; b = next[b * S + c]) {
      if (prevGain > 0) grad[b] -= share[b * S + c];
      const nb = next[b * S + c];
      // (arcs lead to later compounds, so the walk ends; arcs out of order would loop it for ever: fail instead)
      if (nb >= 0 && nb <= b) throw new ArcOrderError(b, nb);
      if (nb >= 0) {
        let arcValue = 0;
        for (let x = arcs.start[b]; x < arcs.start[b + 1]; x++) if (arcs.target[x] === nb) { arcValue = arcs.value[x]; break; }
        prevGain = arcValue - lambda[nb];
      }
    }
  }
  return { value, grad };
}

/** evaluate's backward pass for a single capacity class (class 0 of stride S). */
function onePass(R: number, S: number, start: Int32Array, target: Int32Array, arcValue: Float64Array, lambda: Float64Array, share: Float64Array, best: Float64Array, next: Int32Array): void {
  for (let a = R - 1; a >= 0; a--) {
    let v0 = 0;
    let n0 = -1;
    for (let x = start[a]; x < start[a + 1]; x++) {
      const b = target[x];
      const g = arcValue[x] - lambda[b];
      const o = b * S;
      const t0 = share[o] * (g > 0 ? g : 0) + best[o];
      if (t0 > v0) { v0 = t0; n0 = b; }
    }
    best[a * S] = v0;
    next[a * S] = n0;
  }
}

/**
 * τ between any two sites (road sites, not only compounds: an RMU too) as this bound reads travel: no more than
 * any real trip between them at any departure.
 *
 * @example
 * travelRelaxation(inst)(truckSite, rmuSite); // ≤ inst.travel(truckSite, rmuSite, t) for every t
 */
export function travelRelaxation(instance: Instance, options: LowerBoundOptions = {}): (a: number, b: number) => number {
  return relaxedTravel(instance, options).tau;
}

/** The travel relaxation τ: a lower bound on every real trip that obeys the triangle inequality. */
function relaxedTravel(instance: Instance, options: LowerBoundOptions): { tau: (a: number, b: number) => number; rows?: TauRow; kind: LowerBoundResult["travel"] } {
  if (instance.timeInvariant) {
    // Travel with one set of closures is itself a metric: a trip through dropped stops is never shorter than the
    // direct one, so any τ ≤ travel pair by pair keeps every plan's mapped path no later (step 2 above).
    const cheap = options.searchFree && instance.travelBound?.of === instance.travel ? instance.travelBound : undefined;
    if (cheap) {
      const at = instance.at;
      // a source with no cached row at all would get only its access legs: one search for its row is worth it
      const rows: TauRow = (a, targets, from, out, skip) => {
        const exact = cheap.hasCachedRow?.(a, at) === false;
        const f = exact ? (b: number) => instance.travel(a, b, at) : cheap.lowerBoundFrom?.(a, at) ?? ((b: number) => cheap.lowerBound(a, b, at));
        for (let i = from; i < targets.length; i++) if (skip === undefined || skip[i] === 0) out[i] = f(targets[i]);
      };
      return { tau: (a, b) => cheap.lowerBound(a, b, at), rows, kind: "search-free" };
    }
    return { tau: (a, b) => instance.travel(a, b, instance.at), kind: "exact" };
  }
  const given = options.travelIgnoringFloods
    ?? (instance as Instance & { travelIgnoringFloods?: (a: number, b: number) => number }).travelIgnoringFloods;
  if (given) return { tau: given, kind: "ignoring-floods" };
  const view = instance as Instance & { network?: unknown; sites?: unknown };
  if (view.network === undefined || view.sites === undefined) return { tau: () => 0, kind: "zero" };
  // built on first use: with a warm memo (memoTau) a re-plan may need no landmark search at all
  let landmarks: ((a: number, b: number) => number) | null | undefined;
  return { tau: (a, b) => (landmarks ??= landmarkTravel(instance, 12, options.reuse?.landmarks) ?? (() => 0))(a, b), kind: "landmarks" };
}

/**
 * τ from every site (compounds and trucks' starts) to every compound site through the caller's memo: the same
 * values, computed once per pair of sites (8 bytes a pair, ~40 MB for 2,250 sites × 2,000 compounds). Pairs are kept
 * by site (road node, access leg, place): a row per site key, a column per compound site's key (TauSlots), so after
 * a compound is added or removed, or trucks start elsewhere (a re-plan starts them at the compounds they are
 * connected to), the other pairs are still found where they were: a re-plan on the same sites needs no search, no
 * landmark and no copy of the matrix (a copy per re-plan whose sites differed took ~110 ms on the large city).
 */
function memoTau(instance: Instance, tau: (a: number, b: number) => number, reuse: BoundReuse, keys: string[] | undefined): TauRow {
  const C = instance.compounds.length;
  if (!keys) return rowsOf(tau);
  const S = keys.length;
  const { matrix, rowAt, colOf } = tauSlotsFor(reuse, keys, C);
  return (a, targets, from, out, skip) => {
    if (a >= S) return rowsOf(tau)(a, targets, from, out, skip);
    const base = rowAt[a];
    for (let i = from; i < targets.length; i++) {
      if (skip !== undefined && skip[i] === 1) continue;
      const b = targets[i];
      const x = base + colOf[b];
      let v = matrix[x];
      if (Number.isNaN(v)) matrix[x] = v = tau(a, b);
      out[i] = v;
    }
  };
}

/** The memo's one matrix in BoundReuse.tau (by this key), laid out by BoundReuse.tauSlots. */
const TAU_MATRIX = "pairs";
/** room left in a new layout: rows (sites) and columns (compound sites) added without copying the matrix */
const SPARE_ROWS = 256;
const SPARE_COLS = 64;

/**
 * The memo's matrix with a row for every site key of `keys` and a column for each of the first C (the compounds'),
 * registering the new ones in the spare room; a new layout (the known pairs copied over) only when the room runs out
 * or more than half the rows or columns belong to sites no longer asked about (memory stays ~ sites × compounds).
 */
function tauSlotsFor(reuse: BoundReuse, keys: string[], C: number): { matrix: Float64Array; rowAt: Int32Array; colOf: Int32Array } {
  let slots = reuse.tauSlots;
  // (a memo of another shape, or one whose buffer went to a bound thread that never gave it back: start afresh)
  if (slots === undefined || slots.matrix !== reuse.tau.get(TAU_MATRIX) || slots.matrix.length === 0) {
    slots = { rows: new Map(), cols: new Map(), stride: 0, matrix: new Float64Array(0) };
  }
  const rowKeys = new Set(keys);
  const colKeys = new Set(keys.slice(0, C));
  let rows = slots.rows.size;
  let cols = slots.cols.size;
  for (const k of rowKeys) if (!slots.rows.has(k)) rows++;
  for (const k of colKeys) if (!slots.cols.has(k)) cols++;
  const capacity = slots.stride === 0 ? 0 : slots.matrix.length / slots.stride;
  if (cols > slots.stride || rows > capacity || rows > 2 * rowKeys.size || cols > 2 * colKeys.size) slots = relayoutTau(slots, rowKeys, colKeys);
  for (const k of rowKeys) if (!slots.rows.has(k)) slots.rows.set(k, slots.rows.size);
  for (const k of colKeys) if (!slots.cols.has(k)) slots.cols.set(k, slots.cols.size);
  reuse.tau.clear();
  reuse.tau.set(TAU_MATRIX, slots.matrix);
  reuse.tauSlots = slots;
  const { rows: rowOf, cols: colOfKey, stride } = slots;
  return {
    matrix: slots.matrix,
    rowAt: Int32Array.from(keys, (k) => rowOf.get(k)! * stride),
    colOf: Int32Array.from({ length: C }, (_, b) => colOfKey.get(keys[b])!),
  };
}

/** A layout of the memo with room for `rowKeys` and `colKeys` (the known pairs among them kept, the rest dropped). */
function relayoutTau(slots: TauSlots, rowKeys: Set<string>, colKeys: Set<string>): TauSlots {
  const keptRows = [...slots.rows].filter(([k]) => rowKeys.has(k));
  const keptCols = [...slots.cols].filter(([k]) => colKeys.has(k));
  const stride = colKeys.size + SPARE_COLS;
  const out = new Float64Array((rowKeys.size + SPARE_ROWS) * stride).fill(NaN);
  const next: TauSlots = { rows: new Map(), cols: new Map(), stride, matrix: out };
  for (const [k] of keptRows) next.rows.set(k, next.rows.size);
  for (const [k] of keptCols) next.cols.set(k, next.cols.size);
  const matrix = slots.matrix;
  const oldCols = Int32Array.from(keptCols, ([, c]) => c);
  for (const [k, r] of keptRows) {
    const from = r * slots.stride;
    const to = next.rows.get(k)! * next.stride;
    for (let c = 0; c < oldCols.length; c++) out[to + c] = matrix[from + oldCols[c]];
  }
  return next;
}

/** Each site's identity in the memos (road node, access leg, place: the same key, the same trips); undefined without sites. */
function siteKeys(instance: Instance): string[] | undefined {
  return (instance as Instance & Partial<NetworkView>).sites?.map((s) => `${s.node}:${s.accessHours}:${s.place}`);
}

/** Fills out[i] = τ(a, targets[i]) for i ≥ from (targets are compounds), except where skip[i] is 1. */
type TauRow = (a: number, targets: Int32Array, from: number, out: Float64Array, skip?: Uint8Array) => void;

function rowsOf(tau: (a: number, b: number) => number): TauRow {
  return (a, targets, from, out, skip) => {
    for (let i = from; i < targets.length; i++) if (skip === undefined || skip[i] === 0) out[i] = tau(a, targets[i]);
  };
}
