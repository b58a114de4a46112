/**
 * Exercises (#18 item 1): HQ puts a trainee in the commander's chair on a replay. `POST /api/exercises` makes a
 * replay incident of the scenario (or of an existing incident's) in exercise mode (shared/exercise: the world's
 * timeline only; the fleet moves by the plans the trainee approves) and a commander token for the trainee limited
 * to that incident. HQ keeps the clock (POST /api/incidents/:id/replay: pause, resume, speed, seek; the trainee's
 * token cannot) and injects events through the event log (POST /api/incidents/:id/events: truck.broken, road.closed,
 * compound.reported with a priority), as a live incident's reports.
 *
 * The scorecard (GET /api/exercises/:id/score) costs a planner run per decision time of the history and per approved
 * plan: it is computed by the score job on the compute pool (server/jobs/definitions/score-job.ts), never on the
 * request thread. The route answers the last scorecard computed (200, with its `at`); when that one no longer
 * matches the exercise (the clock moved, the log grew, a plan was approved) it also starts a score job (or collapses
 * into the pending one) and says so (`stale: true`, `job`); with none computed yet it answers 202 with the job's
 * status (GET /api/jobs/:jobId follows it; the board hears it as a `job` event). The last scorecard is kept per
 * server process: another server computes its own on its first request.
 */
import { z } from "zod";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { exerciseOf, exerciseScenario } from "../../shared/exercise/exercise-scenario.ts";
import { isoTime, parseRequest } from "../../shared/scenario-schemas.ts";
import type { CreatedToken, IncidentSummary, ReplayClock } from "../../shared/wire.ts";
import { actorOf, requireIncident, requireRole, type Caller } from "../incidents/authorize.ts";
import { toTokenInfo } from "../incidents/token-service.ts";
import type { ReplayService } from "../replay/replay-service.ts";
import { timelineSpan } from "../replay/replay-service.ts";
import type { Store } from "../store/store.ts";
import { scenarioOfRequest } from "../incidents/scenario-of-request.ts";
import { loadIncident } from "../incidents/load-incident.ts";
import { iso } from "../../shared/restoration/derive-state.ts";
import type { JobStatus } from "../../shared/wire.ts";
import type { JobQueue } from "../jobs/job-definition.ts";
import { scoreJob } from "../jobs/definitions/score-job.ts";
import { afterActionReport } from "./after-action-report.ts";
import type { ExerciseScore } from "./exercise-score.ts";

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
  jobs: JobQueue;
}

/**
 * GET /api/exercises/:id/score: 200 with the last scorecard (and, when it no longer matches the exercise, `stale`
 * and the score job computing the next), or 202 with the score job's status when none has been computed yet.
 */
export type ScoreAnswer =
  | { status: 200; body: ExerciseScore & { stale?: true; job?: JobStatus } }
  | { status: 202; body: JobStatus };

export type ExerciseService = ReturnType<typeof createExerciseService>;

/**
 * @example
 * const { exercise, trainee } = await exercises.start(hq, { scenario, speed: 600, trainee: { name: "Trainee Wang" } });
 */
export function createExerciseService(deps: ExerciseServiceDeps) {
  const { store, replays, jobs } = deps;
  // per exercise: the last scorecard computed, and the score job computing the next
  const latest = new Map<string, ExerciseScore>();
  const pending = new Map<string, { job: string; basis: string }>();

  /**
   * A score job's scorecard once it is done (score jobs run one at a time and read the exercise when they start, so
   * the one done last is the newest); the pending mark goes with a job that is done or failed (the next request
   * then starts another).
   */
  async function keep(id: string, jobId: string): Promise<JobStatus | null> {
    const status = await jobs.status(jobId);
    if (status?.state === "completed") {
      const done = (await jobs.result(jobId)) as ExerciseScore | null;
      if (done) latest.set(id, done);
    }
    if (pending.get(id)?.job === jobId && (!status || status.state === "completed" || status.state === "failed")) pending.delete(id);
    return status;
  }

  const collect = async (id: string): Promise<JobStatus | null> => {
    const jobId = pending.get(id)?.job;
    return jobId === undefined ? null : keep(id, jobId);
  };

  async function score(caller: Caller, id: string): Promise<{ answer: ScoreAnswer; name: string }> {
    requireIncident(caller, id);
    const detail = await loadIncident(store, id, "id");
    if (!exerciseOf(detail.scenario)) throw new LianxinError(ErrorCode.notFound, `incident ${id} is not an exercise`, [{ path: "id", message: "not an exercise" }]);
    const finished = await collect(id);
    const [log, plans, now] = await Promise.all([store.listEvents(id), store.listPlans(id), replays.replayNow(id)]);
    const at = iso(now ?? Date.parse(detail.scenario.horizonEnd), detail.scenario.timezone);
    const seq = log.reduce((max, e) => Math.max(max, e.seq), 0);
    const approved = plans.filter((p) => p.approvedAt !== undefined).length;
    const last = latest.get(id);
    if (last && last.at === at && last.basedOnSeq === seq && last.decisions.length === approved) return { name: detail.name, answer: { status: 200, body: last } };
    // stale or none: the score job (a new one, or the pending one this collapses into); a failed one is reported once
    // (a job already under way for this very state is that job: it read the exercise when it started)
    const basis = `${at}|${seq}|${approved}`;
    const under = pending.get(id);
    const running = under?.basis === basis ? await jobs.status(under.job) : null;
    let job: JobStatus;
    if (finished?.state === "failed" && !last) job = finished;
    else if (running && (running.state === "queued" || running.state === "active" || running.state === "retrying")) job = running;
    else {
      job = await jobs.add(scoreJob, { incident: id });
      pending.set(id, { job: job.id, basis });
      // keep the result as soon as it is there, not only at the next request
      const jobId = job.id;
      jobs.wait<ExerciseScore>(jobId).then(() => keep(id, jobId), () => keep(id, jobId)).catch(() => undefined);
    }
    return { name: detail.name, answer: last ? { status: 200, body: { ...last, stale: true, job } } : { status: 202, body: job } };
  }


  return {
    /** GET /api/exercises/:id/score */
    async score(caller: Caller, id: string): Promise<ScoreAnswer> {
      return (await score(caller, id)).answer;
    },

    /**
     * GET /api/exercises/:id/report: the printable after-action report of the last scorecard (up to its `at`), or
     * 202 with the score job's status when none has been computed yet
     */
    async report(caller: Caller, id: string): Promise<{ status: 200; html: string } | { status: 202; body: JobStatus }> {
      const { answer, name } = await score(caller, id);
      return answer.status === 202 ? answer : { status: 200, html: afterActionReport(answer.body, name) };
    },

    /** POST /api/exercises */
    async start(caller: Caller, doc: unknown): Promise<StartedExercise> {
      requireRole(caller, ["commander"], "start exercises");
      if (caller.incident !== null) throw new LianxinError(ErrorCode.forbidden, "a token limited to one incident cannot start an exercise");
      const body = parseRequest(startExerciseRequest, doc, "invalid exercise request");
      const source = await scenarioOfRequest(store, caller, body, "exercise");
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
