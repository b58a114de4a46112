/**
 * A compound's ETA as the exports give it: the latest plan's first switch-on there (a kept connection's too).
 */
import type { Plan } from "../../shared/plan.ts";

/**
 * compound id → the earliest planned switch-on (ISO, as the plan writes it, in the incident's zone).
 *
 * @example
 * planEtas({ trucks: [{ id: "T1", stops: [{ compound: "C1", switchOn: "2021-07-25T23:30:00+08:00", … }] }] }).get("C1");
 */
export function planEtas(plan: Pick<Plan, "trucks"> | null): Map<string, string> {
  const etas = new Map<string, string>();
  for (const truck of plan?.trucks ?? []) {
    for (const stop of truck.stops) {
      const known = etas.get(stop.compound);
      if (known === undefined || Date.parse(stop.switchOn) < Date.parse(known)) etas.set(stop.compound, stop.switchOn);
    }
  }
  return etas;
}
