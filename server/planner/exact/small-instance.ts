/**
 * A seeded family of small Instances built directly from a travel matrix (no road network): about 10 compounds
 * and 3 trucks, optionally with mixed truck sizes (partial supply) and a timed flood that slows trips departing
 * in a window. Used by the exactness tests of flowPlan, lowerBound and the planner's solveInstance.
 */
import type { Instance, InstanceCompound, InstanceResources, InstanceTruck } from "../instance.ts";

import { seededRandom } from "../../../shared/seeded-random.ts";

export interface SmallInstanceOptions {
  compounds?: number;
  trucks?: number;
  /** trucks of 200–1,800 kW against loads of 100–1,500 kW (else every truck carries every compound) */
  mixedSizes?: boolean;
  /** trips departing during a window cross a flood: three times slower to and from the flooded sites */
  floods?: boolean;
  /** give the first truck a fixed connection at compound 0 */
  fixed?: boolean;
  /** #17: cable crews at the depot side (x = 0); every truck needs one */
  crews?: number;
  /** #17: tanks lasting this many hours at full load (~1 L/h per 4 kW) */
  fuelHours?: number;
  /** #17: tankers of 400 L at a fuel depot (at x = 10) */
  tankers?: number;
  /** #17: truck 0 is a 1,800 kW MV truck; the first half of the compounds hang on one feeder (RMU at compound 0) */
  mv?: boolean;
}

export interface SmallInstance extends Instance {
  /** travel ignoring the flood (≤ travel at every departure, a metric): the bound's relaxation */
  travelIgnoringFloods(from: number, to: number): number;
}

/**
 * Builds seeded instance number `seed`.
 *
 * @example
 * const inst = buildSmallInstance(7, { mixedSizes: true, floods: true });
 * inst.compounds.length; // 10
 */
export function buildSmallInstance(seed: number, options: SmallInstanceOptions = {}): SmallInstance {
  const rand = seededRandom(seed * 7919 + 17);
  const C = options.compounds ?? 10;
  const K = options.trucks ?? 3;
  const between = (a: number, b: number): number => a + (b - a) * rand();
  const substationReturn = [between(5, 9), between(9, 14), between(14, 20), between(20, 30)];
  const xy: [number, number][] = [];
  const compounds: InstanceCompound[] = [];
  for (let j = 0; j < C; j++) {
    xy.push([between(0, 10), between(0, 10)]);
    const households = Math.round(between(200, 3000));
    const priority = rand() < 0.15 ? 3 : 1;
    const own = rand() < 0.2;
    compounds.push({
      id: `c${j}`, index: j, households, priority, weight: priority * households,
      loadKw: Math.round(households * between(0.3, 0.6)),
      outageStart: rand() < 0.8 ? 0 : between(0, 3),
      gridReturn: own ? between(4, 30) : substationReturn[Math.floor(rand() * 4)],
      setupHours: between(0.8, 1.6),
    });
  }
  const sizes = [200, 250, 400, 500, 1800];
  const trucks: InstanceTruck[] = [];
  for (let k = 0; k < K; k++) {
    xy.push([rand() < 0.5 ? 0 : 10, between(0, 10)]);
    trucks.push({
      id: `t${k}`, index: k, capacityKw: options.mixedSizes ? sizes[Math.floor(rand() * sizes.length)] : 2000,
      availableAt: rand() < 0.5 ? 0 : between(0, 6), fixed: [],
    });
  }
  if (options.fixed) trucks[0].fixed.push({ compound: 0, switchOn: between(0.5, 3) });
  // #17 (drawn after the rest, so the same seed keeps its compounds and trucks): sites after the trucks' starts
  const resources = options.crews !== undefined || options.fuelHours !== undefined || options.tankers !== undefined || options.mv ? smallResources(options, trucks, xy, between) : undefined;
  const base = (a: number, b: number): number => {
    if (a === b) return 0;
    const d = Math.hypot(xy[a][0] - xy[b][0], xy[a][1] - xy[b][1]);
    return 0.05 + d / 20; // 3-minute access plus 20 km/h through flood debris
  };
  const floodFrom = between(2, 6);
  const floodUntil = floodFrom + between(4, 10);
  const flooded = (s: number): boolean => xy[s][0] > 5 && xy[s][1] > 5;
  const travel = (a: number, b: number, departAt: number): number => {
    const t = base(a, b);
    if (!options.floods || departAt < floodFrom || departAt >= floodUntil) return t;
    return flooded(a) || flooded(b) ? 3 * t : t;
  };
  return {
    scenarioId: `small-${seed}`, epochMs: 0, horizon: 40, at: 0, compounds, trucks, travel,
    timeInvariant: !options.floods, travelIgnoringFloods: base,
    ...(resources ? { resources } : {}),
  };
}

/** #17: fuel depot, tankers and crews of a small instance; their sites appended to `xy`. */
function smallResources(options: SmallInstanceOptions, trucks: InstanceTruck[], xy: [number, number][], between: (a: number, b: number) => number): InstanceResources {
  const K = trucks.length;
  const C = xy.length - K;
  const depotSite = xy.length;
  xy.push([10, 5]);
  const tankers = Array.from({ length: options.tankers ?? 0 }, (_v, x) => ({ id: `k${x}`, site: depotSite, availableAt: between(0, 2), capacity: 400, pump: 1000 }));
  const crews = Array.from({ length: options.crews ?? 0 }, (_v, x) => {
    xy.push([0, between(0, 10)]);
    return { id: `w${x}`, site: xy.length - 1, availableAt: between(0, 2) };
  });
  const feeders: InstanceResources["feeders"] = [];
  if (options.mv) {
    trucks[0].capacityKw = 1800;
    xy.push([...xy[0]]);
    feeders.push({ id: "f-rmu", site: xy.length - 1, compounds: Array.from({ length: Math.ceil(C / 2) }, (_v, j) => j) });
  }
  return {
    fuel: trucks.map((t) => (options.fuelHours !== undefined ? { tank: (t.capacityKw / 4) * options.fuelHours, burnFull: t.capacityKw / 4 } : null)),
    needsCrew: Array.from({ length: K }, () => crews.length > 0),
    crews, tankers, fuelDepots: [{ id: "f0", site: depotSite }],
    mv: Array.from({ length: K }, (_v, k) => options.mv === true && k === 0),
    feederOf: Array.from({ length: C }, (_v, j) => (feeders.length > 0 && j < Math.ceil(C / 2) ? 0 : -1)), feeders,
  };
}
