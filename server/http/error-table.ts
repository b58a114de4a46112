/**
 * The one table from domain error codes to HTTP statuses, and the error body every route answers with:
 * `{ "error": { "code", "message", "details": [{ "path", "message" }] } }`.
 */
import { ErrorCode, LianxinError, type ErrorBody } from "../../shared/errors.ts";

export const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.invalidInput]: 400,
  [ErrorCode.unauthorized]: 401,
  [ErrorCode.forbidden]: 403,
  [ErrorCode.notFound]: 404,
  [ErrorCode.conflict]: 409,
  [ErrorCode.impossible]: 422,
  [ErrorCode.tooLarge]: 413,
  [ErrorCode.unsupportedMedia]: 415,
  [ErrorCode.rateLimited]: 429,
  [ErrorCode.internal]: 500,
  [ErrorCode.unavailable]: 503,
};

/** What body-parser (inside express.json) throws, by its `type`. */
interface BodyParserError {
  type: string;
  status?: number;
}

/**
 * Maps anything a route threw to a status and body; an unexpected error is `internal` without its message
 * (which may hold internals), and `unexpected` tells the caller to log it.
 *
 * @example
 * const { status, body } = toErrorResponse(new LianxinError("not_found", "no incident x"));
 * // status 404, body.error.code "not_found"
 */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  if (error instanceof LianxinError) {
    return { status: HTTP_STATUS[error.code], body: body(error.code, error.message, error.details), unexpected: error.code === ErrorCode.internal };
  }
  const parserType = isBodyParserError(error) ? error.type : null;
  if (parserType === "entity.parse.failed") {
    return { status: 400, body: body(ErrorCode.invalidInput, "the body is not valid JSON", [{ path: "", message: "malformed JSON" }]), unexpected: false };
  }
  if (parserType === "entity.too.large") {
    return { status: 400, body: body(ErrorCode.invalidInput, "the body is too large", [{ path: "", message: "too large" }]), unexpected: false };
  }
  if (parserType !== null && (error as BodyParserError).status === 415) {
    return { status: 400, body: body(ErrorCode.invalidInput, "unsupported body encoding", [{ path: "", message: "unsupported encoding" }]), unexpected: false };
  }
  return { status: 500, body: body(ErrorCode.internal, "internal error", []), unexpected: true };
}

function body(code: ErrorCode, message: string, details: ErrorBody["error"]["details"]): ErrorBody {
  return { error: { code, message, details } };
}

function isBodyParserError(e: unknown): e is BodyParserError {
  return typeof e === "object" && e !== null && typeof (e as BodyParserError).type === "string" && e instanceof Error;
}
