/**
 * Delivery of a replay (#6): every timeline entry whose time the scenario clock has reached goes into the event log
 * as if reported live, through the same store append (same validation, same seq, same board message).
 *
 * Why it is safe to run anywhere, any number of times: entries carry deterministic ids (shared/timeline), so an
 * entry delivered twice, by two servers or a retried job, is stored once (the store answers "duplicate"). Entries
 * go in delivery order (at, index) and each is appended only after every earlier one is in the log (or refused by
 * the event rules), so the seqs come out in the same order whoever delivers them and however the clock was driven.
 *
 * Seeking backwards (#16) is a rewind: what was stored with a field time after the new time no longer counts (the
 * store's log is the one after the replay's rewinds, shared/replay-clock-math.ts visibleLog), and the timeline's
 * entries among it are delivered again as the clock passes them, each under the id of its generation (the number
 * of rewinds so far, timelineGenerationId). An entry that now contradicts what was done meanwhile (a trainee
 * dispatched its truck elsewhere) is skipped, with the rule it broke (ReplayClock.skipped).
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { EventInput, StoredEvent } from "../../shared/events.ts";
import { scenarioNow, toWireClock, wallDelayUntil, type ReplayClockState } from "../../shared/replay-clock-math.ts";
import { timelineGenerationId } from "../../shared/timeline/timeline-event-id.ts";
import { validateEvent } from "../../shared/restoration/validate-event.ts";
import { timelineInputs } from "../../shared/timeline/timeline-inputs.ts";
import type { IncidentDetail, ReplayClock, SkippedEntry } from "../../shared/wire.ts";
import type { Clock } from "../clock/clock.ts";
import type { Notifier } from "../notifiers/notifier.ts";
import { loadIncident } from "../incidents/load-incident.ts";
import type { Actor, Store } from "../store/store.ts";

/** Who the event log says reported a replayed entry. */
export const REPLAY_ACTOR: Actor = { id: "replay", name: "replay", role: "commander" };

export interface ReplayDeps {
  store: Store;
  notifier: Notifier;
  /** wall clock */
  clock: Clock;
}

export interface ReplayTimeline {
  detail: IncidentDetail;
  /** in delivery order */
  inputs: EventInput[];
  atMs: number[];
}

export interface AdvanceResult {
  clock: ReplayClockState;
  /** the scenario instant delivered up to */
  scenarioNowMs: number;
  /** newly stored this time, in seq order */
  created: StoredEvent[];
  /** entries the event rules refused (a crew of a training replay reported something that contradicts them) */
  refused: { input: EventInput; reason: string }[];
  delivered: number;
  total: number;
  /** wall ms until the next entry is due; null when paused, finished, or nothing is left */
  nextDelayMs: number | null;
}

// a scenario never changes once stored: its timeline is worked out once per process (the detail itself comes from
// the job handlers' incident cache, loadIncident)
const timelines = new Map<string, ReplayTimeline>();

/** The incident's stored detail and its timeline as event inputs, in delivery order. */
export async function loadTimeline(store: Store, incident: string): Promise<ReplayTimeline> {
  const detail = await loadIncident(store, incident);
  const cached = timelines.get(incident);
  if (cached?.detail === detail) return cached;
  const inputs = timelineInputs(detail.scenario, incident);
  const timeline = { detail, inputs, atMs: inputs.map((i) => Date.parse(i.at)) };
  timelines.set(incident, timeline);
  return timeline;
}

/** How many of the timeline's entries the log holds, under the id of any generation up to `generations`. */
export function countDelivered(timeline: ReplayTimeline, log: readonly StoredEvent[], generations = 0): number {
  const ids = new Set(log.map((e) => e.id));
  return timeline.inputs.filter((i) => isIn(ids, i.id, generations)).length;
}

function isIn(ids: ReadonlySet<string>, id: string, generations: number): boolean {
  for (let g = 0; g <= generations; g++) if (ids.has(timelineGenerationId(id, g))) return true;
  return false;
}

/**
 * The entries the clock has passed that are not in the log and that the event rules refuse there: what the replay
 * skipped, each with the rule it broke. (A due entry the rules take is one still to be delivered, not skipped.)
 */
