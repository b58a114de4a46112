/**
 * The planner's entry point: a scenario document in, a plan document out (shared/plan.ts contract).
 * Pure: no clock (inject `ticker`), no randomness but the seed, input never mutated.
 */
import type { Scenario } from "../../shared/scenario.ts";
import { UnservedReason, type Plan, type PlanCompound, type PlanTruck, type Unserved } from "../../shared/plan.ts";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { validateScenario } from "../../shared/validate-scenario.ts";
import { isoInZone } from "../../shared/format-time.ts";
import type { Instance, Routes } from "./instance.ts";
import { buildInstance, type PlannerInstance } from "./build-instance.ts";
import { simulateRoutes, truckStart, type RouteSimulation } from "./simulate-routes.ts";
import { noTrucksOutageCost } from "./objective.ts";
import { solveInstance, type SolveResult } from "./solve-instance.ts";
import { flowPlan, isCoreCase, type FlowPlan } from "./flow/flow-plan.ts";
import { computeLowerBound, keepArcs, type LowerBoundOptions, type LowerBoundResult } from "./bounds/lower-bound.ts";
import { mvTrucks, withoutMvTrucks } from "./bounds/mv-bound.ts";
import { mvAwareBound } from "./bounds/joint-mv-bound.ts";
import { feederCutInstance } from "./bounds/feeder-cut-bound.ts";
import type { RunningBound, StartBound } from "./bounds/parallel-bound.ts";
import { boundMemo, isoWriterFor, newBoundMemo, type PlannerCache } from "./planner-cache.ts";
import { flowMsEstimate, planBudget, type WorkBudget } from "./plan-budget.ts";
import { withAssignmentRules } from "./enforce-rules.ts";
import type { AssignmentPair } from "../../shared/plan.ts";
import { toMillilitre } from "../../shared/restoration/truck-fuel.ts";

/** PlanOptions.replanShare's default: the share of `timeLimitMs` a re-plan may use */
export const REPLAN_SHARE = 0.05;

/**
 * A re-plan's bound stops after this many subgradient evaluations in a row without gain (as many as halve the step):
 * on four medium cities (400 steps each), re-plans after a substation's return moved gained at nearly every step,
 * after a road closure or a breakdown never, after a new compound at every step or not for the first ten
 */
const REPLAN_BOUND_STALL = 2;

export interface PlanOptions {
  /** the planning instant, ms since Unix epoch: no departure before it */
  at?: number;
  timeLimitMs?: number;
  seed?: number;
  /** monotonic ms, injected: the core never reads the clock */
  ticker?: () => number;
  /** LNS iterations (default scales with size) */
  maxIterations?: number;
  /** routes to start from too, by truck index (e.g. an exact flow's solution) */
  warmStart?: Routes;
  /**
   * a previous plan of (a version of) this scenario: re-plan mode. Its routes are repaired (stops made useless or
   * impossible dropped, compounds that lost their truck and new compounds inserted) and then changed only where a
   * change saves more than `churnPenalty` per compound whose trucks change (replan.ts); no flow, a short search.
   */
  previousPlan?: Plan;
  /** re-plan mode: customer-hours a changed assignment must save (default 2e-5 × the plan's cost) */
  churnPenalty?: number;
  /**
   * re-plan mode: share of `timeLimitMs` the re-plan may use (default 0.05: with the bound's first evaluation and the
   * instance on top, a re-plan then takes under a tenth of a full plan's time on the bench cities)
   */
  replanShare?: number;
  /**
   * share of the time limit the search may use when the bound needs subgradient steps (outside the core case);
   * the bound gets what is left. Default 0.5. Not used when the bound runs beside the search (`parallelBound`).
   */
  searchShare?: number;
  /**
   * runs a timed full plan's bound on another core while the search runs (server/compute/bound-thread.ts), so each
   * gets the whole time limit instead of a share of it; re-plans, untimed plans and the core case (the flow is the
   * bound) bound inline. The same relaxation either way (bounds/parallel-bound.ts).
   */
  parallelBound?: StartBound;
  /**
   * reuse the road network, flood closures and travel rows of earlier plans on the same roads (createPlannerCache);
   * the plan is the same with or without it
   */
  cache?: PlannerCache;
  /**
   * choose the work from the instance's size (plan-budget.ts; the CLI's default): a search budget in ticks and a
   * fixed number of bound steps aimed at the best start's saving (solveInstance's onStarts), so the plan and its
   * lowerBound are the same for the same input and seed however loaded the machine; the search stops at once when
   * the flow has proven its plan optimal (core case). `timeLimitMs`, when given, sizes the work instead (the same rates) and is the cap;
   * else the cap is a few times the work's time (plan-budget.ts: only a far slower or busier machine reaches it). The
   * plan says which (`budget`), and whether the cap cut the work (`budget.cut`). A re-plan without `timeLimitMs`
   * gets the budget's re-plan time for its search and the budget's `replanBoundSteps` for its bound (plan-budget.ts).
   * `workLimitMs` sizes the work without changing the cap (tests: the default work under a generous cap).
   */
  autoBudget?: boolean;
  workLimitMs?: number;
  /**
   * #16: (truck, compound) pairs the plan must keep, and pairs it must never make (enforce-rules.ts). Throws
   * LianxinError(impossible) naming `pins[i]` / `forbid[i]` when one cannot be kept. The lower bound ignores them: a
   * pin or a forbid only removes plans, so a bound on every plan still bounds the restricted ones.
   */
  pins?: AssignmentPair[];
  forbid?: AssignmentPair[];
}

