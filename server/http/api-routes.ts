/**
 * The REST API (issue #4 contract): parse the request, call the incident service, answer. Nothing else.
 *
 *   POST /api/incidents                              commander: scenario document → 201 { id }
 *   GET  /api/incidents, /api/incidents/:id          any role
 *   GET  /api/incidents/:id/state[?at=ISO]           any role
 *   GET  /api/incidents/:id/curve[?from&to&stepMinutes]  any role (extension)
 *   POST /api/incidents/:id/events                   commander, crew (its trucks): 201 new, 200 same retry
 *   GET  /api/incidents/:id/events[?after=seq]       any role, seq order
 *   POST /api/incidents/:id/plans[?wait=false]       commander: { at?, timeLimitSeconds?, seed?, pins?, forbid?, durations? } → 201 plan (202 job)
 *   POST /api/incidents/:id/exports                  commander: { format, lang?, at? } → 202 job (formats: export-job.ts)
 *   GET  /api/incidents/:id/jobs                     any role (recent jobs, newest first)
 *   GET  /api/jobs/:jobId, /api/jobs/:jobId/result   any role in scope (status; an export's file)
 *   GET  /api/incidents/:id/plans                    any role (history, newest first, without documents)
 *   GET  /api/incidents/:id/plans/latest             any role
 *   GET  /api/incidents/:id/plans/:planId            any role (extension)
 *   POST /api/incidents/:id/plans/:planId/approve    commander
 *   GET  /api/incidents/:id/audit                    commander (extension)
 *   GET  /api/me, GET /api/health                    (extensions)
 *   POST /api/replays, GET|POST /api/incidents/:id/replay, GET|POST /api/incidents/:id/counterfactual  (#6, replay-routes.ts)
 *   POST|GET /api/tokens, DELETE /api/tokens/:id     commander (#13, token-routes.ts)
 *   POST /api/incidents/:id/plans/evaluate, GET /api/incidents/:id/plans/:planId/routes  (#16, what-if-routes.ts)
 *   POST /api/exercises                              commander (#18, exercise-routes.ts)
 *   GET  /api/incidents/:id/alerts.cap?compound=…, GET /api/incidents/:id/alerts.atom  (#18, resident-alert-routes.ts)
 *   POST /api/incidents/:id/events/:eventId/ack, GET /api/incidents/:id/acks,
 *   GET|PUT /api/incidents/:id/alert-thresholds      (#16, watch-routes.ts)
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from "express";
import { z } from "zod";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { isoTime, isoTimeProblem, parseRequest } from "../../shared/scenario-schemas.ts";
import type { IncidentService } from "../incidents/incident-service.ts";
import type { JobService } from "../jobs/job-service.ts";
import type { Logger } from "../ops/logger.ts";
import { logOf } from "../ops/observe-requests.ts";
import type { ReplayService } from "../replay/replay-service.ts";
import type { TokenService } from "../incidents/token-service.ts";
import { callerOf, requireBearer, type FindToken } from "./authenticate.ts";
import { toErrorResponse } from "./error-table.ts";
import { jsonBody, type BodyLimits } from "./json-body.ts";
import { pathParameterError, refuseControlCharacters } from "./path-parameter-error.ts";
import { mountReplayRoutes } from "./replay-routes.ts";
import { mountTokenRoutes } from "./token-routes.ts";
import type { Me } from "../../shared/wire.ts";
import { apiRoutes, createOpenApiDocument, renderDocsPage } from "./openapi.ts";
import { mountWhatIfRoutes } from "./what-if-routes.ts";
import type { WhatIfService } from "../incidents/what-if-service.ts";
import type { ResidentAlertService } from "../resident-alerts/resident-alert-service.ts";
import { mountResidentAlertRoutes } from "./resident-alert-routes.ts";
import type { ExerciseService } from "../exercises/exercise-service.ts";
import { mountExerciseRoutes } from "./exercise-routes.ts";
import { mountWatchRoutes } from "./watch-routes.ts";
import type { WatchService } from "../incidents/watch-service.ts";

export interface ApiDeps {
  incidents: IncidentService;
  jobs: JobService;
  replays: ReplayService;
  findToken: FindToken;
  /** the token routes (#13); absent = not mounted */
  tokens?: TokenService;
  /** what-if assignments and plan routes (#16, what-if-routes.ts); absent = not mounted */
  whatIf?: WhatIfService;
  /** resident alerts in CAP 1.2 and Atom (#18, resident-alert-routes.ts); absent = not mounted */
  residentAlerts?: ResidentAlertService;
  /** exercises (#18, exercise-routes.ts); absent = not mounted */
  exercises?: ExerciseService;
  /** acknowledgements and alert thresholds (#16, watch-routes.ts); absent = not mounted */
  watch?: WatchService;
  /** body size per route (json-body.ts): default 5 MB for a scenario, 64 KB for a report, 16 KB for the rest */
  bodyLimits?: BodyLimits;
  /** called with errors that are not the caller's fault */
  logError?: (error: unknown) => void;
  /** errors that map to 500 are logged with the request's id (its child logger), else here */
  logger?: Logger;
  /** per-token limit on writes (server/ops/write-limit.ts), after authentication and before the body is read */
  writeLimit?: RequestHandler;
}

