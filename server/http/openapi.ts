/**
 * The HTTP API described once, for tools and integrators: an OpenAPI 3.1 document served at GET /api/openapi.json
 * and a plain page listing the routes at GET /api/docs (nothing loaded from the internet). Request bodies are
 * described by the same zod schemas the routes validate with (z.toJSONSchema), so the two cannot drift;
 * test/integration/openapi.test.ts checks that every route of the router and of README's table is here.
 *
 * Two bodies are checked by more than one schema and described in outline: a scenario document (POST /incidents,
 * validateScenario's layered checks; see README "Scenario format") and an event (the common fields; each type's
 * own fields are checked by parseEventInput).
 */
import { evaluateRequest } from "./what-if-routes.ts";
import { alertThresholdsRequest } from "./watch-routes.ts";
import { z } from "zod";
import { eventInputCommon } from "../../shared/restoration/parse-event-input.ts";
import { exportPayloadSchema } from "../jobs/definitions/export-job.ts";
import { newTokenRequest } from "../incidents/token-service.ts";
import { changeRequest, counterfactualRequest, startRequest } from "../replay/replay-service.ts";
import { startExerciseRequest } from "../exercises/exercise-service.ts";

type Method = "get" | "post" | "put" | "delete";
export interface RouteDoc {
  method: Method;
  /** express form, under /api unless it starts with /metrics */
  path: string;
  summary: string;
  /** who may call it: "none" needs no token */
  auth: "none" | "token";
  body?: z.ZodType;
  /** the body's description when it has no schema of its own */
  bodyNote?: string;
  query?: string[];
}

// plan request: the same fields as api-routes.ts's planRequest; imported lazily there would make a cycle
// (api-routes mounts these docs), so the schema is passed in by createOpenApiDocument's caller.
export function apiRoutes(planRequest: z.ZodType): RouteDoc[] {
  const t = "token" as const;
  return [
    { method: "get", path: "/api/health", summary: "liveness", auth: "none" },
    { method: "get", path: "/api/ready", summary: "readiness: 200, or 503 naming what is down", auth: "none" },
    { method: "get", path: "/metrics", summary: "Prometheus metrics (commander or LIANXIN_METRICS_TOKEN)", auth: t },
    { method: "get", path: "/api/openapi.json", summary: "this document", auth: "none" },
    { method: "get", path: "/api/docs", summary: "a page listing the routes", auth: "none" },
    { method: "get", path: "/api/me", summary: "the token's role and scope", auth: t },
    { method: "post", path: "/api/incidents", summary: "create an incident from a scenario document (201)", auth: t, bodyNote: "a scenario document (README: Scenario format)" },
    { method: "get", path: "/api/incidents", summary: "list incidents", auth: t },
    { method: "get", path: "/api/incidents/:id", summary: "one incident with its scenario", auth: t },
    { method: "get", path: "/api/incidents/:id/state", summary: "state derived from the event log at an instant", auth: t, query: ["at"] },
    { method: "get", path: "/api/incidents/:id/curve", summary: "restoration curve", auth: t, query: ["from", "to", "stepMinutes"] },
    { method: "post", path: "/api/incidents/:id/events", summary: "report an event (201 stored, 200 retry, 409, 422)", auth: t, body: eventInputCommon },
    { method: "get", path: "/api/incidents/:id/events", summary: "the log in seq order", auth: t, query: ["after"] },
    { method: "post", path: "/api/incidents/:id/plans", summary: "plan from the current state in a plan job", auth: t, body: planRequest, query: ["wait"] },
    { method: "get", path: "/api/incidents/:id/plans", summary: "the plan history, newest first", auth: t },
    { method: "get", path: "/api/incidents/:id/plans/latest", summary: "the latest stored plan", auth: t },
    { method: "get", path: "/api/incidents/:id/plans/:planId", summary: "one stored plan", auth: t },
    { method: "post", path: "/api/incidents/:id/plans/evaluate", summary: "what-if: the model's plan of given assignments from the current state, stored nowhere (200, 422 naming a stop)", auth: t, body: evaluateRequest },
    { method: "get", path: "/api/incidents/:id/plans/:planId/routes", summary: "the plan's legs along the roads, GeoJSON LineStrings", auth: t },
    { method: "post", path: "/api/incidents/:id/events/:eventId/ack", summary: "a commander acknowledges a report (201 first, 200 after, 404 unknown event)", auth: t },
    { method: "get", path: "/api/incidents/:id/acks", summary: "the acknowledgements, in seq order", auth: t },
    { method: "get", path: "/api/incidents/:id/alert-thresholds", summary: "the board alerts' thresholds in force", auth: t },
    { method: "put", path: "/api/incidents/:id/alert-thresholds", summary: "replace the board alerts' thresholds (commander; 400 naming the field)", auth: t, body: alertThresholdsRequest },
    { method: "post", path: "/api/incidents/:id/plans/:planId/approve", summary: "approve the latest plan", auth: t },
    { method: "get", path: "/api/incidents/:id/audit", summary: "who did what, when", auth: t },
    { method: "post", path: "/api/incidents/:id/exports", summary: "start an export job (202 JobStatus)", auth: t, body: exportPayloadSchema.pick({ format: true, lang: true, at: true }) },
    { method: "get", path: "/api/incidents/:id/jobs", summary: "the incident's recent jobs", auth: t },
    { method: "get", path: "/api/jobs/:jobId", summary: "a job's JobStatus", auth: t },
    { method: "get", path: "/api/jobs/:jobId/result", summary: "an export's file", auth: t },
    { method: "post", path: "/api/replays", summary: "start a replay incident (201)", auth: t, body: startRequest },
    { method: "get", path: "/api/incidents/:id/replay", summary: "the replay's ReplayClock; 204 with ifAny=true for an incident that is not a replay", auth: t, query: ["ifAny"] },
    { method: "post", path: "/api/incidents/:id/replay", summary: "pause, change speed or seek", auth: t, body: changeRequest },
    { method: "post", path: "/api/incidents/:id/counterfactual", summary: "start a counterfactual job (202)", auth: t, body: counterfactualRequest },
    { method: "get", path: "/api/incidents/:id/counterfactual", summary: "the latest CounterfactualReport; 204 with ifAny=true before the first", auth: t, query: ["ifAny"] },
    { method: "post", path: "/api/exercises", summary: "start an exercise: a replay in exercise mode and a trainee commander token limited to it (201)", auth: t, body: startExerciseRequest },
    { method: "get", path: "/api/exercises/:id/score", summary: "the exercise's last scorecard (computed by the score job): trainee against history, the planner without and with foresight, no truck and the planner's lower bound, up to its at; stale + job while the next is computed; 202 JobStatus before the first", auth: t },
    { method: "get", path: "/api/exercises/:id/report", summary: "the last scorecard as a printable after-action report (HTML); 202 JobStatus before the first", auth: t },
    { method: "get", path: "/api/incidents/:id/alerts.cap", summary: "a compound's resident alert as CAP 1.2 XML (its latest, or the one named); 400 without compound", auth: t, query: ["compound", "identifier"] },
    { method: "get", path: "/api/incidents/:id/alerts.atom", summary: "every resident alert of the incident, an Atom 1.0 feed", auth: t },
    { method: "post", path: "/api/tokens", summary: "create a token (201, the secret only here)", auth: t, body: newTokenRequest },
    { method: "get", path: "/api/tokens", summary: "list tokens", auth: t, query: ["incident"] },
    { method: "delete", path: "/api/tokens/:id", summary: "revoke a token", auth: t },
  ];
}

