/**
 * Routes for operators, mounted before the API's authentication:
 *
 *   GET /api/ready   200 { ready: true, checked } when every dependency answers; 503 `unavailable` naming what is
 *                    down in details (store, migrations, queues, redis; server while draining). No token.
 *   GET /metrics     Prometheus text format; Authorization: Bearer <a commander token | LIANXIN_METRICS_TOKEN>.
 *
 * `GET /api/health` (api-routes.ts) stays the cheap liveness check that asks nothing.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Express, NextFunction, Request, Response } from "express";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { Metrics } from "../ops/metrics.ts";
import type { Readiness } from "../ops/readiness.ts";
import type { FindToken } from "./authenticate.ts";
import { toErrorResponse } from "./error-table.ts";

export interface OpsRouteDeps {
  readiness: Readiness;
  metrics: Metrics;
  findToken: FindToken;
  /** a bearer secret that may read /metrics besides commander tokens (LIANXIN_METRICS_TOKEN) */
  metricsToken: string | null;
}

/**
 * @example
 * mountOpsRoutes(app, { readiness, metrics, findToken, metricsToken: config.ops.metricsToken });
 */
export function mountOpsRoutes(app: Express, deps: OpsRouteDeps): void {
  app.get("/api/ready", async (_req, res) => {
    const result = await deps.readiness.check();
    res.set("cache-control", "no-store");
    if (result.ready) {
      res.json({ ready: true, checked: result.checked });
      return;
    }
    const names = result.down.map((d) => d.path).join(", ");
    answerError(res, new LianxinError(ErrorCode.unavailable, `not ready: ${names}`, result.down));
  });

  app.get("/metrics", async (req: Request, res: Response, next: NextFunction) => {
    try {
      await requireMetricsReader(req, deps);
      const { contentType, text } = await deps.metrics.render();
      res.set("content-type", contentType);
      res.set("cache-control", "no-store");
      res.send(text);
    } catch (error) {
      if (error instanceof LianxinError) answerError(res, error);
      else next(error);
    }
  });
}

async function requireMetricsReader(req: Request, deps: OpsRouteDeps): Promise<void> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "");
  if (!match) throw new LianxinError(ErrorCode.unauthorized, "send a commander token or the metrics token as Authorization: Bearer <token>", [{ path: "authorization", message: "missing or not a Bearer token" }]);
  const secret = match[1];
  if (deps.metricsToken !== null && sameSecret(secret, deps.metricsToken)) return;
  const record = await deps.findToken(secret);
  if (record?.role === "commander") return;
  // a crew or viewer token is as good as none here: the figures cover every incident
  throw new LianxinError(ErrorCode.unauthorized, "metrics need a commander token or the metrics token", [{ path: "authorization", message: record ? "not a commander token" : "unknown token" }]);
}

/** constant time, whatever the lengths (both sides hashed first) */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function answerError(res: Response, error: LianxinError): void {
  const { status, body } = toErrorResponse(error);
  res.status(status).json(body);
}
