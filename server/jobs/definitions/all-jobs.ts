/**
 * Every job definition, by name: a Bull processor (a server, or `npm run worker`) runs only the names listed here.
 * Add a new job's definition to this list.
 */
import { exportJob } from "./export-job.ts";
import type { AnyJobDefinition } from "../job-definition.ts";
import { planJob } from "./plan-job.ts";
import { counterfactualJob } from "./counterfactual-job.ts";
import { replayAdvanceJob } from "./replay-advance-job.ts";
import { scoreJob } from "./score-job.ts";

export const allJobs: readonly AnyJobDefinition[] = [planJob, exportJob, replayAdvanceJob, counterfactualJob, scoreJob];
