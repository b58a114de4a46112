/**
 * The router decodes a path parameter only when a route matches, and throws a URIError (status 400) when it is not
 * valid percent-encoding ("%E0%A4%A"). This names the parameter, so the answer says which field is wrong.
 */
import type { NextFunction, Request, Response, Router } from "express";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";

/**
 * The router's URIError as invalid_input naming the parameter (its `:name` in the route that matched); null for
 * any other error.
 *
 * @example
 * // GET /api/incidents/%E0%A4%A → { path: "id", message: "not valid percent-encoding" }
 * const named = pathParameterError(error, req, api);
 */
export function pathParameterError(error: unknown, req: Request, router: Router): LianxinError | null {
  if (!(error instanceof URIError)) return null;
  const segments = req.path.split("/");
  const bad = segments.findIndex((s) => !decodes(s));
  const name = bad < 0 ? null : parameterNameAt(router, req.method, segments, bad);
  const path = name ?? "path";
  return new LianxinError(ErrorCode.invalidInput, `${name === null ? "the path" : `path parameter ${name}`} is not valid percent-encoding`, [{ path, message: "not valid percent-encoding" }]);
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** `:name` at segment `index` of the first route whose literal segments match the path's (the method's first) */
function parameterNameAt(router: Router, method: string, segments: string[], index: number): string | null {
  const routes = router.stack.flatMap((layer) => (layer.route && typeof layer.route.path === "string" ? [layer.route] : []));
  const fits = (pattern: string) => {
    const parts = pattern.split("/");
    return parts.length === segments.length && parts.every((p, i) => p.startsWith(":") || p === segments[i]) && parts[index].startsWith(":");
  };
  const handles = (route: (typeof routes)[number]) => route.stack.some((l) => l.method === method.toLowerCase());
  const route = routes.find((r) => fits(r.path) && handles(r)) ?? routes.find((r) => fits(r.path));
  return route ? route.path.split("/")[index].slice(1) : null;
}

/**
 * Express param callback: refuses a path parameter with a control character once decoded ("%00"), which PostgreSQL
 * cannot hold in text and no id contains.
 *
 * @example
 * for (const name of ["id", "planId", "jobId"]) api.param(name, refuseControlCharacters);
 */
export function refuseControlCharacters(_req: Request, _res: Response, next: NextFunction, value: unknown, name: string): void {
  // eslint-disable-next-line no-control-regex
  if (typeof value === "string" && /[\u0000-\u001f\u007f]/.test(value)) {
    return next(new LianxinError(ErrorCode.invalidInput, `path parameter ${name} has a control character`, [{ path: name, message: "must not contain control characters" }]));
  }
  next();
}