/**
 * @example
 * app.use("/api", createApiRouter({ incidents, findToken }));
 */
export function createApiRouter(deps: ApiDeps): Router {
  const { incidents } = deps;
  const api = express.Router();
  api.get("/health", (_req, res) => {
    res.json({ ok: true });
  });
  // the API described for tools (openapi.ts): no token needed to read how to call it
  const routeDocs = apiRoutes(planRequest);
  const openApiDocument = createOpenApiDocument(routeDocs);
  api.get("/openapi.json", (_req, res) => {
    res.json(openApiDocument);
  });
  api.get("/docs", (_req, res) => {
    res.type("html").send(renderDocsPage(routeDocs));
  });
  // who first, then the body: an unknown caller never makes us parse megabytes
  api.use(requireBearer(deps.findToken));
  if (deps.writeLimit) api.use(deps.writeLimit);
  api.use(jsonBody(deps.bodyLimits));
  for (const name of ["id", "planId", "jobId", "eventId"]) api.param(name, refuseControlCharacters);

  api.get("/me", (_req, res) => {
    const c = callerOf(res);
    res.json({ name: c.name, role: c.role, incident: c.incident, trucks: c.trucks } satisfies Me);
  });

  api.post("/incidents", async (req, res) => {
    const summary = await incidents.createIncident(callerOf(res), req.body);
    res.status(201).json(summary);
  });
  api.get("/incidents", async (_req, res) => {
    res.json(await incidents.listIncidents(callerOf(res)));
  });
  api.get("/incidents/:id", async (req, res) => {
    res.json(await incidents.getIncident(callerOf(res), req.params.id));
  });
  api.get("/incidents/:id/state", async (req, res) => {
    res.json(await incidents.getState(callerOf(res), req.params.id, queryTime(req, "at")));
  });
  api.get("/incidents/:id/curve", async (req, res) => {
    const step = queryNumber(req, "stepMinutes", (n) => n > 0);
    res.json(await incidents.curve(callerOf(res), req.params.id, { fromMs: queryTime(req, "from"), toMs: queryTime(req, "to"), stepMs: step === undefined ? undefined : step * 60_000 }));
  });

  api.post("/incidents/:id/events", async (req, res) => {
    const { created, event } = await incidents.appendEvent(callerOf(res), req.params.id, req.body);
    res.status(created ? 201 : 200).json(event);
  });
  api.get("/incidents/:id/events", async (req, res) => {
    const after = queryNumber(req, "after", (n) => Number.isInteger(n) && n >= 0);
    // a seq is a 32-bit integer in the store: "after" anything larger asks for nothing, and is asked as its largest
    res.json(await incidents.listEvents(callerOf(res), req.params.id, after === undefined ? undefined : Math.min(after, MAX_SEQ)));
  });

  api.post("/incidents/:id/plans", async (req, res) => {
    const body = parsePlanRequest(req.body);
    const request = {
      atMs: body.at === undefined ? undefined : Date.parse(body.at),
      timeLimitMs: body.timeLimitSeconds === undefined ? undefined : body.timeLimitSeconds * 1000,
      seed: body.seed,
      pins: body.pins,
      forbid: body.forbid,
      durations: body.durations,
    };
    if (queryFlag(req, "wait") === false) {
      res.status(202).json(await incidents.requestPlan(callerOf(res), req.params.id, request));
      return;
    }
    res.status(201).json(await incidents.plan(callerOf(res), req.params.id, request));
  });
  api.get("/incidents/:id/plans", async (req, res) => {
    res.json(await incidents.listPlans(callerOf(res), req.params.id));
  });
  api.get("/incidents/:id/plans/latest", async (req, res) => {
    res.json(await incidents.latestPlan(callerOf(res), req.params.id));
  });
  api.get("/incidents/:id/plans/:planId", async (req, res) => {
    res.json(await incidents.getPlan(callerOf(res), req.params.id, req.params.planId));
  });
  api.post("/incidents/:id/plans/:planId/approve", async (req, res) => {
    res.json(await incidents.approve(callerOf(res), req.params.id, req.params.planId));
  });
  api.get("/incidents/:id/audit", async (req, res) => {
    res.json(await incidents.audit(callerOf(res), req.params.id));
  });

  api.post("/incidents/:id/exports", async (req, res) => {
    res.status(202).json(await deps.jobs.startExport(callerOf(res), req.params.id, req.body ?? {}));
  });
  api.get("/incidents/:id/jobs", async (req, res) => {
    res.json(await deps.jobs.listJobs(callerOf(res), req.params.id));
  });
  api.get("/jobs/:jobId", async (req, res) => {
    res.json(await deps.jobs.getJob(callerOf(res), req.params.jobId));
  });
  api.get("/jobs/:jobId/result", async (req, res) => {
    const file = await deps.jobs.exportFile(callerOf(res), req.params.jobId);
    res.set("content-type", file.contentType);
    res.set("content-disposition", `attachment; filename="${file.filename.replace(/[^\w.-]/g, "_")}"`);
    res.send(file.body);
  });

  mountReplayRoutes(api, deps.replays);
  if (deps.whatIf) mountWhatIfRoutes(api, deps.whatIf);
  if (deps.watch) mountWatchRoutes(api, deps.watch);
  if (deps.tokens) mountTokenRoutes(api, deps.tokens);
  if (deps.residentAlerts) mountResidentAlertRoutes(api, deps.residentAlerts);
  if (deps.exercises) mountExerciseRoutes(api, deps.exercises);

  api.use((req, _res, next) => next(new LianxinError(ErrorCode.notFound, `no route ${req.method} ${req.baseUrl}${req.path}`)));
  api.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, body, unexpected } = toErrorResponse(pathParameterError(error, req, api) ?? error);
    if (unexpected) {
      const log = logOf(res, deps.logger);
      if (log) log.error({ err: error }, "internal error");
      else if (!deps.logError) console.error(error);
      deps.logError?.(error);
    }
    res.status(status).json(body);
  });
  return api;
}

