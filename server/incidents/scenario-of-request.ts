/**
 * The scenario a replay or an exercise is made of (POST /api/replays, POST /api/exercises): exactly one of a
 * scenario document, validated field by field, or an incident in the caller's scope whose scenario to take.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { Scenario } from "../../shared/scenario.ts";
import { validateScenario } from "../../shared/validate-scenario.ts";
import type { Store } from "../store/store.ts";
import { requireIncident, type Caller } from "./authorize.ts";

/**
 * @example
 * const scenario = await scenarioOfRequest(store, caller, { incident: "zz-2021" }, "replay");
 */
export async function scenarioOfRequest(store: Pick<Store, "getIncident">, caller: Caller, body: { scenario?: unknown; incident?: string }, purpose: "replay" | "exercise"): Promise<Scenario> {
  if ((body.scenario === undefined) === (body.incident === undefined)) {
    const message = `give exactly one of scenario (a scenario document) and incident (an incident whose scenario to ${purpose})`;
    throw new LianxinError(ErrorCode.invalidInput, message, [{ path: "scenario", message }, { path: "incident", message }]);
  }
  if (body.incident !== undefined) {
    requireIncident(caller, body.incident);
    const detail = await store.getIncident(body.incident);
    if (!detail) throw new LianxinError(ErrorCode.notFound, `no incident ${body.incident}`, [{ path: "incident", message: "unknown incident" }]);
    return detail.scenario;
  }
  const result = validateScenario(body.scenario);
  if (!result.ok) {
    const details = result.details.map((d) => ({ path: d.path === "" ? "scenario" : `scenario.${d.path}`, message: d.message }));
    throw new LianxinError(ErrorCode.invalidInput, `invalid scenario: ${details.length} bad field(s)`, details);
  }
  return result.scenario;
}
