/**
 * A dark compound (a residential block, a hospital, a waterworks) and the primitives it is made of: coordinates,
 * ISO times, provenance. Part of the scenario document (scenario.ts re-exports all of it), kept apart so that the
 * event vocabulary (events.ts: compound.reported carries a compound) and the scenario document (its timeline
 * carries events) both import it instead of each other.
 */

/** [longitude, latitude] in degrees (WGS84 / the datum of the road data). */
export type LonLat = [number, number];
/** ISO 8601 timestamp with an explicit offset, e.g. "2021-07-25T23:30:00+08:00". */
export type IsoTime = string;

/**
 * optional extension (#14): where an entity or timeline entry comes from. "sourced": a press report or the seed
 * article says so (`source` names it); "assumed": a plausible value for a real thing (e.g. a real compound's
 * household count); "synthetic": a stand-in that did not exist as such (a generated compound, a generated trip).
 */
export type Provenance = "sourced" | "assumed" | "synthetic";

/** optional extension (#14): the provenance fields an entity may carry; `source` is required when sourced. */
export interface Provenanced {
  provenance?: Provenance;
  /** e.g. "[S] Sichuan Daily 2021-07-23"; for assumed or synthetic values, the method or reasoning */
  source?: string;
}

export interface Compound extends Provenanced {
  id: string;
  name: string;
  location: LonLat;
  /** integer > 0 */
  households: number;
  /** kW, > 0 */
  loadKw: number;
  /** id of a substation in this scenario */
  substation: string;
  outageStart: IsoTime;
  /** overrides the substation's restoredAt */
  gridRestoredAt?: IsoTime | null;
  /** metres; default 100 */
  cableLengthM?: number;
  /** on-site hours; overrides planHours + cable/cableMetresPerHour + switchOnHours */
  setupHours?: number;
  /** weight per household; default 1 */
  priority?: number;
  /** optional extension: street address shown to crews */
  address?: string;
  /** optional extension: free-text kind, e.g. "residential", "hospital", "water" */
  kind?: string;
  /** optional extension (#16): the administrative district, for the board's filter */
  district?: string;
  /** optional extension (#17): the 10 kV feeder (scenario `feeders`) the compound hangs on */
  feeder?: string;
}
