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

/**
 * What body-parser (inside express.json), raw-body and the router throw: http-errors with a `status`, and for
 * body-parser a `type`; a zlib error (a body that does not match its Content-Encoding) carries only the status
 * body-parser gave it, and a path parameter that is not valid percent-encoding is the router's URIError with 400.
 */
interface HttpLibraryError extends Error {
  status: number;
  type?: string;
  limit?: number;
  errno?: number;
}

/** At most this many details in one answer: a 5 MB document that is all wrong would otherwise answer 50 MB. */
export const MAX_DETAILS = 100;

/**
 * Maps anything a route threw to a status and body; an unexpected error is `internal` without its message
 * (which may hold internals), and `unexpected` tells the caller to log it.
 *
 * @example
 * const { status, body } = toErrorResponse(new LianxinError("not_found", "no incident x"));
 * // status 404, body.error.code "not_found"
 */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  const known = error instanceof LianxinError ? error : fromHttpLibrary(error);
  if (known) {
    return { status: HTTP_STATUS[known.code], body: body(known.code, known.message, known.details), unexpected: known.code === ErrorCode.internal };
  }
  return { status: 500, body: body(ErrorCode.internal, "internal error", []), unexpected: true };
}

/** A client error thrown by express's own parts, as the table's error; null for anything else. */
function fromHttpLibrary(error: unknown): LianxinError | null {
  if (!isHttpLibraryError(error)) return null;
  const e = error;
  const bad = (code: ErrorCode, message: string, path: string, detail: string) => new LianxinError(code, message, [{ path, message: detail }]);
  switch (e.type) {
    case "entity.parse.failed":
      return bad(ErrorCode.invalidInput, "the body is not valid JSON", "", "malformed JSON");
    case "entity.too.large":
      return bad(ErrorCode.tooLarge, `the body is over this route's limit of ${e.limit} bytes`, "", `at most ${e.limit} bytes`);
    case "encoding.unsupported":
      return bad(ErrorCode.unsupportedMedia, "unsupported Content-Encoding", "content-encoding", "must be identity, gzip, deflate or br");
    case "charset.unsupported":
      return bad(ErrorCode.unsupportedMedia, "unsupported charset", "content-type", "charset must be utf-8");
    case "request.size.invalid":
      return bad(ErrorCode.invalidInput, "the body is not as long as its Content-Length says", "content-length", "does not match the body");
    case "request.aborted":
      return bad(ErrorCode.invalidInput, "the request was aborted", "", "aborted");
  }
  if (e instanceof URIError) return bad(ErrorCode.invalidInput, "the path is not valid percent-encoding", "path", "bad percent-encoding");
  // zlib's and brotli's errors (Z_DATA_ERROR, ERR__ERROR_FORMAT_PADDING_1, …) carry an errno
  if (typeof e.errno === "number") {
    return bad(ErrorCode.invalidInput, "the body does not decode as its Content-Encoding says", "content-encoding", "does not match the body");
  }
  // any other client error an express part raises (its message is its own, not ours)
  if (e.status >= 400 && e.status < 500) return bad(ErrorCode.invalidInput, "malformed request", "", e.message);
  return null;
}

function body(code: ErrorCode, message: string, details: ErrorBody["error"]["details"]): ErrorBody {
  return { error: { code, message, details: details.length > MAX_DETAILS ? details.slice(0, MAX_DETAILS) : details } };
}

function isHttpLibraryError(e: unknown): e is HttpLibraryError {
  return e instanceof Error && typeof (e as HttpLibraryError).status === "number";
}
