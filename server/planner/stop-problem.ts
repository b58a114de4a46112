/**
 * Why a truck cannot usefully switch a compound on, in words and with the rule's stable code (shared/errors.ts
 * ErrorDetail.rule, worded on the board by client/common/refusal-text.ts): one check for the what-if's stops and the
 * commander's pins (#16), so both refuse the same stop the same way.
 */
import type { Instance } from "./instance.ts";

export interface StopProblem {
  message: string;
  rule: "plan_grid_back" | "plan_not_free" | "plan_no_road" | "plan_too_late";
}

/**
 * The problem of truck `truck` at `site`, free at `free` (hours), switching compound j on; null when it can.
 *
 * @example
 * stopProblem(inst, site, free, j, "T1")?.rule; // "plan_no_road" when a closure cuts j off
 */
export function stopProblem(inst: Instance, site: number, free: number, j: number, truck: string): StopProblem | null {
  const c = inst.compounds[j];
  if (c.gridReturn <= inst.at) return { message: `the grid of ${c.id} is already back`, rule: "plan_grid_back" };
  if (!(free + c.setupHours < c.gridReturn)) return { message: `${truck} is not free before the grid of ${c.id} returns`, rule: "plan_not_free" };
  const h = inst.travel(site, j, free);
  if (h === Infinity) return { message: `no open road takes ${truck} to ${c.id}`, rule: "plan_no_road" };
  if (!(free + h + c.setupHours < c.gridReturn)) return { message: `${truck} would switch ${c.id} on only after its grid returns`, rule: "plan_too_late" };
  return null;
}
