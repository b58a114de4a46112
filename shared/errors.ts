/**
 * The one table of error codes spoken on the wire (HTTP bodies, socket acks, CLI messages).
 * HTTP statuses are mapped from these in server/http/error-table.ts only.
 */
export const ErrorCode = {
  /** malformed request or document: 400 */
  invalidInput: "invalid_input",
  /** no or bad token: 401 */
  unauthorized: "unauthorized",
  /** role or scope does not allow it: 403 */
  forbidden: "forbidden",
  notFound: "not_found",
  /** same id, different content; plan already superseded: 409 */
  conflict: "conflict",
  /** well-formed but impossible (switched on before arriving, unknown compound): 422 */
  impossible: "impossible",
  /** the body is over the route's stated limit: 413 */
  tooLarge: "too_large",
  /** a Content-Type or Content-Encoding the route does not take: 415 */
  unsupportedMedia: "unsupported_media",
  /** too many writes from one token; Retry-After says when to try again: 429 */
  rateLimited: "rate_limited",
  internal: "internal",
  /** a dependency (store, Redis, queues) does not answer, or the server is draining: 503 */
  unavailable: "unavailable",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorDetail {
  /** dotted path of the offending field, e.g. "compounds[3].households" */
  path: string;
  message: string;
  /**
   * #16: which rule refused it, a stable code (shared/refusal-rules.ts), with what the rule names (ids, ISO times,
   * figures) in `params`: a client words it in its own language instead of showing `message` (English, with ids)
   */
  rule?: string;
  params?: Record<string, string | number>;
}

/** A domain error any layer can throw; edges map `code` to their transport. */
export class LianxinError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = "LianxinError";
    this.code = code;
    this.details = details;
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] };
}
