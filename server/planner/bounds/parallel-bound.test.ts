import { expect } from "chai";
import type { Scenario } from "../../../shared/scenario.ts";
import { randomScenario } from "../../../test/fixtures/random-scenario.ts";
import { planDispatch } from "../plan-dispatch.ts";
import { buildInstance } from "../build-instance.ts";
import { boundMemo, createPlannerCache } from "../planner-cache.ts";
import { isCoreCase } from "../flow/flow-plan.ts";
import { boundFullPlan, type BoundJob, type RunningBound, type StartBound } from "./parallel-bound.ts";

// timed floods: outside the core case, so the bound needs subgradient steps
const flooded = (): Scenario => randomScenario(5, { compounds: 12, trucks: 3, flood: true });

/** A runner on the calling thread: records what it is given, bounds with boundFullPlan when collected. */
function recordingRunner(): { start: StartBound; jobs: BoundJob[]; aims: number[] } {
  const jobs: BoundJob[] = [];
  const aims: number[] = [];
  const start = (job: BoundJob): RunningBound => {
    jobs.push(job);
    return {
      tookMemo: job.reuse !== undefined,
      aim: (saving) => { aims.push(saving); },
      collect: () => boundFullPlan(job, { knownSaving: () => aims.at(-1), timeUp: () => false }),
      abandon: () => {},
    };
  };
  return { start, jobs, aims };
}

describe("a full plan's bound beside its search (parallelBound)", () => {
  it("hands the runner the scenario and the time left, tells it each better saving, and carries its bound", () => {
    const runner = recordingRunner();
    let t = 0;
    const scenario = flooded();
    const plan = planDispatch(scenario, { seed: 1, timeLimitMs: 5000, ticker: () => t++, parallelBound: runner.start });
    expect(runner.jobs).to.have.length(1);
    expect(runner.jobs[0].scenario.id).to.equal(scenario.id);
    expect(runner.jobs[0].timeLimitMs).to.be.above(0).and.at.most(5000);
    // savings are told as the search finds them: the commander's rule's first, never a worse one after
    const none = plan.noTrucksCustomerOutageHours!;
    expect(runner.aims[0]).to.be.closeTo(none - plan.baselineCustomerOutageHours, 1e-6 * none);
    for (let i = 1; i < runner.aims.length; i++) expect(runner.aims[i]).to.be.above(runner.aims[i - 1]);
    // every told saving is some plan's, so none beats the plan's own (ties with its last)
    expect(runner.aims.at(-1)!).to.be.at.most(none - plan.customerOutageHours + 1e-6 * none);
    // the runner's bound (400 steps, no deadline) is the plan's, and is below the plan
    const own = boundFullPlan(runner.jobs[0], { knownSaving: () => runner.aims.at(-1), timeUp: () => false }).result.bound;
    expect(plan.lowerBound).to.be.closeTo(own, 1e-9 * own);
    expect(plan.lowerBound!).to.be.at.most(plan.customerOutageHours);
  });

  it("is not used by untimed plans, re-plans or the core case (the flow is the bound there)", () => {
    const runner = recordingRunner();
    let t = 0;
    const untimed = planDispatch(flooded(), { seed: 1, parallelBound: runner.start });
    planDispatch(flooded(), { seed: 1, previousPlan: untimed, timeLimitMs: 5000, ticker: () => t++, parallelBound: runner.start });
    const core = randomScenario(3, { compounds: 8, trucks: 2, mixedSizes: false });
    expect(isCoreCase(buildInstance(core))).to.equal(true);
    planDispatch(core, { seed: 1, timeLimitMs: 5000, ticker: () => t++, parallelBound: runner.start });
    expect(runner.jobs).to.have.length(0);
  });

  it("bounds inline when the runner does not answer, and leaves a cache it took the memo of usable", () => {
    const cache = createPlannerCache();
    const scenario = flooded();
    let t = 0;
    // fill the memo, then lose it as a bound thread that took it and died would: its buffers transferred away
    planDispatch(scenario, { seed: 1, cache });
    const lost: StartBound = (job) => {
      structuredClone(job.reuse, { transfer: [...job.reuse!.tau.values()].map((m) => m.buffer as ArrayBuffer) });
      return { tookMemo: true, aim: () => {}, collect: () => undefined, abandon: () => {} };
    };
    const plan = planDispatch(scenario, { seed: 1, timeLimitMs: 5000, ticker: () => t++, cache, parallelBound: lost });
    expect(plan.lowerBound!).to.be.greaterThan(0).and.at.most(plan.customerOutageHours);
    // the memo now holds live arrays again (the inline bound refilled it): a re-plan on it bounds as usual
    const memo = boundMemo(cache, buildInstance(scenario, { cache }).network)!;
    for (const m of memo.tau.values()) expect(m.byteLength).to.be.above(0);
    const replan = planDispatch(scenario, { seed: 1, previousPlan: plan, timeLimitMs: 5000, ticker: () => t++, cache });
    expect(replan.lowerBound!).to.be.greaterThan(0).and.at.most(replan.customerOutageHours);
  });

  it("keeps the cache's memo when the bound never started (nothing was handed over)", () => {
    const cache = createPlannerCache();
    const scenario = flooded();
    planDispatch(scenario, { seed: 1, cache });
    const memo = boundMemo(cache, buildInstance(scenario, { cache }).network)!;
    const before = [...memo.tau.values()];
    const unstarted: StartBound = () => ({ tookMemo: false, aim: () => {}, collect: () => undefined, abandon: () => {} });
    let t = 0;
    planDispatch(scenario, { seed: 1, timeLimitMs: 5000, ticker: () => t++, cache, parallelBound: unstarted });
    // the inline bound found the same relaxed-travel matrix (not a fresh memo)
    expect([...memo.tau.values()]).to.deep.equal(before);
    expect([...memo.tau.values()][0]).to.equal(before[0]);
  });

  it("stops the runner's bound when the plan fails, and passes the failure on", () => {
    let abandoned = 0;
    const start: StartBound = () => ({ tookMemo: false, aim: () => {}, collect: () => expect.fail("a failed plan collects nothing"), abandon: () => { abandoned++; } });
    let t = 0;
    // the ticker breaks after the search has started (the planner reads it only through its deadline checks)
    const ticker = (): number => {
      if (++t > 40) throw new Error("clock gone");
      return t;
    };
    expect(() => planDispatch(flooded(), { seed: 1, timeLimitMs: 5000, ticker, parallelBound: start })).to.throw("clock gone");
    expect(abandoned).to.equal(1);
  });

  it("boundFullPlan hands the memo back filled, with the prices a re-plan starts from", () => {
    const scenario = flooded();
    const reuse = { tau: new Map(), prices: new Map(), landmarks: { sets: [] } };
    const { result, reuse: back } = boundFullPlan({ scenario, timeLimitMs: 1000, reuse }, { knownSaving: () => undefined, timeUp: () => false });
    expect(result.travel).to.equal("landmarks");
    expect(back!.tau.size).to.equal(1);
    expect(back!.landmarks!.sets).to.have.length(1);
    expect(back!.prices.size).to.be.above(0);
  });
});
