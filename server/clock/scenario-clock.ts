/**
 * An incident's "now" (#6): the scenario clock for a replay incident, the server's clock for a live one. Every
 * place that asks for an incident's present (default state instant, the future-report check, the planning instant,
 * the curve's end) asks here, so a replay looks live at its scenario time.
 */
import { scenarioNow } from "../../shared/replay-clock-math.ts";
import type { Clock } from "./clock.ts";
import type { Store } from "../store/store.ts";

// An incident is a replay from its creation (the clock is stored in the same transaction) or never: a live one is
// remembered so its reads cost no query. A replay's clock is read each time (another server may have changed it).
const liveIncidents = new WeakMap<object, Set<string>>();

/**
 * @example
 * const nowMs = (await replayNow(store, clock, incidentId)) ?? clock.now(); // scenario ms for a replay
 */
export async function replayNow(store: Pick<Store, "getReplayClock">, clock: Clock, incident: string): Promise<number | null> {
  return (await replayReading(store, clock, incident))?.nowMs ?? null;
}

/** A replay incident's scenario clock as read now (its instant and whether it is paused); null for a live incident. */
export async function replayReading(store: Pick<Store, "getReplayClock">, clock: Clock, incident: string): Promise<{ nowMs: number; paused: boolean } | null> {
  let live = liveIncidents.get(store);
  if (!live) liveIncidents.set(store, (live = new Set()));
  if (live.has(incident)) return null;
  const replay = await store.getReplayClock(incident);
  if (replay) return { nowMs: scenarioNow(replay, clock.now()), paused: replay.paused };
  live.add(incident);
  return null;
}
