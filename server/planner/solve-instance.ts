/**
 * The dispatch heuristic on a numeric Instance: the better of the commander's rule and two greedy constructions,
 * improved by large-neighbourhood search (ruin and recreate with regret insertion) under an iteration budget and an
 * optional time limit. Deterministic for a seed when the time limit does not bind (iterations decide, not the
 * clock). Never worse than the commander's rule: it starts from it and only keeps improvements.
 */
import type { Instance, ResourcePolicy, Routes } from "./instance.ts";
import { simulateRoutes } from "./simulate-routes.ts";
import { fullLocalSearch, iteratedFullLocalSearch } from "./full-local-search.ts";
import { placeMvTrucks } from "./mv-placement.ts";
import { alternateMvAndLv } from "./mv-alternation.ts";
import type { FlowPlan } from "./flow/flow-plan.ts";
import { mvTrucks } from "./bounds/mv-bound.ts";
import { commanderRule } from "./commander-rule.ts";
import { RouteState } from "./route-state.ts";
import { randomInt, seededRandom } from "../../shared/seeded-random.ts";
import { localSearch } from "./local-search.ts";
import { replanRoutes, type ReplanOptions } from "./replan.ts";
import { sanitize } from "./sanitize.ts";
import { recreate } from "./recreate.ts";
import { nearestCompounds } from "./nearest-compounds.ts";
import { enforceRules } from "./enforce-rules.ts";
import { withoutUnpinned } from "./assignment-rules.ts";

export interface SolveOptions {
  seed?: number;
  /** stop after this long (needs `ticker`) */
  timeLimitMs?: number;
  /** monotonic ms, injected (the core never reads the clock itself) */
  ticker?: () => number;
  /** LNS iterations; default scales with size */
  maxIterations?: number;
  /** routes to start from as well (e.g. a previous plan or an exact flow's solution) */
  warmStart?: Routes;
  /** re-plan mode (with warmStart = the previous routes): repair, then change only what pays (replan.ts) */
  replan?: ReplanOptions;
  /** told each better cost as the search finds it (a bound running beside the search aims at it) */
  onImprove?: (cost: number) => void;
  /**
   * told once the best of the starts (the commander's rule, a warm start, the two greedy constructions) is known,
   * with its cost: unlike the costs onImprove hears, it never depends on timing (a bound under a work budget aims
   * at it)
   */
  onStarts?: (cost: number) => void;
  /**
   * work budget: deadline checks the search may make (plan-budget.ts); deterministic, unlike the time limit, which
   * is then only a safety cap (SolveResult.cut says when it bit)
   */
  maxTicks?: number;
  /** a proven lower bound on the cost (core case: the flow's optimum): the search stops once it reaches it */
  floorCost?: number;
  /**
   * #17: the flow of the LV trucks alone (withoutMvTrucks, a core case): its routes and prices start the MV trucks'
   * placement by turns (mv-alternation.ts) beside the placement on the best start
   */
  lvFlow?: Pick<FlowPlan, "routes" | "prices">;
}

export interface SolveResult {
  routes: Routes;
  cost: number;
  /** cost of the commander's rule on the same instance */
  baselineCost: number;
  iterations: number;
  /** re-plan mode: compounds whose planned trucks differ from the warm start's */
  changed?: number;
  /** the time limit (not the work budget) stopped the search: the result depends on the machine's speed */
  cut: boolean;
  /**
   * #17: how the schedule assigns crews and tankers to these routes ("rule": the commander's rule's routes and
   * choices won); absent = the planner's
   */
  policy?: ResourcePolicy;
}

const EPS = 1e-9;
/** record-to-record travel: accept up to this share of the best cost worse early on, shrinking to 0 */
const THRESHOLD = 2e-5;
/**
 * #17: full-schedule evaluations each final local search may make (fullLocalSearch): 4,000 on a small case, fewer
 * as a schedule costs more (≈ 2·10⁵ / compounds: 333 on the 600-compound city), so an untimed plan stays bounded
 */
const fullMoves = (C: number): number => Math.min(4000, Math.ceil(2e5 / Math.max(1, C)));
/** #17: perturbations of the iterated full local search */
const FULL_KICKS = 40;

/**
 * @example
 * const { routes, cost } = solveInstance(buildInstance(scenario), { seed: 1 });
 */