export const assignmentPair = z.strictObject({
  truck: z.string({ error: "must be a truck id" }).min(1, { error: "must be a truck id" }),
  compound: z.string({ error: "must be a compound id" }).min(1, { error: "must be a compound id" }),
});

export const planRequest = z.strictObject({
  at: isoTime.optional(),
  timeLimitSeconds: z.number({ error: "must be a number" }).positive({ error: "must be positive" }).max(60, { error: "must be at most 60" }).optional(),
  seed: z.number({ error: "must be an integer" }).int({ error: "must be an integer" }).optional(),
  // #16: the plan keeps each pin and never makes a forbidden pair; the planner names any it cannot keep (422)
  pins: z.array(assignmentPair, { error: "must be a list of { truck, compound }" }).max(1000, { error: "at most 1000" }).optional(),
  forbid: z.array(assignmentPair, { error: "must be a list of { truck, compound }" }).max(1000, { error: "at most 1000" }).optional(),
  // #17: plan with the scenario's on-site durations (default) or those learned from the event log
  durations: z.enum(["scenario", "learned"], { error: 'must be "scenario" or "learned"' }).optional(),
});

function parsePlanRequest(body: unknown): z.infer<typeof planRequest> {
  return parseRequest(planRequest, body ?? {}, "invalid plan request");
}

/** An ISO time from the query string; a "+hh:mm" offset arrives as " hh:mm" when the client did not encode "+". */
function queryTime(req: Request, name: string): number | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  const value = typeof raw === "string" ? raw.replace(/ (\d{2}(:?\d{2})?)$/, "+$1") : "";
  const problem = isoTimeProblem(value);
  if (problem !== null) throw new LianxinError(ErrorCode.invalidInput, `${name} ${problem}`, [{ path: name, message: problem }]);
  return Date.parse(value);
}

/** `?name=true|false`; undefined when absent */
function queryFlag(req: Request, name: string): boolean | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (raw === "true" || raw === "false") return raw === "true";
  throw new LianxinError(ErrorCode.invalidInput, `invalid ${name}`, [{ path: name, message: "must be true or false" }]);
}

/** the largest event seq the store can hold (PostgreSQL integer) */
const MAX_SEQ = 2_147_483_647;

function queryNumber(req: Request, name: string, ok: (n: number) => boolean): number | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  if (!Number.isFinite(n) || !ok(n)) throw new LianxinError(ErrorCode.invalidInput, `invalid ${name}`, [{ path: name, message: "must be a valid number" }]);
  return n;
}
