/**
 * The scenario document: the contract other tools read and write (issue #2).
 * Optional fields may be added; nothing here may be renamed or re-typed.
 *
 * @example
 * const s: Scenario = JSON.parse(fs.readFileSync("scenarios/zhengzhou-2021/scenario.json", "utf8"));
 */
import type { FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon } from "geojson";
import type { Compound, IsoTime, LonLat, Provenance, Provenanced } from "./compound.ts";
import type { EventInput } from "./events.ts";

// the compound and its primitives live in compound.ts (which events.ts imports too); the document still names them
export type { Compound, IsoTime, LonLat, Provenance, Provenanced };

export interface ScenarioDefaults {
  /** road speed when a road has no speedKmh (km/h); default 30 */
  speedKmh?: number;
  /** speed of the straight leg between a site and its nearest road vertex (km/h); default 15 */
  accessSpeedKmh?: number;
  /** hours to agree the connection plan on site; default 0.5 */
  planHours?: number;
  /** metres of cable laid per hour; default 200 */
  cableMetresPerHour?: number;
  /** hours to close the switch and send power; default 0.25 */
  switchOnHours?: number;
  /**
   * optional extension: a site farther than this (km, straight line) from every road vertex is bad input
   * (most likely a wrong coordinate); default 3
   */
  maxAccessKm?: number;
  /**
   * optional extension (#13): the least time (minutes) between a truck's arrival and its switch-on that a report
   * may claim; a switch-on sooner after arrival is refused as implausible; default 10
   */
  minOnSiteMinutes?: number;
}

export const DEFAULTS: Required<ScenarioDefaults> = {
  speedKmh: 30,
  accessSpeedKmh: 15,
  planHours: 0.5,
  cableMetresPerHour: 200,
  switchOnHours: 0.25,
  maxAccessKm: 3,
  minOnSiteMinutes: 10,
};

export interface RoadProperties {
  id?: string;
  speedKmh?: number;
  /** true: drivable only in coordinate order */
  oneway?: boolean;
  name?: string;
}

export interface FloodZoneProperties extends Provenanced {
  id?: string;
  name?: string;
  /** zone active from (inclusive); absent = since forever */
  from?: IsoTime;
  /** zone active until (exclusive); absent = forever */
  until?: IsoTime;
}

export type RoadCollection = FeatureCollection<LineString | MultiLineString, RoadProperties | null>;
export type FloodZoneCollection = FeatureCollection<Polygon | MultiPolygon, FloodZoneProperties | null>;

export interface Substation extends Provenanced {
  id: string;
  name: string;
  location: LonLat;
  voltageKv: number;
  /** when the substation (and its compounds) get grid power back; null = not known (horizonEnd) */
  restoredAt: IsoTime | null;
}

export interface Depot {
  id: string;
  name: string;
  location: LonLat;
}

export interface Truck extends Provenanced {
  id: string;
  name: string;
  capacityKw: number;
  /** where the truck is (or will appear); exactly one of location / depot */
  location?: LonLat;
  depot?: string;
  /** when it can first depart from there */
  availableAt: IsoTime;
  /** free text: province / company it comes from */
  origin?: string;
  /** optional extension (#14): where availableAt comes from, when it differs from the truck's own provenance */
  availableAtProvenance?: Provenance;
  /**
   * optional extension (#17): the tank (litres), full when the truck is first free; with `fuelLitresPerHourAtFull`.
   * Absent: the truck never runs dry (the model before #17).
   */
  fuelLitres?: number;
  /**
   * optional extension (#17): litres an hour at full load. While switched on a truck burns this × the share of its
   * capacity in use (the load it carries / capacityKw), never less than FUEL_IDLE_FLOOR of it (a diesel set idles at
   * about a third of its full-load consumption); driving burns the chassis' own tank, not this one.
   */
  fuelLitresPerHourAtFull?: number;
  /**
   * optional extension (#17): the litres known to be in the tank at an instant (`at`, after the truck is first free):
   * the model starts the tank there and counts no burn before it. A re-plan's scenario carries it for every fuelled
   * truck, estimated from the log and the plan's tanker stops already passed (shared/restoration/truck-fuel.ts), so
   * a re-plan does not start a truck that has run for a day on a full tank. Absent: full when first free.
   */
  fuelLevel?: { at: IsoTime; litres: number };
  /**
   * optional extension (#17): "mv": a 10 kV truck; at a compound with a `feeder` it connects at the feeder's RMU and
   * supplies a set of that feeder's compounds whose loads fit its capacity (the plan's `supplies`). Default "lv".
   */
  voltage?: "lv" | "mv";
  /** optional extension (#17): the truck brings its own cable crew; without it a crew from `crews` must set it up */
  ownCrew?: true;
}

/** The idle floor of a truck's burn (#17): the share of its full-load litres an hour it burns at no load. */
export const FUEL_IDLE_FLOOR = 0.3;

