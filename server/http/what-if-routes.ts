/**
 * The what-if and route routes (#16 items 2 and 3): parse, call the what-if service, answer. Mounted by
 * api-routes.ts behind its bearer check and JSON body parser.
 *
 *   POST /api/incidents/:id/plans/evaluate        commander: { trucks: [{ id, stops: [{ compound }] }] } → 200
 *                                                 PlanEvaluation (nothing stored); 422 naming any stop that cannot be driven
 *   GET  /api/incidents/:id/plans/:planId/routes  any role: GeoJSON FeatureCollection, one LineString per leg
 *                                                 (properties truck, compound, depart, arrive)
 */
import type { Router } from "express";
import { z } from "zod";
import { parseRequest } from "../../shared/scenario-schemas.ts";
import type { EvaluateRequest } from "../../shared/wire.ts";
import type { WhatIfService } from "../incidents/what-if-service.ts";
import { callerOf } from "./authenticate.ts";

export const evaluateRequest = z.strictObject({
  trucks: z.array(z.strictObject({
    id: z.string({ error: "must be a truck id" }).min(1, { error: "must be a truck id" }),
    stops: z.array(z.strictObject({
      compound: z.string({ error: "must be a compound id" }).min(1, { error: "must be a compound id" }),
    }), { error: "must be a list of { compound }" }).max(500, { error: "at most 500 stops" }),
  }), { error: "must be a list of { id, stops }" }).max(2000, { error: "at most 2000 trucks" }),
});

/**
 * @example
 * mountWhatIfRoutes(api, whatIf);
 */
export function mountWhatIfRoutes(api: Router, whatIf: WhatIfService): void {
  api.post("/incidents/:id/plans/evaluate", async (req, res) => {
    const body: EvaluateRequest = parseRequest(evaluateRequest, req.body ?? {}, "invalid assignments");
    res.json(await whatIf.evaluate(callerOf(res), req.params.id, body));
  });
  api.get("/incidents/:id/plans/:planId/routes", async (req, res) => {
    res.json(await whatIf.routes(callerOf(res), req.params.id, req.params.planId));
  });
}
