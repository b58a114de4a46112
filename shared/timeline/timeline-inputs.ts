/**
 * A scenario's timeline (`scenario.events`) as what a replay sends to the event log: entries in delivery order, each
 * an EventInput with a deterministic id, without the `source` / `assumed` bookkeeping.
 */
import type { EventInput } from "../events.ts";
import type { Scenario, TimelineEvent } from "../scenario.ts";
import { timelineEventId } from "./timeline-event-id.ts";

/**
 * Indices of `events` in delivery order: by time (`at`), ties in the order they are written. Entries whose `at`
 * does not parse sort last (a valid scenario has none).
 *
 * @example
 * deliveryOrder([{ at: "2021-07-21T10:00:00+08:00" }, { at: "2021-07-21T09:00:00+08:00" }]); // [1, 0]
 */
export function deliveryOrder(events: readonly Pick<TimelineEvent, "at">[]): number[] {
  const ms = events.map((e) => {
    const t = typeof e.at === "string" ? Date.parse(e.at) : NaN;
    return Number.isNaN(t) ? Infinity : t;
  });
  return events.map((_, i) => i).sort((a, b) => ms[a] - ms[b] || a - b);
}

/** One timeline entry as an event-log input (only the fields it carries; `source` and `assumed` dropped). */
export function timelineInput(entry: TimelineEvent, id: string): EventInput {
  const out: EventInput = { id, type: entry.type, at: entry.at };
  if (entry.truck !== undefined) out.truck = entry.truck;
  if (entry.compound !== undefined) out.compound = entry.compound;
  if (entry.substation !== undefined) out.substation = entry.substation;
  if (entry.note !== undefined) out.note = entry.note;
  if (entry.zone !== undefined) out.zone = entry.zone;
  if (entry.details !== undefined) out.details = entry.details;
  return out;
}

/**
 * What a replay of `scenario` into incident `incidentId` sends, in delivery order. Pure and deterministic: the same
 * scenario and incident give the same inputs with the same ids (timelineEventId of each entry's own index).
 *
 * @example
 * for (const input of timelineInputs(scenario, incident.id)) await service.reportEvent(hq, incident.id, input);
 */
export function timelineInputs(scenario: Pick<Scenario, "events">, incidentId: string): EventInput[] {
  const events = scenario.events ?? [];
  return deliveryOrder(events).map((i) => timelineInput(events[i], timelineEventId(incidentId, i)));
}

/**
 * The scenario without its timeline: what the planner and buildCurrentScenario work on (the history is not a
 * forecast the planner may use; a replay delivers it through the event log instead).
 *
 * @example
 * planDispatch(withoutTimeline(scenario), { seed: 1 });
 */
export function withoutTimeline(scenario: Scenario): Scenario {
  if (scenario.events === undefined) return scenario;
  const { events: _timeline, ...rest } = scenario;
  return rest;
}
