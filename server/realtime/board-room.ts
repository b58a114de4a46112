/**
 * Board rooms: who watches which incident, and what they are sent. Knows nothing about sockets: a member is a
 * token plus a `send` callback, so the rules (scope, join acknowledgement, ordering around a join) are tested
 * exactly with a fake member that queues messages (board-room.test.ts); attach-realtime.ts is the thin socket.io
 * adapter around it.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { StoredEvent } from "../../shared/events.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { BoardAlert } from "../../shared/board-alerts.ts";
import type { EventAck, JobStatus, JoinRequest, ReplayClock, Reply, ServerToClientEvents, StoredPlan } from "../../shared/wire.ts";
import type { TokenRecord } from "../store/store.ts";

/** Sends one server → client message, typed by the wire contract. */
export type Send = <E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>) => void;

export interface Member {
  token: TokenRecord;
  send: Send;
}

export interface BoardRoomsDeps {
  /** current state of an incident; throws LianxinError(notFound) for an unknown one */
  stateOf(incident: string): Promise<IncidentState>;
}

export interface BoardRooms {
  /**
   * Handles a client's `join`: checks the request and the token's scope, acknowledges with the current state,
   * then forwards every event and plan published for that incident. Messages published while the state is being
   * computed are held back and sent right after the acknowledgement, so a client never misses one (it may see an
   * event already counted in the state: clients dedupe by `seq`).
   */
  join(member: Member, request: unknown, ack: (reply: Reply<IncidentState>) => void): Promise<void>;
  /** forgets the member in every room (on disconnect) */
  leave(member: Member): void;
  publishEvent(event: StoredEvent): void;
  publishPlan(plan: StoredPlan): void;
  publishClock(clock: ReplayClock): void;
  publishJob(job: JobStatus): void;
  /** #16 */
  publishAlert(incident: string, alert: BoardAlert): void;
  publishAck(ack: EventAck): void;
  /** members of an incident's room (for tests and health output) */
  size(incident: string): number;
}

type Message =
  | { kind: "event"; event: StoredEvent }
  | { kind: "plan"; plan: StoredPlan }
  | { kind: "clock"; clock: ReplayClock }
  | { kind: "job"; job: JobStatus }
  | { kind: "alert"; alert: BoardAlert }
  | { kind: "ack"; ack: EventAck };

/** A member is either waiting for its join acknowledgement (messages queued) or live (messages sent). */
type Seat = { phase: "joining"; held: Message[] } | { phase: "live" };

/**
 * @example
 * const rooms = createBoardRooms({ stateOf: (id) => service.state(id) });
 * await rooms.join({ token, send: (e, p) => socket.emit(e, p) }, { incident: "zz" }, ack);
 * rooms.publishEvent(stored); // after the store acknowledged it
 */
export function createBoardRooms(deps: BoardRoomsDeps): BoardRooms {
  const rooms = new Map<string, Map<Member, Seat>>();

  function deliver(member: Member, message: Message): void {
    if (message.kind === "event") member.send("event", message.event);
    else if (message.kind === "plan") member.send("plan", message.plan);
    else if (message.kind === "clock") member.send("clock", message.clock);
    else if (message.kind === "job") member.send("job", message.job);
    else if (message.kind === "alert") member.send("alert", message.alert);
    else member.send("ack", message.ack);
  }

  function publish(incident: string, message: Message): void {
    const room = rooms.get(incident);
    if (!room) return;
    for (const [member, seat] of room) {
      if (seat.phase === "joining") seat.held.push(message);
      else deliver(member, message);
    }
  }

  async function join(member: Member, request: unknown, ack: (reply: Reply<IncidentState>) => void): Promise<void> {
    const incident = readIncident(request);
    if (incident === null) return ack(refuse(ErrorCode.invalidInput, "join needs { incident: <id> }"));
    if (member.token.incident !== null && member.token.incident !== incident) {
      return ack(refuse(ErrorCode.forbidden, `this token is limited to incident ${member.token.incident}`));
    }
    const room = rooms.get(incident) ?? new Map<Member, Seat>();
    rooms.set(incident, room);
    const seat: Seat = { phase: "joining", held: [] };
    room.set(member, seat);
    let state: IncidentState;
    try {
      state = await deps.stateOf(incident);
    } catch (error) {
      if (room.get(member) === seat) room.delete(member);
      if (room.size === 0) rooms.delete(incident);
      return ack(refuseFrom(error));
    }
    // The member may have left (or re-joined) while the state was computed: then this join is void.
    if (room.get(member) !== seat) return;
    ack({ ok: true, data: state });
    room.set(member, { phase: "live" });
    for (const message of seat.held) deliver(member, message);
  }

  return {
    join,
    leave(member) {
      for (const [incident, room] of rooms) {
        room.delete(member);
        if (room.size === 0) rooms.delete(incident);
      }
    },
    publishEvent: (event) => publish(event.incident, { kind: "event", event }),
    publishPlan: (plan) => publish(plan.incident, { kind: "plan", plan }),
    publishClock: (clock) => publish(clock.incident, { kind: "clock", clock }),
    publishJob: (job) => {
      if (job.incident !== null) publish(job.incident, { kind: "job", job });
    },
    publishAlert: (incident, alert) => publish(incident, { kind: "alert", alert }),
    publishAck: (ack) => publish(ack.incident, { kind: "ack", ack }),
    size: (incident) => rooms.get(incident)?.size ?? 0,
  };
}

function readIncident(request: unknown): string | null {
  if (typeof request !== "object" || request === null) return null;
  const incident = (request as Partial<JoinRequest>).incident;
  return typeof incident === "string" && incident !== "" ? incident : null;
}

function refuse(code: ErrorCode, message: string): Reply<never> {
  return { ok: false, code, message };
}

function refuseFrom(error: unknown): Reply<never> {
  if (error instanceof LianxinError) return refuse(error.code, error.message);
  return refuse(ErrorCode.internal, "could not compute the incident's state");
}
