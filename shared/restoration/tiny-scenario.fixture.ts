/**
 * A two-compound, two-truck scenario for the restoration tests (times in +08:00, the incident's zone).
 * A: 100 households, 200 kW, substation S2 (return unknown). B: 50 households, 100 kW, S1 back 21 Jul 12:00.
 * T1: 100 kW, available from the start. T2: 300 kW, arrives 21 Jul 00:00. Outages start 20 Jul 00:00.
 */
import type { EventInput, StoredEvent } from "../events.ts";
import type { Scenario } from "../scenario.ts";

export function tinyScenario(): Scenario {
  return {
    id: "tiny",
    name: "Tiny",
    timezone: "Asia/Shanghai",
    horizonEnd: "2021-07-26T00:00:00+08:00",
    roads: {
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: [[113.6, 34.7], [113.7, 34.7]] } }],
    },
    substations: [
      { id: "S1", name: "S1", location: [113.6, 34.7], voltageKv: 110, restoredAt: "2021-07-21T12:00:00+08:00" },
      { id: "S2", name: "S2", location: [113.7, 34.7], voltageKv: 110, restoredAt: null },
    ],
    compounds: [
      { id: "A", name: "A", location: [113.61, 34.7], households: 100, loadKw: 200, substation: "S2", outageStart: "2021-07-20T00:00:00+08:00" },
      { id: "B", name: "B", location: [113.69, 34.7], households: 50, loadKw: 100, substation: "S1", outageStart: "2021-07-20T00:00:00+08:00" },
    ],
    depots: [{ id: "D", name: "Depot", location: [113.6, 34.7] }],
    trucks: [
      { id: "T1", name: "T1", capacityKw: 100, depot: "D", availableAt: "2021-07-20T00:00:00+08:00" },
      { id: "T2", name: "T2", capacityKw: 300, location: [113.6, 34.7], availableAt: "2021-07-21T00:00:00+08:00" },
    ],
  };
}

/** "20T02:00" → "2021-07-20T02:00:00+08:00" */
export function t(dayHour: string): string {
  return `2021-07-${dayHour}:00+08:00`;
}

export function ms(dayHour: string): number {
  return Date.parse(t(dayHour));
}

let counter = 0;
/** A stored event with the next seq; ids are deterministic so tests never depend on randomness. */
export function stored(log: StoredEvent[], e: Omit<EventInput, "id" | "at"> & { at: string }): StoredEvent {
  counter++;
  const event: StoredEvent = {
    ...e,
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    at: t(e.at),
    incident: "tiny",
    seq: log.length + 1,
    receivedAt: "2021-07-20T00:00:00.000Z",
    by: "test",
  } as StoredEvent;
  log.push(event);
  return event;
}

export function input(e: Omit<EventInput, "id" | "at"> & { at: string }): EventInput {
  counter++;
  return { ...e, id: `00000000-0000-4000-9000-${String(counter).padStart(12, "0")}`, at: t(e.at) } as EventInput;
}

/**
 * The tiny scenario with a tank on T2 (300 kW): 600 L, 60 L/h at full load; at A (200 kW) it runs at 2/3 of its
 * capacity: 60 × 2/3 = 40 L/h (#17).
 */
export function fuelledTinyScenario(): Scenario {
  const s = tinyScenario();
  Object.assign(s.trucks[1], { fuelLitres: 600, fuelLitresPerHourAtFull: 60 });
  return s;
}

/** T2 dispatched to A at 21 Jul 00:00, arrived 01:00, switched on 02:00. */
export function t2SwitchedOnAtA(): StoredEvent[] {
  const log: StoredEvent[] = [];
  stored(log, { type: "truck.dispatched", at: "21T00:00", truck: "T2", compound: "A" });
  stored(log, { type: "truck.arrived", at: "21T01:00", truck: "T2", compound: "A" });
  stored(log, { type: "switched.on", at: "21T02:00", truck: "T2", compound: "A" });
  return log;
}
