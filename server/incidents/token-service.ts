/**
 * Tokens while the board runs (#13 item 3): a commander creates, lists and revokes API tokens. The rules live here
 * so the API (token-routes.ts) and `npm run token` on a stopped server (server/cli/token.ts) apply the same ones:
 * a crew token is bound to exactly one existing incident and reports only for trucks of that incident.
 */
import { z } from "zod";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { parseRequest } from "../../shared/scenario-schemas.ts";
import type { CreatedToken, NewTokenRequest, TokenInfo } from "../../shared/wire.ts";
import type { Store, TokenRecord } from "../store/store.ts";
import { actorOf, requireRole, type Caller } from "./authorize.ts";

export interface TokenService {
  create(caller: Caller, body: unknown): Promise<CreatedToken>;
  list(caller: Caller, filter?: { incident?: string }): Promise<TokenInfo[]>;
  /** not found when unknown; revoking a revoked token answers it unchanged */
  revoke(caller: Caller, id: string): Promise<TokenInfo>;
}

export interface TokenServiceDeps {
  store: Pick<Store, "createToken" | "listTokens" | "revokeToken" | "getIncident">;
  /** told after a revocation is stored: forget cached look-ups, disconnect its sockets (here and on other servers) */
  onRevoked?: (token: TokenRecord) => void;
}

export const newTokenRequest = z.strictObject({
  role: z.enum(["commander", "crew", "viewer"], { error: "must be commander, crew or viewer" }),
  name: z.string({ error: "must be a string" }).trim().min(1, { error: "must not be empty" }).max(200, { error: "must be at most 200 characters" }),
  incident: z.string({ error: "must be an incident id" }).trim().min(1, { error: "must not be empty" }).max(200).nullable().optional(),
  trucks: z.array(z.string({ error: "must be a truck id" }).trim().min(1, { error: "must not be empty" }).max(200), { error: "must be a list of truck ids" })
    .max(500, { error: "at most 500 trucks" }).optional(),
});

/**
 * The checks a new token passes before it is stored; throws LianxinError naming the field.
 * invalid_input (400): a crew token without `incident` or without `trucks`, trucks on another role;
 * not_found (404): no such incident; impossible (422): a truck that is not the incident's.
 *
 * @example
 * const token = await checkNewToken(store, { role: "crew", name: "Crew Wang", incident, trucks: ["T1"] });
 */
export async function checkNewToken(store: Pick<Store, "getIncident">, body: unknown): Promise<NewTokenRequest> {
  const request = parseRequest(newTokenRequest, body ?? {}, "invalid token request");
  const incident = request.incident ?? null;
  const trucks = [...new Set(request.trucks ?? [])];
  if (request.role === "crew") {
    if (incident === null) {
      throw new LianxinError(ErrorCode.invalidInput, "a crew token must name its incident", [{ path: "incident", message: "required for a crew token: the incident whose trucks it reports for" }]);
    }
    if (trucks.length === 0) {
      throw new LianxinError(ErrorCode.invalidInput, "a crew token must name its trucks", [{ path: "trucks", message: "required for a crew token: at least one truck of the incident" }]);
    }
  } else if (trucks.length > 0) {
    throw new LianxinError(ErrorCode.invalidInput, `a ${request.role} token has no trucks`, [{ path: "trucks", message: "only crew tokens name trucks" }]);
  }
  if (incident !== null) {
    const detail = await store.getIncident(incident);
    if (!detail) throw new LianxinError(ErrorCode.notFound, `no incident ${incident}`, [{ path: "incident", message: "no such incident" }]);
    const known = new Set(detail.scenario.trucks.map((t) => t.id));
    const unknown = trucks.findIndex((t) => !known.has(t));
    if (unknown >= 0) {
      throw new LianxinError(ErrorCode.impossible, `truck ${trucks[unknown]} is not a truck of incident ${incident}`, [{ path: `trucks[${unknown}]`, message: `not a truck of ${detail.name}` }]);
    }
  }
  return { role: request.role, name: request.name, incident, trucks };
}

/** What a listing shows of a token: the record, which never holds the secret or its hash. */
export function toTokenInfo(record: TokenRecord): TokenInfo {
  return {
    id: record.id, name: record.name, role: record.role, incident: record.incident, trucks: record.trucks, createdAt: record.createdAt,
    ...(record.revokedAt ? { revokedAt: record.revokedAt } : {}),
  };
}

/**
 * @example
 * const tokens = createTokenService({ store, onRevoked: (t) => realtime.tokenRevoked(t.id) });
 * const { secret } = await tokens.create(caller, { role: "crew", name: "Crew Wang", incident, trucks: ["T1"] });
 */
export function createTokenService(deps: TokenServiceDeps): TokenService {
  const { store } = deps;
  return {
    async create(caller, body) {
      requireCommander(caller, "create tokens");
      const request = await checkNewToken(store, body);
      const { secret, record } = await store.createToken(request, actorOf(caller));
      return { token: toTokenInfo(record), secret };
    },
    async list(caller, filter = {}) {
      requireCommander(caller, "list tokens");
      return (await store.listTokens(filter)).map(toTokenInfo);
    },
    async revoke(caller, id) {
      requireCommander(caller, "revoke tokens");
      const record = await store.revokeToken(id, actorOf(caller));
      if (!record) throw new LianxinError(ErrorCode.notFound, `no token ${id}`, [{ path: "id", message: "no such token" }]);
      deps.onRevoked?.(record);
      return toTokenInfo(record);
    },
  };
}

/** Tokens reach every incident: only a commander token that is itself not limited to one may manage them. */
function requireCommander(caller: Caller, action: string): void {
  requireRole(caller, ["commander"], action);
  if (caller.incident !== null) {
    throw new LianxinError(ErrorCode.forbidden, `a commander token limited to incident ${caller.incident} cannot ${action}`, [{ path: "incident", message: "needs a commander token for every incident" }]);
  }
}
