/**
 * One bench instance, measured in its own process so its peak RSS is honest (process.resourceUsage().maxRSS is
 * the peak of this process alone). Prints one JSON line (PlannerBenchRow) on stdout.
 *
 *   node --import tsx bench/planner-child.ts --name medium --seed 201 [--runs 3] [--time-limit-ms 1500]
 */
import { getHeapStatistics } from "node:v8";
import { CITY_SIZES, generateCity } from "../scenarios/synthetic/generate-city.ts";
import { planDispatch } from "../server/planner/plan-dispatch.ts";
import { buildInstance } from "../server/planner/build-instance.ts";
import { computeLowerBound } from "../server/planner/bounds/lower-bound.ts";
import { flowPlan } from "../server/planner/flow/flow-plan.ts";
import { applyEvent, countChangedAssignments, EVENT_KINDS, freezePlan, warmStartFor } from "./replan-events.ts";
import type { PlannerBenchRow, ReplanRow } from "./planner-bench.ts";

const args = process.argv.slice(2);
const arg = (name: string, fallback?: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const name = arg("name", "small") as keyof typeof CITY_SIZES;
const seed = Number(arg("seed", "1"));
const runs = Math.max(1, Number(arg("runs", "1")));
const timeLimitMs = arg("time-limit-ms") === undefined ? undefined : Number(arg("time-limit-ms"));
const replanLimitMs = arg("replan-limit-ms") === undefined ? undefined : Number(arg("replan-limit-ms"));
// flowPlan on a flooded 2,000-compound city spends minutes in per-epoch travel times: opt in with --flow.
const skipFlow = args.includes("--no-flow") || (CITY_SIZES[name].compounds > 1000 && !args.includes("--flow"));
const skipReplan = args.includes("--no-replan");

let heapPeak = 0;
const sampleHeap = (): void => { heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size); };
const ticker = (): number => performance.now();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const scenario = generateCity({ seed, ...CITY_SIZES[name] });
const times: number[] = [];
let plan = planDispatch(scenario, { seed: 1, ticker, timeLimitMs });
for (let r = 0; r < runs; r++) {
  const t = ticker();
  plan = planDispatch(scenario, { seed: 1, ticker, timeLimitMs });
  times.push(ticker() - t);
  sampleHeap();
}
const planMs = median(times);

// The bound on a freshly built instance (what planDispatch would add): build and bound timed apart.
let t = ticker();
const inst = buildInstance(scenario);
const buildMs = ticker() - t;
t = ticker();
const none = plan.noTrucksCustomerOutageHours ?? 0;
const bound = computeLowerBound(inst, { knownSaving: none - plan.customerOutageHours });
const boundMs = ticker() - t;
sampleHeap();
// A tighter bound for the gap and efficiency figures: the same relaxation with ten times the subgradient steps
// (any λ gives a valid bound, so the larger of the two is valid too).
t = ticker();
const tight = bound.provenOptimal ? bound : computeLowerBound(inst, { knownSaving: none - plan.customerOutageHours, iterations: 400 });
const tightBoundMs = bound.provenOptimal ? 0 : ticker() - t;
sampleHeap();

let flow: PlannerBenchRow["flow"];
if (!skipFlow) {
  t = ticker();
  const fp = flowPlan(inst);
  flow = { cost: fp.cost, exact: fp.exact, ms: ticker() - t };
  sampleHeap();
}

const replans: ReplanRow[] = [];
if (!skipReplan) {
  // Freeze a third of the way from the first truck's availability to the median grid return.
  const firstTruck = Math.min(...scenario.trucks.map((x) => Date.parse(x.availableAt)));
  const atMs = firstTruck + 10 * 3_600_000;
  const frozen = freezePlan(scenario, plan, atMs);
  EVENT_KINDS.forEach((kind, i) => {
    const { scenario: changed, what } = applyEvent(frozen, plan, atMs, kind, ((seed * 7 + i * 13) % 97) / 97);
    const warmStart = warmStartFor(changed, frozen.future);
    const t0 = ticker();
    const replan = planDispatch(changed, { seed: 1, at: atMs, ticker, timeLimitMs: replanLimitMs, warmStart });
    const ms = ticker() - t0;
    sampleHeap();
    replans.push({ event: kind, what, ms, cost: replan.customerOutageHours, changed: countChangedAssignments(frozen.future, replan, atMs, changed) });
  });
}

const size = CITY_SIZES[name];
const row: PlannerBenchRow = {
  name, seed, compounds: scenario.compounds.length, trucks: scenario.trucks.length, nodes: inst.network.keys.length,
  floods: size.floods, mixedSizes: size.mixedSizes,
  none, plan: plan.customerOutageHours, rule: plan.baselineCustomerOutageHours, bound: Math.max(bound.bound, tight.bound),
  fastBound: bound.bound, tightBoundMs, boundTravel: bound.travel,
  planMs, planRuns: times, timeLimitMs: timeLimitMs ?? null, buildMs, boundMs, flow, replans, replanLimitMs: replanLimitMs ?? null,
  peakRssMb: process.resourceUsage().maxRSS / 1024, peakHeapMb: heapPeak / 2 ** 20,
};
process.stdout.write(JSON.stringify(row) + "\n");
