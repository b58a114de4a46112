/**
 * Live replays of past incidents (#6), between the HTTP routes and the store and job queue: HQ starts a replay of a
 * scenario as a new incident with its own scenario clock (pause, resume, speed ×1 to ×10,000, seek), the replay job
 * feeds the scenario's timeline into the event log as the clock reaches each entry, and the counterfactual job sets
 * what happened against what re-planning would have done.
 *
 * Clock semantics: shared/replay-clock-math.ts. Every clock change re-anchors at the scenario time it reads then,
 * is stored under the incident's lock, goes to the incident's board room as socket `clock`, and adds an immediate
 * replay job (which delivers what is due and plans the next wake-up at the new speed).
 */
import { z } from "zod";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { isoTime, parseRequest } from "../../shared/scenario-schemas.ts";
import { isoInZone } from "../../shared/format-time.ts";
import {
  changeReplayClock, MAX_REPLAY_SPEED, MIN_REPLAY_SPEED, startReplayClock, withinReplay,
  type ReplayClockChange, type ReplayClockState,
} from "../../shared/replay-clock-math.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { CounterfactualReport, JobStatus, ReplayChange, ReplayClock, StartedReplay, StartReplay } from "../../shared/wire.ts";
import type { Clock } from "../clock/clock.ts";
import { actorOf, requireIncident, requireRole, type Caller } from "../incidents/authorize.ts";
import type { JobQueue } from "../jobs/job-definition.ts";
import type { Notifier } from "../notifiers/notifier.ts";
import type { Store } from "../store/store.ts";
import { scenarioOfRequest } from "../incidents/scenario-of-request.ts";
import { loadTimeline, replayWireClock } from "./advance-replay.ts";
import { counterfactualJob } from "../jobs/definitions/counterfactual-job.ts";
import { replayAdvanceJob } from "../jobs/definitions/replay-advance-job.ts";
import { replayNow, replayReading } from "../clock/scenario-clock.ts";
import { exerciseOf } from "../../shared/exercise/exercise-scenario.ts";

export interface ReplayServiceDeps {
  store: Store;
  jobs: JobQueue;
  /** wall clock */
  clock: Clock;
  notifier: Notifier;
}

export type ReplayService = ReturnType<typeof createReplayService>;

const iso = isoTime;
const speed = z
  .number({ error: "must be a number" })
  .min(MIN_REPLAY_SPEED, { error: `must be between ${MIN_REPLAY_SPEED} and ${MAX_REPLAY_SPEED}` })
  .max(MAX_REPLAY_SPEED, { error: `must be between ${MIN_REPLAY_SPEED} and ${MAX_REPLAY_SPEED}` });
const paused = z.boolean({ error: "must be true or false" });

export const startRequest: z.ZodType<StartReplay> = z.strictObject({
  scenario: z.unknown().optional(),
  incident: z.string({ error: "must be an incident id" }).min(1, { error: "must be an incident id" }).optional(),
  from: iso.optional(),
  speed: speed.optional(),
  paused: paused.optional(),
});
export const changeRequest: z.ZodType<ReplayChange> = z.strictObject({ paused: paused.optional(), speed: speed.optional(), at: iso.optional() });
export const counterfactualRequest = z.strictObject({
  decisionTimes: z.array(iso, { error: "must be a list of ISO 8601 times" }).max(100, { error: "at most 100 decision times" }).optional(),
  timeLimitMs: z.number({ error: "must be a number" }).positive({ error: "must be positive" }).max(60_000, { error: "must be at most 60000" }).optional(),
  seed: z.number({ error: "must be an integer" }).int({ error: "must be an integer" }).optional(),
});

/**
 * @example
 * const replays = createReplayService({ store, jobs, clock: systemClock, notifier });
 * const { incident, clock } = await replays.start(caller, { scenario, speed: 60 });
 */
