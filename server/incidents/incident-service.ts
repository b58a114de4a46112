/**
 * The incident services: the thin layer between the HTTP routes and the store, the planner jobs and the board
 * rooms. Authorisation (role and scope) lives here because scope depends on the request body (a crew's truck);
 * authentication (who is calling) is the edge's job.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { EventInput, StoredEvent } from "../../shared/events.ts";
import { deriveState } from "../../shared/restoration/derive-state.ts";
import { estimateRestorations, withEtr } from "../../shared/restoration/estimate-restoration.ts";
import { parseEventInput } from "../../shared/restoration/parse-event-input.ts";
import { restorationCurve, type CurvePoint } from "../../shared/restoration/restoration-curve.ts";
import { syncIndex, type LogIndex } from "../../shared/restoration/log-index.ts";
import { checkEvent } from "../../shared/restoration/validate-event.ts";
import type { AssignmentPair } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { IncidentState } from "../../shared/state.ts";
import { validateScenario } from "../../shared/validate-scenario.ts";
import { isoWithOffset } from "../../shared/zone-offset.ts";
import type { IncidentDetail, IncidentSummary, JobStatus, PlanSummary, StoredPlan } from "../../shared/wire.ts";
import type { Clock } from "../clock/clock.ts";
import type { JobQueue } from "../jobs/job-definition.ts";
import { loadIncident as loadStoredIncident } from "./load-incident.ts";
import { DEFAULT_PLAN_TIME_LIMIT_MS, MAX_PLAN_TIME_LIMIT_MS, planJob, type PlanJobRequest } from "../jobs/definitions/plan-job.ts";
import type { Notifier } from "../notifiers/notifier.ts";
import type { AuditEntry, Store } from "../store/store.ts";
import { actorOf, requireEventScope, requireIncident, requireRole, type Caller } from "./authorize.ts";

export interface IncidentServiceDeps {
  store: Store;
  jobs: JobQueue;
  clock: Clock;
  notifier: Notifier;
  /** a replay incident's present, its scenario clock (#6); null for a live incident, whose present is `clock` */
  replayNow?: (incident: string) => Promise<number | null>;
  /** the same with whether the replay is paused (#16: a report sent while paused is stamped at the paused time) */
  replayReading?: (incident: string) => Promise<{ nowMs: number; paused: boolean } | null>;
  /** planner time budget when the request names none; default 5 s */
  planTimeLimitMs?: number;
}

export interface PlanRequest {
  /** planning instant, ms; default now */
  atMs?: number;
  timeLimitMs?: number;
  seed?: number;
  /** #16: assignments the plan must keep, and ones it must never make */
  pins?: AssignmentPair[];
  forbid?: AssignmentPair[];
  /** #17: the on-site durations to plan with; default "scenario" */
  durations?: "scenario" | "learned";
}

export interface CurveRequest {
  fromMs?: number;
  toMs?: number;
  stepMs?: number;
}

export type AppendResult = { created: boolean; event: StoredEvent };

const DEFAULT_CURVE_POINTS = 200;

export type IncidentService = ReturnType<typeof createIncidentService>;

/**
 * @example
 * const incidents = createIncidentService({ store, jobs, clock: systemClock, notifier: realtime.notifier });
 * const { created, event } = await incidents.appendEvent(caller, incidentId, req.body);
 */
