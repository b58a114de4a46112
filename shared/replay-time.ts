/**
 * Reading a replay's scenario clock (shared/wire.ts `ReplayClock`) at any wall instant: the server sends an anchor
 * only when the clock changes, and every reader (board, server, tests) computes the time in between the same way.
 */
import type { ReplayClock } from "./wire.ts";

export type ReplayAnchorFields = Pick<ReplayClock, "paused" | "speed" | "scenarioAt" | "wallAt" | "endsAt">;

/**
 * Scenario time (ms since the epoch) at server wall instant `wallMs`: `scenarioAt` while paused, otherwise
 * `scenarioAt + (wallMs − wallAt) × speed`; never after `endsAt`, and never before `scenarioAt` (a reader whose
 * clock runs slightly behind the server's must not see time run backwards past a seek).
 *
 * @example
 * // running at 60×: 30 wall seconds after the anchor, the scenario is 30 minutes on
 * scenarioTimeAt({ paused: false, speed: 60, scenarioAt: "2021-07-22T14:00:00+08:00",
 *   wallAt: "2026-11-28T21:00:00Z", endsAt: "2021-07-28T00:00:00+08:00" }, Date.parse("2026-11-28T21:00:30Z"));
 * // → Date.parse("2021-07-22T14:30:00+08:00")
 */
export function scenarioTimeAt(clock: ReplayAnchorFields, wallMs: number): number {
  const anchor = Date.parse(clock.scenarioAt);
  const end = Date.parse(clock.endsAt);
  const elapsed = clock.paused ? 0 : Math.max(0, wallMs - Date.parse(clock.wallAt)) * clock.speed;
  return Math.min(anchor + elapsed, Math.max(anchor, end));
}

/**
 * Whether clock `next` may replace `current`: an anchor set no earlier than the current one. Clocks reach a board by
 * two paths (the reply to its own request and the socket broadcast), so an older one can arrive last.
 */
export function isNewerClock(current: ReplayAnchorFields | null, next: ReplayAnchorFields): boolean {
  return current === null || Date.parse(next.wallAt) >= Date.parse(current.wallAt);
}
