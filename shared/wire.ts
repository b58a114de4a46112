/**
 * The one wire contract: REST payloads and socket.io event maps, typing both server and client.
 */
import type { ErrorCode, ErrorDetail } from "./errors.ts";
import type { AlertThresholds, BoardAlert } from "./board-alerts.ts";
import type { StoredEvent } from "./events.ts";
import type { FeatureCollection, LineString } from "geojson";
import type { AssignmentPair, Plan, PlanCompound, PlanTruck, Unserved } from "./plan.ts";
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

/**
 * A replay incident's scenario clock (#6). The scenario time read at any wall instant w is
 * `paused ? scenarioAt : scenarioAt + (w - wallAt) * speed`, capped at `endsAt`.
 */
export interface ReplayClock {
  incident: string;
  paused: boolean;
  /** scenario ms per wall ms: 1 (real time) to 10,000 */
  speed: number;
  /** scenario time at wall instant `wallAt` (ISO with the scenario's offset) */
  scenarioAt: IsoTime;
  /** wall time of the anchor (ISO, UTC) */
  wallAt: IsoTime;
  /** first and last instants of the timeline being replayed */
  startsAt: IsoTime;
  endsAt: IsoTime;
  /** timeline events already delivered to the event log, and how many there are */
  delivered: number;
  total: number;
  /** #16: how many jumps back the replay has made (a board reloads the log when this grows) */
  rewinds?: number;
  /** #16: timeline entries the clock has passed that were not delivered, as they contradict what was done */
  skipped?: SkippedEntry[];
}

/** A timeline entry a replay skipped (#16), with the rule it broke (as a 422's detail says it). */
export interface SkippedEntry {
  type: string;
  at: IsoTime;
  truck?: string;
  compound?: string;
  reason: ErrorDetail;
}

/**
 * The counterfactual report (#6): what happened against what re-planning at the decision times would have done.
 * `historical`, `planned` and `compounds[].{ id, name, historicalPoweredAt, plannedPoweredAt }` are a contract
 * (`npm run replay -- <scenario> --report --json` prints exactly this document).
 */
export interface CounterfactualReport {
  scenario: string;
  decisionTimes: IsoTime[];
  historical: { customerOutageHours: number };
  planned: { customerOutageHours: number };
  /** historical − planned, customer outage hours */
  savedCustomerOutageHours: number;
  /**
   * #14: false (the default) = each decision planned with only what was known then (knownAt semantics: announced
   * grid returns, not the true ones); true = the upper bound, the true grid returns known in advance
   */
  foresight?: boolean;
  /** #14: the same totals unweighted: households × hours without supply */
  householdHours?: { historical: number; planned: number; saved: number };
  /** #14: share of savedCustomerOutageHours from the five compounds that contribute most (0..1) */
  top5Share?: number;
  /** #14: both modes' figures, when both were computed (replay --report --both) */
  withForesight?: CounterfactualFigures;
  withoutForesight?: CounterfactualFigures;
  compounds: {
    id: string;
    name: string;
    households: number;
    /** null: dark to the horizon */
    historicalPoweredAt: IsoTime | null;
    plannedPoweredAt: IsoTime | null;
    historicalOutageHours: number;
    plannedOutageHours: number;
  }[];
}

/** #14: one mode's totals of a counterfactual report. */
export interface CounterfactualFigures {
  plannedCustomerOutageHours: number;
  savedCustomerOutageHours: number;
  savedHouseholdHours: number;
  top5Share: number;
}

export type JobKind = "plan" | "replay" | "export" | "counterfactual";
export type JobState = "queued" | "active" | "completed" | "failed" | "retrying";

/** A background job as the board sees it (#6): progress while it runs, its failure when it fails. */
export interface JobStatus {
  id: string;
  kind: JobKind;
  incident: string | null;
  state: JobState;
  /** 0..1 while active */
  progress?: number;
  /** what it is doing, e.g. "planning: 2.1 s of a 5 s budget" */
  message?: string;
  /** 1-based attempt; retries are attempts > 1 */
  attempt: number;
  maxAttempts: number;
  /** set when failed or retrying */
  error?: string;
  updatedAt: IsoTime;
}