export function createReplayService(deps: ReplayServiceDeps) {
  const { store, jobs, clock, notifier } = deps;

  function wireClock(incident: string, state: ReplayClockState): Promise<ReplayClock> {
    return replayWireClock(store, incident, state, clock.now());
  }

  async function replayClockOf(incident: string): Promise<ReplayClockState> {
    const state = await store.getReplayClock(incident);
    if (!state) throw new LianxinError(ErrorCode.notFound, `incident ${incident} is not a replay`, [{ path: "id", message: "not a replay incident" }]);
    return state;
  }


  /** An immediate replay job: delivers what the clock has reached, then follows the clock. */
  async function wake(incident: string): Promise<void> {
    // delay 0 said out loud: a pending wake-up planned for the old speed keeps its delay unless told otherwise
    await jobs.add(replayAdvanceJob, { incident }, { delayMs: 0 });
  }

  return {
    /** POST /api/replays */
    async start(caller: Caller, doc: unknown): Promise<StartedReplay> {
      requireRole(caller, ["commander"], "start replays");
      if (caller.incident !== null) throw new LianxinError(ErrorCode.forbidden, "a token limited to one incident cannot start a replay");
      const body = parseRequest(startRequest, doc, "invalid replay request");
      const scenario = await scenarioOfRequest(store, caller, body, "replay");
      const span = timelineSpan(scenario);
      const state = startReplayClock({
        ...span,
        fromMs: body.from === undefined ? span.defaultFromMs : Date.parse(body.from),
        speed: body.speed ?? 1,
        paused: body.paused ?? false,
        wallMs: clock.now(),
      });
      const incident = await store.createIncident(scenario, actorOf(caller), { replay: state });
      const wire = await wireClock(incident.id, state);
      notifier.clockChanged(wire);
      // even a paused replay delivers at once what happened before its start
      await wake(incident.id);
      return { incident, clock: wire };
    },

    /** GET /api/incidents/:id/replay */
    async getClock(caller: Caller, id: string): Promise<ReplayClock> {
      requireIncident(caller, id);
      return wireClock(id, await replayClockOf(id));
    },

    /** POST /api/incidents/:id/replay: re-anchor at the current scenario time, pause/speed, then seek to `at`. */
    async change(caller: Caller, id: string, doc: unknown): Promise<ReplayClock> {
      requireRole(caller, ["commander"], "control replays");
      requireIncident(caller, id);
      const body = parseRequest(changeRequest, doc ?? {}, "invalid replay clock change");
      const current = await replayClockOf(id);
      const { timezone, scenario } = (await loadTimeline(store, id)).detail;
      // an exercise's clock is HQ's (#18): the trainee's token, limited to the exercise, cannot pause or seek it
      if (caller.incident !== null && exerciseOf(scenario)) {
        throw new LianxinError(ErrorCode.forbidden, "an exercise's clock is controlled by HQ, not the trainee", [{ path: "incident", message: "needs a commander token for every incident" }]);
      }
      if (body.at !== undefined && !withinReplay(current, Date.parse(body.at))) {
        // #16: refused, not clamped: a jump the user did not ask for is worse than none
        const from = isoInZone(current.startsAtMs, timezone);
        const to = isoInZone(current.endsAtMs, timezone);
        const message = `${body.at} is outside the replay, which runs from ${from} to ${to}`;
        throw new LianxinError(ErrorCode.invalidInput, message, [{ path: "at", message, rule: "replay_out_of_range", params: { from, to } }]);
      }
      // a jump back is a rewind of what was stored up to now (advance-replay.ts): the store gives the last seq
      // under the lock appends take, so a report stored while the jump is made is either before it or after it
      const change: ReplayClockChange = {
        ...(body.paused === undefined ? {} : { paused: body.paused }),
        ...(body.speed === undefined ? {} : { speed: body.speed }),
        ...(body.at === undefined ? {} : { atMs: Date.parse(body.at) }),
      };
      const state = await store.updateReplayClock(id, (latest, lastSeq) => changeReplayClock(latest, clock.now(), change, lastSeq));
      await store.audit({ actor: caller.name, action: "replay.changed", incident: id, detail: body });
      const wire = await wireClock(id, state);
      notifier.clockChanged(wire);
      await wake(id);
      return wire;
    },

    /** A replay incident's present (its scenario clock), null for a live incident. */
    replayNow(id: string): Promise<number | null> {
      return replayNow(store, clock, id);
    },

    /** A replay incident's scenario clock as read now, with whether it is paused; null for a live incident. */
    replayReading(id: string): Promise<{ nowMs: number; paused: boolean } | null> {
      return replayReading(store, clock, id);
    },

    /** Wakes a replay's job (its approved plan changed, #18); nothing for a live incident. */
    async nudge(id: string): Promise<void> {
      if (await store.getReplayClock(id)) await wake(id);
    },

    /** Delivers what a replay's clock has reached now (the replay job, run at once); for tests with a fake clock. */
    async advance(id: string): Promise<void> {
      await jobs.run(replayAdvanceJob, { incident: id }, { delayMs: 0 });
    },

    /** POST /api/incidents/:id/counterfactual */
    async requestCounterfactual(caller: Caller, id: string, doc: unknown): Promise<JobStatus> {
      requireRole(caller, ["commander"], "request counterfactual reports");
      requireIncident(caller, id);
      const body = parseRequest(counterfactualRequest, doc ?? {}, "invalid counterfactual request");
      const { detail } = await loadTimeline(store, id);
      if ((detail.scenario.events ?? []).length === 0) {
        throw new LianxinError(ErrorCode.impossible, `incident ${id}'s scenario has no timeline to set a plan against`, [{ path: "events", message: "the scenario has no timeline" }]);
      }
      return jobs.add(counterfactualJob, {
        incident: id,
        ...(body.decisionTimes === undefined ? {} : { decisionTimes: body.decisionTimes.map((t) => Date.parse(t)) }),
        ...(body.timeLimitMs === undefined ? {} : { timeLimitMs: body.timeLimitMs }),
        ...(body.seed === undefined ? {} : { seed: body.seed }),
      });
    },

    /** GET /api/incidents/:id/counterfactual */
    async latestCounterfactual(caller: Caller, id: string): Promise<CounterfactualReport> {
      requireIncident(caller, id);
      await loadTimeline(store, id);
      const stored = await store.latestCounterfactual(id);
      if (!stored) throw new LianxinError(ErrorCode.notFound, `incident ${id} has no counterfactual report yet`, [{ path: "id", message: "no report yet" }]);
      return stored.report;
    },

    /**
     * When a server starts: every replay not paused gets a replay job. Also those whose clock reached the end while
     * no server ran: the entries it passed meanwhile are still to be delivered (the job then plans nothing more).
     */
    async resumeRunning(): Promise<string[]> {
      const resumed: string[] = [];
      for (const { incident, clock: state } of await store.listReplayClocks()) {
        if (state.paused) continue;
        await wake(incident);
        resumed.push(incident);
      }
      return resumed;
    },
  };
}

/**
 * The stretch a replay covers: from the earlier of the first timeline entry and the first outage to the last entry
 * (the horizon when there is no timeline); by default it starts at the first entry (or the first outage).
 */
export function timelineSpan(scenario: Scenario): { startsAtMs: number; endsAtMs: number; defaultFromMs: number } {
  const entries = (scenario.events ?? []).map((e) => Date.parse(e.at));
  const firstOutage = Math.min(...scenario.compounds.map((c) => Date.parse(c.outageStart)));
  const firstEntry = entries.length === 0 ? firstOutage : Math.min(...entries);
  const startsAtMs = Math.min(firstEntry, firstOutage);
  // an exercise (#18) runs to the horizon: the trainee's plan plays out after the world's last entry
  const endsAtMs = entries.length === 0 || exerciseOf(scenario) ? Math.max(Date.parse(scenario.horizonEnd), ...entries) : Math.max(...entries);
  return { startsAtMs, endsAtMs: Math.max(startsAtMs, endsAtMs), defaultFromMs: firstEntry };
}
