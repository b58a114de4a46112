/**
 * The plan document: what `npm run plan -- --json` prints and what the API stores (issue #2 contract).
 * Optional fields may be added; the required ones are relied on by other tools exactly as written.
 */
import type { IsoTime } from "./scenario.ts";

export interface PlanStop {
  compound: string;
  depart: IsoTime;
  arrive: IsoTime;
  switchOn: IsoTime;
  /** when the compound's grid returns and the truck is free again */
  release: IsoTime;
  /** #17: the crew (`crews[].id` of the scenario) that set the truck up (from its stop's `start` to switchOn) */
  crew?: string;
  /** #17: the truck ran dry here at this instant: the compound's supply stops until a tanker refuels it */
  fuelOut?: IsoTime;
  /**
   * #17: an MV truck switched on at the RMU of `compound`'s feeder: the compounds it supplies, `compound` first
   * (each whole, `compound` up to the truck's capacity; their loads fit it)
   */
  supplies?: string[];
}

export interface PlanTruck {
  id: string;
  stops: PlanStop[];
}

export interface PlanCompound {
  id: string;
  /** first supply (generator switch-on or grid return), null if neither happens before horizonEnd */
  poweredAt: IsoTime | null;
  /** hours without supply per household (a partly supplied compound counts its unsupplied fraction) */
  outageHours: number;
  servedBy: string[];
}

export const UnservedReason = {
  /** no open road reaches the compound (from any truck) */
  unreachable: "unreachable",
  /** no truck can switch it on before its grid returns */
  noTimeBeforeGrid: "no-time-before-grid",
  /** reachable in time, but every truck saves more customer-hours elsewhere */
  trucksBetterUsedElsewhere: "trucks-better-used-elsewhere",
  /** its grid is already back at the planning instant */
  gridAlreadyRestored: "grid-already-restored",
} as const;
export type UnservedReason = (typeof UnservedReason)[keyof typeof UnservedReason];

export interface Unserved {
  compound: string;
  reason: UnservedReason;
}

/**
 * The budget a plan was made within (issue #15). The work itself (search iterations, bound steps) is a pure function
 * of the instance's size (and of an explicit time limit), so the same input and seed give the same plan; `limitMs`
 * is only the wall-clock cap that guards it.
 */
export interface PlanBudget {
  /** the wall-clock cap, ms from the call */
  limitMs: number;
  /** why this budget: the instance's size, or the caller's time limit */
  reason: string;
  /** true when the cap cut the work short: then the plan (and its bound) depend on the machine's speed */
  cut: boolean;
}

export interface Plan {
  scenario: string;
  /** Σ priority × households × hours without supply (customer outage hours, priority-weighted) */
  customerOutageHours: number;
  /** the same figure for the commander's rule on the same scenario */
  baselineCustomerOutageHours: number;
  /** customer outage hours that no plan can beat */
  lowerBound?: number;
  trucks: PlanTruck[];
  compounds: PlanCompound[];
  unserved: Unserved[];
  /** optional extensions */
  noTrucksCustomerOutageHours?: number;
  /** the planning instant (`--at`), ISO */
  at?: IsoTime;
  seed?: number;
  runtimeMs?: number;
  /** the budget chosen (PlanOptions.autoBudget: the CLI's defaults) */
  budget?: PlanBudget;
  /**
   * trucks reported en route to a compound that no open road now reaches from where they set out (a road closed
   * under them): planned for nothing until a crew reports where the truck is; its compound is planned as if it had
   * no truck coming
   */
  stranded?: StrandedTruck[];
  /** #16: the commander's pins (each kept by this plan) and forbids (none made), when the plan was asked for any */
  pins?: AssignmentPair[];
  forbid?: AssignmentPair[];
  /** #17: the on-site durations this plan used */
  durations?: PlanDurations;
  /**
   * #17: the tank levels this plan started from (its scenario's trucks' `fuelLevel`: a re-plan's estimate from the
   * log and the plan before it); the board's fuel figures start from them, so the refuels of earlier plans carry on
   */
  fuelLevels?: { truck: string; at: IsoTime; litres: number }[];
  /** #17: when the scenario has tankers / crews: every tanker's and every crew's route */
  tankers?: PlanTanker[];
  crews?: PlanCrew[];
}

export interface StrandedTruck {
  truck: string;
  /** where it was going */
  compound: string;
  reason: "no-open-road";
}

/** #17: a tanker refuelling a truck on site (its supply goes on), `litres` pumped from `arrive`. */
export interface PlanTankerStop {
  truck: string;
  arrive: IsoTime;
  litres: number;
  /** where the truck is: the compound of its stop */
  compound: string;
}

/** #17: a tanker filling up at a fuel depot from `arrive`. */
export interface PlanTankerRefill {
  fuelDepot: string;
  arrive: IsoTime;
  litres: number;
}

export interface PlanTanker {
  id: string;
  stops: PlanTankerStop[];
  refills: PlanTankerRefill[];
}

/** #17: a crew on site for a truck's setup, from `start` to `end` (the truck's switch-on). */
export interface PlanCrewStop {
  truck: string;
  compound: string;
  start: IsoTime;
  end: IsoTime;
}

export interface PlanCrew {
  id: string;
  stops: PlanCrewStop[];
}

/** #16: a truck and a compound, by id: a pin (the plan keeps this assignment) or a forbid (it never makes it). */
export interface AssignmentPair {
  truck: string;
  compound: string;
}

/**
 * #17: the on-site durations a plan used (POST …/plans `durations`): the scenario's defaults, or those learned from
 * the event log (shared/restoration/plan-durations.ts). Asked for learned ones with too few reports, the plan uses
 * the scenario's and says why.
 */
export interface PlanDurations {
  requested: "scenario" | "learned";
  used: "scenario" | "learned";
  /** the defaults the planner got: hours to agree the plan, metres of cable per hour, hours to switch on */
  values: { planHours: number; cableMetresPerHour: number; switchOnHours: number };
  /** used learned: observed ÷ scenario on-site hours over n low-voltage reports (median, 10th and 90th percentiles) */
  onSiteRatio?: { n: number; median: number; p10: number; p90: number };
  /** requested learned, used scenario: why */
  reason?: string;
}