/** `/incidents/:id` → `/incidents/{id}` */
export const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z]+)/g, "{$1}");

/**
 * @example
 * const doc = createOpenApiDocument(apiRoutes(planRequest)); // served as GET /api/openapi.json
 */
export function createOpenApiDocument(routes: RouteDoc[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const query = (route.query ?? []).map((name) => ({ name, in: "query", required: false, schema: { type: "string" } }));
    const body = route.body
      ? { required: route.method !== "post" || !route.path.endsWith("/plans"), content: { "application/json": { schema: z.toJSONSchema(route.body, { io: "input", unrepresentable: "any" }) } } }
      : route.bodyNote
        ? { required: true, description: route.bodyNote, content: { "application/json": { schema: { type: "object" } } } }
        : undefined;
    (paths[openApiPath(route.path)] ??= {})[route.method] = {
      summary: route.summary,
      ...(route.auth === "none" ? { security: [] } : {}),
      ...(params.length + query.length > 0 ? { parameters: [...params, ...query] } : {}),
      ...(body ? { requestBody: body } : {}),
      responses: {
        default: { description: "JSON; errors as { error: { code, message, details } } (README: HTTP API)" },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Lianxin HTTP API", version: "0.1.0", description: "Generator dispatch and power restoration; times are ISO 8601 with offset." },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    paths,
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);

/** GET /api/docs: the routes as a table, and a link to the document. */
export function renderDocsPage(routes: RouteDoc[]): string {
  const rows = routes
    .map((r) => `<tr><td>${r.method.toUpperCase()}</td><td><code>${escapeHtml(r.path)}</code></td><td>${r.auth === "none" ? "no token" : "Bearer token"}</td><td>${escapeHtml(r.summary)}</td></tr>`)
    .join("\n");
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Lianxin API</title>
<body><h1>Lianxin HTTP API</h1><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Auth</th><th>What</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}
