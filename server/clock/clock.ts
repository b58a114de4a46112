/** Wall-clock time, injected so tests and replays can run at any speed. */
export interface Clock {
  /** ms since Unix epoch */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to: for tests and scenario replay. */
export function fakeClock(startMs: number): Clock & { advance(ms: number): void; set(ms: number): void } {
  let t = startMs;
  return {
    now: () => t,
    advance(ms: number) { t += ms; },
    set(ms: number) { t = ms; },
  };
}