export function skippedEntries(timeline: ReplayTimeline, log: readonly StoredEvent[], nowMs: number, generations: number): SkippedEntry[] {
  const { scenario } = timeline.detail;
  const ids = new Set(log.map((e) => e.id));
  const out: SkippedEntry[] = [];
  for (let i = 0; i < timeline.inputs.length && timeline.atMs[i] <= nowMs; i++) {
    const input = timeline.inputs[i];
    if (isIn(ids, input.id, generations)) continue;
    try {
      validateEvent(scenario, log, input, { nowMs });
    } catch (e) {
      if (!(e instanceof LianxinError) || e.code !== ErrorCode.impossible) throw e;
      out.push({
        type: input.type, at: input.at,
        ...(input.truck === undefined ? {} : { truck: input.truck }), ...(input.compound === undefined ? {} : { compound: input.compound }),
        reason: e.details[0] ?? { path: "", message: e.message },
      });
    }
  }
  return out;
}

/** The replay's clock as the wire says it (GET …/replay, socket `clock`), with its counts and what it skipped. */
export async function replayWireClock(store: Store, incident: string, state: ReplayClockState, wallMs: number): Promise<ReplayClock> {
  const timeline = await loadTimeline(store, incident);
  const log = await store.listEvents(incident);
  const generations = state.rewinds?.length ?? 0;
  const delivered = countDelivered(timeline, log, generations);
  const wire = toWireClock(incident, state, wallMs, timeline.detail.timezone, { delivered, total: timeline.inputs.length });
  const skipped = skippedEntries(timeline, log, scenarioNow(state, wallMs), generations);
  return skipped.length === 0 ? wire : { ...wire, skipped };
}

/**
 * Delivers what the scenario clock has reached and says when the next entry falls due. Null when the incident is
 * not a replay.
 *
 * @example
 * const r = await advanceReplay({ store, notifier, clock }, incidentId);
 * if (r?.nextDelayMs != null) await jobs.add(replayAdvanceJob, { incident: incidentId }, { delayMs: r.nextDelayMs });
 */
export async function advanceReplay(deps: ReplayDeps, incident: string): Promise<AdvanceResult | null> {
  const { store, notifier } = deps;
  const clock = await store.getReplayClock(incident);
  if (!clock) return null;
  const timeline = await loadTimeline(store, incident);
  const { scenario } = timeline.detail;
  const nowMs = scenarioNow(clock, deps.clock.now());
  const inLog = new Set((await store.listEvents(incident)).map((e) => e.id));
  const generations = clock.rewinds?.length ?? 0;
  const created: StoredEvent[] = [];
  const refused: AdvanceResult["refused"] = [];
  let next: number | null = null;
  for (let i = 0; i < timeline.inputs.length; i++) {
    const entry = timeline.inputs[i];
    if (isIn(inLog, entry.id, generations)) continue;
    const input = { ...entry, id: timelineGenerationId(entry.id, generations) };
    if (timeline.atMs[i] > nowMs) {
      next = timeline.atMs[i];
      break;
    }
    try {
      const outcome = await store.appendEvent(incident, input, REPLAY_ACTOR, (log) => validateEvent(scenario, log, input, { nowMs }));
      inLog.add(input.id);
      if (outcome.kind === "created") {
        created.push(outcome.event);
        notifier.eventStored(outcome.event);
      }
    } catch (e) {
      // history contradicted by what the log already holds (a trainee's report): skip the entry, keep the replay going
      if (!(e instanceof LianxinError) || e.code !== ErrorCode.impossible) throw e;
      refused.push({ input, reason: e.message });
    }
  }
  // the clock may have changed while delivering (pause, speed, seek): the next wake-up follows the latest one
  const latest = (await store.getReplayClock(incident)) ?? clock;
  // a skipped entry changes no event: the boards learn of it with the clock
  if (refused.length > 0) notifier.clockChanged(await replayWireClock(store, incident, latest, deps.clock.now()));
  return {
    clock: latest,
    scenarioNowMs: nowMs,
    created,
    refused,
    delivered: timeline.inputs.filter((i) => isIn(inLog, i.id, generations)).length,
    total: timeline.inputs.length,
    nextDelayMs: next === null ? null : wallDelayUntil(latest, deps.clock.now(), next),
  };
}