/**
 * Plans the dispatch of a scenario. Throws LianxinError(invalid_input) naming every offending field of a bad
 * scenario (including sites with no road nearby); compounds that cannot or should not be served are listed in
 * `unserved` with a reason.
 *
 * @example
 * const plan = planDispatch(scenario, { seed: 1, at: Date.parse("2021-07-21T08:00:00+08:00") });
 * plan.customerOutageHours <= plan.baselineCustomerOutageHours; // true
 */
export function planDispatch(scenario: Scenario, options: PlanOptions = {}): Plan {
  // the time limit counts from the call: validating a city-sized scenario is part of it
  const started = options.ticker?.();
  const checked = validateScenario(scenario);
  if (!checked.ok) throw new LianxinError(ErrorCode.invalidInput, "invalid scenario", checked.details);
  return planFrom(checked.scenario, options, started);
}

/**
 * planDispatch for a scenario the caller has just validated with validateScenario (the CLI and the plan job check
 * their input at their edge to report it their way; validating a city-sized document twice costs 15-130 ms).
 * Still throws LianxinError(invalid_input) for sites with no road nearby, which only building the instance finds.
 *
 * @example
 * const r = validateScenario(doc);
 * if (r.ok) planValidScenario(r.scenario, { seed: 1 });
 */
export function planValidScenario(scenario: Scenario, options: PlanOptions = {}): Plan {
  return planFrom(scenario, options, options.ticker?.());
}

/** What the steps of one plan share: the instance, its start, its budget and clock. */
interface PlanRun {
  scenario: Scenario;
  options: PlanOptions;
  started: number | undefined;
  inst: PlannerInstance;
  previous: Plan | undefined;
  /** the routes given to start from: the previous plan's (re-plan) or the caller's warm start */
  given: Routes | undefined;
  flow: FlowPlan | undefined;
  /** false when the flow has proven its plan optimal (core case): the bound needs no subgradient steps */
  needsSteps: boolean;
  work: WorkBudget | undefined;
  limit: number | undefined;
  deadline: number | undefined;
  /** ms left before the deadline (the whole limit without a clock) */
  left(): number | undefined;
  /** customer outage hours with no truck moving */
  none: number;
  memo: ReturnType<typeof boundMemo>;
  /** #17: MV trucks: the bound is taken inline, the best of the MV bounds (mvBound) */
  mv: boolean;
  /**
   * #17: a full plan with MV trucks whose LV part (withoutMvTrucks) is a core case: that part's flow, a start the
   * search places the MV trucks on and, by its prices, the joint bound (joint-mv-bound.ts)
   */
  mvFlow: FlowPlan | undefined;
  /** the instance the LV bound is taken on: inst with its MV trucks idle (withoutMvTrucks), else inst */
  lvInst: PlannerInstance;
}

