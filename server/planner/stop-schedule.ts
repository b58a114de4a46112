/** One stop on a truck's timeline, hours since the instance epoch (simulate-routes.ts computes them). */
export interface StopSchedule {
  compound: number;
  depart: number;
  arrive: number;
  switchOn: number;
  release: number;
  /** a kept connection or en-route commitment, not chosen by the planner */
  fixed: boolean;
  /** #17: the crew (index) that set it up, from `crewStart` to the switch-on */
  crew?: number;
  crewStart?: number;
  /** #17: the first instant the truck ran dry on this stop */
  fuelOut?: number;
  /** #17: where the truck stands when not at the compound's own site (an MV truck at its feeder's RMU) */
  site?: number;
  /** #17: an MV truck at an RMU: the compounds it supplies (the stop's own first) and the kW they draw */
  supplies?: number[];
  usedKw?: number;
}
