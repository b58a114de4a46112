/**
 * The resident alert routes (#18 item 3): parse, call the resident alert service, answer XML. Mounted by
 * api-routes.ts behind its bearer check.
 *
 *   GET /api/incidents/:id/alerts.cap?compound=…[&identifier=…]  any role in scope → CAP 1.2 (application/cap+xml);
 *                                                                 400 without compound, 404 unknown or no alert yet
 *   GET /api/incidents/:id/alerts.atom                            any role in scope → Atom 1.0 of every alert
 */
import type { Router } from "express";
import type { ResidentAlertService } from "../resident-alerts/resident-alert-service.ts";
import { callerOf } from "./authenticate.ts";

/**
 * @example
 * mountResidentAlertRoutes(api, residentAlerts);
 */
export function mountResidentAlertRoutes(api: Router, alerts: ResidentAlertService): void {
  api.get("/incidents/:id/alerts.cap", async (req, res) => {
    const xml = await alerts.cap(callerOf(res), req.params.id, { compound: req.query.compound, identifier: req.query.identifier });
    res.type("application/cap+xml; charset=utf-8").send(xml);
  });
  api.get("/incidents/:id/alerts.atom", async (req, res) => {
    res.type("application/atom+xml; charset=utf-8").send(await alerts.atom(callerOf(res), req.params.id));
  });
}