export function solveInstance(inst: Instance, options: SolveOptions = {}): SolveResult {
  const rnd = seededRandom(options.seed ?? 1);
  const deadline = options.ticker && options.timeLimitMs !== undefined ? options.ticker() + options.timeLimitMs : Infinity;
  // The search asks timeUp often (every few moves, every LNS iteration): the moment to tell onImprove of a better
  // cost of the routes under search (any routes' cost is a plan's; LNS asks between iterations, never mid-ruin).
  const watched: { state?: RouteState } = {};
  let told = Infinity;
  const tell = (cost: number): void => {
    if (options.onImprove && cost < told * (1 - 1e-6)) { told = cost; options.onImprove(cost); }
  };
  const maxTicks = options.maxTicks ?? Infinity;
  let ticks = 0;
  let cut = false;
  const timeUp = (): boolean => {
    if (watched.state) tell(watched.state.total);
    if (++ticks > maxTicks) return true;
    if (deadline !== Infinity && options.ticker!() >= deadline) cut = true;
    return cut;
  };

  // #17: with crews or fuel the search moves on the relaxed RouteState (no crew waits, no fuel) and judges by the
  // full schedule (simulateRoutes): a start, an LNS iteration and the end result are accepted on their full cost
  const full = inst.resources ? (routes: Routes, policy: ResourcePolicy = "planner"): number => simulateRoutes(inst, routes, policy).cost : null;
  const costOf = (st: RouteState): number => (full ? full(st.routes) : st.total);
  const baseline = commanderRule(inst);
  /**
   * The end of a search with resources: moves judged on the full schedule, from the best routes found and from the
   * commander's rule's routes; never worse than the rule with its own crew and tanker choices.
   */
  const searchInFull = (start: Routes, startCost: number, iterations: number): SolveResult => {
    const moves = fullMoves(inst.compounds.length);
    // #17: MV trucks placed by turns with the LV part's flow when it is at hand (mv-alternation.ts; seed 201's
    // operations city: 26.20M, against 26.45M placed on the best start), else by what a feeder's set is worth on
    // the best start (a no-op without MV trucks)
    const turned = options.lvFlow ? alternateMvAndLv(inst, options.lvFlow, timeUp) : null;
    let { routes, cost, policy } = turned && turned.cost < startCost ? turned : placeMvTrucks(inst, start, startCost, timeUp);
    ({ routes, cost, policy } = iteratedFullLocalSearch(inst, routes, cost, timeUp, moves, rnd, FULL_KICKS, policy));
    const fromRule = fullLocalSearch(inst, baseline, baselineCost, timeUp, moves, "rule");
    if (fromRule.cost < cost - EPS * Math.max(1, Math.abs(cost))) ({ routes, cost, policy } = fromRule);
    tell(cost);
    if (baselineCost < cost - EPS * Math.max(1, Math.abs(baselineCost))) return { routes: baseline, cost: baselineCost, baselineCost, iterations, cut, policy: "rule" };
    return { routes, cost, baselineCost, iterations, cut, ...(policy === "rule" ? { policy } : {}) };
  };
  if (options.replan && options.warmStart) {
    const { state, changed } = replanRoutes(inst, options.warmStart, options.replan, rnd, timeUp);
    // (with pins or forbids, #16: the rule made to obey them; the baseline figure stays the rule's own)
    const rule = new RouteState(inst, enforceRules(inst, baseline));
    const ruleCost = full ? full(baseline, "rule") : inst.rules ? new RouteState(inst, baseline).total : rule.total;
    const ruleOwn = full ? full(rule.routes, "rule") : rule.total;
    const planned = costOf(state);
    // never worse than the commander's rule, even at the price of churn
    if (ruleOwn < planned - EPS * Math.max(1, Math.abs(ruleOwn))) {
      return { routes: rule.snapshot(), cost: ruleOwn, baselineCost: ruleCost, iterations: 0, cut, ...(full ? { policy: "rule" as const } : {}) };
    }
    return { routes: state.snapshot(), cost: planned, baselineCost: ruleCost, iterations: 0, changed, cut };
  }
  // every start obeys the commander's pins and forbids (#16); the baseline figure is the rule's own
  const starts: Routes[] = [enforceRules(inst, baseline)];
  if (options.warmStart) starts.push(enforceRules(inst, sanitize(inst, options.warmStart)));
  const ruleState = new RouteState(inst, baseline);
  const baselineCost = full ? full(baseline, "rule") : ruleState.total;
  let state = inst.rules ? new RouteState(inst, starts[0]) : ruleState;
  tell(baselineCost);
  // the warm start already proven optimal (core case): nothing left to search for
  const floor = options.floorCost;
  if (floor !== undefined && options.warmStart) {
    const warm = new RouteState(inst, starts[1]);
    if (warm.total < state.total - EPS) state = warm;
    if (state.total <= floor + EPS * Math.max(1, Math.abs(floor))) {
      options.onStarts?.(state.total);
      dropUselessStops(state);
      state.recomputeTotal();
      return { routes: state.snapshot(), cost: state.total, baselineCost, iterations: 0, cut };
    }
  }
  for (const score of ["gain", "rate"] as const) {
    if (timeUp()) break;
    starts.push(enforceRules(inst, greedyByTime(inst, score)));
  }
  let stateCost = costOf(state);
  for (const s of starts.slice(1)) {
    const candidate = new RouteState(inst, s);
    const cost = costOf(candidate);
    if (cost < stateCost - EPS) { state = candidate; stateCost = cost; }
  }
  options.onStarts?.(stateCost);
  // #17: with MV trucks the relaxed search sees each as a truck at one compound, and on the operations city (seed
  // 201) it only lost: 26.77M after the starts, 26.84M after the relaxed local search, no LNS iteration accepted in
  // 1 s, which was all the time left, so the feeder placement and the full local search never ran. They run now.
  if (full && mvTrucks(inst).length > 0) return searchInFull(state.snapshot(), stateCost, 0);
  const C = inst.compounds.length;
  const maxIterations = options.maxIterations ?? Math.min(6000, 300 + 4 * C);
  // (told only relaxed costs, a bound beside the search would aim too low: with resources it hears the full ones)
  if (!full) watched.state = state;
  localSearch(state, timeUp);
  const iterations = largeNeighbourhoodSearch(state, rnd, maxIterations, timeUp, full ? costOf : null);
  if (!full) {
    localSearch(state, timeUp);
    dropUselessStops(state);
    state.recomputeTotal();
    return { routes: state.snapshot(), cost: state.total, baselineCost, iterations, cut };
  }
  // the relaxed local search may cost more in full: kept only when it does not
  const searched = state.snapshot();
  const searchedCost = costOf(state);
  localSearch(state, timeUp);
  dropUselessStops(state);
  let routes = state.snapshot();
  let cost = costOf(state);
  if (searchedCost < cost) { routes = searched; cost = searchedCost; }
  return searchInFull(routes, cost, iterations);
}
/**
 * Event-driven greedy: the truck that is free earliest takes the compound it improves most ("gain") or most per
 * hour it will be tied up there ("rate"), until no truck can improve anything.
 */
