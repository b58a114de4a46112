/**
 * The first middleware of every request: a request id (an incoming `X-Request-Id` when it looks like one, else a
 * new UUID; echoed in the response), a child logger carrying it (`res.locals.log`, for the lines the request's
 * handlers write), one JSON line when it is answered, and its duration in the metrics by route pattern.
 *
 * A line names method, route, URL (any `token` query value redacted) and status, never headers: no Authorization,
 * no cookie, no token.
 */
import { randomUUID } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { redactUrl, type Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";

/** what a proxy or a client might send as a request id: short, no spaces or control characters */
const SANE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

export interface ObserveDeps {
  logger: Logger;
  metrics: Metrics;
  /** while true, answers ask the client to close its connection (the server is draining) */
  draining?: () => boolean;
}

/**
 * @example
 * app.use(observeRequests({ logger, metrics }));
 * app.get("/x", (_req, res) => { logOf(res).info("hello"); res.end(); }); // {"reqId":"…","msg":"hello"}
 */
export function observeRequests(deps: ObserveDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get("x-request-id");
    const reqId = incoming !== undefined && SANE_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader("x-request-id", reqId);
    if (deps.draining?.()) res.setHeader("connection", "close");
    const log = deps.logger.child({ reqId });
    res.locals.log = log;
    const started = performance.now();
    const url = redactUrl(req.originalUrl);
    log.debug({ method: req.method, url }, "request started");
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      const seconds = (performance.now() - started) / 1000;
      const route = routePattern(req, res);
      // a client that hung up before the answer: logged as such, timed under its would-be status
      const aborted = !res.writableFinished;
      deps.metrics.observeRequest(req.method, route, res.statusCode, seconds);
      const line = { method: req.method, url, route, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10, ...(aborted ? { aborted } : {}) };
      if (res.statusCode >= 500) log.warn(line, "request");
      else log.info(line, "request");
    };
    res.once("finish", finished);
    res.once("close", finished);
    next();
  };
}

/** The request's logger (with its id), or `fallback` outside a request observed by observeRequests. */
export function logOf(res: Response, fallback?: Logger): Logger | undefined {
  return (res.locals.log as Logger | undefined) ?? fallback;
}

/**
 * The matched route's pattern ("/api/incidents/:id/events"), so the metrics' label set stays bounded whatever
 * URLs clients send; "unmatched" when no route took the request (404s, static files).
 */
export function routePattern(req: Request, _res: Response): string {
  const path: unknown = req.route?.path;
  if (typeof path !== "string") return "unmatched";
  return `${req.baseUrl}${path}` || "/";
}
