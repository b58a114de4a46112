/**
 * Restoration state at an instant, derived from scenario + event log by pure functions in shared/
 * (GET /api/incidents/:id/state contract, issue #4; also the socket `join` acknowledgement).
 */
import type { IsoTime } from "./scenario.ts";

export type CompoundStatus = "dark" | "partial" | "generator" | "grid";
export type TruckStatus = "inbound" | "free" | "en-route" | "setting-up" | "connected" | "broken";

export interface CompoundState {
  id: string;
  name: string;
  status: CompoundStatus;
  /** hours without supply per household so far (a partly supplied compound counts its unsupplied fraction) */
  outageHours: number;
  households: number;
  servedBy: string[];
  /** extensions for the board */
  priority?: number;
  outageStart?: IsoTime;
  /** share of households supplied now, 0..1 */
  suppliedShare?: number;
  /** #17: estimated time of restoration of a dark compound (shared/restoration/estimate-restoration.ts); none once supplied */
  etr?: CompoundEtr;
}

/** #17: where an ETR comes from: a truck on site or on its way, the latest plan, a grid forecast, the scenario's grid time */
export type EtrBasis = "on-site" | "en-route" | "plan" | "forecast" | "grid";

/** #17: an estimated time of restoration as a range, ISO with the incident's offset: earliest ≤ likely ≤ latest */
export interface CompoundEtr {
  earliest: IsoTime;
  likely: IsoTime;
  latest: IsoTime;
  basis: EtrBasis;
}

export interface TruckState {
  id: string;
  status: TruckStatus;
  compound?: string;
  /** extension: last reported step time */
  since?: IsoTime;
}

export interface Kpis {
  /** households without supply now (partly supplied compounds count their unsupplied share) */
  customersOut: number;
  /** share of affected households with supply now, 0..1 */
  restoredShare: number;
  /** 户均停电时间: Σ households × outage hours / Σ households, hours */
  avgOutageHoursPerHousehold: number;
}

export interface IncidentState {
  at: IsoTime;
  compounds: CompoundState[];
  trucks: TruckState[];
  kpis: Kpis;
}
