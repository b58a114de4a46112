/**
 * Errors that cross a thread or a queue: structured clone and Bull keep only an error's message, so a planner's
 * LianxinError (code + details, which the HTTP layer maps to 400/422) is carried as plain data and revived.
 */
import { ErrorCode, LianxinError, type ErrorDetail } from "../../shared/errors.ts";

export interface JobErrorData {
  name: string;
  message: string;
  /** set when the error was a LianxinError */
  code?: ErrorCode;
  details?: ErrorDetail[];
}

/** What a worker thread or a job processor sends back: a value, or an error as data. */
export type JobOutcome<T = unknown> = { ok: true; value: T } | { ok: false; error: JobErrorData };

/** An error that would fail the same way again (bad input, impossible request): not retried. */
export function isPermanentError(error: unknown): boolean {
  return error instanceof LianxinError && error.code !== ErrorCode.internal;
}

/**
 * @example
 * port.postMessage({ ok: false, error: toJobErrorData(err) });
 */
export function toJobErrorData(error: unknown): JobErrorData {
  if (error instanceof LianxinError) return { name: error.name, message: error.message, code: error.code, details: error.details };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

/**
 * Turns transported error data back into an Error; a LianxinError keeps its code and details.
 *
 * @example
 * throw fromJobErrorData(outcome.error);
 */
export function fromJobErrorData(data: JobErrorData): Error {
  const codes: readonly string[] = Object.values(ErrorCode);
  if (data.code !== undefined && codes.includes(data.code)) return new LianxinError(data.code, data.message, data.details ?? []);
  const error = new Error(data.message);
  error.name = data.name;
  return error;
}
