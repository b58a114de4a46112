import { expect } from "chai";
import type { StoredEvent } from "../../shared/events.ts";
import { exerciseScenario } from "../../shared/exercise/exercise-scenario.ts";
import { ms, stored, t, tinyScenario } from "../../shared/restoration/tiny-scenario.fixture.ts";
import { createWorkerCompute } from "../compute/worker-compute.ts";
import { computeScore, type ScoreTask } from "./score-task.ts";

/** the tiny scenario as an exercise whose history powered B with T1 from 20 Jul 02:00 */
function task(log: StoredEvent[]): ScoreTask {
  const history = [
    { type: "truck.dispatched" as const, at: t("20T00:30"), truck: "T1", compound: "B", source: "test" },
    { type: "truck.arrived" as const, at: t("20T01:30"), truck: "T1", compound: "B", source: "test" },
    { type: "switched.on" as const, at: t("20T02:00"), truck: "T1", compound: "B", source: "test" },
  ];
  return { exercise: "ex-1", scenario: exerciseScenario({ ...tinyScenario(), events: history }, { name: "Trainee Wang" }), log, plans: [], approved: [], atMs: ms("21T06:00") };
}

describe("computeScore (#18 score job's compute task)", function () {
  this.timeout(120_000);

  it("scores in a worker thread exactly as on this one (deterministic: budgets in ticks), every figure at or above the bound", async () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T00:00", truck: "T1", compound: "A" });
    const here = computeScore(task(log));
    const compute = createWorkerCompute();
    try {
      const there = await compute.score(task(log));
      expect(there).to.deep.equal(here);
    } finally {
      await compute.close();
    }
    const f = here.figures;
    // history: B (50 households) dark 20 Jul 00:00-02:00, A (100) all 30 h: 50 × 2 + 100 × 30 = 3,100 customer-h
    expect(f.history.customerOutageHours).to.be.closeTo(3100, 1e-6);
    for (const x of Object.values(f)) expect(x.customerOutageHours).to.be.at.least(f.lowerBound.customerOutageHours - 1e-9);
    expect(here.basedOnSeq).to.equal(1);
  });

  it("refuses an incident that is not an exercise", () => {
    expect(() => computeScore({ ...task([]), scenario: tinyScenario() })).to.throw(/not an exercise/);
  });
});