/** planValidScenario with the time limit counted from `started` (the ticker's reading at the call), step by step. */
function planFrom(scenario: Scenario, options: PlanOptions, started: number | undefined): Plan {
  const run = prepareRun(scenario, options, started);
  const beside = startBoundBeside(run);
  const result = searchRoutes(run, beside);
  const collected = beside?.collect();
  const bound = collected ? collectedBound(run, collected) : inlineBound(run, beside, result);
  const sim = simulateRoutes(run.inst, result.routes, result.policy);
  return planDocument(run, sim, result, bound, beside !== undefined && collected === undefined);
}

/**
 * Step 1: the instance (with the commander's pins and forbids), where to start from (the previous plan's routes in
 * a re-plan, a warm start, or in the core case the exact min-cost flow), the work budget and the deadline.
 */
function prepareRun(scenario: Scenario, options: PlanOptions, started: number | undefined): PlanRun {
  const inst = withAssignmentRules(buildInstance(scenario, { at: options.at, cache: options.cache }), options.pins, options.forbid);
  const ticker = options.ticker;
  const previous = options.previousPlan;
  const given = previous ? routesFromPlan(inst, previous) : options.warmStart;
  // Core case: the min-cost flow is the proven optimum (flow-plan.ts): the search starts from it and it is the bound.
  // A re-plan (warm start given) skips it: its budget is a tenth of a full plan's.
  // (#17: crews and fuel leave the core case: the flow would only be a relaxation)
  const flow: FlowPlan | undefined = given === undefined && !inst.resources && isCoreCase(inst) ? flowPlan(inst) : undefined;
  const mv = mvTrucks(inst).length > 0;
  const lvInst = mv ? withoutMvTrucks(inst) : inst;
  const needsSteps = !(flow?.exact ?? false);
  const work: WorkBudget | undefined = options.autoBudget ? budgetFor(inst, options, !needsSteps) : undefined;
  // a re-plan is timed, not budgeted: its share of the time limit, else (a work budget) the budget's re-plan time
  const share = options.replanShare ?? REPLAN_SHARE;
  const limit = previous
    ? (options.timeLimitMs !== undefined ? options.timeLimitMs * share : work ? (options.replanShare !== undefined ? work.workMs * share : work.replanMs) : undefined)
    : work ? work.limitMs : options.timeLimitMs;
  const deadline = started !== undefined && limit !== undefined ? started + limit : undefined;
  const left = (): number | undefined => (deadline === undefined ? limit : Math.max(0, deadline - ticker!()));
  // (≈ 0.5 s at 600 compounds; the bound needed it anyway. At 2,000 × 250 it takes ~17 s: a timed plan skips it when
  // it would not fit a third of the time, and bounds by the Lagrangian)
  const mvFlow = mv && !previous && isCoreCase(lvInst) && (limit === undefined || flowMsEstimate(lvInst.compounds.length, lvInst.trucks.length) <= 0.3 * limit) ? flowPlan(lvInst) : undefined;
  return {
    scenario, options, started, inst, previous, given, flow, needsSteps, work, limit, deadline, left,
    none: noTrucksOutageCost(inst), memo: boundMemo(options.cache, inst.network), mv, mvFlow, lvInst,
  };
}

/**
 * Step 2: outside the core case a timed full plan's bound may run beside the search (the cache's memo goes with it);
 * re-plans, untimed plans and plans with MV trucks bound inline.
 */
function startBoundBeside(run: PlanRun): RunningBound | undefined {
  const { options, previous, flow, deadline, work, memo } = run;
  if (!(options.parallelBound && !previous && flow === undefined && deadline !== undefined && !run.mv)) return undefined;
  return options.parallelBound({ scenario: run.scenario, at: options.at, timeLimitMs: run.left()!, reuse: memo, ...(work ? { steps: work.boundSteps } : {}) });
}

