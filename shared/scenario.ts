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
