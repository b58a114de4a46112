import { expect } from "chai";
import { randomScenario } from "../../test/fixtures/random-scenario.ts";
import { buildInstance } from "./build-instance.ts";
import { assignmentRoutes } from "./evaluate-assignments.ts";
import { planDispatch } from "./plan-dispatch.ts";
import { routeLegs } from "./route-legs.ts";
import { simulateRoutes } from "./simulate-routes.ts";
import { nodeKey } from "./road-network.ts";

describe("a plan's road legs and its evaluation (#16)", () => {
  const scenario = randomScenario(4, { compounds: 12, trucks: 3, grid: 5, flood: true });
  const plan = planDispatch(scenario, { seed: 1 });
  const inst = buildInstance(scenario);

  it("draws each driven leg as consecutive road vertices joined by a road segment, with the plan's times", () => {
    const legs = routeLegs(inst, scenario, plan);
    const net = inst.network;
    const joined = new Set(net.segments.flatMap((s) => [`${s.from}>${s.to}`, `${s.to}>${s.from}`]));
    const index = new Map(net.keys.map((k, i) => [k, i]));
    const driven = plan.trucks.flatMap((t) => t.stops.filter((s) => s.depart < s.arrive).map((s) => ({ truck: t.id, compound: s.compound, depart: s.depart, arrive: s.arrive })));
    expect(driven.length).to.be.greaterThan(2);
    expect(legs.features.map((f) => f.properties)).to.deep.equal(driven);
    for (const f of legs.features) {
      const nodes = f.geometry.coordinates.map((p) => index.get(nodeKey(p)));
      expect(nodes.every((n) => n !== undefined)).to.equal(true);
      for (let i = 1; i < nodes.length; i++) if (nodes[i] !== nodes[i - 1]) expect(joined.has(`${nodes[i - 1]}>${nodes[i]}`)).to.equal(true);
    }
  });

  it("evaluates a plan's own assignments to its own cost", () => {
    const routes = assignmentRoutes(inst, plan.trucks.map((t) => ({ id: t.id, stops: t.stops.map((s) => ({ compound: s.compound })) })));
    expect(simulateRoutes(inst, routes).cost).to.be.closeTo(plan.customerOutageHours, 1e-6);
  });

  it("names an out-of-service truck apart from an unknown one", () => {
    try {
      assignmentRoutes(inst, [{ id: "T7", stops: [] }, { id: "T8", stops: [] }], new Set(["T7"]));
      expect.fail("should have thrown");
    } catch (e) {
      expect((e as { details: { path: string; message: string }[] }).details).to.deep.equal([
        { path: "trucks[0].id", message: "truck T7 is out of service (broken down)", rule: "plan_truck_out", params: { truck: "T7" } },
        { path: "trucks[1].id", message: "no truck T8 in this incident", rule: "unknown_truck", params: { truck: "T8" } },
      ]);
    }
  });
});
