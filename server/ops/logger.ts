/**
 * The one pino logger: made once at start (main.ts) and handed down; requests log through a child carrying their
 * request id (observe-requests.ts). Logs are data: JSON lines on stdout, never a secret in one.
 */
import { pino, type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "../config.ts";

export type { Logger } from "pino";

/**
 * Fields that could carry a secret anywhere in a log record, should a caller ever log headers or a token record.
 * Request lines name only method, route, redacted URL and status, so these are a second line of defence.
 */
const REDACT = [
  "authorization", "cookie", "token", "secret",
  "*.authorization", "*.cookie", "*.token", "*.secret",
  "headers.authorization", "headers.cookie", "req.headers.authorization", "req.headers.cookie", "res.headers[\"set-cookie\"]",
];

/**
 * @example
 * const logger = createLogger(config.ops.logLevel); // once, in main.ts
 * logger.info({ port }, `Lianxin listening on http://localhost:${port}`);
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, base: { pid: process.pid }, redact: { paths: REDACT, censor: "[redacted]" } };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** A logger that writes nothing: the default of in-process servers in tests. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}

/**
 * The URL as it may be logged: the value of any `token` (or `access_token`) query parameter replaced, so a board
 * link opened with `?token=` never lands in a log.
 *
 * @example
 * redactUrl("/incidents/a?token=lx_secret&at=x"); // "/incidents/a?token=[redacted]&at=x"
 */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:access_)?token=)[^&#]*/gi, "$1[redacted]");
}
