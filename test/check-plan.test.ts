import { expect } from "chai";
import { readFileSync } from "node:fs";
import type { Scenario } from "../shared/scenario.ts";
import { planDispatch } from "../server/planner/plan-dispatch.ts";
import { checkPlan } from "./check-plan.ts";
import { randomScenario } from "./fixtures/random-scenario.ts";

const fixture = (name: string): Scenario => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));

describe("plans checked against the rules by an independent checker", () => {
  it("the tiny fixture's plan respects every rule", () => {
    const s = fixture("tiny.json");
    expect(checkPlan(s, planDispatch(s, { seed: 1 }))).to.deep.equal([]);
  });

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`random scenario ${seed} (timed flood, mixed sizes) respects every rule`, () => {
      const s = randomScenario(seed, { compounds: 12, trucks: 4, flood: true });
      expect(checkPlan(s, planDispatch(s, { seed }))).to.deep.equal([]);
    });
  }

  it("a plan planned from a later instant respects it", () => {
    const s = randomScenario(9, { compounds: 10, trucks: 3, flood: true });
    const at = Date.parse("2021-07-20T12:30:00Z");
    expect(checkPlan(s, planDispatch(s, { seed: 1, at }), at)).to.deep.equal([]);
  });

  it("catches a tampered plan", () => {
    const s = fixture("tiny.json");
    const plan = planDispatch(s, { seed: 1 });
    plan.trucks[0].stops[0].arrive = plan.trucks[0].stops[0].depart;
    plan.customerOutageHours -= 10;
    const errors = checkPlan(s, plan);
    expect(errors.some((e) => e.includes("arrival"))).to.equal(true);
    expect(errors.some((e) => e.startsWith("customerOutageHours"))).to.equal(true);
  });
});

describe("plans with fuel, tankers and crews (#17) checked independently", () => {
  const variants = [
    { name: "tankers and crews", options: { fuelHours: 4, tankers: 2, crews: 2 } },
    { name: "no tanker: trucks run dry", options: { fuelHours: 3 } },
    { name: "one short tanker, one crew", options: { fuelHours: 1.5, tankers: 1, crews: 1 } },
    { name: "MV trucks on feeders", options: { mv: 1 } },
    { name: "MV trucks, fuel, a tanker and crews", options: { mv: 2, fuelHours: 3, tankers: 1, crews: 2 } },
  ];
  for (const { name, options } of variants) {
    for (const seed of [1, 4, 6]) {
      it(`${name}, seed ${seed}: feasible, never worse than the extended rule`, () => {
        const s = randomScenario(seed, { compounds: 12, trucks: 4, flood: true, ...options });
        const plan = planDispatch(s, { seed });
        expect(checkPlan(s, plan)).to.deep.equal([]);
        expect(plan.tankers?.length ?? 0).to.equal(s.tankers?.length ?? 0);
        expect(plan.crews?.length ?? 0).to.equal(s.crews?.length ?? 0);
        if (!("tankers" in options) && "fuelHours" in options) expect(plan.trucks.some((t) => t.stops.some((x) => x.fuelOut !== undefined))).to.equal(true);
      });
    }
  }

  it("catches a crew in two places, a truck dry without fuelOut and an overdrawn tanker", () => {
    const s = randomScenario(1, { compounds: 12, trucks: 4, flood: true, fuelHours: 4, tankers: 2, crews: 2 });
    const plan = planDispatch(s, { seed: 1 });
    const crew = plan.crews!.find((c) => c.stops.length >= 2)!;
    // the second stop starts when the first one does: the crew cannot be at both
    crew.stops[1].start = crew.stops[0].start;
    const tanker = plan.tankers!.find((t) => t.stops.length > 0)!;
    const visit = tanker.stops[0];
    const visited = plan.trucks.find((t) => t.id === visit.truck)!;
    tanker.stops.splice(0, 1);
    tanker.stops.push({ ...tanker.stops[tanker.stops.length - 1] ?? visit, litres: 1e6 });
    const errors = checkPlan(s, plan);
    expect(errors.some((e) => e.startsWith(`crew ${crew.id} stop 1`) && e.includes("two places"))).to.equal(true);
    expect(errors.some((e) => e.startsWith(`truck ${visited.id} stop`) && e.includes("without fuelOut"))).to.equal(true);
    expect(errors.some((e) => e.startsWith(`tanker ${tanker.id}`) && e.includes("outside"))).to.equal(true);
  });
});

describe("MV supplies checked independently (#17)", () => {
  it("catches a supply beyond the truck's capacity and one off the stop's feeder", () => {
    const s = randomScenario(5, { compounds: 12, trucks: 4, flood: true, mv: 1 });
    const plan = planDispatch(s, { seed: 5 });
    expect(checkPlan(s, plan)).to.deep.equal([]);
    const stop = plan.trucks[0].stops.find((x) => (x.supplies?.length ?? 0) >= 2)!;
    const feeder = s.compounds.find((c) => c.id === stop.compound)!.feeder;
    const off = s.compounds.find((c) => c.feeder !== feeder)!;
    stop.supplies = [...stop.supplies!, off.id, ...s.compounds.filter((c) => c.feeder === feeder && !stop.supplies!.includes(c.id)).map((c) => c.id)];
    const errors = checkPlan(s, plan);
    expect(errors.some((e) => e.includes(`supplies ${off.id}, which is not on feeder`))).to.equal(true);
    expect(errors.some((e) => e.includes("kW from a 1200 kW truck"))).to.equal(true);
  });
});

describe("the Zhengzhou 2021 scenario", () => {
  it("plans with every rule respected and beats the commander's rule", function () {
    this.timeout(120000);
    const s = JSON.parse(readFileSync(new URL("../scenarios/zhengzhou-2021-model/scenario.json", import.meta.url), "utf8")) as Scenario;
    const plan = planDispatch(s, { seed: 1, maxIterations: 500 });
    expect(checkPlan(s, plan)).to.deep.equal([]);
    expect(plan.customerOutageHours).to.be.below(plan.baselineCustomerOutageHours);
  });
});
