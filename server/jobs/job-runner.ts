/**
 * Background jobs behind one interface: in-process (worker thread) by default, Bull on Redis when REDIS_URL is set.
 * The planner is CPU-bound for seconds; running it off the request thread keeps crew reports flowing meanwhile.
 */
import type { Plan } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";

export interface PlanJobPayload {
  scenario: Scenario;
  options: {
    /** ms since Unix epoch: no departure before it */
    at?: number;
    timeLimitMs?: number;
    seed?: number;
    /** the plan this one replaces: a re-plan starts from it and moves only what gains more than the churn */
    previousPlan?: Plan;
  };
}

export interface JobRunner {
  /** resolves with the plan once a worker computed it */
  plan(payload: PlanJobPayload): Promise<Plan>;
  close(): Promise<void>;
}
