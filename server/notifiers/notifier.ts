/**
 * How the HTTP layer tells the realtime layer that something was stored, without knowing about sockets.
 * main.ts wires the board rooms (server/realtime) in; tests pass a recording fake.
 */
import type { StoredEvent } from "../../shared/events.ts";
import type { BoardAlert } from "../../shared/board-alerts.ts";
import type { EventAck, JobStatus, ReplayClock, StoredPlan } from "../../shared/wire.ts";

export interface Notifier {
  eventStored(event: StoredEvent): void;
  planStored(plan: StoredPlan): void;
  /** a replay incident's clock changed */
  clockChanged(clock: ReplayClock): void;
  /** a background job changed state or progress */
  jobUpdated(job: JobStatus): void;
  /** a token was revoked (#13): its sockets are disconnected and every server forgets it (optional for fakes) */
  tokenRevoked?(tokenId: string): void;
  /** #16: a board alert began to hold for `incident` (socket `alert`; optional for fakes) */
  alertRaised?(incident: string, alert: BoardAlert): void;
  /** #16: a report was acknowledged for the first time (socket `ack`; optional for fakes) */
  eventAcked?(ack: EventAck): void;
}

export const silentNotifier: Notifier = { eventStored() {}, planStored() {}, clockChanged() {}, jobUpdated() {} };
