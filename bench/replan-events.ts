/**
 * Re-planning after one event, as a commander would: freeze the previous plan at an instant `at` (trucks switched on
 * become `connections`, trucks on their way become `enRoute`), apply the event to the scenario, and hand the rest
 * of the previous plan to the planner as a warm start.
 */
import type { Plan } from "../shared/plan.ts";
import type { Scenario } from "../shared/scenario.ts";

export type EventKind = "road-closes" | "truck-breaks-down" | "substation-moves" | "new-compound";
export const EVENT_KINDS: EventKind[] = ["road-closes", "truck-breaks-down", "substation-moves", "new-compound"];

export interface FrozenPlan {
  scenario: Scenario;
  /** future stops by truck id (compound ids), not yet departed at `at` */
  future: Map<string, string[]>;
}

const ms = (iso: string): number => Date.parse(iso);

/** The scenario as it stands at `atMs` under `plan`: connections and trips under way are kept. */
export function freezePlan(scenario: Scenario, plan: Plan, atMs: number): FrozenPlan {
  const connections = [...(scenario.connections ?? [])];
  const enRoute = [...(scenario.enRoute ?? [])];
  const kept = new Set(connections.map((c) => `${c.truck}|${c.compound}`));
  const future = new Map<string, string[]>();
  for (const t of plan.trucks) {
    const rest: string[] = [];
    for (const s of t.stops) {
      if (kept.has(`${t.id}|${s.compound}`)) continue;
      if (ms(s.switchOn) <= atMs) connections.push({ truck: t.id, compound: s.compound, switchOn: s.switchOn });
      // The planned arrival goes with it: the contract's fallback (departure + travel from the truck's own start
      // location) is wrong for a truck driving on from its previous compound.
      else if (ms(s.depart) <= atMs) enRoute.push({ truck: t.id, compound: s.compound, departedAt: s.depart, arrivedAt: s.arrive });
      else rest.push(s.compound);
    }
    future.set(t.id, rest);
  }
  return { scenario: { ...scenario, connections, enRoute }, future };
}

/** Busy trucks at `at` (connected and not yet released, or en route) cannot break down in our events. */
function busyTrucks(frozen: FrozenPlan, plan: Plan, atMs: number): Set<string> {
  const busy = new Set((frozen.scenario.enRoute ?? []).map((e) => e.truck));
  for (const t of plan.trucks) for (const s of t.stops) if (ms(s.switchOn) <= atMs && ms(s.release) > atMs) busy.add(t.id);
  return busy;
}

/**
 * Applies one event (deterministic for `pick`, a number in [0, 1)); returns the new scenario and a description.
 *
 * @example
 * applyEvent(frozen, plan, at, "substation-moves", 0.3).scenario;
 */
export function applyEvent(frozen: FrozenPlan, plan: Plan, atMs: number, kind: EventKind, pick: number): { scenario: Scenario; what: string } {
  const s = frozen.scenario;
  const choose = <T>(xs: T[]): T => xs[Math.min(xs.length - 1, Math.floor(pick * xs.length))];
  const iso = (t: number): string => new Date(t + 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "+08:00");
  switch (kind) {
    case "road-closes": {
      // A permanent closure around one intersection on a planned route: a small disc over a road vertex.
      const feature = choose(s.roads.features);
      const coords = feature.geometry.type === "LineString" ? feature.geometry.coordinates : feature.geometry.coordinates[0];
      const [lon, lat] = coords[Math.floor(coords.length / 2)];
      const r = 0.0004;
      const ring = Array.from({ length: 9 }, (_, i) => [lon + r * Math.cos((i * Math.PI) / 4), lat + r * Math.sin((i * Math.PI) / 4)]);
      ring[8] = ring[0];
      const zone = { type: "Feature" as const, properties: { id: "closure-1", name: "Road closed" }, geometry: { type: "Polygon" as const, coordinates: [ring] } };
      return { scenario: { ...s, floodZones: { type: "FeatureCollection", features: [...(s.floodZones?.features ?? []), zone] } }, what: `road ${feature.properties?.id ?? "?"} closed` };
    }
    case "truck-breaks-down": {
      const busy = busyTrucks(frozen, plan, atMs);
      const fixed = new Set([...(s.connections ?? []), ...(s.enRoute ?? [])].map((c) => c.truck));
      const candidates = s.trucks.filter((t) => !busy.has(t.id) && !fixed.has(t.id) && (frozen.future.get(t.id)?.length ?? 0) > 0);
      const broken = choose(candidates.length > 0 ? candidates : s.trucks.filter((t) => !fixed.has(t.id)));
      return { scenario: { ...s, trucks: s.trucks.filter((t) => t.id !== broken.id) }, what: `truck ${broken.id} broke down` };
    }
    case "substation-moves": {
      const later = s.substations.filter((x) => x.restoredAt !== null && ms(x.restoredAt) > atMs + 3_600_000);
      const sub = choose(later.length > 0 ? later : s.substations);
      const when = sub.restoredAt === null ? ms(s.horizonEnd) - 12 * 3_600_000 : ms(sub.restoredAt) + 6 * 3_600_000;
      const substations = s.substations.map((x) => (x.id === sub.id ? { ...x, restoredAt: iso(Math.min(when, ms(s.horizonEnd))) } : x));
      return { scenario: { ...s, substations }, what: `substation ${sub.id} back 6 h later` };
    }
    case "new-compound": {
      const near = choose(s.compounds);
      const compound = {
        ...near, id: "c-new", name: "Newly reported compound", households: 1500, loadKw: 700, priority: 1, kind: "residential",
        location: [near.location[0] + 0.002, near.location[1] + 0.001] as [number, number], outageStart: iso(atMs - 2 * 3_600_000),
      };
      delete (compound as { gridRestoredAt?: string | null }).gridRestoredAt;
      return { scenario: { ...s, compounds: [...s.compounds, compound] }, what: "new compound reported" };
    }
  }
}

/**
 * Assignments changed by a re-plan: compounds whose set of trucks planned after `at` differs between the warm start
 * (the previous plan's future) and the new plan's stops departing after `at`.
 */
export function countChangedAssignments(previous: Map<string, string[]>, plan: Plan, atMs: number, fixed: Scenario): number {
  const kept = new Set([...(fixed.connections ?? []), ...(fixed.enRoute ?? [])].map((c) => `${c.truck}|${c.compound}`));
  const before = new Map<string, Set<string>>();
  for (const [truck, stops] of previous) for (const c of stops) (before.get(c) ?? before.set(c, new Set()).get(c)!).add(truck);
  const after = new Map<string, Set<string>>();
  for (const t of plan.trucks) {
    for (const s of t.stops) {
      if (kept.has(`${t.id}|${s.compound}`) || ms(s.depart) < atMs) continue;
      (after.get(s.compound) ?? after.set(s.compound, new Set()).get(s.compound)!).add(t.id);
    }
  }
  let changed = 0;
  for (const c of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(c) ?? new Set();
    const b = after.get(c) ?? new Set();
    if (a.size !== b.size || [...a].some((x) => !b.has(x))) changed++;
  }
  return changed;
}
