/**
 * The exercise routes (#18 item 1): parse, call the exercise service, answer. Mounted by api-routes.ts behind its
 * bearer check and JSON body parser.
 *
 *   POST /api/exercises   commander (not limited to an incident): { scenario? | incident?, from?, speed?, paused?, trainee: { name } }
 *                         → 201 { exercise, incident, clock, trainee: { token, secret } }
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
}
