/**
 * The replay routes (#6): parse, call the replay service, answer. Mounted by api-routes.ts behind its bearer check
 * and JSON body parser.
 *
 *   POST /api/replays                          commander: { scenario? | incident?, from?, speed?, paused? } → 201 { incident, clock }
 *   GET  /api/incidents/:id/replay             any role in scope → ReplayClock; 404 for a live incident
 *   POST /api/incidents/:id/replay             commander: { paused?, speed?, at? } → ReplayClock
 *   POST /api/incidents/:id/counterfactual     commander: { decisionTimes?, timeLimitMs?, seed? } → 202 JobStatus
 *   GET  /api/incidents/:id/counterfactual     any role in scope → the latest CounterfactualReport; 404 before one
 *                                              (204 with ?ifAny=true)
 */
import type { Router } from "express";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { ReplayService } from "../replay/replay-service.ts";
import { callerOf } from "./authenticate.ts";

/**
 * @example
 * mountReplayRoutes(api, replays);
 */
export function mountReplayRoutes(api: Router, replays: ReplayService): void {
  api.post("/replays", async (req, res) => {
    res.status(201).json(await replays.start(callerOf(res), req.body));
  });
  api.get("/incidents/:id/replay", async (req, res) => {
    // #16: ?ifAny=true answers 204 for a live incident: the board and the crew app ask on every load
    if (req.query.ifAny === "true") {
      const clock = await replays.getClock(callerOf(res), req.params.id).catch((e: unknown) => absent(e, "not a replay incident"));
      if (clock === null) return void res.status(204).end();
      return void res.json(clock);
    }
    res.json(await replays.getClock(callerOf(res), req.params.id));
  });
  api.post("/incidents/:id/replay", async (req, res) => {
    res.json(await replays.change(callerOf(res), req.params.id, req.body));
  });
  api.post("/incidents/:id/counterfactual", async (req, res) => {
    res.status(202).json(await replays.requestCounterfactual(callerOf(res), req.params.id, req.body));
  });
  api.get("/incidents/:id/counterfactual", async (req, res) => {
    // #16: ?ifAny=true answers 204 before the first report, for a board that asks on every load (a 404 there is
    // logged by the browser as an error every time)
    if (req.query.ifAny === "true") {
      const report = await replays.latestCounterfactual(callerOf(res), req.params.id).catch((e: unknown) => absent(e, "no report yet"));
      if (report === null) return void res.status(204).end();
      return void res.json(report);
    }
    res.json(await replays.latestCounterfactual(callerOf(res), req.params.id));
  });
}

/** null for the not-found that means "none yet" (its detail says which), else the error again */
function absent(e: unknown, why: string): null {
  if (e instanceof LianxinError && e.code === ErrorCode.notFound && e.details[0]?.message === why) return null;
  throw e;
}