/** A memo that went with a bound that does not come back is gone (its buffers were transferred): start afresh. */
function forgetMemo(run: PlanRun, beside: RunningBound | undefined): void {
  if (run.memo && beside?.tookMemo) Object.assign(run.memo, newBoundMemo());
}

/**
 * Step 3: the search (solveInstance) within the budget, telling a bound beside it each better saving, or under a
 * work budget the best start's alone (`startCost`, which the bound inline aims at too).
 */
function searchRoutes(run: PlanRun, beside: RunningBound | undefined): SolveResult & { startCost?: number } {
  const { inst, options, previous, given, flow, work, none } = run;
  let startCost: number | undefined;
  try {
    const budget = run.left();
    const result = solveInstance(inst, {
      seed: options.seed,
      // (a work budget sizes both: the cap only guards, so the search may use all of it; but a search with MV trucks
      // and the LV flow runs full schedules its ticks hardly count, so the cap decides it: its share of the cap, so
      // that the bound after it ends before the cap too)
      timeLimitMs: budget === undefined ? undefined : run.needsSteps && !beside && (!work || run.mvFlow) ? budget * (options.searchShare ?? searchShare(run)) : budget,
      ticker: options.ticker,
      // With a work budget the bound aims at the best start's saving only: later ones depend on timing. (The rule's
      // alone, as before, left the large bench city 0.13M customer-hours looser after its 168 steps: 95.91M against
      // 96.04M aimed at the best start, the "rate" construction's 98.39M; the plan was 98.03M.)
      onImprove: beside && !work ? (cost) => beside.aim(none - cost) : undefined,
      onStarts: (cost) => {
        startCost = cost;
        if (beside && work) beside.aim(none - cost);
      },
      maxIterations: options.maxIterations,
      maxTicks: work && !previous ? work.searchTicks : undefined,
      floorCost: work && flow?.exact ? flow.cost : undefined,
      warmStart: given ?? flow?.routes,
      lvFlow: run.mvFlow,
      replan: previous ? { candidates: replanCandidates(inst, previous, given!), churnPenalty: options.churnPenalty } : undefined,
    });
    return { ...result, startCost };
  } catch (error) {
    // a thread left bounding would hold the next plan's bound until this deadline
    beside?.abandon();
    forgetMemo(run, beside);
    throw error;
  }
}

/**
 * The share of a timed plan's time its search gets when the bound runs after it on the same core: half, but with
 * MV trucks and the LV part's flow at hand the bound is a few fixed evaluations and MV_PRICE_STEPS (no steps to
 * fill), ~0.8-1.2 s at 600 compounds, and the search's turns (mv-alternation.ts) need the time more
 */
function searchShare(run: PlanRun): number {
  return run.mvFlow ? 0.6 : 0.5;
}

/** Step 4a: the bound computed beside the search; its memo comes back into the cache. */
function collectedBound(run: PlanRun, collected: NonNullable<ReturnType<RunningBound["collect"]>>): LowerBoundResult {
  if (run.memo && collected.reuse) Object.assign(run.memo, collected.reuse);
  return collected.result;
}

/**
 * Step 4b: the bound inline. It fills the rest of the budget (anytime: every full-arc evaluation is valid; a bound
 * beside the search that failed leaves one evaluation), aiming its Polyak steps at the saving this plan proves
 * possible. With a cache, the relaxed travel between compounds is kept for the next plan; a re-plan also starts from
 * the last bound's prices (a full plan does not, so that it is the same with or without a cache).
 */
