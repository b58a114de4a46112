/**
 * Acknowledgements of reports and the incident's alert thresholds (#16 item 4), between the routes
 * (server/http/watch-routes.ts) and the store. A commander acknowledges; anyone in scope reads.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from "../../shared/board-alerts.ts";
import type { AlertThresholdsInfo, EventAck } from "../../shared/wire.ts";
import type { Notifier } from "../notifiers/notifier.ts";
import type { Store } from "../store/store.ts";
import { actorOf, requireRole, type Caller } from "./authorize.ts";
import type { IncidentService } from "./incident-service.ts";

export interface WatchServiceDeps {
  store: Store;
  incidents: Pick<IncidentService, "getIncident">;
  notifier: Notifier;
  /** the thresholds changed: evaluate the incident's alerts again */
  thresholdsChanged?(incident: string): void;
}

export type WatchService = ReturnType<typeof createWatchService>;

/**
 * @example
 * const watch = createWatchService({ store, incidents, notifier });
 * const { created, ack } = await watch.ack(caller, "zz", eventId);
 */
export function createWatchService(deps: WatchServiceDeps) {
  const { store, incidents, notifier } = deps;
  return {
    async ack(caller: Caller, id: string, eventId: string): Promise<{ created: boolean; ack: EventAck }> {
      requireRole(caller, ["commander"], "acknowledge reports");
      await incidents.getIncident(caller, id);
      const outcome = await store.ackEvent(id, eventId, actorOf(caller));
      if (!outcome) throw new LianxinError(ErrorCode.notFound, `no event ${eventId} in incident ${id}`, [{ path: "eventId", message: "unknown event" }]);
      if (outcome.created) notifier.eventAcked?.(outcome.ack);
      return outcome;
    },

    async acks(caller: Caller, id: string): Promise<EventAck[]> {
      await incidents.getIncident(caller, id);
      return store.listAcks(id);
    },

    async thresholds(caller: Caller, id: string): Promise<AlertThresholdsInfo> {
      await incidents.getIncident(caller, id);
      return (await store.getAlertThresholds(id)) ?? { ...DEFAULT_ALERT_THRESHOLDS, set: false };
    },

    async setThresholds(caller: Caller, id: string, thresholds: AlertThresholds): Promise<AlertThresholdsInfo> {
      requireRole(caller, ["commander"], "set alert thresholds");
      await incidents.getIncident(caller, id);
      const stored = await store.setAlertThresholds(id, thresholds, actorOf(caller));
      deps.thresholdsChanged?.(id);
      return stored;
    },
  };
}
