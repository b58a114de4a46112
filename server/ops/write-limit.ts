/**
 * Per-token rate limits on writes (POST/PUT/PATCH/DELETE under /api), in a fixed window: over the limit is 429
 * `rate_limited` through the one error table, with `Retry-After` (seconds) and the draft-7 `RateLimit` headers.
 * Counters live in Redis when the server has it (every server behind one balancer shares them), else in memory.
 * Mounted after authentication, so the key is the token id; the IP only when no caller is known.
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { ipKeyGenerator, rateLimit, type Store } from "express-rate-limit";
import type { Redis } from "ioredis";
import { RedisStore, type RedisReply } from "rate-limit-redis";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { RateLimitConfig } from "../config.ts";
import type { Caller } from "../incidents/authorize.ts";
import type { Logger } from "./logger.ts";

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface WriteLimitDeps {
  /** shares the counters across servers; null = this process's memory */
  redis: Redis | null;
  logger: Logger;
}

/**
 * @example
 * api.use(requireBearer(findToken));
 * api.use(createWriteLimit(config.ops.rateLimit, { redis: null, logger }));
 */
export function createWriteLimit(settings: RateLimitConfig, deps: WriteLimitDeps): RequestHandler {
  const limitOf = (res: Response) => (callerOf(res)?.role === "commander" ? settings.commanderWrites : settings.writes);
  return rateLimit({
    windowMs: settings.windowMs,
    limit: (_req, res) => limitOf(res),
    skip: (req, res) => READS.has(req.method) || limitOf(res) === 0,
    keyGenerator: (req, res) => {
      const caller = callerOf(res);
      return caller ? `token:${caller.id}` : `ip:${ipKeyGenerator(req.ip ?? "unknown")}`;
    },
    standardHeaders: "draft-7",
    legacyHeaders: false,
    handler: (_req: Request, res: Response, next: NextFunction) => {
      const seconds = res.getHeader("retry-after") ?? Math.ceil(settings.windowMs / 1000);
      next(new LianxinError(ErrorCode.rateLimited, `too many writes from this token: try again in ${seconds} s`, [
        { path: "authorization", message: `over ${limitOf(res)} writes in ${settings.windowMs / 1000} s` },
      ]));
    },
    // A Redis that stops answering must not stop crews reporting: the write passes, the log and /api/ready say why.
    passOnStoreError: true,
    store: deps.redis === null ? undefined : redisStore(deps.redis, settings.prefix),
    logger: {
      error: (error, message) => deps.logger.error({ err: error }, message ?? "rate limit store error"),
      warn: (error, message) => deps.logger.warn({ err: error }, message ?? "rate limit warning"),
    },
  });
}

function redisStore(client: Redis, prefix: string): Store {
  // rate-limit-redis speaks raw commands; ioredis (which Bull uses too) sends them with `call`
  return new RedisStore({ prefix, sendCommand: (command: string, ...args: string[]) => client.call(command, ...args) as Promise<RedisReply> });
}

function callerOf(res: Response): Caller | undefined {
  return res.locals.caller as Caller | undefined;
}