export function createIncidentService(deps: IncidentServiceDeps) {
  const { store, jobs, clock, notifier } = deps;
  // a scenario never changes once stored, and Zhengzhou's is megabytes: one cached copy, shared with the job handlers
  const loadIncident = (id: string): Promise<IncidentDetail> => loadStoredIncident(store, id, "id");
  // what the event rules read from each incident's log, extended report by report (log-index.ts): the store hands
  // the same event objects to every validation, so a report costs O(its truck's steps), not O(log)
  const logIndexes = new Map<string, LogIndex>();
  const validateAgainst = (id: string, scenario: Scenario, input: EventInput, nowMs: number) => (log: readonly StoredEvent[]) => {
    const index = syncIndex(logIndexes.get(id), scenario, log);
    logIndexes.set(id, index);
    checkEvent(index, input, { nowMs });
  };

  async function readable(caller: Caller, id: string): Promise<IncidentDetail> {
    requireIncident(caller, id);
    return loadIncident(id);
  }

  /** State without a caller: for the board rooms, which check scope themselves. */
  /** the incident's present: the scenario clock of a replay, else the server's clock */
  async function nowOf(id: string): Promise<number> {
    return (await deps.replayNow?.(id)) ?? clock.now();
  }

  async function stateOf(id: string, atMs?: number): Promise<IncidentState> {
    const { scenario } = await loadIncident(id);
    const events = await store.listEvents(id);
    const at = atMs ?? (await nowOf(id));
    // #17: ETR ranges from the latest plan made by then, the forecasts and the log's step durations
    const latest = (await store.latestPlan(id))?.plan;
    const plan = latest && (latest.at === undefined || Date.parse(latest.at) <= at) ? latest : undefined;
    return withEtr(deriveState(scenario, events, at), estimateRestorations({ scenario, events, atMs: at, ...(plan ? { plan } : {}) }));
  }

  async function planJobRequest(caller: Caller, id: string, request: PlanRequest): Promise<PlanJobRequest> {
    requireRole(caller, ["commander"], "plan");
    await readable(caller, id);
    const timeLimitMs = Math.min(request.timeLimitMs ?? deps.planTimeLimitMs ?? DEFAULT_PLAN_TIME_LIMIT_MS, MAX_PLAN_TIME_LIMIT_MS);
    // no atMs: the job plans at the clock's now when it runs, from the log as it then stands; a replay plans at its
    // scenario clock's reading (#6)
    const atMs = request.atMs ?? (await deps.replayNow?.(id)) ?? undefined;
    return {
      incident: id, timeLimitMs, requestedBy: actorOf(caller), ...(atMs === undefined ? {} : { atMs }), ...(request.seed === undefined ? {} : { seed: request.seed }),
      ...(request.pins?.length ? { pins: request.pins } : {}), ...(request.forbid?.length ? { forbid: request.forbid } : {}),
      ...(request.durations === undefined ? {} : { durations: request.durations }),
    };
  }

  return {
    async createIncident(caller: Caller, doc: unknown): Promise<IncidentSummary> {
      requireRole(caller, ["commander"], "create incidents");
      if (caller.incident !== null) throw new LianxinError(ErrorCode.forbidden, "a token limited to one incident cannot create another");
      const result = validateScenario(doc);
      if (!result.ok) {
        throw new LianxinError(ErrorCode.invalidInput, `invalid scenario: ${result.details.length} bad field(s)`, result.details);
      }
      // the store records who created it (audit) in the same transaction
      return store.createIncident(result.scenario, actorOf(caller));
    },

    async listIncidents(caller: Caller): Promise<IncidentSummary[]> {
      const all = await store.listIncidents();
      return caller.incident === null ? all : all.filter((i) => i.id === caller.incident);
    },

    getIncident: readable,

    async getState(caller: Caller, id: string, atMs?: number): Promise<IncidentState> {
      await readable(caller, id);
      return stateOf(id, atMs);
    },

    stateOf,

    /** the incident's present (a replay's scenario clock, else the server's), ms */
    nowOf,

    async curve(caller: Caller, id: string, request: CurveRequest): Promise<CurvePoint[]> {
      const { scenario } = await readable(caller, id);
      const fromMs = request.fromMs ?? Math.min(...scenario.compounds.map((c) => Date.parse(c.outageStart)));
      const toMs = request.toMs ?? Math.min(await nowOf(id), Date.parse(scenario.horizonEnd));
      const stepMs = request.stepMs ?? Math.max(60_000, Math.ceil((toMs - fromMs) / DEFAULT_CURVE_POINTS / 60_000) * 60_000);
      return restorationCurve(scenario, await store.listEvents(id), fromMs, Math.max(fromMs, toMs), stepMs);
    },

    async appendEvent(caller: Caller, id: string, body: unknown): Promise<AppendResult> {
      requireRole(caller, ["commander", "crew"], "report events");
      const { scenario } = await readable(caller, id);
      const input = parseEventInput(body);
      requireEventScope(caller, input, id);
      const replay = deps.replayReading ? await deps.replayReading(id) : null;
      const nowMs = replay?.nowMs ?? (await nowOf(id));
      // #16: a paused replay stands still while the phone's clock runs on: a report sent then, stamped after the
      // paused time, is stamped at it (the scenario's present), so it counts and shows at once
      const stamped = replay?.paused && Date.parse(input.at) > replay.nowMs ? { ...input, at: isoWithOffset(replay.nowMs, scenario.timezone) } : input;
      const outcome = await store.appendEvent(id, stamped, actorOf(caller), validateAgainst(id, scenario, stamped, nowMs));
      // only after the store committed: a board never shows a report that could still be lost
      if (outcome.kind === "created") notifier.eventStored(outcome.event);
      return { created: outcome.kind === "created", event: outcome.event };
    },

    async listEvents(caller: Caller, id: string, afterSeq?: number): Promise<StoredEvent[]> {
      await readable(caller, id);
      return store.listEvents(id, afterSeq);
    },

    /** Plans (or re-plans) in a plan job (server/jobs/definitions/plan-job.ts) and resolves with the stored plan. */
    async plan(caller: Caller, id: string, request: PlanRequest = {}): Promise<StoredPlan> {
      return jobs.run(planJob, await planJobRequest(caller, id, request));
    },

    /** Starts a plan job and resolves with its status at once (POST …/plans?wait=false). */
    async requestPlan(caller: Caller, id: string, request: PlanRequest = {}): Promise<JobStatus> {
      return jobs.add(planJob, await planJobRequest(caller, id, request));
    },

    async latestPlan(caller: Caller, id: string): Promise<StoredPlan> {
      await readable(caller, id);
      const plan = await store.latestPlan(id);
      if (!plan) throw new LianxinError(ErrorCode.notFound, `incident ${id} has no plan yet`, [{ path: "planId", message: "no plan" }]);
      return plan;
    },

    async listPlans(caller: Caller, id: string): Promise<PlanSummary[]> {
      await readable(caller, id);
      return store.listPlans(id);
    },

    async getPlan(caller: Caller, id: string, planId: string): Promise<StoredPlan> {
      await readable(caller, id);
      const plan = await store.getPlan(id, planId);
      if (!plan) throw new LianxinError(ErrorCode.notFound, `no plan ${planId} in incident ${id}`, [{ path: "planId", message: "unknown plan" }]);
      return plan;
    },

    async approve(caller: Caller, id: string, planId: string): Promise<StoredPlan> {
      requireRole(caller, ["commander"], "approve plans");
      await readable(caller, id);
      const plan = await store.getPlan(id, planId);
      if (!plan) throw new LianxinError(ErrorCode.notFound, `no plan ${planId} in incident ${id}`, [{ path: "planId", message: "unknown plan" }]);
      if (plan.status === "approved") return plan;
      const latest = await store.latestPlan(id);
      if (plan.status === "superseded" || (latest && latest.id !== plan.id)) {
        throw new LianxinError(ErrorCode.conflict, `plan ${planId} is out of date; approve the latest plan${latest ? ` (${latest.id})` : ""}`, [
          { path: "planId", message: "superseded by a newer plan" },
        ]);
      }
      const approved = await store.approvePlan(id, planId, actorOf(caller));
      notifier.planStored(approved);
      return approved;
    },

    async audit(caller: Caller, id: string): Promise<AuditEntry[]> {
      requireRole(caller, ["commander"], "read the audit log");
      await readable(caller, id);
      return store.listAudit(id);
    },
  };
}
