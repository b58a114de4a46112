/**
 * Persistence behind one interface; implementations: Prisma on PGlite (embedded) and on PostgreSQL.
 * The same contract suite (test/integration/store-contract.ts) runs against both.
 */
import type { EventInput, StoredEvent } from "../../shared/events.ts";
import type { Plan } from "../../shared/plan.ts";
import type { ReplayClockState } from "../../shared/replay-clock-math.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { AlertThresholds } from "../../shared/board-alerts.ts";
import type { AlertThresholdsInfo, CounterfactualReport, EventAck, IncidentDetail, IncidentSummary, PlanSummary, Role, StoredPlan } from "../../shared/wire.ts";

export interface Actor {
  /** token id, or "system" */
  id: string;
  name: string;
  role: Role;
}

export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  /** incident the token is limited to, if any */
  incident: string | null;
  /** trucks a crew token may report for (empty = none unless role is commander) */
  trucks: string[];
  createdAt: string;
  /** set when revoked (listTokens only: findToken never returns a revoked token) */
  revokedAt?: string;
}

export interface NewToken {
  name: string;
  role: Role;
  incident?: string | null;
  trucks?: string[];
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  incident: string | null;
  detail: unknown;
}

export interface NewIncidentOptions {
  /** makes it a replay incident (#6) with this scenario clock, stored in the same transaction */
  replay?: ReplayClockState;
}

export interface StoredCounterfactual {
  createdAt: string;
  report: CounterfactualReport;
}

export type AppendOutcome =
  | { kind: "created"; event: StoredEvent }
  /** same id, same content: the stored event, unchanged */
  | { kind: "duplicate"; event: StoredEvent };

/**
 * createIncident, savePlan, approvePlan and createToken write their own audit entry in the same transaction
 * ("incident.created", "plan.proposed", "plan.approved", "token.created"), as does revokeToken ("token.revoked");
 * callers audit anything else.
 */
export interface Store {
  createIncident(scenario: Scenario, actor: Actor, options?: NewIncidentOptions): Promise<IncidentSummary>;
  listIncidents(): Promise<IncidentSummary[]>;
  /** null when unknown */
  getIncident(id: string): Promise<IncidentDetail | null>;

  /**
   * Appends atomically, serialised per incident:
   * - same id and same content already stored → { kind: "duplicate" };
   * - same id, different content → throws LianxinError(conflict);
   * - else calls `validate(logSoFar)` (throws LianxinError(impossible | forbidden) to refuse),
   *   assigns seq = last + 1, stores durably, then resolves { kind: "created" }.
   * Concurrent appends to one incident may be checked and stored together in one transaction (group commit): each
   * is validated against the log as extended by those before it, each resolves only after that commit, and one
   * refused does not fail the others. `logSoFar` holds frozen events, the same objects from call to call (a
   * validator may index them incrementally); the array itself is the store's, to be read during the call only.
   */
  appendEvent(
    incident: string,
    input: EventInput,
    actor: Actor,
    validate: (log: StoredEvent[]) => void,
  ): Promise<AppendOutcome>;
  /** in seq order, those with seq > afterSeq */
  listEvents(incident: string, afterSeq?: number): Promise<StoredEvent[]>;

  savePlan(incident: string, plan: Plan, basedOnSeq: number, actor: Actor): Promise<StoredPlan>;
  latestPlan(incident: string): Promise<StoredPlan | null>;
  getPlan(incident: string, planId: string): Promise<StoredPlan | null>;
  /** the incident's plans without their documents, newest first */
  listPlans(incident: string): Promise<PlanSummary[]>;
  /** marks it approved and any earlier approved plan superseded */
  approvePlan(incident: string, planId: string, actor: Actor): Promise<StoredPlan>;

  /** a replay incident's scenario clock (#6); null when the incident is not a replay */
  getReplayClock(incident: string): Promise<ReplayClockState | null>;
  /**
   * Replaces a replay's clock with `change(current, lastSeq)` under the incident's lock, so concurrent changes (two
   * commanders, two servers) apply one after the other, and `lastSeq` (the log's last seq, 0 when empty) is read
   * under the lock appends take: nothing is stored between it and the new clock; not found when the incident is
   * not a replay.
   */
  updateReplayClock(incident: string, change: (clock: ReplayClockState, lastSeq: number) => ReplayClockState): Promise<ReplayClockState>;
  /** every replay incident's clock (to resume running replays when a server starts) */
  listReplayClocks(): Promise<{ incident: string; clock: ReplayClockState }[]>;

  /** keeps every report; `latestCounterfactual` answers the newest */
  saveCounterfactual(incident: string, report: CounterfactualReport): Promise<StoredCounterfactual>;
  latestCounterfactual(incident: string): Promise<StoredCounterfactual | null>;

  /** returns the secret once; only its hash is stored */
  createToken(token: NewToken, actor?: Actor): Promise<{ secret: string; record: TokenRecord }>;
  /** null when unknown or revoked */
  findToken(secret: string): Promise<TokenRecord | null>;
  countTokens(): Promise<number>;
  /** every token, revoked ones too (with revokedAt), oldest first; with `incident`, only the tokens limited to it */
  listTokens(filter?: { incident?: string }): Promise<TokenRecord[]>;
  /**
   * Marks the token revoked and audits "token.revoked" in the same transaction; revoking it again changes nothing
   * and returns it as first revoked; null when there is no such token.
   */
  revokeToken(id: string, actor: Actor): Promise<TokenRecord | null>;

  /**
   * #16: acknowledges the event with this (client) id; the first acknowledgement is kept (and audited
   * "event.acknowledged" in the same transaction), a later one returns it with created false; null: no such event
   */
  ackEvent(incident: string, eventId: string, actor: Actor): Promise<{ created: boolean; ack: EventAck } | null>;
  /** the incident's acknowledgements in seq order */
  listAcks(incident: string): Promise<EventAck[]>;
  /** #16: the incident's alert thresholds; null while none were set (shared/board-alerts.ts has the defaults) */
  getAlertThresholds(incident: string): Promise<AlertThresholdsInfo | null>;
  /** replaces them and audits "alert-thresholds.set" in the same transaction */
  setAlertThresholds(incident: string, thresholds: AlertThresholds, actor: Actor): Promise<AlertThresholdsInfo>;

  audit(entry: Omit<AuditEntry, "at">): Promise<void>;
  /** oldest first; `null` = every entry, whatever its incident */
  listAudit(incident: string | null): Promise<AuditEntry[]>;

  /** names of the migrations recorded as applied (finished, not rolled back): readiness's trivial query */
  appliedMigrations(): Promise<string[]>;

  close(): Promise<void>;
}