function inlineBound(run: PlanRun, beside: RunningBound | undefined, result: SolveResult & { startCost?: number }): LowerBoundResult {
  const { inst, memo, previous, flow, deadline, work, none } = run;
  forgetMemo(run, beside);
  const reuse = memo && { ...memo, prices: previous ? memo.prices : new Map<string, number>() };
  const { lvInst, mvFlow } = run;
  const options = {
    flow: flow ?? mvFlow,
    // a timed re-plan cannot afford the flow: the Lagrangian within the deadline instead
    // (a timed full plan outside the core case: useFlow and searchFree false, as boundFullPlan beside the search)
    // #17: a full plan with MV trucks bounds its LV part by the flow when that part is a core case (≈ 0.8 s at 600
    // compounds: tighter than the Lagrangian in the time left, and done sooner)
    useFlow: flow !== undefined || deadline === undefined || (run.mv && !previous && mvFlow !== undefined),
    // and no searches for the bound's own travel (after a road closes, most rows of the new closures are not cached)
    searchFree: previous !== undefined && deadline !== undefined,
    // a work budget: the same steps and aim as beside the search (the same bound, one core or two)
    knownSaving: none - (work && !previous ? result.startCost ?? result.baselineCost : result.cost),
    // (a re-plan with a work budget and no time limit given: a fixed number of steps, the budget's cap only guards
    // them, so that its bound is the same however loaded the machine; with a limit given, its deadline as before)
    iterations: work && !previous && run.needsSteps ? work.boundSteps : work && previous ? work.replanBoundSteps : undefined,
    timeUp: deadline === undefined ? (work ? () => false : undefined) : boundTimeUp(run),
    // a re-plan's first evaluation from the last bound's prices is mostly its final bound (after a road closes or a
    // truck breaks down, 400 steps gained nothing on the bench's cities): steps stop once REPLAN_BOUND_STALL in a row
    // gain nothing, instead of filling the deadline, and no polishing passes follow
    ...(previous ? { stallStop: REPLAN_BOUND_STALL, fullPasses: 0 } : {}),
  };
  const bound = computeLowerBound(lvInst, { ...options, reuse });
  // a full plan whose bound is the flow's optimum: its arcs kept for the re-plans after it (keepArcs)
  if (reuse && !previous && bound.provenOptimal && lvInst === inst) keepArcs(inst, reuse);
  if (memo && reuse) Object.assign(memo, { arcs: reuse.arcs, olderArcs: reuse.olderArcs, tauSlots: reuse.tauSlots, spareArcs: reuse.spareArcs });
  if (memo && reuse && reuse.prices.size > 0) memo.prices = reuse.prices;
  // core case: the flow's duals are the Lagrangian's optimal prices, the best start for a re-plan's bound
  else if (memo && flow?.prices) memo.prices = flow.prices;
  return run.mv ? { ...bound, bound: mvBound(run, result, bound.bound, options) } : bound;
}

/** When the inline bound must stop: at the deadline, but a re-plan with a work budget and no limit given at its cap. */
function boundTimeUp(run: PlanRun): () => boolean {
  const { previous, work, options, started } = run;
  const until = previous && work && options.timeLimitMs === undefined && started !== undefined ? started + work.limitMs : run.deadline!;
  return () => options.ticker!() >= until;
}

/**
 * #17: the bound of an instance with MV trucks from `lvBound`, its LV part's (withoutMvTrucks): the better of the
 * two-part and joint bounds (joint-mv-bound.ts) and, in a full plan, the MV trucks as LV ones with the compounds
 * on a feeder counted only until the soonest MV switch-on there (feeder-cut-bound.ts, the same steps):
 * tight where few compounds are on feeders or the MV trucks come late, as in Zhengzhou.
 */
function mvBound(run: PlanRun, result: SolveResult, lvBound: number, options: LowerBoundOptions): number {
  const { inst, previous, mvFlow } = run;
  // (a re-plan's bound takes the MV part unpriced: its budget is a twentieth of a full plan's)
  const mvAware = mvAwareBound(inst, lvBound, mvFlow, previous ? undefined : { steps: MV_PRICE_STEPS, planCost: result.cost });
  if (previous) return mvAware;
  const cut = feederCutInstance(inst, options);
  // its bound is at most its outage with no trucks: where the MV trucks could reach every feeder soon (the
  // operations city) that is below mvAware, and its flow and steps (~0.7 s at 600 compounds) are not spent
  const cutNone = noTrucksOutageCost(cut);
  if (!(cutNone > mvAware)) return mvAware;
  const knownSaving = cutNone - simulateRoutes(cut, result.routes).cost;
  const feederCut = computeLowerBound(cut, { ...options, flow: isCoreCase(cut) ? flowPlan(cut) : undefined, knownSaving }).bound;
  return Math.max(mvAware, feederCut);
}

