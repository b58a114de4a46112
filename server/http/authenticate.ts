/**
 * Bearer authentication: `Authorization: Bearer <token>` → the token's record in `res.locals.caller`, or 401.
 * What the caller may do is decided by the services (role and scope); this only establishes who is calling.
 */
import type { NextFunction, Request, Response } from "express";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { Clock } from "../clock/clock.ts";
import type { Caller } from "../incidents/authorize.ts";
import type { TokenRecord } from "../store/store.ts";

export type FindToken = (secret: string) => Promise<TokenRecord | null>;

/**
 * A found token is remembered briefly (every crew report would otherwise cost a database round trip); unknown ones
 * are asked again. A revocation on this server forgets the token at once (`forget`), one on another server is
 * forgotten when its broadcast arrives (attach-realtime.ts, through Redis); CACHE_MS bounds how long a server that
 * missed it (several servers on one PostgreSQL without REDIS_URL) may still accept a revoked token.
 */
const CACHE_MS = 5_000;
const CACHE_MAX = 1_000;
/**
 * An entry used in its last second is looked up again in the background, the request answered from the cache: a
 * busy token never waits for the store, and 200 crews whose tokens were cached together do not all wait on 200
 * look-ups at once every 5 s (which stalled a storm's reports on the embedded store). A revoked token still
 * passes at most CACHE_MS after the last look-up that found it.
 */
const REFRESH_AHEAD_MS = 1_000;

export interface CachedFindToken extends FindToken {
  /** drops the token with this id from the cache, and any look-up of it in flight from entering it */
  forget(tokenId: string): void;
}

/**
 * A resolver with a small positive cache.
 *
 * @example
 * const authenticate = cachedTokenLookup((s) => store.findToken(s), systemClock);
 * authenticate.forget(revoked.id);
 */
export function cachedTokenLookup(find: FindToken, clock: Clock): CachedFindToken {
  const cache = new Map<string, { record: TokenRecord; until: number; refreshing?: boolean }>();
  // a look-up that started before a forget() may have read the token before it was revoked: it is answered but
  // not cached
  let forgets = 0;
  const fetchAndCache = async (secret: string): Promise<TokenRecord | null> => {
    const started = forgets;
    const record = await find(secret);
    if (started !== forgets) return record;
    if (!record) cache.delete(secret);
    else {
      if (!cache.has(secret) && cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(secret, { record, until: clock.now() + CACHE_MS });
    }
    return record;
  };
  const lookup = async (secret: string): Promise<TokenRecord | null> => {
    const hit = cache.get(secret);
    const now = clock.now();
    if (hit && hit.until > now) {
      if (hit.until - now <= REFRESH_AHEAD_MS && !hit.refreshing) {
        hit.refreshing = true;
        // a failed refresh leaves the entry to expire; the next request after that asks the store itself
        fetchAndCache(secret).catch(() => {});
      }
      return hit.record;
    }
    return fetchAndCache(secret);
  };
  return Object.assign(lookup, {
    forget(tokenId: string) {
      forgets += 1;
      for (const [secret, entry] of cache) if (entry.record.id === tokenId) cache.delete(secret);
    },
  });
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
