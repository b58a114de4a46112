import { expect } from "chai";
import { performance } from "node:perf_hooks";
import type { Scenario } from "../../shared/scenario.ts";
import { CITY_SIZES, generateCity } from "../../scenarios/synthetic/generate-city.ts";
import { planDispatch } from "../../server/planner/plan-dispatch.ts";
import { boundFullPlan } from "../../server/planner/bounds/parallel-bound.ts";
import { buildInstance } from "../../server/planner/build-instance.ts";
import { boundMemo, createPlannerCache } from "../../server/planner/planner-cache.ts";
import { createBoundThread, type BoundThread } from "../../server/compute/bound-thread.ts";

// the small synthetic city: timed floods and trucks of mixed sizes, so its bound needs subgradient steps
const city = (): Scenario => generateCity({ seed: 101, ...CITY_SIZES.small });
const ticker = (): number => performance.now();

describe("the bound thread (a full plan's bound on a second core)", function () {
  this.timeout(60_000);
  let thread: BoundThread;
  // a grace (how long collect() waits past the deadline) far beyond any load: the thread's start-up under tsx on a busy
  // machine must not pass for a thread that did not answer; what each test proves does not hang on time
  before(() => { thread = createBoundThread({ force: true, graceMs: 30_000 }); });
  after(async () => { await thread.close(); });

  it("gives a timed full plan a bound below the plan, computed on the thread, and hands the cache's memo back", () => {
    const cache = createPlannerCache();
    const scenario = city();
    const plan = planDispatch(scenario, { seed: 1, ticker, timeLimitMs: 1500, cache, parallelBound: thread.start });
    expect(plan.lowerBound!).to.be.greaterThan(0).and.at.most(plan.customerOutageHours);
    // the memo came back with live buffers (a transfer there and back), filled by the thread's bound
    const memo = boundMemo(cache, buildInstance(scenario, { cache }).network)!;
    expect(memo.tau.size).to.equal(1);
    for (const m of memo.tau.values()) expect(m.byteLength).to.be.above(0);
    expect(memo.landmarks!.sets).to.have.length(1);
    expect(memo.prices.size).to.be.above(0);
    // and a re-plan (bounded inline, from the thread's prices) works on it
    const replan = planDispatch(scenario, { seed: 1, ticker, timeLimitMs: 1500, cache, previousPlan: plan });
    expect(replan.lowerBound!).to.be.greaterThan(0).and.at.most(replan.customerOutageHours);
  });

  it("stops its bound at the deadline: past it, the thread gives the bound of one evaluation, as inline", () => {
    // a deadline already passed when the thread takes the job; never aimed, the thread does not wait for a saving
    const job = { scenario: city(), timeLimitMs: 0 };
    const outcome = thread.start!(job).collect();
    const inline = boundFullPlan(job, { knownSaving: () => undefined, timeUp: () => true });
    expect(outcome?.result).to.deep.equal(inline.result);
    // and that is not what the bound reaches with time: a thread that ran on past its deadline would differ
    let steps = 0;
    const longer = boundFullPlan(job, { knownSaving: () => undefined, timeUp: () => ++steps > 50 });
    expect(longer.result.bound).to.not.equal(inline.result.bound);
  });

  it("stops an abandoned bound at once, so the next plan's bound is not held behind it", () => {
    const scenario = city();
    // never told a saving, this bound would wait for one until its one-hour deadline, holding the thread
    thread.start!({ scenario, timeLimitMs: 3_600_000 }).abandon();
    const next = thread.start!({ scenario, timeLimitMs: 1000 });
    next.aim(1);
    const outcome = next.collect(); // gives up 30 s after its deadline: undefined had the thread still been busy
    expect(outcome?.result.bound).to.be.greaterThan(0);
  });

  it("falls back to the inline bound when a job cannot reach the thread", () => {
    // a scenario carrying a function cannot be posted to a thread; the plan still gets its bound
    const scenario = { ...city(), note: () => "not cloneable" } as unknown as Scenario;
    let t = 0;
    const plan = planDispatch(scenario, { seed: 1, ticker: () => t++, timeLimitMs: 2000, parallelBound: thread.start });
    expect(plan.lowerBound!).to.be.greaterThan(0).and.at.most(plan.customerOutageHours);
  });
});