/**
 * #17: subgradient steps of the MV part priced apart (priced-mv-bound.ts) in a full plan's joint bound: a fixed
 * number, never cut by the deadline, so the bound is the same on any machine (~45 ms each at 600 compounds:
 * searchShare leaves them the time; operations seed 7: the MV part 4.01M → 3.76M in 20, 201: 4.13M → 3.92M)
 */
const MV_PRICE_STEPS = 20;

/** Step 5: the plan document (shared/plan.ts) of the routes' schedule, with its bound and budget. */
function planDocument(run: PlanRun, sim: RouteSimulation, result: SolveResult, bound: LowerBoundResult, besideFailed: boolean): Plan {
  const { scenario, inst, options, work } = run;
  const zone = scenario.timezone;
  const write = isoWriterFor(options.cache, zone);
  const iso = (h: number): string => write(inst.epochMs + h * 3_600_000);
  const plan: Plan = {
    scenario: scenario.id,
    customerOutageHours: sim.cost,
    baselineCustomerOutageHours: result.baselineCost,
    trucks: planTrucks(inst, sim, iso),
    compounds: planCompounds(inst, sim, iso),
    unserved: explainUnserved(inst, sim),
    // the bound never exceeds the optimum, hence this plan; min() only absorbs rounding (#17: with MV trucks, mvBound)
    lowerBound: Math.min(Math.max(0, bound.bound), sim.cost),
    noTrucksCustomerOutageHours: run.none,
    ...(options.at !== undefined ? { at: isoInZone(options.at, zone) } : {}),
    seed: options.seed ?? 1,
    ...(inst.stranded ? { stranded: inst.stranded.map((x) => ({ truck: inst.trucks[x.truck].id, compound: inst.compounds[x.compound].id, reason: "no-open-road" as const })) } : {}),
    ...(options.pins?.length ? { pins: options.pins } : {}),
    ...(options.forbid?.length ? { forbid: options.forbid } : {}),
    ...planResources(inst, sim, iso),
  };
  if (run.started !== undefined) plan.runtimeMs = options.ticker!() - run.started;
  if (work) {
    // a bound beside the search that failed was computed inline in what was left: the cap decided its steps
    const cut = result.cut || (bound.cut ?? false) || besideFailed;
    plan.budget = { limitMs: run.limit ?? work.limitMs, reason: run.previous ? `re-plan: ${work.reason}` : work.reason, cut };
  }
  return plan;
}

/** The work budget for this instance (plan-budget.ts): from its size, or sized to the caller's limit. */
function budgetFor(inst: PlannerInstance, options: PlanOptions, core: boolean): WorkBudget {
  const size = { compounds: inst.compounds.length, trucks: inst.trucks.length, nodes: inst.network.keys.length, epochs: inst.epochBoundaries.length + 1, core };
  const sized = planBudget(size, options.workLimitMs ?? options.timeLimitMs);
  return options.workLimitMs !== undefined ? { ...sized, limitMs: options.timeLimitMs ?? sized.limitMs } : sized;
}

/**
 * A plan's planned stops as Routes of this instance (by truck index): kept connections, stops at unknown compounds
 * and trucks no longer in the scenario are left out, so a plan made before an event is a safe warm start.
 *
 * @example
 * planDispatch(updatedScenario, { seed: 1, warmStart: routesFromPlan(buildInstance(updatedScenario), oldPlan) });
 */
export function routesFromPlan(inst: Instance, plan: Plan): Routes {
  const compoundIndex = new Map(inst.compounds.map((c) => [c.id, c.index]));
  const byTruck = new Map(plan.trucks.map((t) => [t.id, t.stops]));
  return inst.trucks.map((t) => {
    const fixed = new Set(t.fixed.map((f) => f.compound));
    const route: number[] = [];
    for (const stop of byTruck.get(t.id) ?? []) {
      const j = compoundIndex.get(stop.compound);
      if (j !== undefined && !fixed.has(j) && !route.includes(j)) route.push(j);
    }
    return route;
  });
}

