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
