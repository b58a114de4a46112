/**
 * The work a plan may do, chosen from the instance's size (issue #15): a search budget in ticks (deadline checks of
 * the search: one per LNS iteration and every few local-search moves), a fixed number of subgradient steps for the
 * bound, and a wall-clock cap well above the time that work takes. The work is a pure function of the size (and of
 * an explicit time limit), never of a measurement, so the same scenario, options and seed give the same plan and
 * the same bound however loaded the machine is, as long as the cap does not bite (PlanBudget.cut says when it did).
 *
 * Why the cap is CAP_FACTOR times the work's time and not that time itself: a cap equal to the time the work takes
 * on the bench machine cut the work on that very machine as soon as anything else ran (a 2,000-compound plan under
 * a second job: cut at 8 s, 60-94% efficiency and a different plan each run). Only a machine CAP_FACTOR times
 * slower, or as loaded, now changes a default plan; an explicit time limit sizes the work and caps it there.
 */

export interface InstanceSize {
  compounds: number;
  trucks: number;
  /** road network vertices */
  nodes: number;
  /** flood epochs (1: travel does not depend on the hour) */
  epochs: number;
  /** the core case: the flow's optimum is the bound, no subgradient steps needed (default false) */
  core?: boolean;
}

export interface WorkBudget {
  /** the wall-clock cap, ms from the planner's call */
  limitMs: number;
  /** why: the size it was chosen from, or the caller's limit */
  reason: string;
  /** the time the work is sized for on the bench machine, ms */
  workMs: number;
  /** a re-plan's time limit (re-plans are timed, not budgeted): REPLAN_SHARE_OF_WORK of workMs */
  replanMs: number;
  /** deadline checks the search may make (its LNS iteration cap and stagnation stop still apply) */
  searchTicks: number;
  /** subgradient steps of the bound (outside the core case) */
  boundSteps: number;
  /**
   * a re-plan's bound: at most this many subgradient evaluations from the last bound's prices (it also stops after
   * two in a row without gain), under the cap: a fixed count, so that the re-plan's bound is the same however loaded
   * the machine (a deadline of the re-plan's time gave 22.013M one run and 22.034M the next on a medium city)
   */
  replanBoundSteps: number;
}

/**
 * Rates measured on the bench machine (2 cores, Node 20, 2026-12-07), fixed here on purpose: a rate measured per
 * process would vary with load, and so would every budget derived from it.
 * - the search makes ~75,000-150,000 deadline checks a second after its constructions (a city's local search checks
 *   every few moves); the constructions (the commander's rule pays for most travel rows) take ~1/2 of the work at
 *   2,000 × 250: 20 checks per ms of work leaves room. More buys little there: 100,000 / 150,000 / 270,000 checks
 *   gave plans of 108.57M / 108.56M / 108.53M customer-hours (the bound's steps matter far more: 80 / 120 / 168 /
 *   220 steps gave 105.70M / 106.34M / 106.92M / 107.11M, against 147.26M without trucks);
 * - a bound step costs ~4e-6 ms per compound pair (16 ms at 2,000 compounds), its set-up (the thread's own instance,
 *   landmarks, relaxed travel, the warm-start flow) ~3.5e-4 ms per pair (1.4 s at 2,000).
 */
const TICKS_PER_MS = 20;
const STEP_MS_PER_PAIR = 4e-6;
const SETUP_MS_PER_PAIR = 3.5e-4;
/** a bound thread starts (tsx and the planner's modules; from a bundle, much less) in up to ~1 s before its set-up */
const THREAD_START_MS = 1000;
/** fewer steps than this leave the bound loose (40 steps: ~90% on a 600-compound city of mixed trucks) */
const MIN_STEPS = 120;
/**
 * the largest default work: a 2,000 × 250 city's plan then ends ~7 s after the CLI starts, idle (6 s gave 168 bound
 * steps and 95.33% efficiency on large#997163, 6.5 s 195 steps and 95.49%, 0.35 s more)
 */
const MAX_WORK_MS = 6500;
/** the default cap over the work's time, and its least value */
const CAP_FACTOR = 3;
const MIN_CAP_MS = 3000;
/**
 * A re-plan after one event gets this share of the full plan's work time: the instance, the rule on cached rows and
 * the bound's first evaluation come on top (~60 ms at 600 compounds, ~0.3 s at 2,000), and the whole re-plan should
 * take under a tenth of a full plan (issue #15): 5% of the work time gave 8-17% of the full plan at 600 compounds.
 * A 600-compound city's plan ends at its flow's proven optimum (~0.5 s) long before its work time (1.26 s): at 2%
 * (25 ms) a road closure that re-routes 31 compounds searched to its deadline, 42-58 ms in all, 10.4% of the plan;
 * at 1.2% (15 ms) 30-31 ms, its cost 700 customer-hours higher (0.002%), the other events' costs the same.
 */