/** socket.io: server → client */
export interface ServerToClientEvents {
  /** every stored restoration event, in seq order */
  event: (event: StoredEvent) => void;
  /** a new (or newly approved) plan */
  plan: (plan: StoredPlan) => void;
  /** a replay incident's clock changed (started, paused, resumed, speed, seek) */
  clock: (clock: ReplayClock) => void;
  /** a background job of this incident changed state or progress */
  job: (job: JobStatus) => void;
  /** #16: a board alert began to hold (each once per server while it holds; shared/board-alerts.ts) */
  alert: (alert: BoardAlert) => void;
  /** #16: a commander acknowledged a report (first acknowledgement only) */
  ack: (ack: EventAck) => void;
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

/** POST /api/tokens (#13): a crew token names its incident and trucks; commander and viewer tokens may omit it. */
export interface NewTokenRequest {
  role: Role;
  name: string;
  /** required for crew; null or absent = every incident (commander, viewer) */
  incident?: string | null;
  /** crew only: trucks of `incident` it reports for */
  trucks?: string[];
}

/** A token as GET /api/tokens lists it: never its secret nor the secret's hash. */
export interface TokenInfo {
  id: string;
  name: string;
  role: Role;
  incident: string | null;
  trucks: string[];
  createdAt: IsoTime;
  /** present once revoked (DELETE /api/tokens/:id) */
  revokedAt?: IsoTime;
}

/** POST /api/tokens → 201: the secret is in this answer and nowhere else, ever. */
export interface CreatedToken {
  token: TokenInfo;
  secret: string;
}

/** GET /api/me: who the request's token speaks for. */
export interface Me {
  name: string;
  role: Role;
  incident: string | null;
  trucks: string[];
}

/** POST /api/incidents/:id/replay: pause, change speed or seek a replay's scenario clock. */
export interface ReplayChange {
  paused?: boolean;
  /** 1..10,000 scenario ms per wall ms */
  speed?: number;
  /** seek, ISO 8601 with offset */
  at?: string;
}

/** POST /api/replays: a scenario document, or an existing incident whose scenario is replayed. */
export interface StartReplay {
  scenario?: unknown;
  incident?: string;
  /** scenario time to start at, ISO 8601 with offset */
  from?: string;
  speed?: number;
  paused?: boolean;
}

/** POST /api/replays → 201 */
export interface StartedReplay {
  incident: IncidentSummary;
  clock: ReplayClock;
}

/** POST /api/incidents/:id/plans (#4, #16): all optional; the plan keeps each pin and never makes a forbidden pair. */
export interface PlanRequestBody {
  at?: IsoTime;
  timeLimitSeconds?: number;
  seed?: number;
  pins?: AssignmentPair[];
  forbid?: AssignmentPair[];
  /** #17: "scenario" (default) or "learned" on-site durations */
  durations?: "scenario" | "learned";
}

/** POST /api/incidents/:id/plans/evaluate (#16): a plan's assignments, in order, truck by truck. */
export interface EvaluateRequest {
  trucks: { id: string; stops: { compound: string }[] }[];
}

/**
 * What the model makes of an EvaluateRequest from the incident's current state, stored nowhere. A stop that cannot
 * be driven is a 422 naming it (`trucks[i].stops[s].compound`) instead.
 */
export interface PlanEvaluation {
  /** the instant evaluated (the incident's present), in its zone */
  at: IsoTime;
  /** the event seq of the state evaluated */
  basedOnSeq: number;
  /** Σ priority × households × hours without supply, customer-h */
  customerOutageHours: number;
  /** every truck with its kept connections, then the given stops, timed */
  trucks: PlanTruck[];
  compounds: PlanCompound[];
  unserved: Unserved[];
  /** the latest stored plan: its own figure and its assignments evaluated on the same state as these */
  latestPlan: { id: string; customerOutageHours: number; sameStateCustomerOutageHours: number } | null;
  /** customerOutageHours − latestPlan.sameStateCustomerOutageHours, customer-h (negative: these save) */
  deltaCustomerOutageHours: number | null;
  /**
   * the latest plan's lower bound when it was computed on this state (same seq), else null: no plan of this state
   * beats it, these assignments included (a pin only removes plans)
   */
  lowerBound: number | null;
  /** customerOutageHours − lowerBound, customer-h */
  gapCustomerOutageHours: number | null;
}

/** One leg of a truck's route (GET /api/incidents/:id/plans/:planId/routes, #16): times ISO in the incident's zone. */
export interface RouteLegProperties {
  truck: string;
  compound: string;
  depart: IsoTime;
  arrive: IsoTime;
}

/** A plan's routes: one LineString per leg, along road-network vertices. */
export type PlanRoutes = FeatureCollection<LineString, RouteLegProperties>;

/**
 * A commander's acknowledgement of a report (#16): POST /api/incidents/:id/events/:eventId/ack → 201 the first time,
 * 200 with the same (first) acknowledgement after; GET /api/incidents/:id/acks lists them in seq order.
 */
export interface EventAck {
  incident: string;
  /** the event's id (its client-generated UUID) */
  event: string;
  seq: number;
  /** name of the commander token that acknowledged it */
  by: string;
  /** when, ISO (UTC) */
  at: IsoTime;
}

/** GET/PUT /api/incidents/:id/alert-thresholds (#16): PUT replaces all three; null turns that alert off. */
export type { AlertThresholds, BoardAlert };

/** GET /api/incidents/:id/alert-thresholds: the thresholds in force, and whether they are the defaults. */
export interface AlertThresholdsInfo extends AlertThresholds {
  /** false until a commander set them */
  set: boolean;
  updatedAt?: IsoTime;
  updatedBy?: string;
}
