/**
 * Routes → schedule and cost, by the contract's rules: a truck departs when free (not before its availability or
 * the planning instant), drives, sets up, switches on, and stays until the compound's grid returns (release).
 */
import type { Instance, ResourcePolicy, Routes } from "./instance.ts";
import { compoundOutageCost, supplyFraction, type Supply } from "./objective.ts";
import type { StopSchedule } from "./stop-schedule.ts";
import { scheduleCrewedStops, scheduleFuel, type CrewStop, type TankerRoute } from "./schedule-resources.ts";

export type { StopSchedule };

export interface TruckSupply extends Supply {
  truck: number;
}

export interface RouteSimulation {
  /** per truck: kept connections then planned stops */
  trucks: StopSchedule[][];
  /** per compound: the supplies it receives */
  supplies: TruckSupply[][];
  /** per compound: customer outage hours */
  compoundCost: number[];
  /** per compound: supplied fraction as a step function [{ t, fraction }], from its first switch-on */
  supplyCurve: { t: number; fraction: number }[][];
  /** Σ compoundCost */
  cost: number;
  /** #17 (instances with resources): each crew's stops, each tanker's visits and refills */
  crews?: CrewStop[][];
  tankers?: TankerRoute[];
}

/** Where and when a truck is first free to take a planned stop: after its kept connections. */
export function truckStart(inst: Instance, k: number): { site: number; free: number } {
  const t = inst.trucks[k];
  if (t.fixed.length === 0) return { site: inst.compounds.length + k, free: Math.max(t.availableAt, inst.at) };
  const last = t.fixed[t.fixed.length - 1];
  const release = Math.max(inst.compounds[last.compound].gridReturn, last.switchOn);
  return { site: last.compound, free: Math.max(t.availableAt, inst.at, release) };
}

/**
 * The timeline of truck k: its kept connections, then `route` in order.
 *
 * @example
 * scheduleRoute(inst, 0, [2, 0]); // [{ compound: 2, depart, arrive, switchOn, release, fixed: false }, ...]
 */
export function scheduleRoute(inst: Instance, k: number, route: readonly number[]): StopSchedule[] {
  const out: StopSchedule[] = [];
  for (const f of inst.trucks[k].fixed) {
    const c = inst.compounds[f.compound];
    const arrive = f.arrive ?? f.switchOn - c.setupHours;
    out.push({ compound: f.compound, depart: f.depart ?? arrive, arrive, switchOn: f.switchOn, release: Math.max(c.gridReturn, f.switchOn), fixed: true });
  }
  let { site, free } = truckStart(inst, k);
  for (const j of route) {
    const c = inst.compounds[j];
    const depart = free;
    const arrive = depart + inst.travel(site, j, depart);
    const switchOn = arrive + c.setupHours;
    const release = Math.max(c.gridReturn, switchOn);
    out.push({ compound: j, depart, arrive, switchOn, release, fixed: false });
    site = j;
    free = release;
  }
  return out;
}

/**
 * Simulates all trucks and returns each stop's times, each compound's supplies and outage cost, and the total.
 *
 * @example
 * simulateRoutes(inst, [[0, 2], []]).cost; // customer outage hours of that plan
 */
export function simulateRoutes(inst: Instance, routes: Routes, policy: ResourcePolicy = "planner"): RouteSimulation {
  if (inst.resources) return simulateWithResources(inst, routes, policy);
  const trucks = inst.trucks.map((_t, k) => scheduleRoute(inst, k, routes[k] ?? []));
  const supplies: TruckSupply[][] = inst.compounds.map(() => []);
  trucks.forEach((stops, k) => {
    for (const s of stops) {
      if (!Number.isFinite(s.switchOn)) continue;
      supplies[s.compound].push({ truck: k, switchOn: s.switchOn, fraction: supplyFraction(inst.trucks[k].capacityKw, inst.compounds[s.compound].loadKw) });
    }
  });
  return withCosts(inst, trucks, supplies);
}

function withCosts(inst: Instance, trucks: StopSchedule[][], supplies: TruckSupply[][]): RouteSimulation {
  const compoundCost = inst.compounds.map((c, i) => compoundOutageCost(c, supplies[i]));
  const supplyCurve = supplies.map(curveOf);
  return { trucks, supplies, compoundCost, supplyCurve, cost: compoundCost.reduce((a, b) => a + b, 0) };
}

/** The supplied fraction as a step function from the first switch-on (supplies that end step it down). */
function curveOf(list: readonly TruckSupply[]): { t: number; fraction: number }[] {
  if (list.every((s) => s.until === undefined)) {
    let f = 0;
    return [...list].sort((a, b) => a.switchOn - b.switchOn).map((s) => ({ t: s.switchOn, fraction: (f = Math.min(1, f + s.fraction)) }));
  }
  const steps = list.flatMap((s) => (s.until === undefined ? [[s.switchOn, s.fraction]] : [[s.switchOn, s.fraction], [s.until, -s.fraction]]) as [number, number][]);
  steps.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let level = 0;
  return steps.map(([t, df]) => ({ t, fraction: Math.min(1, Math.max(0, (level += df))) }));
}

/**
 * #17: kept connections as scheduleRoute times them, then the planned stops with crews (a stop no crew can set up
 * before its grid returns is dropped), then tankers; a stop supplies only while its truck has fuel.
 */
function simulateWithResources(inst: Instance, routes: Routes, policy: ResourcePolicy): RouteSimulation {
  const prefix = inst.trucks.map((_t, k) => scheduleRoute(inst, k, []));
  const starts = inst.trucks.map((_t, k) => truckStart(inst, k));
  const { trucks, crews } = scheduleCrewedStops(inst, routes, policy, prefix, starts);
  const fuel = scheduleFuel(inst, trucks, policy);
  const supplies: TruckSupply[][] = inst.compounds.map(() => []);
  trucks.forEach((stops, k) => {
    stops.forEach((s, i) => {
      if (!Number.isFinite(s.switchOn)) return;
      if (fuel.fuelOut[k][i] < Infinity) s.fuelOut = fuel.fuelOut[k][i];
      // an MV truck at an RMU supplies each compound of its set whole, its own first (partly when larger than it)
      for (const j of s.supplies ?? [s.compound]) {
        const fraction = supplyFraction(inst.trucks[k].capacityKw, inst.compounds[j].loadKw);
        // a stop dry throughout still names its truck (servedBy), with a supply of no length
        if (fuel.windows[k][i].length === 0) supplies[j].push({ truck: k, switchOn: s.switchOn, fraction, until: s.switchOn });
        // the feeder's other compounds lose the truck when it leaves (release: its own compound's grid return)
        const lasts = j === s.compound ? s.release : inst.compounds[j].gridReturn;
        for (const w of fuel.windows[k][i]) {
          const until = Math.min(w.until, s.release);
          supplies[j].push({ truck: k, switchOn: w.from, fraction, ...(until < lasts ? { until } : {}) });
        }
      }
    });
  });
  return { ...withCosts(inst, trucks, supplies), crews, tankers: fuel.tankers };
}
