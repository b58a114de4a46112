/**
 * The incident services: the thin layer between the HTTP routes and the store, the planner jobs and the board
 * rooms. Authorisation (role and scope) lives here because scope depends on the request body (a crew's truck);
 * authentication (who is calling) is the edge's job.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { StoredEvent } from "../../shared/events.ts";
import { buildCurrentScenario } from "../../shared/restoration/build-current-scenario.ts";
import { deriveState } from "../../shared/restoration/derive-state.ts";
import { parseEventInput } from "../../shared/restoration/parse-event-input.ts";
import { restorationCurve, type CurvePoint } from "../../shared/restoration/restoration-curve.ts";
import { validateEvent } from "../../shared/restoration/validate-event.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { IncidentState } from "../../shared/state.ts";
import { validateScenario } from "../../shared/validate-scenario.ts";
import type { IncidentDetail, IncidentSummary, PlanSummary, StoredPlan } from "../../shared/wire.ts";
import type { Clock } from "../clock.ts";
import type { JobRunner } from "../jobs/job-runner.ts";
import type { Notifier } from "../notifier.ts";
import type { AuditEntry, Store } from "../store/store.ts";
import { actorOf, requireEventScope, requireIncident, requireRole, type Caller } from "./authorize.ts";

export interface IncidentServiceDeps {
  store: Store;
  jobs: JobRunner;
  clock: Clock;
  notifier: Notifier;
  /** planner time budget when the request names none; default 5 s */
  planTimeLimitMs?: number;
}

export interface PlanRequest {
  /** planning instant, ms; default now */
  atMs?: number;
  timeLimitMs?: number;
  seed?: number;
}

export interface CurveRequest {
  fromMs?: number;
  toMs?: number;
  stepMs?: number;
}

export type AppendResult = { created: boolean; event: StoredEvent };

const MAX_PLAN_TIME_MS = 60_000;
const DEFAULT_CURVE_POINTS = 200;

export type IncidentService = ReturnType<typeof createIncidentService>;

/**
 * @example
 * const incidents = createIncidentService({ store, jobs, clock: systemClock, notifier: realtime.notifier });
 * const { created, event } = await incidents.appendEvent(caller, incidentId, req.body);
 */
export function createIncidentService(deps: IncidentServiceDeps) {
  const { store, jobs, clock, notifier } = deps;
  // a scenario never changes once stored, and Zhengzhou's is megabytes: read each once
  const scenarios = new Map<string, IncidentDetail>();

  async function loadIncident(id: string): Promise<IncidentDetail> {
    const cached = scenarios.get(id);
    if (cached) return cached;
    const detail = await store.getIncident(id);
    if (!detail) throw new LianxinError(ErrorCode.notFound, `no incident ${id}`, [{ path: "id", message: "unknown incident" }]);
    scenarios.set(id, detail);
    return detail;
  }

  async function readable(caller: Caller, id: string): Promise<IncidentDetail> {
    requireIncident(caller, id);
    return loadIncident(id);
  }

  /** State without a caller: for the board rooms, which check scope themselves. */
  async function stateOf(id: string, atMs = clock.now()): Promise<IncidentState> {
    const { scenario } = await loadIncident(id);
    return deriveState(scenario, await store.listEvents(id), atMs);
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

    async curve(caller: Caller, id: string, request: CurveRequest): Promise<CurvePoint[]> {
      const { scenario } = await readable(caller, id);
      const fromMs = request.fromMs ?? Math.min(...scenario.compounds.map((c) => Date.parse(c.outageStart)));
      const toMs = request.toMs ?? Math.min(clock.now(), Date.parse(scenario.horizonEnd));
      const stepMs = request.stepMs ?? Math.max(60_000, Math.ceil((toMs - fromMs) / DEFAULT_CURVE_POINTS / 60_000) * 60_000);
      return restorationCurve(scenario, await store.listEvents(id), fromMs, Math.max(fromMs, toMs), stepMs);
    },

    async appendEvent(caller: Caller, id: string, body: unknown): Promise<AppendResult> {
      requireRole(caller, ["commander", "crew"], "report events");
      const { scenario } = await readable(caller, id);
      const input = parseEventInput(body);
      requireEventScope(caller, input);
      const outcome = await store.appendEvent(id, input, actorOf(caller), (log) => validateEvent(scenario, log, input, { nowMs: clock.now() }));
      // only after the store committed: a board never shows a report that could still be lost
      if (outcome.kind === "created") notifier.eventStored(outcome.event);
      return { created: outcome.kind === "created", event: outcome.event };
    },

    async listEvents(caller: Caller, id: string, afterSeq?: number): Promise<StoredEvent[]> {
      await readable(caller, id);
      return store.listEvents(id, afterSeq);
    },

    async plan(caller: Caller, id: string, request: PlanRequest = {}): Promise<StoredPlan> {
      requireRole(caller, ["commander"], "plan");
      const { scenario } = await readable(caller, id);
      const events = await store.listEvents(id);
      const atMs = request.atMs ?? clock.now();
      const current: Scenario = buildCurrentScenario(scenario, events, atMs);
      const timeLimitMs = Math.min(request.timeLimitMs ?? deps.planTimeLimitMs ?? 5_000, MAX_PLAN_TIME_MS);
      // a re-plan starts from the latest plan and changes only what the log's news makes worth changing
      const previousPlan = (await store.latestPlan(id))?.plan;
      const options = { at: atMs, timeLimitMs, seed: request.seed ?? 1, ...(previousPlan ? { previousPlan } : {}) };
      const plan = await jobs.plan({ scenario: current, options }).catch((e: unknown) => {
        // the request was fine; what the log made of the scenario is not plannable: say so as 422, not 400
        if (e instanceof LianxinError && e.code === ErrorCode.invalidInput) throw new LianxinError(ErrorCode.impossible, e.message, e.details);
        throw e;
      });
      const basedOnSeq = events.length === 0 ? 0 : Math.max(...events.map((e) => e.seq));
      const stored = await store.savePlan(id, plan, basedOnSeq, actorOf(caller));
      notifier.planStored(stored);
      return stored;
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
