/**
 * A replay incident's scenario clock (#6), as plain arithmetic on an anchor: at wall instant `anchorWallMs` the
 * scenario read `anchorScenarioMs`, and since then it ran at `speed` scenario ms per wall ms (unless paused), never
 * past `endsAtMs`. Every change re-anchors at the scenario time it reads when the change is made, so pausing,
 * resuming and changing speed never make the clock jump; only a seek moves it, and a seek stays within
 * [startsAtMs, endsAtMs].
 *
 * Pure: the server, the replay job and the board all read the same clock from the same anchor.
 *
 * @example
 * const c = startReplayClock({ startsAtMs: 0, endsAtMs: 3_600_000, fromMs: 0, speed: 60, paused: false, wallMs: 1000 });
 * scenarioNow(c, 1000 + 30_000); // 1_800_000: 30 s of wall time at ×60 is 30 min of scenario time
 */
import { isoInZone } from "./format-time.ts";
import type { ReplayClock } from "./wire.ts";

export const MIN_REPLAY_SPEED = 1;
export const MAX_REPLAY_SPEED = 10_000;

export interface ReplayClockState {
  /** scenario ms since Unix epoch at the anchor */
  anchorScenarioMs: number;
  /** wall ms since Unix epoch at the anchor */
  anchorWallMs: number;
  /** scenario ms per wall ms */
  speed: number;
  paused: boolean;
  /** the timeline's first and last instants: seeks stay within them and the clock stops at the end */
  startsAtMs: number;
  endsAtMs: number;
  /** #16: the jumps back made so far, oldest first (absent: none) */
  rewinds?: Rewind[];
}

/**
 * A jump back (#16): what was stored up to `seq` with a field time after `toMs` no longer happened; the timeline's
 * entries among it are delivered again as the clock passes them, under new ids (timelineGenerationId).
 */
export interface Rewind {
  toMs: number;
  seq: number;
}

/**
 * The log as it stands after the rewinds: an event is gone when a later rewind (one made after it was stored, so
 * with seq ≥ its own) went back before its field time. Pure; the log's own order is kept.
 *
 * @example
 * visibleLog(log, [{ toMs: Date.parse("2021-07-20T19:30:00+08:00"), seq: 4 }]); // seqs 1…4 after 19:30 dropped, 5… kept
 */
export function visibleLog<E extends { seq: number; at: string }>(log: readonly E[], rewinds: readonly Rewind[] | undefined): E[] {
  if (!rewinds?.length) return log as E[];
  return log.filter((e) => {
    const atMs = Date.parse(e.at);
    return !rewinds.some((r) => e.seq <= r.seq && atMs > r.toMs);
  });
}

export interface ReplayClockChange {
  paused?: boolean;
  speed?: number;
  /** seek to this scenario instant (clamped to [startsAtMs, endsAtMs]) */
  atMs?: number;
}

/** A clock reading `fromMs` (clamped to the timeline) at `wallMs`. */
export function startReplayClock(start: {
  startsAtMs: number; endsAtMs: number; fromMs: number; speed: number; paused: boolean; wallMs: number;
}): ReplayClockState {
  const endsAtMs = Math.max(start.startsAtMs, start.endsAtMs);
  return {
    anchorScenarioMs: clamp(start.fromMs, start.startsAtMs, endsAtMs),
    anchorWallMs: start.wallMs,
    speed: start.speed,
    paused: start.paused,
    startsAtMs: start.startsAtMs,
    endsAtMs,
  };
}

/** The scenario instant the clock reads at wall instant `wallMs`. */
export function scenarioNow(clock: ReplayClockState, wallMs: number): number {
  if (clock.paused) return Math.min(clock.anchorScenarioMs, clock.endsAtMs);
  return Math.min(clock.anchorScenarioMs + Math.round((wallMs - clock.anchorWallMs) * clock.speed), clock.endsAtMs);
}

/**
 * Re-anchors at the scenario time read at `wallMs`, applies pause and speed, then seeks to `atMs` if given. A seek
 * back (before the time read) is a rewind when `lastSeq` (the log's last seq then) is given: it is recorded, so what
 * was stored after the new time no longer counts (visibleLog).
 */
export function changeReplayClock(clock: ReplayClockState, wallMs: number, change: ReplayClockChange, lastSeq?: number): ReplayClockState {
  const now = scenarioNow(clock, wallMs);
  const to = change.atMs === undefined ? now : clamp(change.atMs, clock.startsAtMs, clock.endsAtMs);
  const rewound = lastSeq !== undefined && to < now ? { rewinds: [...(clock.rewinds ?? []), { toMs: to, seq: lastSeq }] } : {};
  return {
    ...clock,
    anchorScenarioMs: to,
    anchorWallMs: wallMs,
    paused: change.paused ?? clock.paused,
    speed: change.speed ?? clock.speed,
    ...rewound,
  };
}

/** True when `atMs` lies within the timeline's span: a seek outside it is refused (#16), not clamped. */
export function withinReplay(clock: ReplayClockState, atMs: number): boolean {
  return atMs >= clock.startsAtMs && atMs <= clock.endsAtMs;
}

/** True once the clock has reached the end of the timeline: nothing is left to deliver. */
export function replayFinished(clock: ReplayClockState, wallMs: number): boolean {
  return scenarioNow(clock, wallMs) >= clock.endsAtMs;
}

/**
 * Wall ms from `wallMs` until the clock reads `targetMs`, rounded up so the clock has surely reached it then;
 * null when it never will (paused, or the target lies past the end).
 *
 * @example
 * wallDelayUntil(runningAtX10, now, scenarioNow(runningAtX10, now) + 60_000); // 6000: a scenario minute at ×10
 */
export function wallDelayUntil(clock: ReplayClockState, wallMs: number, targetMs: number): number | null {
  if (clock.paused || targetMs > clock.endsAtMs) return null;
  const ahead = targetMs - scenarioNow(clock, wallMs);
  return ahead <= 0 ? 0 : Math.ceil(ahead / clock.speed);
}

/** The wire form (GET /api/incidents/:id/replay, socket `clock`), anchored at `wallMs` so every reader agrees. */
export function toWireClock(
  incident: string, clock: ReplayClockState, wallMs: number, zone: string, counts: { delivered: number; total: number },
): ReplayClock {
  const at = changeReplayClock(clock, wallMs, {});
  return {
    incident,
    paused: at.paused,
    speed: at.speed,
    scenarioAt: isoInZone(at.anchorScenarioMs, zone),
    wallAt: new Date(at.anchorWallMs).toISOString(),
    startsAt: isoInZone(at.startsAtMs, zone),
    endsAt: isoInZone(at.endsAtMs, zone),
    delivered: counts.delivered,
    total: counts.total,
    ...(clock.rewinds?.length ? { rewinds: clock.rewinds.length } : {}),
  };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}
