/**
 * The commander's pins and forbids (#16) as the search asks them: is (truck, compound) pinned, forbidden, does a
 * route break a rule. Pure predicates over Instance.rules; an instance without rules allows everything.
 */
import type { AssignmentRules, Instance } from "./instance.ts";

/** The key of (truck k, compound j) in AssignmentRules' sets. */
export function ruleKey(inst: Instance, k: number, j: number): number {
  return k * inst.compounds.length + j;
}

/**
 * @example
 * isPinned(inst, 0, 3); // true when the commander pinned compound 3 to truck 0
 */
export function isPinned(inst: Instance, k: number, j: number): boolean {
  return inst.rules !== undefined && inst.rules.pinned.has(ruleKey(inst, k, j));
}

/** true when the commander forbade truck k compound j. */
export function isForbidden(inst: Instance, k: number, j: number): boolean {
  return inst.rules !== undefined && inst.rules.forbidden.has(ruleKey(inst, k, j));
}

/**
 * true when `route` as truck k's planned route breaks a rule: it holds a forbidden compound or lacks a pinned one.
 *
 * @example
 * breaksRules(inst, 0, [2]); // true if compound 1 is pinned to truck 0
 */
export function breaksRules(inst: Instance, k: number, route: readonly number[]): boolean {
  const rules = inst.rules;
  if (rules === undefined) return false;
  for (const j of route) if (rules.forbidden.has(ruleKey(inst, k, j))) return true;
  return rules.pinRoutes[k].some((j) => !route.includes(j));
}

/** Truck k's route without the stops in `chosen`, except pinned ones (a ruin never removes a pin). */
export function withoutUnpinned(inst: Instance, k: number, route: readonly number[], chosen: ReadonlySet<number>): number[] {
  return route.filter((j) => !chosen.has(j) || isPinned(inst, k, j));
}

export type { AssignmentRules };
