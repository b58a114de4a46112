/**
 * Prints ASSUMED_FLEET_STOPS for sites.ts: where the trucks no source follows went, assumed [A] to be where the
 * commander's rule (the planner's baseline: compounds by priority × households, each to the truck that can switch it
 * on soonest) would have sent them, around the sourced trips (SOURCED_TRIPS, kept as connections: those trucks are
 * busy there and their compounds are not sent a second truck). Run once; its output is frozen in sites.ts so that
 * the history does not move when the planner changes.
 *
 * @example
 * npx tsx scenarios/zhengzhou-2021-model/assume-fleet.ts   # prints the table
 */
import { DateTime } from "luxon";
import { buildInstance } from "../../server/planner/build-instance.ts";
import { commanderRule } from "../../server/planner/commander-rule.ts";
import { simulateRoutes } from "../../server/planner/simulate-routes.ts";
import { buildZhengzhouScenario, toIso, ZONE } from "./build.ts";
import { SOURCED_TRIPS } from "./sites.ts";

const { scenario } = buildZhengzhouScenario();
const withTrips = { ...scenario, connections: SOURCED_TRIPS.map((t) => ({ truck: t.truck, compound: t.compound, switchOn: toIso(t.switchedOn) })) };
const inst = buildInstance(withTrips);
const sim = simulateRoutes(inst, commanderRule(inst));
const local = (h: number) => DateTime.fromMillis(Math.round((inst.epochMs + h * 3_600_000) / 60_000) * 60_000, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm");
const rows: string[] = [];
sim.trucks.forEach((stops, k) => {
  for (const s of stops) {
    if (s.fixed || !Number.isFinite(s.switchOn)) continue;
    rows.push(`  ["${inst.trucks[k].id}", "${inst.compounds[s.compound].id}", "${local(s.depart)}", "${local(s.arrive)}", "${local(s.switchOn)}"],`);
  }
});
console.log(rows.join("\n"));
console.error(`rule on the rest of the fleet: ${rows.length} stops, ${Math.round(sim.cost)} customer outage hours`);