/** optional extension (#17): where tankers fill up. */
export interface FuelDepot extends Provenanced {
  id: string;
  name: string;
  location: LonLat;
}

/**
 * optional extension (#17): a fuel tanker. It starts full at `location` or at a fuel depot (exactly one), no earlier
 * than `availableAt`, refuels trucks on site without interrupting their supply, and fills up again at a fuel depot;
 * it pumps (both ways) at `pumpLitresPerHour`.
 */
export interface Tanker extends Provenanced {
  id: string;
  name?: string;
  capacityLitres: number;
  location?: LonLat;
  fuelDepot?: string;
  availableAt: IsoTime;
  pumpLitresPerHour: number;
}

/** optional extension (#17): a 10 kV feeder of a substation, with the ring-main unit an MV truck connects at. */
export interface Feeder extends Provenanced {
  id: string;
  substation: string;
  rmu: LonLat;
}

/**
 * optional extension (#17): a cable crew. It lays the cable and closes the switch of every truck without `ownCrew`:
 * on site for that stop's whole setup; it starts at its `base` (a depot) or `location` (exactly one), no earlier than
 * `availableAt`, and drives between sites. No `crews` (or an empty list): crews are not modelled.
 */
export interface Crew extends Provenanced {
  id: string;
  name: string;
  base?: string;
  location?: LonLat;
  availableAt: IsoTime;
  /** people in the crew (shown to commanders; the model does not use it) */
  members?: number;
}

/** A truck already connected (or committed, switchOn in the future); a re-plan keeps it. */
export interface Connection {
  truck: string;
  compound: string;
  switchOn: IsoTime;
}

/**
 * Optional extension: a truck dispatched to a compound but not yet switched on there. A re-plan keeps it going:
 * it arrives at `arrivedAt` if reported, else `departedAt` + travel from the truck's location; then sets up.
 */
export interface EnRoute {
  truck: string;
  compound: string;
  departedAt: IsoTime;
  arrivedAt?: IsoTime;
}

export interface Scenario {
  id: string;
  name: string;
  /** IANA zone, e.g. "Asia/Shanghai" */
  timezone: string;
  horizonEnd: IsoTime;
  defaults?: ScenarioDefaults;
  roads: RoadCollection;
  floodZones?: FloodZoneCollection;
  substations: Substation[];
  compounds: Compound[];
  depots: Depot[];
  trucks: Truck[];
  connections?: Connection[];
  /** optional extension: trucks on their way to (or setting up at) a compound */
  enRoute?: EnRoute[];
  /** optional extension: free-text description and sources */
  description?: string;
  /**
   * optional extension (#6): the timeline of what actually happened, in the event log's own vocabulary. The planner
   * ignores it; a replay feeds it through the event log as if reported live, and the counterfactual report sets it
   * against what a plan would have done.
   */
  events?: TimelineEvent[];
  /** optional extension (#14): published restoration counts a replay of the timeline is checked against */
  milestones?: Milestone[];
  /** optional extension (#14): announced grid returns, what was known when (plan --known-at) */
  forecasts?: Forecast[];
  /** optional extension (#17): fuel depots, tankers, 10 kV feeders and cable crews */
  fuelDepots?: FuelDepot[];
  tankers?: Tanker[];
  feeders?: Feeder[];
  crews?: Crew[];
}

/**
 * optional extension (#14): a published restoration count at an instant, over a population of compounds
 * ("residential": the compounds of kind "residential").
 *
 * @example
 * { at: "2021-07-24T12:00:00+08:00", population: "residential", published: { grid: 301, temporary: 41, dark: 131 },
 *   source: "[S] Henan provincial press conference 2021-07-24" }
 */
export interface Milestone {
  at: IsoTime;
  population: "residential";
  published: { grid?: number; temporary?: number; dark?: number; gridShareMin?: number };
  source: string;
}

/**
 * optional extension (#14): a grid return announced at `at` for one substation or one compound (exactly one of
 * them): expected at `expected`, maybe within [earliest, latest].
 */
export interface Forecast extends Provenanced {
  at: IsoTime;
  substation?: string;
  compound?: string;
  expected: IsoTime;
  earliest?: IsoTime;
  latest?: IsoTime;
}

/**
 * One entry of a scenario's historical timeline: an event-log input (same types and fields as
 * POST /api/incidents/:id/events) without the client id, plus where the fact comes from.
 *
 * @example
 * { type: "switched.on", at: "2021-07-25T23:30:00+08:00", truck: "sc-gaoxin-1", compound: "jincheng-zhongyuan",
 *   source: "[seed] article" }
 */
export interface TimelineEvent extends Omit<EventInput, "id">, Provenanced {
  /** true: no source reports it; a plausible assumption made to complete the timeline */
  assumed?: boolean;
}
