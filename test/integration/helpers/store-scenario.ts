/** A tiny scenario for store tests: one substation, two compounds, one depot, two trucks, one road. */
import type { EventInput } from "../../../shared/events.ts";
import type { Plan } from "../../../shared/plan.ts";
import type { Scenario } from "../../../shared/scenario.ts";
import type { Actor } from "../../../server/store/store.ts";

export const commander: Actor = { id: "tok-commander", name: "Commander Li", role: "commander" };
export const crew: Actor = { id: "tok-crew", name: "Crew Wang", role: "crew" };

export function tinyScenario(id = "tiny"): Scenario {
  return {
    id,
    name: "Tiny flood",
    timezone: "Asia/Shanghai",
    horizonEnd: "2021-07-27T00:00:00+08:00",
    roads: {
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: { id: "r1", speedKmh: 30 }, geometry: { type: "LineString", coordinates: [[113.6, 34.7], [113.7, 34.75]] } }],
    },
    floodZones: { type: "FeatureCollection", features: [] },
    substations: [{ id: "S1", name: "North 110 kV", location: [113.65, 34.72], voltageKv: 110, restoredAt: "2021-07-26T18:00:00+08:00" }],
    compounds: [
      { id: "C1", name: "Lotus Garden", location: [113.61, 34.71], households: 1200, loadKw: 400, substation: "S1", outageStart: "2021-07-20T18:00:00+08:00" },
      { id: "C2", name: "Hospital No. 3", location: [113.69, 34.74], households: 1, loadKw: 600, substation: "S1", outageStart: "2021-07-20T18:00:00+08:00", priority: 50, kind: "hospital" },
    ],
    depots: [{ id: "D1", name: "East depot", location: [113.7, 34.75] }],
    trucks: [
      { id: "T1", name: "Henan 1", capacityKw: 500, depot: "D1", availableAt: "2021-07-25T20:00:00+08:00" },
      { id: "T2", name: "Hubei 7", capacityKw: 800, location: [113.6, 34.7], availableAt: "2021-07-25T21:00:00+08:00", origin: "Hubei" },
    ],
  };
}

/** A well-formed report; `n` makes distinct ids that sort in order (e1…, not UUIDs, to keep failures readable). */
export function report(n: number, overrides: Partial<EventInput> = {}): EventInput {
  return { id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, type: "truck.dispatched", at: "2021-07-25T20:30:00+08:00", truck: "T1", compound: "C1", ...overrides };
}

export function tinyPlan(customerOutageHours: number): Plan {
  return {
    scenario: "tiny",
    customerOutageHours,
    baselineCustomerOutageHours: customerOutageHours + 100,
    lowerBound: customerOutageHours - 10,
    trucks: [{ id: "T1", stops: [{ compound: "C2", depart: "2021-07-25T20:00:00+08:00", arrive: "2021-07-25T20:20:00+08:00", switchOn: "2021-07-25T21:20:00+08:00", release: "2021-07-26T18:00:00+08:00" }] }],
    compounds: [{ id: "C2", poweredAt: "2021-07-25T21:20:00+08:00", outageHours: 123.33, servedBy: ["T1"] }],
    unserved: [{ compound: "C1", reason: "trucks-better-used-elsewhere" }],
  };
}