export function greedyByTime(inst: Instance, score: "gain" | "rate"): Routes {
  const st = new RouteState(inst, inst.trucks.map(() => []));
  const active = new Set(inst.trucks.map((t) => t.index));
  while (active.size > 0) {
    let k = -1;
    let kFree = Infinity;
    for (const a of active) {
      const f = st.endOf(a).free;
      if (f < kFree) { kFree = f; k = a; }
    }
    const L = st.routes[k].length;
    let best = -1;
    let bestScore = 0;
    for (let j = 0; j < inst.compounds.length; j++) {
      if (st.suppliedFraction(j) >= 1 || st.serves(k, j)) continue;
      const d = st.evalInsert(j, k, L);
      if (!(d < -EPS)) continue;
      const tied = Math.max(inst.compounds[j].gridReturn - kFree, 1e-6);
      const s = score === "gain" ? -d : -d / tied;
      if (s > bestScore) { bestScore = s; best = j; }
    }
    if (best < 0) active.delete(k);
    else st.insert(best, k, L);
  }
  return st.snapshot();
}

/** Ruin and recreate; keeps the best routes in `state` at the end. */
function largeNeighbourhoodSearch(state: RouteState, rnd: () => number, maxIterations: number, timeUp: () => boolean,
  fullCost: ((st: RouteState) => number) | null): number {
  const total = (): number => (fullCost ? fullCost(state) : state.total);
  const inst = state.inst;
  const C = inst.compounds.length;
  // its set-up (nearest compounds: C² distances) takes a tenth of a second at city scale: not past the deadline
  if (C === 0 || inst.trucks.length === 0 || timeUp()) return 0;
  let best = state.snapshot();
  let bestCost = total();
  let current = bestCost;
  const neighbours = nearestCompounds(inst, Math.min(C - 1, 25));
  const order = inst.compounds.map((c) => c.index).sort((a, b) => inst.compounds[a].gridReturn - inst.compounds[b].gridReturn || a - b);
  const rank = new Int32Array(C);
  order.forEach((j, r) => { rank[j] = r; });
  const byGrid: ByGrid = { order, rank };
  // stop early once the search has stagnated for a while (deterministic, unlike the clock)
  const patience = Math.max(400, Math.min(2000, 2 * C));
  let lastImprovement = 0;
  let it = 0;
  for (; it < maxIterations && it - lastImprovement <= patience; it++) {
    if (timeUp()) break;
    const saved = new Map<number, number[]>();
    const setRoute = (k: number, r: number[]): void => {
      if (!saved.has(k)) saved.set(k, state.routes[k].slice());
      state.setRoute(k, r);
    };
    const candidates = ruin(state, rnd, neighbours, byGrid, setRoute);
    recreate(state, candidates, rnd() < 0.5, setRoute);
    // accept equal or slightly worse solutions early on (record-to-record travel), so the search can cross plateaus
    const threshold = THRESHOLD * Math.abs(bestCost) * Math.max(0, 1 - (2 * it) / maxIterations);
    const now = total();
    if (now < bestCost - EPS * Math.max(1, Math.abs(bestCost))) {
      best = state.snapshot();
      bestCost = now;
      current = now;
      lastImprovement = it;
    } else if (now <= current + threshold + EPS) {
      current = now;
    } else {
      for (const [k, r] of saved) state.setRoute(k, r);
    }
  }
  state.routes.forEach((_r, k) => state.setRoute(k, best[k]));
  return it;
}

