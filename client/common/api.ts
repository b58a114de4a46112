/**
 * The browser's side of the HTTP API (issue #4), typed from shared/. Every failure becomes an ApiError carrying the
 * server's code and message, so pages can show the server's own words; a network failure has status 0.
 */
import type { ErrorBody, ErrorDetail } from "../../shared/errors.ts";
import type { EventInput, StoredEvent } from "../../shared/events.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { AlertThresholds } from "../../shared/board-alerts.ts";
import type {
  AlertThresholdsInfo, CounterfactualReport, CreatedToken, EvaluateRequest, EventAck, IncidentDetail, IncidentSummary, JobStatus, Me, NewTokenRequest, PlanEvaluation, PlanRequestBody,
  PlanRoutes, ReplayChange, ReplayClock, StartedReplay, StartReplay, StoredPlan, TokenInfo,
} from "../../shared/wire.ts";

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached */
  readonly status: number;
  readonly code: string;
  /** the server's field-by-field reasons (ErrorBody.details), so a page can name the field in its own language */
  readonly details: ErrorDetail[];
  constructor(status: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

// Request and answer types come from the one wire contract; re-exported for the pages that import them from here.
export type { Me, ReplayChange, StartReplay } from "../../shared/wire.ts";

export interface Api {
  me(): Promise<Me | null>;
  incidents(): Promise<IncidentSummary[]>;
  incident(id: string): Promise<IncidentDetail>;
  state(id: string): Promise<IncidentState>;
  events(id: string, afterSeq?: number): Promise<StoredEvent[]>;
  report(id: string, input: EventInput): Promise<{ status: number; event: StoredEvent }>;
  latestPlan(id: string): Promise<StoredPlan | null>;
  /** a new plan; `request` (#16) may carry pins and forbids */
  replan(id: string, request?: PlanRequestBody): Promise<StoredPlan>;
  /** #16: what the model makes of these assignments now (nothing stored); 422 names a stop that cannot be driven */
  evaluate(id: string, request: EvaluateRequest): Promise<PlanEvaluation>;
  /** #16: a plan's routes along the roads, one LineString per leg */
  planRoutes(id: string, planId: string): Promise<PlanRoutes>;
  /** #16: acknowledge a report (commander), the acknowledgements, the alert thresholds */
  ack(id: string, eventId: string): Promise<EventAck>;
  acks(id: string): Promise<EventAck[]>;
  alertThresholds(id: string): Promise<AlertThresholdsInfo>;
  setAlertThresholds(id: string, thresholds: AlertThresholds): Promise<AlertThresholdsInfo>;
  approve(id: string, planId: string): Promise<StoredPlan>;
  /** a replay incident's scenario clock; null when the incident is not a replay */
  replayClock(id: string): Promise<ReplayClock | null>;
  controlReplay(id: string, change: ReplayChange): Promise<ReplayClock>;
  startReplay(request: StartReplay): Promise<StartedReplay>;
  /** 202: the job computing the report */
  computeCounterfactual(id: string, decisionTimes?: string[]): Promise<JobStatus>;
  /** null until one has been computed */
  counterfactual(id: string): Promise<CounterfactualReport | null>;
  /** the incident's recent background jobs, newest first */
  jobs(id: string): Promise<JobStatus[]>;
  /** commander tokens for every incident only (#13): the tokens of one incident, in creation order */
  tokens(incident: string): Promise<TokenInfo[]>;
  /** 201: the secret is in this answer and nowhere else */
  createToken(request: NewTokenRequest): Promise<CreatedToken>;
  revokeToken(id: string): Promise<TokenInfo>;
}

/**
 * @example
 * const api = createApi(token);
 * const list = await api.incidents();
 */
export function createApi(token: string, base = ""): Api {
  async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
    let response: Response;
    try {
      response = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
      });
    } catch {
      throw new ApiError(0, "network", "no connection to the server");
    }
    const text = await response.text();
    const data = text === "" ? null : safeJson(text);
    if (!response.ok) {
      const error = (data as ErrorBody | null)?.error;
      throw new ApiError(response.status, error?.code ?? "http_" + response.status, error?.message ?? `${response.status} ${response.statusText}`,
        Array.isArray(error?.details) ? error.details : []);
    }
    return { status: response.status, data: data as T };
  }
  const enc = encodeURIComponent;

  return {
    async me() {
      try {
        return (await call<Me>("GET", "/api/me")).data;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    incidents: async () => (await call<IncidentSummary[]>("GET", "/api/incidents")).data,
    incident: async (id) => (await call<IncidentDetail>("GET", `/api/incidents/${enc(id)}`)).data,
    state: async (id) => (await call<IncidentState>("GET", `/api/incidents/${enc(id)}/state`)).data,
    events: async (id, after) =>
      (await call<StoredEvent[]>("GET", `/api/incidents/${enc(id)}/events${after === undefined ? "" : `?after=${after}`}`)).data,
    async report(id, input) {
      const { status, data } = await call<StoredEvent>("POST", `/api/incidents/${enc(id)}/events`, input);
      return { status, event: data };
    },
    async latestPlan(id) {
      try {
        return (await call<StoredPlan>("GET", `/api/incidents/${enc(id)}/plans/latest`)).data;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    replan: async (id, request = {}) => (await call<StoredPlan>("POST", `/api/incidents/${enc(id)}/plans`, request)).data,
    evaluate: async (id, request) => (await call<PlanEvaluation>("POST", `/api/incidents/${enc(id)}/plans/evaluate`, request)).data,
    ack: async (id, eventId) => (await call<EventAck>("POST", `/api/incidents/${enc(id)}/events/${enc(eventId)}/ack`)).data,
    acks: async (id) => (await call<EventAck[]>("GET", `/api/incidents/${enc(id)}/acks`)).data,
    alertThresholds: async (id) => (await call<AlertThresholdsInfo>("GET", `/api/incidents/${enc(id)}/alert-thresholds`)).data,
    setAlertThresholds: async (id, thresholds) => (await call<AlertThresholdsInfo>("PUT", `/api/incidents/${enc(id)}/alert-thresholds`, thresholds)).data,
    planRoutes: async (id, planId) => (await call<PlanRoutes>("GET", `/api/incidents/${enc(id)}/plans/${enc(planId)}/routes`)).data,
    approve: async (id, planId) => (await call<StoredPlan>("POST", `/api/incidents/${enc(id)}/plans/${enc(planId)}/approve`, {})).data,
    // ?ifAny=true: 204 (null) for a live incident, not a 404 the browser logs on every load (#16)
    replayClock: async (id) => (await call<ReplayClock | null>("GET", `/api/incidents/${enc(id)}/replay?ifAny=true`)).data,
    controlReplay: async (id, change) => (await call<ReplayClock>("POST", `/api/incidents/${enc(id)}/replay`, change)).data,
    startReplay: async (request) => (await call<{ incident: IncidentSummary; clock: ReplayClock }>("POST", "/api/replays", request)).data,
    computeCounterfactual: async (id, decisionTimes) =>
      (await call<JobStatus>("POST", `/api/incidents/${enc(id)}/counterfactual`, decisionTimes === undefined ? {} : { decisionTimes })).data,
    // ?ifAny=true: 204 (null) before the first report, not a 404 the browser logs on every load (#16)
    counterfactual: async (id) => (await call<CounterfactualReport | null>("GET", `/api/incidents/${enc(id)}/counterfactual?ifAny=true`)).data,
    jobs: async (id) => (await call<JobStatus[]>("GET", `/api/incidents/${enc(id)}/jobs`)).data,
    tokens: async (incident) => (await call<TokenInfo[]>("GET", `/api/tokens?incident=${enc(incident)}`)).data,
    createToken: async (request) => (await call<CreatedToken>("POST", "/api/tokens", request)).data,
    revokeToken: async (id) => (await call<TokenInfo>("DELETE", `/api/tokens/${enc(id)}`)).data,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
