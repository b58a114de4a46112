/**
 * A server-wide shifted clock (LIANXIN_REPLAY_FROM): the server's clock reads `from` at wall time `wallAt` and runs
 * at 1× after that. Replays of past incidents no longer need it: each replay incident has its own scenario clock
 * (server/clock/scenario-clock.ts, #6), and the first-run demo is one. This remains for LIANXIN_REPLAY_FROM=<ISO> and for data
 * directories whose `replay.json` an earlier version wrote.
 *
 * Why the anchor is kept in the data directory: a restarted replay must continue where it was, otherwise reports
 * stored a minute ago would suddenly lie in the future and outage clocks would jump back.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Clock } from "./clock.ts";

export interface ReplayAnchor {
  /** ms since Unix epoch: what the clock read at wallAt */
  from: number;
  /** ms since Unix epoch: the wall time of the anchor */
  wallAt: number;
}

/** A clock whose offset from `base` can be set once the replay is known (after the store has been opened). */
export interface ShiftableClock extends Clock {
  anchor(anchor: ReplayAnchor | null): void;
  replaying(): ReplayAnchor | null;
}

/**
 * @example
 * const clock = shiftableClock(systemClock);
 * clock.anchor({ from: Date.parse("2021-07-22T14:00:00+08:00"), wallAt: systemClock.now() });
 */
export function shiftableClock(base: Clock): ShiftableClock {
  let current: ReplayAnchor | null = null;
  let offset = 0;
  return {
    now: () => base.now() + offset,
    anchor(anchor) {
      current = anchor;
      offset = anchor === null ? 0 : anchor.from - anchor.wallAt;
    },
    replaying: () => current,
  };
}

const FILE = "replay.json";

export async function readReplayAnchor(dataDir: string): Promise<ReplayAnchor | null> {
  const text = await readFile(path.join(dataDir, FILE), "utf8").catch(() => null);
  if (text === null) return null;
  const parsed = JSON.parse(text) as Partial<ReplayAnchor>;
  return typeof parsed.from === "number" && typeof parsed.wallAt === "number" ? { from: parsed.from, wallAt: parsed.wallAt } : null;
}
