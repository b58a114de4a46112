/**
 * The board's live link: socket.io with the wire contract's types (shared/wire.ts). Joins the incident on every
 * (re)connection, feeds stored events into the board's log, fetches over REST whatever a disconnection or a lost
 * message left out (the server does not replay), and passes plans, replay clocks and job progress on.
 */
import { io, type Socket } from "socket.io-client";
import type { StoredEvent } from "../../shared/events.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { BoardAlert } from "../../shared/board-alerts.ts";
import type { ClientToServerEvents, EventAck, JobStatus, ReplayClock, ServerToClientEvents, StoredPlan } from "../../shared/wire.ts";
import type { EventLog } from "./event-log.ts";

export interface LiveHandlers {
  /** acknowledged join (first or after a reconnect), with the server's state */
  joined(state: IncidentState): void;
  /** the log gained events */
  changed(): void;
  plan(plan: StoredPlan): void;
  /** a replay incident's clock changed (#6) */
  clock?(clock: ReplayClock): void;
  /** a background job of the incident changed state or progress (#6) */
  job?(job: JobStatus): void;
  /** #16: a board alert the server raised, and a report's first acknowledgement */
  alert?(alert: BoardAlert): void;
  ack?(ack: EventAck): void;
  connection(connected: boolean): void;
  /** the server refused the join (scope, unknown incident), with its message */
  refused(message: string): void;
  /** the token was refused at the handshake */
  unauthorized(): void;
}

export interface LiveLink {
  connected(): boolean;
}

/**
 * @example
 * connectLive(token, incidentId, log, (after) => api.events(incidentId, after), { joined, changed, ... });
 */
export function connectLive(
  token: string,
  incident: string,
  log: EventLog,
  eventsAfter: (seq: number) => Promise<StoredEvent[]>,
  on: LiveHandlers,
): LiveLink {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ auth: { token }, transports: ["websocket", "polling"] });
  let filling = false;

  async function fillGap(): Promise<void> {
    if (filling) return;
    filling = true;
    try {
      if (log.addAll(await eventsAfter(log.contiguousSeq())) > 0) on.changed();
    } catch {
      // offline again: the next join or event tries again
    } finally {
      filling = false;
    }
  }

  socket.on("connect", () => {
    socket.emit("join", { incident }, (reply) => {
      if (!reply.ok) return on.refused(reply.message);
      on.joined(reply.data);
      on.connection(true);
      void fillGap();
    });
  });
  socket.on("disconnect", () => on.connection(false));
  socket.on("connect_error", (e) => {
    if (e.message === "unauthorized") on.unauthorized();
  });
  socket.on("event", (event) => {
    const { added, gap } = log.add(event);
    if (gap) void fillGap();
    if (added) on.changed();
  });
  socket.on("plan", (plan) => on.plan(plan));
  socket.on("clock", (clock) => on.clock?.(clock));
  socket.on("job", (job) => on.job?.(job));
  socket.on("alert", (alert) => on.alert?.(alert));
  socket.on("ack", (ack) => on.ack?.(ack));
  return { connected: () => socket.connected };
}
