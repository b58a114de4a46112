/**
 * The token routes (#13 item 3): parse, call the token service, answer. Mounted by api-routes.ts behind its bearer
 * check and JSON body parser; commander tokens for every incident only.
 *
 *   POST   /api/tokens              { role, name, incident, trucks? } → 201 { token, secret } (the secret only here)
 *   GET    /api/tokens[?incident=]  → TokenInfo[] (no secrets, no hashes; revoked ones with revokedAt)
 *   DELETE /api/tokens/:id          → TokenInfo with revokedAt; its next request gets 401, its sockets are closed
 */
import type { Request, Router } from "express";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { TokenService } from "../incidents/token-service.ts";
import { callerOf } from "./authenticate.ts";

/**
 * @example
 * mountTokenRoutes(api, tokens);
 */
export function mountTokenRoutes(api: Router, tokens: TokenService): void {
  api.post("/tokens", async (req, res) => {
    res.status(201).json(await tokens.create(callerOf(res), req.body));
  });
  api.get("/tokens", async (req, res) => {
    const incident = queryIncident(req);
    res.json(await tokens.list(callerOf(res), incident === undefined ? {} : { incident }));
  });
  api.delete("/tokens/:id", async (req, res) => {
    res.json(await tokens.revoke(callerOf(res), req.params.id));
  });
}

function queryIncident(req: Request): string | undefined {
  const raw = req.query.incident;
  if (raw === undefined) return undefined;
  if (typeof raw !== "string" || raw.trim() === "") {
    throw new LianxinError(ErrorCode.invalidInput, "invalid incident", [{ path: "incident", message: "must be one incident id" }]);
  }
  return raw.trim();
}
