/**
 * A notifier that forwards to whichever notifier is set later: the job queue is created before the realtime layer
 * (which needs the HTTP server, which needs the queue), and job handlers must reach boards once it exists.
 */
import { silentNotifier, type Notifier } from "./notifier.ts";

export interface RelayNotifier extends Notifier {
  relayTo(target: Notifier): void;
}

/**
 * @example
 * const notifier = createRelayNotifier();
 * const jobs = await createJobQueue(config, { store, notifier, clock, compute });
 * // … once the realtime layer exists:
 * notifier.relayTo(realtime.notifier);
 */
export function createRelayNotifier(): RelayNotifier {
  let target: Notifier = silentNotifier;
  return {
    relayTo(next) {
      target = next;
    },
    eventStored: (e) => target.eventStored(e),
    planStored: (p) => target.planStored(p),
    clockChanged: (c) => target.clockChanged(c),
    jobUpdated: (j) => target.jobUpdated(j),
    tokenRevoked: (id) => target.tokenRevoked?.(id),
    alertRaised: (incident, alert) => target.alertRaised?.(incident, alert),
    eventAcked: (ack) => target.eventAcked?.(ack),
  };
}
