import { expect } from "chai";
import { buildSmallInstance, type SmallInstanceOptions } from "./small-instance.ts";
import { solveExhaustiveScheduled } from "./solve-exhaustive-scheduled.ts";
import { solveInstance } from "../solve-instance.ts";
import { simulateRoutes } from "../simulate-routes.ts";

/** #17: 6 compounds, 2 trucks; crews, fuel with a tanker, both (mixed sizes), fuel without tankers. */
const FLAVOURS: { name: string; options: SmallInstanceOptions }[] = [
  { name: "one crew", options: { crews: 1 } },
  { name: "fuel and a tanker", options: { fuelHours: 4, tankers: 1 } },
  { name: "crew, fuel, tanker, mixed sizes", options: { crews: 1, fuelHours: 3, tankers: 1, mixedSizes: true } },
  { name: "fuel, no tanker", options: { fuelHours: 3, mixedSizes: true } },
];

describe("the planner against the exhaustive optimum with crews and fuel (#17)", () => {
  for (const { name, options } of FLAVOURS) {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      it(`within 0.1% on ${name}, seed ${seed}`, () => {
        const inst = buildSmallInstance(seed, { compounds: 6, trucks: 2, ...options });
        const exact = solveExhaustiveScheduled(inst);
        // the optimum's own routes schedule to its cost (by one of the two rules)
        const own = Math.min(simulateRoutes(inst, exact.routes).cost, simulateRoutes(inst, exact.routes, "rule").cost);
        expect(own).to.equal(exact.cost);
        const planned = solveInstance(inst, { seed: 1 });
        expect(simulateRoutes(inst, planned.routes, planned.policy).cost).to.be.closeTo(planned.cost, 1e-9 * planned.cost);
        expect(planned.cost).to.be.at.least(exact.cost - 1e-6 * exact.cost);
        expect((planned.cost - exact.cost) / exact.cost).to.be.at.most(0.001);
      });
    }
  }
});
