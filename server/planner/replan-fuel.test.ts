/**
 * #17: a re-plan starts each truck's tank where the log and the latest plan leave it (buildCurrentScenario's
 * fuelFrom), not full: a truck a tanker refuelled under the last plan is not planned dry too soon, and the new plan
 * says which levels it started from (plan.fuelLevels), so the next estimate carries the refuel on.
 */
import { expect } from "chai";
import type { Plan } from "../../shared/plan.ts";
import { buildCurrentScenario } from "../../shared/restoration/build-current-scenario.ts";
import { truckFuelLevels } from "../../shared/restoration/truck-fuel.ts";
import { fuelledTinyScenario, ms, t, t2SwitchedOnAtA } from "../../shared/restoration/tiny-scenario.fixture.ts";
import { planDispatch } from "./plan-dispatch.ts";

describe("re-planning with the trucks' fuel as it stands (#17)", () => {
  // T2 (300 kW): 600 L, 60 L/h at full load; on at A (200 kW, grid not back before the horizon) from 21 Jul 02:00,
  // burning 40 L/h
  const scenario = fuelledTinyScenario();
  const log = t2SwitchedOnAtA();
  // the plan in force sent a tanker to T2 at A at 06:00 with 300 L
  const previous: Plan = {
    scenario: "tiny", customerOutageHours: 0, baselineCustomerOutageHours: 0, trucks: [], compounds: [], unserved: [],
    tankers: [{ id: "K1", refills: [], stops: [{ truck: "T2", compound: "A", arrive: t("21T06:00"), litres: 300 }] }],
  };
  const at = ms("21T12:00");
  const stopAtA = (plan: Plan) => plan.trucks.find((x) => x.id === "T2")!.stops.find((s) => s.compound === "A")!;

  it("plans the truck dry when its refuelled tank runs out, not when a full one would have", () => {
    // 02:00 → 06:00: 4 h × 40 = 160 L burnt, 440 L; + 300 fills the 600 L tank (160 L went in); 06:00 → 12:00:
    // 240 L burnt: 360 L at 12:00, dry 360 / 40 = 9 h later, 21 Jul 21:00
    const plan = planDispatch(buildCurrentScenario(scenario, log, at, { fuelFrom: previous }), { seed: 1, at });
    expect(plan.fuelLevels).to.deep.equal([{ truck: "T2", at: t("21T12:00"), litres: 360 }]);
    expect(stopAtA(plan).fuelOut).to.equal(t("21T21:00"));
    // from the log alone (no tanker known): 600 − 10 h × 40 = 200 L at 12:00, dry at 17:00
    const blind = planDispatch(buildCurrentScenario(scenario, log, at, { fuelFrom: null }), { seed: 1, at });
    expect(stopAtA(blind).fuelOut).to.equal(t("21T17:00"));
  });

  it("carries the refuel on: the board's estimate from the new plan starts at its levels", () => {
    const plan = planDispatch(buildCurrentScenario(scenario, log, at, { fuelFrom: previous }), { seed: 1, at });
    // the new plan has no tanker stop before 14:00 (it has no tanker): 360 − 2 h × 40 = 280 L, as before the re-plan
    const [now] = truckFuelLevels(scenario, log, plan, ms("21T14:00"));
    expect(now.litres).to.equal(280);
    expect(truckFuelLevels(scenario, log, previous, ms("21T14:00"))[0].litres).to.equal(280);
  });
});
