/**
 * The one wire contract: REST payloads and socket.io event maps, typing both server and client.
 */
import type { ErrorCode } from "./errors.ts";
import type { StoredEvent } from "./events.ts";
import type { Plan } from "./plan.ts";
import type { IncidentState } from "./state.ts";
import type { IsoTime, Scenario } from "./scenario.ts";

export type Role = "commander" | "crew" | "viewer";

export type Reply<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string };

export interface IncidentSummary {
  id: string;
  name: string;
  timezone: string;
  createdAt: IsoTime;
  compounds: number;
  trucks: number;
}

export interface IncidentDetail extends IncidentSummary {
  scenario: Scenario;
}

export type PlanStatus = "proposed" | "approved" | "superseded";

export interface StoredPlan {
  id: string;
  incident: string;
  createdAt: IsoTime;
  createdBy: string;
  status: PlanStatus;
  approvedAt?: IsoTime;
  approvedBy?: string;
  /** the event seq the plan was computed from */
  basedOnSeq: number;
  plan: Plan;
}

/** A stored plan without its document: the plan history of an incident (GET /api/incidents/:id/plans). */
export interface PlanSummary extends Omit<StoredPlan, "plan"> {
  customerOutageHours: number;
  baselineCustomerOutageHours: number;
  lowerBound?: number;
}

/** socket.io: server → client */
export interface ServerToClientEvents {
  /** every stored restoration event, in seq order */
  event: (event: StoredEvent) => void;
  /** a new (or newly approved) plan */
  plan: (plan: StoredPlan) => void;
}

export interface JoinRequest {
  incident: string;
}

/** socket.io: client → server */
export interface ClientToServerEvents {
  join: (request: JoinRequest, ack: (reply: Reply<IncidentState>) => void) => void;
}

/** socket.io handshake: `io(url, { auth: { token } })` */
export interface SocketAuth {
  token: string;
}
