/**
 * Acknowledgements and alert thresholds (#16 item 4): parse, call the watch service, answer. Mounted by
 * api-routes.ts behind its bearer check and JSON body parser.
 *
 *   POST /api/incidents/:id/events/:eventId/ack   commander: 201 EventAck the first time, 200 the same one after;
 *                                                 404 for an unknown event (its client id)
 *   GET  /api/incidents/:id/acks                  any role: EventAck[] in seq order
 *   GET  /api/incidents/:id/alert-thresholds      any role: the thresholds in force (`set: false` = the defaults)
 *   PUT  /api/incidents/:id/alert-thresholds      commander: { prioritySiteDarkHours, truckSilentHours,
 *                                                 stepLateMinutes }, each a positive number or null (off); 400 naming the field
 */
import type { Router } from "express";
import { z } from "zod";
import { parseRequest } from "../../shared/scenario-schemas.ts";
import type { WatchService } from "../incidents/watch-service.ts";
import { callerOf } from "./authenticate.ts";

const threshold = (unit: string, max: number) =>
  z.number({ error: `must be a number of ${unit} or null (off)` })
    .positive({ error: `must be more than 0 ${unit}` })
    .max(max, { error: `must be at most ${max} ${unit}` })
    .nullable();

export const alertThresholdsRequest = z.strictObject({
  prioritySiteDarkHours: threshold("hours", 720),
  truckSilentHours: threshold("hours", 720),
  stepLateMinutes: threshold("minutes", 1440),
});

/**
 * @example
 * mountWatchRoutes(api, watch);
 */
export function mountWatchRoutes(api: Router, watch: WatchService): void {
  api.post("/incidents/:id/events/:eventId/ack", async (req, res) => {
    const { created, ack } = await watch.ack(callerOf(res), req.params.id, req.params.eventId);
    res.status(created ? 201 : 200).json(ack);
  });
  api.get("/incidents/:id/acks", async (req, res) => {
    res.json(await watch.acks(callerOf(res), req.params.id));
  });
  api.get("/incidents/:id/alert-thresholds", async (req, res) => {
    res.json(await watch.thresholds(callerOf(res), req.params.id));
  });
  api.put("/incidents/:id/alert-thresholds", async (req, res) => {
    res.json(await watch.setThresholds(callerOf(res), req.params.id, parseRequest(alertThresholdsRequest, req.body ?? {}, "invalid alert thresholds")));
  });
}
