/**
 * The scenario as it stands at an instant, for re-planning: trucks where the log says they are, connections kept,
 * trucks on their way kept going, broken trucks out, reported road closures as flood zones, reported grid returns
 * and newly reported compounds in.
 */
import type { StoredEvent } from "../events.ts";
import type { Plan } from "../plan.ts";
import type { Compound, Connection, EnRoute, Scenario, Truck } from "../scenario.ts";
import { iso } from "./derive-state.ts";
import { closuresAsFloodZones, roadClosures } from "./road-closures.ts";
import { withoutTimeline } from "../timeline/timeline-inputs.ts";
import { toMillilitre, truckFuelLevels } from "./truck-fuel.ts";
import { compoundsOf, eventsUpTo, gridTimes, replayTrucks, settle, toMs, type GridTimeOf, type TruckPhase } from "./timeline.ts";

export interface CurrentScenarioOptions {
  /**
   * #17: give every fuelled truck first free by `atMs` its `fuelLevel` at `atMs`, estimated from the log and this
   * plan (the incident's latest: the levels it started from and its tanker stops passed, truck-fuel.ts), as the
   * board shows them; null: from the log alone (no tanker has come). Absent: no level (the tank full when first free).
   */
  fuelFrom?: Plan | null;
}

/**
 * Does not mutate its inputs. Events after `atMs` are ignored.
 *
 * @example
 * const current = buildCurrentScenario(incident.scenario, await store.listEvents(id), clock.now(), { fuelFrom: latest?.plan ?? null });
 * const plan = await jobs.plan({ scenario: current, options: { at: clock.now() } });
 */
export function buildCurrentScenario(scenario: Scenario, events: readonly StoredEvent[], atMs: number, options: CurrentScenarioOptions = {}): Scenario {
  const known = eventsUpTo(events, atMs);
  const allCompounds = compoundsOf(scenario, known);
  const gridAt = gridTimes(scenario, allCompounds, known);
  const zone = scenario.timezone;
  const compounds = allCompounds.map((c) => withReportedGrid(c, gridAt, atMs, zone));
  const byId = new Map(compounds.map((c) => [c.id, c]));
  const { phases } = replayTrucks(scenario, known, gridAt, atMs);

  const trucks: Truck[] = [];
  const connections: Connection[] = [];
  const enRoute: EnRoute[] = [];
  for (const t of scenario.trucks) {
    const raw = phases.get(t.id);
    if (!raw) {
      trucks.push(t);
      continue;
    }
    const p = settle(raw, atMs, gridAt);
    if (p.status === "broken") continue;
    trucks.push(placeTruck(t, p, byId, zone));
    if (p.status === "connected") connections.push({ truck: t.id, compound: p.compound!, switchOn: iso(p.switchOnMs!, zone) });
    if (p.status === "en-route" || p.status === "setting-up") {
      const r: EnRoute = { truck: t.id, compound: p.compound!, departedAt: iso(p.departedMs ?? atMs, zone) };
      if (p.arrivedMs !== undefined) r.arrivedAt = iso(p.arrivedMs, zone);
      enRoute.push(r);
    }
  }

  const substations = scenario.substations.map((s) => {
    const reported = known.filter((e) => e.type === "substation.restored" && e.substation === s.id).map((e) => toMs(e.at));
    if (reported.length === 0) return s;
    const t = Math.min(...reported, s.restoredAt ? toMs(s.restoredAt) : Infinity);
    return { ...s, restoredAt: iso(t, zone) };
  });

  // the timeline (scenario.events) is history a replay delivers through the log, not planner input: leave it out
  const out: Scenario = { ...withoutTimeline(scenario), compounds, trucks: options.fuelFrom === undefined ? trucks : withFuelLevels(scenario, trucks, events, options.fuelFrom, atMs), substations, connections, enRoute };
  const closures = roadClosures(scenario, known);
  if (closures.length > 0) out.floodZones = closuresAsFloodZones(closures, scenario);
  return out;
}

/** The trucks with their tank's level at `atMs` (those first free by then), as the board estimates it. */
function withFuelLevels(scenario: Scenario, trucks: Truck[], events: readonly StoredEvent[], plan: Plan | null, atMs: number): Truck[] {
  const levels = new Map(truckFuelLevels(scenario, events, plan, atMs).map((f) => [f.truck, f.litres]));
  if (levels.size === 0) return trucks;
  const at = iso(atMs, scenario.timezone);
  return trucks.map((t) => {
    const litres = levels.get(t.id);
    return litres === undefined || toMs(t.availableAt) > atMs ? t : { ...t, fuelLevel: { at, litres: toMillilitre(litres) } };
  });
}

function withReportedGrid(c: Compound, gridAt: GridTimeOf, atMs: number, zone: string): Compound {
  const planned = gridAt(c.id, -Infinity);
  const now = gridAt(c.id, atMs);
  return now < planned ? { ...c, gridRestoredAt: iso(now, zone) } : c;
}

/** A truck that has moved is where its last step left it: at the compound it serves, serves or left from. */
function placeTruck(t: Truck, p: TruckPhase, compounds: Map<string, Compound>, zone: string): Truck {
  const at = p.status === "free" ? p.compound : p.status === "connected" ? p.compound : p.fromCompound;
  const site = at === undefined ? undefined : compounds.get(at);
  const placed: Truck = { ...t };
  if (site) {
    placed.location = [...site.location];
    delete placed.depot;
  }
  if (p.status === "free" && p.sinceMs !== undefined && p.sinceMs > toMs(t.availableAt)) placed.availableAt = iso(p.sinceMs, zone);
  return placed;
}
