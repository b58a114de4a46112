/**
 * Bearer authentication: `Authorization: Bearer <token>` → the token's record in `res.locals.caller`, or 401.
 * What the caller may do is decided by the services (role and scope); this only establishes who is calling.
 */
import type { NextFunction, Request, Response } from "express";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { Clock } from "../clock.ts";
import type { Caller } from "../incidents/authorize.ts";
import type { TokenRecord } from "../store/store.ts";

export type FindToken = (secret: string) => Promise<TokenRecord | null>;

/** Tokens cannot be changed once created, so a found one is remembered briefly; unknown ones are asked again. */
const CACHE_MS = 60_000;
const CACHE_MAX = 1_000;

/**
 * A resolver with a small positive cache (every crew report would otherwise cost a database round trip).
 *
 * @example
 * const authenticate = cachedTokenLookup((s) => store.findToken(s), systemClock);
 */
export function cachedTokenLookup(find: FindToken, clock: Clock): FindToken {
  const cache = new Map<string, { record: TokenRecord; until: number }>();
  return async (secret) => {
    const hit = cache.get(secret);
    if (hit && hit.until > clock.now()) return hit.record;
    const record = await find(secret);
    if (record) {
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(secret, { record, until: clock.now() + CACHE_MS });
    }
    return record;
  };
}

/** Express middleware: sets res.locals.caller or fails with unauthorized. */
export function requireBearer(find: FindToken) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new LianxinError(ErrorCode.unauthorized, "send a token as Authorization: Bearer <token>", [{ path: "authorization", message: "missing or not a Bearer token" }]);
    }
    const record = await find(match[1]);
    if (!record) throw new LianxinError(ErrorCode.unauthorized, "unknown token", [{ path: "authorization", message: "unknown token" }]);
    res.locals.caller = record;
    next();
  };
}

export function callerOf(res: Response): Caller {
  return res.locals.caller as Caller;
}