/**
 * Compounds a re-plan must look at beyond the previous routes: new ones, and those the previous plan served with a
 * stop that is gone (its truck broke down or left the scenario).
 */
function replanCandidates(inst: Instance, previous: Plan, routes: Routes): number[] {
  const known = new Set(previous.compounds.map((c) => c.id));
  const served = new Set(previous.trucks.flatMap((t) => t.stops.map((s) => s.compound)));
  const kept = new Set<number>([...routes.flat(), ...inst.trucks.flatMap((t) => t.fixed.map((f) => f.compound))]);
  // Trucks the previous plan did not have (a convoy arrived) are new capacity: every compound it left unserved may
  // now get one, which the repair alone (only compounds that lost their truck) would never try.
  const planned = new Set(previous.trucks.map((t) => t.id));
  const newTrucks = inst.trucks.some((t) => !planned.has(t.id));
  return inst.compounds
    .filter((c) => !known.has(c.id) || (served.has(c.id) && !kept.has(c.index)) || (newTrucks && !served.has(c.id)))
    .map((c) => c.index);
}

export function planTrucks(inst: Instance, sim: RouteSimulation, iso: (h: number) => string): PlanTruck[] {
  const crews = inst.resources?.crews;
  return inst.trucks.map((t, k) => ({
    id: t.id,
    stops: sim.trucks[k].map((s) => ({
      compound: inst.compounds[s.compound].id,
      depart: iso(s.depart),
      arrive: iso(s.arrive),
      switchOn: iso(s.switchOn),
      release: iso(s.release),
      ...(s.crew !== undefined && crews ? { crew: crews[s.crew].id } : {}),
      ...(s.fuelOut !== undefined ? { fuelOut: iso(s.fuelOut) } : {}),
      ...(s.supplies !== undefined ? { supplies: s.supplies.map((j) => inst.compounds[j].id) } : {}),
    })),
  }));
}

/** #17: the tankers' and crews' routes of a simulation with resources, by id (empty lists when it has none). */
export function planResources(inst: Instance, sim: RouteSimulation, iso: (h: number) => string): Pick<Plan, "tankers" | "crews" | "fuelLevels"> {
  const res = inst.resources;
  if (!res) return {};
  const levels = res.fuel.flatMap((f, k) => (f?.level ? [{ truck: inst.trucks[k].id, at: iso(f.level.t), litres: toMillilitre(f.level.litres) }] : []));
  return {
    ...(levels.length > 0 ? { fuelLevels: levels } : {}),
    tankers: res.tankers.map((t, x) => ({
      id: t.id,
      stops: (sim.tankers?.[x].visits ?? []).map((v) => ({ truck: inst.trucks[v.truck].id, arrive: iso(v.arrive), litres: toMillilitre(v.litres), compound: inst.compounds[v.compound].id })),
      refills: (sim.tankers?.[x].refills ?? []).map((r) => ({ fuelDepot: res.fuelDepots[r.depot].id, arrive: iso(r.arrive), litres: toMillilitre(r.litres) })),
    })),
    crews: res.crews.map((c, x) => ({
      id: c.id,
      stops: (sim.crews?.[x] ?? []).map((s) => ({ truck: inst.trucks[s.truck].id, compound: inst.compounds[s.compound].id, start: iso(s.start), end: iso(s.end) })),
    })),
  };
}

export function planCompounds(inst: Instance, sim: RouteSimulation, iso: (h: number) => string): PlanCompound[] {
  return inst.compounds.map((c, i) => {
    // (#17: a supply that ended before it began, a truck dry on arrival, powers nothing)
    const useful = sim.supplies[i].filter((s) => s.switchOn < c.gridReturn && !(s.until !== undefined && s.until <= s.switchOn)).map((s) => Math.max(s.switchOn, c.outageStart));
    const first = Math.min(c.gridReturn, ...useful);
    return {
      id: c.id,
      poweredAt: first < inst.horizon ? iso(first) : null,
      outageHours: c.weight > 0 ? sim.compoundCost[i] / c.weight : 0,
      servedBy: [...new Set(sim.supplies[i].map((s) => inst.trucks[s.truck].id))],
    };
  });
}