/** Compounds in grid-return order and each compound's rank in it. */
interface ByGrid {
  order: number[];
  rank: Int32Array;
}

/** Removes a few related stops; returns the compounds to try to (re)insert. */
function ruin(state: RouteState, rnd: () => number, neighbours: Int32Array[], byGrid: ByGrid, setRoute: (k: number, r: number[]) => void): number[] {
  const inst = state.inst;
  const C = inst.compounds.length;
  const seed = randomInt(rnd, C);
  const q = 1 + randomInt(rnd, Math.min(12, C));
  const chosen = new Set<number>([seed]);
  const kind = rnd();
  if (kind < 0.4) {
    // related in space: the seed's nearest compounds (served or not)
    for (const n of neighbours[seed]) {
      if (chosen.size >= q) break;
      if (rnd() < 0.8) chosen.add(n);
    }
  } else if (kind < 0.7) {
    // related in time: served compounds whose grid returns close to the seed's. Trucks are tied up until grid
    // return, so these are the stops competing for the same trucks at the same time.
    const at = byGrid.rank[seed];
    for (let d = 1; chosen.size < q && d < C; d++) {
      for (const r of [at - d, at + d]) {
        const j = byGrid.order[r];
        if (j !== undefined && state.supplies[j].length > 0 && chosen.size < q) chosen.add(j);
      }
    }
  } else if (kind < 0.9) {
    // a whole route tail of a random busy truck, plus the seed
    const busy = state.routes.map((r, k) => (r.length > 0 ? k : -1)).filter((k) => k >= 0);
    if (busy.length > 0) {
      const k = busy[randomInt(rnd, busy.length)];
      const r = state.routes[k];
      for (let p = randomInt(rnd, r.length); p < r.length && chosen.size < q + 1; p++) chosen.add(r[p]);
    }
  } else {
    while (chosen.size < q) chosen.add(randomInt(rnd, C));
  }
  state.routes.forEach((r, k) => {
    if (r.some((j) => chosen.has(j))) setRoute(k, withoutUnpinned(inst, k, r, chosen));
  });
  // unserved neighbours of the seed are worth a try too
  for (const n of neighbours[seed].slice(0, 8)) if (state.suppliedFraction(n) < 1) chosen.add(n);
  return [...chosen];
}

/** Removes stops whose removal does not increase the cost (e.g. switched on after the grid returned). */
export function dropUselessStops(state: RouteState): void {
  state.routes.forEach((_r, k) => {
    for (let p = state.routes[k].length - 1; p >= 0; p--) {
      if (state.evalRemove(k, p) <= EPS) state.removeAt(k, p);
    }
  });
}
