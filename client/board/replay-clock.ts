/**
 * The board's copy of a replay incident's scenario clock. The server sends the clock anchored at the moment it reads
 * it (GET /api/incidents/:id/replay, socket `clock`), so the arrival of a clock also tells how far the browser's
 * clock is from the server's: `wallAt − local time at arrival` (short by the message's transit, milliseconds). In
 * between, the board reads the time with the same arithmetic as the server (shared/replay-clock-math.ts).
 */
import { scenarioNow, type ReplayClockState } from "../../shared/replay-clock-math.ts";
import type { ReplayClock } from "../../shared/wire.ts";

export interface ScenarioClock {
  /**
   * Takes a clock that arrived at local instant `localMs`; false (and ignored) when it is older than the one held:
   * a change reaches the board twice (the reply to its own request and the broadcast), in either order.
   */
  accept(clock: ReplayClock, localMs: number): boolean;
  /** the latest clock, null before the first */
  current(): ReplayClock | null;
  /** scenario ms at local instant `localMs`; null before the first clock */
  now(localMs: number): number | null;
}

/**
 * @example
 * const clock = createScenarioClock();
 * clock.accept(await api.replayClock(id), Date.now());
 * clock.now(Date.now()); // the scenario instant the server's clock reads now
 */
export function createScenarioClock(): ScenarioClock {
  let wire: ReplayClock | null = null;
  let state: ReplayClockState | null = null;
  let offsetMs = 0;
  return {
    accept(clock, localMs) {
      if (wire !== null && Date.parse(clock.wallAt) < Date.parse(wire.wallAt)) return false;
      wire = clock;
      state = toClockState(clock);
      offsetMs = state.anchorWallMs - localMs;
      return true;
    },
    current: () => wire,
    now(localMs) {
      if (state === null) return null;
      // a local clock that stepped back must not read earlier than the anchor the server sent
      return Math.max(Math.min(state.anchorScenarioMs, state.endsAtMs), scenarioNow(state, localMs + offsetMs));
    },
  };
}

/** The wire clock as the arithmetic's anchor. */
function toClockState(clock: ReplayClock): ReplayClockState {
  return {
    anchorScenarioMs: Date.parse(clock.scenarioAt),
    anchorWallMs: Date.parse(clock.wallAt),
    speed: clock.speed,
    paused: clock.paused,
    startsAtMs: Date.parse(clock.startsAt),
    endsAtMs: Date.parse(clock.endsAt),
  };
}
