/**
 * Pins and forbids (#16) into an instance, and any start of the search made to obey them. Resolving checks that the
 * pins can all be kept (each truck's pins alone, in grid-return order, each switched on before its grid returns):
 * otherwise the request is impossible and the error names the pin, so the search never has to give one up.
 */
import { ErrorCode, LianxinError, type ErrorDetail } from "../../shared/errors.ts";
import type { AssignmentPair } from "../../shared/plan.ts";
import type { AssignmentRules, Instance, Routes } from "./instance.ts";
import { isForbidden, isPinned, ruleKey } from "./assignment-rules.ts";
import { RouteState } from "./route-state.ts";
import { truckStart } from "./simulate-routes.ts";
import { sanitize } from "./sanitize.ts";
import { stopProblem } from "./stop-problem.ts";


/**
 * The instance with `rules` set from pins and forbids by id (the same object when there are none). Throws
 * LianxinError(impossible) naming `pins[i]` / `forbid[i]` for an unknown truck or compound, a pair both pinned and
 * forbidden, a compound whose grid is already back, or pins a truck cannot all switch on before their grids return.
 * A pin on a truck's kept connection is already kept and adds nothing.
 *
 * @example
 * const pinned = withAssignmentRules(inst, [{ truck: "T1", compound: "C2" }], []);
 * solveInstance(pinned).routes[0].includes(1); // true: T1 (index 0) serves C2 (index 1)
 */
export function withAssignmentRules<I extends Instance>(inst: I, pins: readonly AssignmentPair[] = [], forbid: readonly AssignmentPair[] = []): I {
  if (pins.length === 0 && forbid.length === 0) return inst;
  const details: ErrorDetail[] = [];
  const truckIndex = new Map(inst.trucks.map((t) => [t.id, t.index]));
  const compoundIndex = new Map(inst.compounds.map((c) => [c.id, c.index]));
  const resolve = (pair: AssignmentPair, path: string): [number, number] | null => {
    const k = truckIndex.get(pair.truck);
    const j = compoundIndex.get(pair.compound);
    if (k === undefined) details.push({ path: `${path}.truck`, message: `no truck ${pair.truck} in service in this incident`, rule: "unknown_truck", params: { truck: pair.truck } });
    if (j === undefined) details.push({ path: `${path}.compound`, message: `no compound ${pair.compound} in this incident`, rule: "unknown_compound", params: { compound: pair.compound } });
    return k === undefined || j === undefined ? null : [k, j];
  };
  const pinned = new Set<number>();
  const forbidden = new Set<number>();
  const pinList: { k: number; j: number; path: string }[] = [];
  pins.forEach((pair, i) => {
    const r = resolve(pair, `pins[${i}]`);
    if (r === null) return;
    const [k, j] = r;
    if (inst.trucks[k].fixed.some((f) => f.compound === j)) return;
    if (inst.compounds[j].gridReturn <= inst.at) {
      details.push({ path: `pins[${i}].compound`, message: `the grid of ${pair.compound} is already back`, rule: "plan_grid_back", params: { ...pair } });
      return;
    }
    if (!pinned.has(ruleKey(inst, k, j))) pinList.push({ k, j, path: `pins[${i}]` });
    pinned.add(ruleKey(inst, k, j));
  });
  forbid.forEach((pair, i) => {
    const r = resolve(pair, `forbid[${i}]`);
    if (r === null) return;
    const key = ruleKey(inst, r[0], r[1]);
    if (pinned.has(key)) details.push({ path: `forbid[${i}]`, message: `${pair.truck} → ${pair.compound} is also pinned`, rule: "plan_pinned_and_forbidden", params: { ...pair } });
    forbidden.add(key);
  });
  if (details.length > 0) throw new LianxinError(ErrorCode.impossible, "pins or forbids that cannot be kept", details);
  const pinRoutes: number[][] = inst.trucks.map(() => []);
  const rules: AssignmentRules = { pinned, forbidden, pinRoutes };
  const ruled: I = { ...inst, rules };
  // each truck's pins alone, earliest grid return first, each where it adds least: that route must be feasible
  const state = new RouteState(ruled, pinRoutes);
  const order = [...pinList].sort((a, b) => inst.compounds[a.j].gridReturn - inst.compounds[b.j].gridReturn || a.j - b.j);
  for (const { k, j, path } of order) {
    const p = cheapestPosition(state, j, k);
    if (p < 0) {
      details.push({ path, ...pinProblem(ruled, k, j), params: { truck: inst.trucks[k].id, compound: inst.compounds[j].id } });
      continue;
    }
    state.insert(j, k, p);
    pinRoutes[k] = state.routes[k].slice();
  }
  if (details.length > 0) throw new LianxinError(ErrorCode.impossible, "pins that cannot be kept", details);
  return ruled;
}

/**
 * Routes made to obey the instance's rules: forbidden stops removed, each missing pin inserted where it costs least;
 * a truck whose pins do not all fit among its other stops gets its pins alone (feasible by construction).
 *
 * @example
 * new RouteState(inst, enforceRules(inst, commanderRule(inst))); // a start the search may improve
 */
export function enforceRules(inst: Instance, routes: Routes): Routes {
  const rules = inst.rules;
  if (rules === undefined) return routes;
  const clean = sanitize(inst, routes).map((r, k) => r.filter((j) => !isForbidden(inst, k, j)));
  const state = new RouteState(inst, clean);
  rules.pinRoutes.forEach((pins, k) => {
    for (const j of pins) {
      if (state.routes[k].includes(j)) continue;
      const p = cheapestPosition(state, j, k);
      if (p < 0) {
        state.setRoute(k, pins);
        return;
      }
      state.insert(j, k, p);
    }
    // a pin already on the route may have been pushed past its grid return by the stops before it
    if (state.routes[k].some((j, p) => isPinned(inst, k, j) && !(state.sw[k][p] < inst.compounds[j].gridReturn))) state.setRoute(k, pins);
  });
  return state.snapshot();
}

/** The position of truck k's route where j costs least (even if it costs more than it saves); -1 if none is feasible. */
function cheapestPosition(state: RouteState, j: number, k: number): number {
  let best = Infinity;
  let pos = -1;
  for (let p = 0; p <= state.routes[k].length; p++) {
    const d = state.evalInsert(j, k, p);
    if (d < best) { best = d; pos = p; }
  }
  return pos;
}

/** Why truck k cannot switch j on in time: as a what-if stop would be refused, else because its other pins come first. */
function pinProblem(inst: Instance, k: number, j: number): { message: string; rule: string } {
  const { site, free } = truckStart(inst, k);
  const t = inst.trucks[k];
  return stopProblem(inst, site, free, j, t.id)
    ?? { message: `${t.id} cannot switch on all its pinned compounds before their grids return`, rule: "plan_pins_overlap" };
}
