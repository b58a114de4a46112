/**
 * The work a plan may do, chosen from the instance's size (issue #15): a wall-clock cap and, inside it, a search
 * budget in ticks (deadline checks of the search: one per LNS iteration and every few local-search moves) and a
 * fixed number of subgradient steps for the bound. The work is a pure function of the size (and of an explicit time
 * limit), never of a measurement, so the same scenario, options and seed give the same plan and the same bound
 * however loaded the machine is; the cap only guards against a machine far slower than the one these rates were
 * measured on (PlanBudget.cut says when it bit).
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
  /** the wall-clock cap from the planner's call, ms */
  limitMs: number;
  /** why: the size it was chosen from, or the caller's limit */
  reason: string;
  /** deadline checks the search may make (its LNS iteration cap and stagnation stop still apply) */
  searchTicks: number;
  /** subgradient steps of the bound (outside the core case) */
  boundSteps: number;
}

/**
 * Rates measured on the bench machine (2 cores, Node 20, 2026-12-06), fixed here on purpose: a rate measured per
 * process would vary with load, and so would every budget derived from it.
 * - the search makes ~75,000 deadline checks a second after its constructions; the constructions (the commander's
 *   rule pays for most travel rows) take ~1/3 of the cap at 2,000 × 250: 45 checks per ms of cap leaves room;
 * - a bound step costs ~5e-6 ms per compound pair (20 ms at 2,000 compounds), its set-up (the thread's own instance,
 *   landmarks, relaxed travel, the warm-start flow) ~3.5e-4 ms per pair (1.4 s at 2,000).
 */
const TICKS_PER_MS = 45;
const STEP_MS_PER_PAIR = 5e-6;
const SETUP_MS_PER_PAIR = 3.5e-4;
/** a bound thread starts (tsx, the planner's modules) in ~1 s before its own set-up */
const THREAD_START_MS = 1000;
/** fewer steps than this leave the bound loose (40 steps: ~90% on a 600-compound city of mixed trucks) */
const MIN_STEPS = 120;

/**
 * The cap for a size: 0.5 s plus 15 µs per compound × truck (the search's moves and the rule's trips grow with
 * both), plus 10 µs per road vertex and 0.1 s per flood epoch beyond the first (travel rows per closure set).
 * 600 × 80, 3,600 nodes: 0.5 + 0.72 + 0.036 = 1.26 s; 2,000 × 250, 22,500 nodes, 6 epochs:
 * 0.5 + 7.5 + 0.225 + 0.5 = 8.7 s, capped at 8 s so that the whole process (start-up, reading, printing) fits 10 s.
 */
export function defaultLimitMs(size: InstanceSize): number {
  const ms = 500 + 0.015 * size.compounds * size.trucks + 0.01 * size.nodes + 100 * Math.max(0, size.epochs - 1);
  return Math.round(Math.min(8000, Math.max(500, ms)));
}

/**
 * @example
 * planBudget({ compounds: 600, trucks: 80, nodes: 3600, epochs: 1, core: true });
 * // → { limitMs: 1256, searchTicks: 56520, boundSteps: 40, reason: "size: 600 compounds × 80 trucks, …" }
 */
export function planBudget(size: InstanceSize, timeLimitMs?: number): WorkBudget {
  const pairs = size.compounds * size.compounds;
  const stepMs = Math.max(1e-3, STEP_MS_PER_PAIR * pairs);
  const setupMs = THREAD_START_MS + SETUP_MS_PER_PAIR * pairs;
  // outside the core case the default cap leaves the bound at least MIN_STEPS after its set-up (85% of the cap)
  const needed = size.core ? 0 : (setupMs + MIN_STEPS * stepMs) / 0.85;
  const limitMs = timeLimitMs ?? Math.round(Math.max(defaultLimitMs(size), Math.min(8000, needed)));
  const boundSteps = Math.max(40, Math.min(400, Math.floor((0.85 * limitMs - setupMs) / stepMs)));
  const what = `${size.compounds.toLocaleString("en-US")} compounds × ${size.trucks.toLocaleString("en-US")} trucks, ` +
    `${size.nodes.toLocaleString("en-US")} road nodes, ${size.epochs} flood epoch${size.epochs === 1 ? "" : "s"}`;
  return {
    limitMs,
    reason: timeLimitMs === undefined ? `size: ${what}` : `time limit given: ${(limitMs / 1000).toString()} s for ${what}`,
    searchTicks: Math.round(TICKS_PER_MS * limitMs),
    boundSteps,
  };
}
