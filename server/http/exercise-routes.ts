/**
 * The exercise routes (#18 item 1): parse, call the exercise service, answer. Mounted by api-routes.ts behind its
 * bearer check and JSON body parser.
 *
 *   POST /api/exercises   commander (not limited to an incident): { scenario? | incident?, from?, speed?, paused?, trainee: { name } }
 *                         → 201 { exercise, incident, clock, trainee: { token, secret } }
 *   GET  /api/exercises/:id/score    any role in scope → 200 the last ExerciseScore (server/exercises/exercise-score.ts),
 *                                    with `stale` and `job` when a score job is computing a newer one; 202 JobStatus
 *                                    while the first is computed (the score job); 404 not an exercise
 *   GET  /api/exercises/:id/report   any role in scope → the printable after-action report of the last scorecard
 *                                    (HTML); 202 JobStatus while the first is computed
 */
import type { Router } from "express";
import type { ExerciseService } from "../exercises/exercise-service.ts";
import { callerOf } from "./authenticate.ts";

/**
 * @example
 * mountExerciseRoutes(api, exercises);
 */
export function mountExerciseRoutes(api: Router, exercises: ExerciseService): void {
  api.post("/exercises", async (req, res) => {
    res.status(201).json(await exercises.start(callerOf(res), req.body));
  });
  api.get("/exercises/:id/score", async (req, res) => {
    const answer = await exercises.score(callerOf(res), req.params.id);
    res.status(answer.status).json(answer.body);
  });
  api.get("/exercises/:id/report", async (req, res) => {
    const answer = await exercises.report(callerOf(res), req.params.id);
    if (answer.status === 202) res.status(202).json(answer.body);
    else res.type("html").send(answer.html);
  });
}
