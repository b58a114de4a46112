/**
 * The numeric planning instance: what the heuristics, the exact flow and the bounds work on.
 * Built once from a Scenario (build-instance.ts); times are hours since `epochMs`.
 *
 * Sites: compound i is site i (0 ≤ i < C); truck k starts at site C + k.
 */
export interface InstanceCompound {
  id: string;
  index: number;
  /** priority × households: customer-hours lost per hour of full outage */
  weight: number;
  households: number;
  priority: number;
  loadKw: number;
  /** hours since epoch */
  outageStart: number;
  /** hours since epoch when the grid returns (horizon when unknown) */
  gridReturn: number;
  /** on-site hours from arrival to switch-on */
  setupHours: number;
}

export interface FixedConnection {
  compound: number;
  /** hours since epoch (may be in the future: a committed trip) */
  switchOn: number;
  /** optional: known departure / arrival hours of a truck still en route (scenario.enRoute) */
  depart?: number;
  arrive?: number;
}

export interface InstanceTruck {
  id: string;
  index: number;
  capacityKw: number;
  /** hours since epoch: no departure before this (max of availableAt and the planning instant) */
  availableAt: number;
  /** connections kept from the scenario, in time order; the truck is free after the last one's release */
  fixed: FixedConnection[];
}

export interface Instance {
  scenarioId: string;
  /** ms since Unix epoch of hour 0 */
  epochMs: number;
  /** hours since epoch of scenario.horizonEnd */
  horizon: number;
  /** the planning instant (`--at`), hours since epoch: no departure before it */
  at: number;
  compounds: InstanceCompound[];
  trucks: InstanceTruck[];
  /**
   * optional: trucks en route (scenario.enRoute) to a compound no open road now reaches from where they set out, by
   * index. Where such a truck is, the model cannot know: it is planned for nothing (free only at the horizon) until a
   * crew reports it, and the plan names it (Plan.stranded) instead of writing a stop it can never make.
   */
  stranded?: { truck: number; compound: number }[];
  /**
   * Driving hours from site `from` to site `to` when departing at hour `departAt`;
   * 0 for the same location; Infinity when no open route exists.
   */
  travel(from: number, to: number, departAt: number): number;
  /** true when travel() does not depend on departAt (no timed flood zones) */
  timeInvariant: boolean;
  /**
   * optional: a lower bound on `travel` that costs no shortest-path search, so that loops looking for the soonest
   * truck can skip most exact trips (commander-rule.ts). Used only while `of` is this instance's `travel` (an
   * instance copied with another travel function must not inherit the bound).
   */
  travelBound?: {
    of: Instance["travel"];
    lowerBound(from: number, to: number, departAt: number): number;
    /** the same bound from one site at one departure, for many targets (cheaper per trip) */
    lowerBoundFrom?(from: number, departAt: number): (to: number) => number;
    /** whether the bound from this site at this departure has a cached row to go by (else it is the access legs) */
    hasCachedRow?(from: number, departAt: number): boolean;
    /** whether travel from this site at this departure is already known to every target (its own row is cached) */
    hasExactRow?(from: number, departAt: number): boolean;
    /** whether travel(from, to, departAt) is finite (some open route), without a shortest-path search */
    reaches?(from: number, to: number, departAt: number): boolean;
    /**
     * a name of the closure set trips departing at `departAt` drive under: the same name, the same closed roads
     * (with a PlannerCache, across plans of the same roads), so the bound may keep what it read under it
     */
    closureKey?(departAt: number): string;
  };
  /**
   * optional: [lon, lat] of each site, interleaved (site i at 2i, 2i+1); lets heuristics find spatial neighbours
   * without computing shortest paths
   */
  sitePositions?: Float64Array;
  /**
   * optional (#16): the commander's pins and forbids. Every heuristic keeps each pinned stop on its truck and never
   * gives a truck a forbidden compound (assignment-rules.ts); the bounds ignore them (a pin only removes plans, so a
   * bound of the unrestricted problem is still one of the restricted problem).
   */
  rules?: AssignmentRules;
  /** optional (#17): fuel, tankers and crews; absent = unlimited fuel, every truck with its own crew */
  resources?: InstanceResources;
}

/**
 * Pins and forbids by index (resolve-assignment-rules.ts builds them from ids). Keys are `truck × C + compound`,
 * so a check is one Set lookup in the search's hot loops.
 */
export interface AssignmentRules {
  /** (truck, compound) pairs every plan must keep */
  pinned: ReadonlySet<number>;
  /** (truck, compound) pairs no plan may have */
  forbidden: ReadonlySet<number>;
  /** per truck index: its pinned compounds alone, in an order and at times that are feasible (the fallback route) */
  pinRoutes: readonly (readonly number[])[];
}

/**
 * #17: fuel, tankers and cable crews. Absent when the scenario has none of them (then trucks never run dry and
 * bring their own crews: the model before #17). Sites of depots, tankers and crews follow the trucks' starts.
 */
export interface InstanceResources {
  /**
   * per truck: tank litres and litres an hour at full load; null: it never runs dry. `level`: the litres known at
   * hour t (a re-plan's estimate, the scenario's `fuelLevel`): the tank holds that then and burns only after it;
   * absent: full when the truck is first free
   */
  fuel: ({ tank: number; burnFull: number; level?: { t: number; litres: number } } | null)[];
  /** per truck: its setup needs a crew from `crews` (no `ownCrew`, and the scenario has crews) */
  needsCrew: boolean[];
  crews: { id: string; site: number; availableAt: number }[];
  tankers: { id: string; site: number; availableAt: number; capacity: number; pump: number }[];
  fuelDepots: { id: string; site: number }[];
  /** per truck: a 10 kV truck (`voltage: "mv"`) */
  mv: boolean[];
  /** per compound: its feeder's index in `feeders`, -1 when it has none */
  feederOf: number[];
  /** the feeders: the RMU's site and the compounds on it */
  feeders: { id: string; site: number; compounds: number[] }[];
}

/** How the schedule assigns crews and tankers: the planner's choices, or the commander's plain rule. */
export type ResourcePolicy = "planner" | "rule";

/** A solution: for each truck (by index), the compounds it serves in order (after its fixed connections). */
export type Routes = number[][];
