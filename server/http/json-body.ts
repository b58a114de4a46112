/**
 * The API's one body parser: JSON only (else 415), UTF-8 only, at most a stated number of bytes per route (else
 * 413), nested at most MAX_JSON_DEPTH deep (else 400), decoded by its Content-Encoding (identity, gzip, deflate, br;
 * a body that does not decode is 400). What each refusal answers is in error-table.ts.
 *
 * The limits bound what one request can cost before any validation runs: body-parser stops reading at the limit
 * (a declared Content-Length over it is refused unread), and a parsed document is roughly 5-10× its text in memory.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { createLargeBodyGate } from "./large-body-gate.ts";

export interface BodyLimits {
  /** POST /api/incidents, POST /api/replays and POST /api/exercises: a scenario with its road network (Zhengzhou's is 0.4 MB, the 2,000-compound city 1.6 MB) */
  scenarioBytes: number;
  /** POST /api/incidents/:id/events: one report (a note is at most 2,000 characters; a reported road closure is a polygon) */
  reportBytes: number;
  /** every other route: plan, export, replay and counterfactual requests, tokens */
  otherBytes: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { scenarioBytes: 5 * 1024 * 1024, reportBytes: 64 * 1024, otherBytes: 16 * 1024 };

/**
 * A scenario body declared larger than this (or of unknown length: chunked) waits for the large-body gate: one at a
 * time, as parsed it may hold a few hundred MB until its answer (large-body-gate.ts). Zhengzhou's 1:10 model (0.4
 * MB) and smaller pass at once.
 */
export const LARGE_BODY_BYTES = 512 * 1024;

/** A GeoJSON MultiPolygon inside a scenario is 8 deep (scenario → floodZones → features → [i] → geometry → …). */
export const MAX_JSON_DEPTH = 32;

type LimitKind = keyof BodyLimits;

/** method, path under /api → the limit it takes; anything else takes otherBytes */
const ROUTE_LIMITS: readonly [method: string, path: RegExp, kind: LimitKind][] = [
  ["POST", /^\/incidents\/?$/, "scenarioBytes"],
  ["POST", /^\/replays\/?$/, "scenarioBytes"],
  ["POST", /^\/exercises\/?$/, "scenarioBytes"],
  ["POST", /^\/incidents\/[^/]+\/events\/?$/, "reportBytes"],
];

/**
 * @example
 * api.use(jsonBody({ ...DEFAULT_BODY_LIMITS, scenarioBytes: 8 * 1024 * 1024 }));
 */
export function jsonBody(limits: BodyLimits = DEFAULT_BODY_LIMITS): RequestHandler {
  const parsers = new Map<LimitKind, RequestHandler>();
  for (const kind of Object.keys(limits) as LimitKind[]) {
    // type "*/*": this middleware has already checked the type and names it in its own 415
    parsers.set(kind, express.json({ limit: limits[kind], strict: true, type: () => true, verify: refuseDeepJson }));
  }
  const gate = createLargeBodyGate(1);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req)) return next();
    const refused = mediaTypeProblem(req.headers["content-type"]);
    if (refused) return next(refused);
    const kind = limitKindOf(req.method, req.path);
    const parse = parsers.get(kind)!;
    const declared = Number(req.headers["content-length"] ?? NaN);
    // (a declared length over the limit is refused unread by the parser: no need to wait for that)
    // a compressed body's declared length says nothing of what it inflates to: it waits too
    const encoded = (req.headers["content-encoding"] ?? "identity") !== "identity";
    const large = kind === "scenarioBytes" && (encoded || !(declared <= LARGE_BODY_BYTES)) && !(declared > limits[kind]);
    if (large) gate.enter(req, res, () => parse(req, res, next));
    else parse(req, res, next);
  };
}

/** The limit a route takes, in bytes: for the README and tests. */
export function bodyLimitOf(limits: BodyLimits, method: string, path: string): number {
  return limits[limitKindOf(method, path)];
}

function limitKindOf(method: string, path: string): LimitKind {
  return ROUTE_LIMITS.find(([m, p]) => m === method && p.test(path))?.[2] ?? "otherBytes";
}

/** as type-is decides it: a body is coming when the request is chunked or declares a non-zero length */
function hasBody(req: Request): boolean {
  return req.headers["transfer-encoding"] !== undefined || (req.headers["content-length"] !== undefined && req.headers["content-length"] !== "0");
}

function mediaTypeProblem(header: string | undefined): LianxinError | null {
  const refuse = (message: string) => new LianxinError(ErrorCode.unsupportedMedia, "send the body as application/json", [{ path: "content-type", message }]);
  if (header === undefined) return refuse("missing; must be application/json");
  const [type, ...params] = header.split(";").map((p) => p.trim().toLowerCase());
  if (type !== "application/json" && !/^application\/[\w.+-]+\+json$/.test(type)) return refuse(`${type.slice(0, 100) || "(empty)"} is not taken; must be application/json`);
  const charset = params.find((p) => p.startsWith("charset="))?.slice("charset=".length).replace(/^"|"$/g, "");
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") return refuse(`charset ${charset.slice(0, 40)} is not taken; must be utf-8`);
  return null;
}

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const U = 0x75;
const ZERO = 0x30;

/** PostgreSQL's text and jsonb cannot hold U+0000, so a string with one would fail in the store (22P05) */
function nulInString(): LianxinError {
  return new LianxinError(ErrorCode.invalidInput, "the body has a string with U+0000 in it", [{ path: "", message: "strings must not contain \\u0000" }]);
}

/**
 * body-parser's verify hook, before JSON.parse: refuses a string holding U+0000 (nulInString) and a document nested
 * deeper than MAX_JSON_DEPTH. Storing
 * one (JSON.stringify is recursive) or walking it would overflow the stack; JSON.parse alone would not.
 * Brackets inside strings do not count. The bytes are UTF-8 (mediaTypeProblem refused other charsets), whose
 * multi-byte sequences never contain an ASCII byte.
 */
function refuseDeepJson(_req: unknown, _res: unknown, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (inString) {
      if (b === BACKSLASH) {
        if (buf[i + 1] === U && buf[i + 2] === ZERO && buf[i + 3] === ZERO && buf[i + 4] === ZERO && buf[i + 5] === ZERO) throw nulInString();
        i++;
      } else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new LianxinError(ErrorCode.invalidInput, `the body is nested more than ${MAX_JSON_DEPTH} deep`, [{ path: "", message: `nested more than ${MAX_JSON_DEPTH} deep` }]);
      }
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
  }
}
