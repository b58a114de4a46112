/**
 * The exercise routes (#18 item 1): parse, call the exercise service, answer. Mounted by api-routes.ts behind its
 * bearer check and JSON body parser.
 *
 *   POST /api/exercises   commander (not limited to an incident): { scenario? | incident?, from?, speed?, paused?, trainee: { name } }
 *                         → 201 { exercise, incident, clock, trainee: { token, secret } }
 *   GET  /api/exercises/:id/score    any role in scope → ExerciseScore (server/exercises/exercise-score.ts); 404 not an exercise
 *   GET  /api/exercises/:id/report   any role in scope → the printable after-action report (HTML)
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
    res.json(await exercises.score(callerOf(res), req.params.id));
  });
  api.get("/exercises/:id/report", async (req, res) => {
    res.type("html").send(await exercises.report(callerOf(res), req.params.id));
  });
}