/**
 * Why each compound no truck feeds is left dark: its grid is already back, no open road reaches it, no truck can
 * switch it on before its grid returns, or (otherwise) the trucks save more customer-hours elsewhere.
 */
export function explainUnserved(inst: Instance & Partial<Pick<PlannerInstance, "epochBoundaries">>, sim: RouteSimulation): Unserved[] {
  const out: Unserved[] = [];
  // every trip a truck can make (from where it is free, when it is free and at each later epoch boundary), with a
  // search-free lower bound on its travel when the instance has one (rows looked up once per trip, not per compound)
  const tb = inst.travelBound?.of === inst.travel ? inst.travelBound : null;
  const trips = inst.trucks.map((_t, k) => {
    const { site, free } = truckStart(inst, k);
    return [free, ...(inst.epochBoundaries ?? []).filter((b) => b > free)].map((t) => ({
      site, t, lower: tb === null ? null : tb.lowerBoundFrom?.(site, t) ?? ((to: number) => tb.lowerBound(site, to, t)),
      // known without a search: tried first (the reason only asks whether SOME trip is in time, or possible)
      known: tb?.hasExactRow?.(site, t) === true,
    }));
  });
  inst.compounds.forEach((c, i) => {
    if (sim.supplies[i].some((s) => s.switchOn < c.gridReturn)) return;
    if (c.gridReturn <= inst.at) return out.push({ compound: c.id, reason: UnservedReason.gridAlreadyRestored });
    /** each trip (truck start, departure: when free, then each epoch boundary before the grid returns) until `stop` */
    const someTrip = (stop: (site: number, t: number, lower: ((to: number) => number) | null) => boolean): boolean => {
      // the trips whose travel is cached first, then the others: a cached trip in time settles the reason without
      // the search a trip before it in truck order would have cost (on the large city's road-closure re-plan the
      // ~10 searches left are for compounds no cached trip reaches in time)
      for (const known of [true, false]) {
        for (const own of trips) {
          for (let x = 0; x < own.length; x++) {
            const { site, t, lower } = own[x];
            if (x > 0 && !(t < c.gridReturn)) break;
            if (own[x].known === known && stop(site, t, lower)) return true;
          }
        }
      }
      return false;
    };
    // Once some trip switches it on in time the reason is settled. A trip whose search-free lower bound on travel
    // is already too late is not driven (after a road closes an exact trip may need a search); one whose bound is
    // Infinity is impossible.
    // A trip with no open route is Infinity. Once one trip to this compound was (a road closed around it), a sweep
    // of the roads from it (reaches) tells the others without a search each: a compound cut off cost one search
    // per truck (38 of a 600-compound re-plan's searches after a closure, ~20 ms). The reason is the same.
    const reaches = tb?.reaches;
    let cutOff = false;
    let reachable = false;
    const inTime = someTrip((site, t, lower) => {
      if (lower && !(t + lower(i) + c.setupHours < c.gridReturn)) return false;
      if (cutOff && reaches && !reaches(site, i, t)) return false;
      const h = inst.travel(site, i, t);
      if (h === Infinity) cutOff = true;
      if (h !== Infinity) reachable = true;
      return t + h + c.setupHours < c.gridReturn;
    });
    if (!inTime && !reachable) reachable = someTrip((site, t, lower) => (lower === null || lower(i) !== Infinity) && (reaches ? reaches(site, i, t) : inst.travel(site, i, t) !== Infinity));
    // with no truck at all, "no truck can switch it on before its grid returns" is the honest reason
    const reason = inst.trucks.length === 0
      ? UnservedReason.noTimeBeforeGrid
      : !reachable
        ? UnservedReason.unreachable
        : !inTime
          ? UnservedReason.noTimeBeforeGrid
          : UnservedReason.trucksBetterUsedElsewhere;
    out.push({ compound: c.id, reason });
  });
  return out;
}