const REPLAN_SHARE_OF_WORK = 0.012;

/**
 * the share of a re-plan's time its bound's steps are sized for (medium city: 2 steps, large: 2). A re-plan's first
 * evaluation, from the last bound's prices, is most of its bound; at 0.3 (5 steps) the medium city's bound took a
 * third of a re-plan, which came to 8-14% of a full plan on fresh seeds
 */
const REPLAN_BOUND_SHARE = 0.12;

/**
 * The default work's time for a size: 0.5 s plus 15 µs per compound × truck (the search's moves and the rule's trips
 * grow with both), plus 10 µs per road vertex and 0.1 s per flood epoch beyond the first (travel rows per closure
 * set). 600 × 80, 3,600 nodes: 0.5 + 0.72 + 0.036 = 1.26 s; 2,000 × 250, 22,500 nodes, 9 epochs:
 * 0.5 + 7.5 + 0.225 + 0.8 = 9.0 s, held at 6.5 s so that the whole process (start-up, reading, printing) fits 10 s
 * with room for a busy machine.
 */
export function defaultWorkMs(size: InstanceSize): number {
  const ms = 500 + 0.015 * size.compounds * size.trucks + 0.01 * size.nodes + 100 * Math.max(0, size.epochs - 1);
  return Math.round(Math.min(MAX_WORK_MS, Math.max(500, ms)));
}

/**
 * @example
 * planBudget({ compounds: 600, trucks: 80, nodes: 3600, epochs: 1, core: true });
 * // → { workMs: 1256, limitMs: 3768, searchTicks: 25120, boundSteps: 40, reason: "size: 600 compounds × 80 trucks, …" }
 * planBudget(size, 3000).limitMs; // 3000: a given limit sizes the work and caps it
 */
export function planBudget(size: InstanceSize, timeLimitMs?: number): WorkBudget {
  const pairs = size.compounds * size.compounds;
  const stepMs = Math.max(1e-3, STEP_MS_PER_PAIR * pairs);
  const setupMs = THREAD_START_MS + SETUP_MS_PER_PAIR * pairs;
  // outside the core case the default work leaves the bound at least MIN_STEPS after its set-up (85% of the work)
  const needed = size.core ? 0 : (setupMs + MIN_STEPS * stepMs) / 0.85;
  const workMs = timeLimitMs ?? Math.round(Math.max(defaultWorkMs(size), Math.min(MAX_WORK_MS, needed)));
  const boundSteps = Math.max(40, Math.min(400, Math.floor((0.85 * workMs - setupMs) / stepMs)));
  const what = `${size.compounds.toLocaleString("en-US")} compounds × ${size.trucks.toLocaleString("en-US")} trucks, ` +
    `${size.nodes.toLocaleString("en-US")} road nodes, ${size.epochs} flood epoch${size.epochs === 1 ? "" : "s"}`;
  return {
    limitMs: timeLimitMs ?? Math.max(MIN_CAP_MS, CAP_FACTOR * workMs),
    reason: timeLimitMs === undefined ? `size: ${what}` : `time limit given: ${(workMs / 1000).toString()} s for ${what}`,
    workMs,
    replanMs: REPLAN_SHARE_OF_WORK * workMs,
    replanBoundSteps: Math.max(2, Math.min(12, Math.floor((REPLAN_BOUND_SHARE * REPLAN_SHARE_OF_WORK * workMs) / stepMs))),
    searchTicks: Math.round(TICKS_PER_MS * workMs),
    boundSteps,
  };
}

/**
 * What flowPlan is expected to take, ms, on `compounds` × `trucks`: fitted on the bench machine (600 × 80 ≈ 0.45 s,
 * 2,000 × 250 ≈ 17 s) and fixed here like the rates above, so that the choice it drives (plan-dispatch.ts: whether a
 * timed plan with MV trucks computes its LV part's flow) is the same however loaded the machine.
 *
 * @example
 * flowMsEstimate(600, 80); // 450
 */
export function flowMsEstimate(compounds: number, trucks: number): number {
  return 450 * Math.pow((compounds * trucks) / 48_000, 1.5);
}
