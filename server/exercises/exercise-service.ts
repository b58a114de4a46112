/**
 * Exercises (#18 item 1): HQ puts a trainee in the commander's chair on a replay. `POST /api/exercises` makes a
 * replay incident of the scenario (or of an existing incident's) in exercise mode (shared/exercise: the world's
 * timeline only; the fleet moves by the plans the trainee approves) and a commander token for the trainee limited
 * to that incident. HQ keeps the clock (POST /api/incidents/:id/replay: pause, resume, speed, seek; the trainee's
 * token cannot) and injects events through the event log (POST /api/incidents/:id/events: truck.broken, road.closed,
 * compound.reported with a priority), as a live incident's reports.
 */
import { z } from "zod";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { exerciseOf, exerciseScenario } from "../../shared/exercise/exercise-scenario.ts";
import type { StoredEvent } from "../../shared/events.ts";
import { isoTime, parseRequest } from "../../shared/scenario-schemas.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { validateScenario } from "../../shared/validate-scenario.ts";
import type { CreatedToken, IncidentSummary, ReplayClock } from "../../shared/wire.ts";
import { actorOf, requireIncident, requireRole, type Caller } from "../incidents/authorize.ts";
import { toTokenInfo } from "../incidents/token-service.ts";
import type { ReplayService } from "../replay/replay-service.ts";
import { timelineSpan } from "../replay/replay-service.ts";
import type { Store } from "../store/store.ts";
import { loadIncident } from "../incidents/load-incident.ts";
import { counterfactualLogs } from "../replay/counterfactual.ts";
import { afterActionReport } from "./after-action-report.ts";
import { scoreExercise, type ExerciseScore } from "./exercise-score.ts";

export const startExerciseRequest = z.strictObject({
  scenario: z.unknown().optional(),
  incident: z.string({ error: "must be an incident id" }).min(1, { error: "must be an incident id" }).optional(),
  from: isoTime.optional(),
  speed: z.number({ error: "must be a number" }).optional(),
  paused: z.boolean({ error: "must be true or false" }).optional(),
  trainee: z.strictObject({
    name: z.string({ error: "must be a string" }).trim().min(1, { error: "must not be empty" }).max(200, { error: "must be at most 200 characters" }),
  }, { error: "must be { name }" }),
});

/** POST /api/exercises → 201 */
export interface StartedExercise {
  exercise: { id: string; trainee: { name: string } };
  incident: IncidentSummary;
  clock: ReplayClock;
  /** the trainee's commander token, limited to the exercise incident: its secret is here and nowhere else */
  trainee: CreatedToken;
}

export interface ExerciseServiceDeps {
  store: Store;
  replays: ReplayService;
}

export type ExerciseService = ReturnType<typeof createExerciseService>;

/**
 * @example
 * const { exercise, trainee } = await exercises.start(hq, { scenario, speed: 600, trainee: { name: "Trainee Wang" } });
 */
export function createExerciseService(deps: ExerciseServiceDeps) {
  const { store, replays } = deps;
  // the history's logs and the planner's, once per exercise and process: a planner run per decision time (a stored
  // scenario never changes, so neither do they)
  const logs = new Map<string, { historical: StoredEvent[]; without: StoredEvent[]; withF: StoredEvent[] }>();

  async function score(caller: Caller, id: string): Promise<{ score: ExerciseScore; name: string }> {
    requireIncident(caller, id);
    const detail = await loadIncident(store, id, "id");
    const mark = exerciseOf(detail.scenario);
    if (!mark) throw new LianxinError(ErrorCode.notFound, `incident ${id} is not an exercise`, [{ path: "id", message: "not an exercise" }]);
    let cached = logs.get(id);
    if (!cached) {
      const source: Scenario = { ...detail.scenario, events: mark.history };
      const without = counterfactualLogs(source, { foresight: false, seed: 1 });
      const withF = counterfactualLogs(source, { foresight: true, seed: 1 });
      cached = { historical: without.historical, without: without.planned, withF: withF.planned };
      logs.set(id, cached);
    }
    const [log, plans, atMs] = await Promise.all([store.listEvents(id), store.listPlans(id), replays.replayNow(id)]);
    return {
      name: detail.name,
      score: scoreExercise({
        exercise: id, scenario: detail.scenario, log, plans, atMs: atMs ?? Date.parse(detail.scenario.horizonEnd),
        historical: cached.historical, plannedWithoutForesight: cached.without, plannedWithForesight: cached.withF,
      }),
    };
  }

  async function sourceScenario(caller: Caller, body: z.infer<typeof startExerciseRequest>): Promise<Scenario> {
    if ((body.scenario === undefined) === (body.incident === undefined)) {
      const message = "give exactly one of scenario (a scenario document) and incident (an incident whose scenario to exercise)";
      throw new LianxinError(ErrorCode.invalidInput, message, [{ path: "scenario", message }, { path: "incident", message }]);
    }
    if (body.incident !== undefined) {
      requireIncident(caller, body.incident);
      const detail = await store.getIncident(body.incident);
      if (!detail) throw new LianxinError(ErrorCode.notFound, `no incident ${body.incident}`, [{ path: "incident", message: "unknown incident" }]);
      return detail.scenario;
    }
    const result = validateScenario(body.scenario);
    if (!result.ok) {
      const details = result.details.map((d) => ({ path: d.path === "" ? "scenario" : `scenario.${d.path}`, message: d.message }));
      throw new LianxinError(ErrorCode.invalidInput, `invalid scenario: ${details.length} bad field(s)`, details);
    }
    return result.scenario;
  }

  return {
    /** GET /api/exercises/:id/score */
    async score(caller: Caller, id: string): Promise<ExerciseScore> {
      return (await score(caller, id)).score;
    },

    /** GET /api/exercises/:id/report: the printable after-action report */
    async report(caller: Caller, id: string): Promise<string> {
      const { score: s, name } = await score(caller, id);
      return afterActionReport(s, name);
    },

    /** POST /api/exercises */
    async start(caller: Caller, doc: unknown): Promise<StartedExercise> {
      requireRole(caller, ["commander"], "start exercises");
      if (caller.incident !== null) throw new LianxinError(ErrorCode.forbidden, "a token limited to one incident cannot start an exercise");
      const body = parseRequest(startExerciseRequest, doc, "invalid exercise request");
      const source = await sourceScenario(caller, body);
      // by default the exercise starts where the history's timeline starts (its first entry, fleet's included)
      const from = body.from ?? new Date(timelineSpan(source).defaultFromMs).toISOString();
      const started = await replays.start(caller, {
        scenario: exerciseScenario(source, body.trainee), from,
        ...(body.speed === undefined ? {} : { speed: body.speed }), ...(body.paused === undefined ? {} : { paused: body.paused }),
      });
      const { secret, record } = await store.createToken({ role: "commander", name: body.trainee.name, incident: started.incident.id, trucks: [] }, actorOf(caller));
      await store.audit({ actor: caller.name, action: "exercise.started", incident: started.incident.id, detail: { trainee: body.trainee.name, token: record.id } });
      return {
        exercise: { id: started.incident.id, trainee: { name: body.trainee.name } },
        incident: started.incident,
        clock: started.clock,
        trainee: { token: toTokenInfo(record), secret },
      };
    },
  };
}
