/**
 * What-if and routes (#16 items 2 and 3) over HTTP, on the embedded store: evaluate agrees with a stored plan's own
 * figures, names the stops that cannot be driven, a plan keeps its pins and never makes a forbidden pair, and a
 * plan's routes run along road vertices with the plan's own times.
 */
import { expect } from "chai";
import { fakeClock } from "../../server/clock/clock.ts";
import type { Plan } from "../../shared/plan.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { PlanEvaluation, PlanRoutes, StoredPlan } from "../../shared/wire.ts";
import { randomScenario } from "../fixtures/random-scenario.ts";
import { startTestServer, type TestServer } from "./helpers/server-harness.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";

/** 20 Jul 2021 19:00 in Zhengzhou: an hour into the random city's outages (they start 18:00-21:00) */
const NOW_MS = Date.parse("2021-07-20T11:00:00Z");

const assignmentsOf = (plan: Plan) => ({ trucks: plan.trucks.map((t) => ({ id: t.id, stops: t.stops.map((s) => ({ compound: s.compound })) })) });

describe("what-if assignments and plan routes (#16)", function () {
  this.timeout(120_000);
  let t: TestServer;
  let commander: string;
  let viewer: string;
  let scenario: Scenario;
  let incident: string;
  let latest: StoredPlan;

  before(async () => {
    t = await startTestServer(await createPgliteFixture(fakeClock(NOW_MS)));
    commander = (await t.store.createToken({ name: "Commander Li", role: "commander" })).secret;
    viewer = (await t.store.createToken({ name: "Viewer Zhao", role: "viewer" })).secret;
    scenario = randomScenario(3, { compounds: 14, trucks: 4, grid: 5, flood: true });
    incident = (await t.call("POST", "/api/incidents", { token: commander, body: scenario })).body.id;
    const planned = await t.call<StoredPlan>("POST", `/api/incidents/${incident}/plans`, { token: commander, body: { seed: 1 } });
    expect(planned.status, JSON.stringify(planned.body)).to.equal(201);
    latest = planned.body;
  });
  after(async () => t?.close());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const evaluate = (body: unknown, token = commander) => t.call<PlanEvaluation & { error: any }>("POST", `/api/incidents/${incident}/plans/evaluate`, { token, body });

  it("evaluates the latest plan's own assignments to the plan's own figures, storing nothing", async () => {
    const r = await evaluate(assignmentsOf(latest.plan));
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.customerOutageHours).to.be.closeTo(latest.plan.customerOutageHours, 1e-6);
    expect(r.body.latestPlan).to.deep.include({ id: latest.id });
    expect(r.body.deltaCustomerOutageHours).to.be.closeTo(0, 1e-6);
    // the same state as the plan's (no report since): its bound, and the gap above it
    expect(r.body.lowerBound).to.equal(latest.plan.lowerBound);
    expect(r.body.gapCustomerOutageHours).to.be.closeTo(latest.plan.customerOutageHours - latest.plan.lowerBound!, 1e-6);
    // its times are the plan's times
    expect(r.body.trucks.map((x) => x.stops)).to.deep.equal(latest.plan.trucks.map((x) => x.stops));
    expect((await t.call("GET", `/api/incidents/${incident}/plans`, { token: viewer })).body).to.have.length(1);
  });

  it("answers the effect of moving one compound to another truck as a delta against the latest plan", async () => {
    const from = latest.plan.trucks.find((x) => x.stops.length > 0)!;
    const to = latest.plan.trucks.find((x) => x.id !== from.id)!;
    const moved = from.stops[0].compound;
    const body = assignmentsOf(latest.plan);
    body.trucks.find((x) => x.id === from.id)!.stops.shift();
    body.trucks.find((x) => x.id === to.id)!.stops.push({ compound: moved });
    const r = await evaluate(body);
    if (r.status === 422) {
      // that truck cannot get there in time: the refusal names the moved stop
      expect(r.body.error.details.map((d: { path: string }) => d.path)).to.include(`trucks[${body.trucks.findIndex((x) => x.id === to.id)}].stops[${body.trucks.find((x) => x.id === to.id)!.stops.length - 1}].compound`);
      return;
    }
    expect(r.status).to.equal(200);
    expect(r.body.deltaCustomerOutageHours).to.be.closeTo(r.body.customerOutageHours - latest.plan.customerOutageHours, 1e-6);
    // the plan is the search's best: moving a stop by hand never beats its bound
    expect(r.body.gapCustomerOutageHours!).to.be.at.least(0);
  });

  it("answers 422 naming each stop that cannot be driven, 403 to a viewer, 400 to a malformed body", async () => {
    // the compound whose grid returns last, first: after it the truck is free only then, too late for any other
    const last = [...latest.plan.compounds].sort((a, b) => (b.poweredAt ?? "9").localeCompare(a.poweredAt ?? "9"))[0];
    const dark = scenario.compounds.filter((c) => c.substation === "S2" && c.gridRestoredAt === undefined).map((c) => c.id);
    const first = dark[0] ?? last.id;
    const other = scenario.compounds.find((c) => c.id !== first && c.gridRestoredAt !== undefined)!.id;
    const r = await evaluate({ trucks: [
      { id: "T9", stops: [{ compound: "C0" }] },
      { id: "T0", stops: [{ compound: "nowhere" }, { compound: first }, { compound: other }, { compound: first }] },
    ] });
    expect(r.status, JSON.stringify(r.body)).to.equal(422);
    expect(r.body.error.code).to.equal("impossible");
    const details = r.body.error.details as { path: string; message: string }[];
    expect(details.map((d) => d.path)).to.deep.equal(["trucks[0].id", "trucks[1].stops[0].compound", "trucks[1].stops[2].compound", "trucks[1].stops[3].compound"]);
    expect(details[0].message).to.equal("no truck T9 in this incident");
    expect(details[2].message).to.equal(`T0 is not free before the grid of ${other} returns`);
    expect(details[3].message).to.match(/already on T0's route/);
    // #16: each with its rule's stable code, for the board to word in its language
    expect((r.body.error.details as { rule?: string }[]).map((d) => d.rule)).to.deep.equal(["unknown_truck", "unknown_compound", "plan_not_free", "plan_on_route"]);
    expect((await evaluate(assignmentsOf(latest.plan), viewer)).status).to.equal(403);
    const bad = await evaluate({ trucks: [{ id: "T0", stops: [{ compund: "C1" }] }] });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(["trucks[0].stops[0].compound", "trucks[0].stops[0].compund"]);
  });

  it("makes a plan that keeps each pin and never makes a forbidden pair; refuses a pin it cannot keep (422)", async () => {
    // a served compound pinned to another truck that can reach it in time (evaluate says which can), and forbidden
    // to the truck that had it
    const candidates = latest.plan.trucks.flatMap((a) => a.stops.map((s) => ({ a: a.id, compound: s.compound })));
    let chosen: { a: string; b: string; compound: string } | undefined;
    for (const { a, compound } of candidates) {
      for (const b of latest.plan.trucks.filter((x) => x.id !== a && !x.stops.some((s) => s.compound === compound))) {
        if (chosen) break;
        if ((await evaluate({ trucks: [{ id: b.id, stops: [{ compound }] }] })).status === 200) chosen = { a, b: b.id, compound };
      }
    }
    expect(chosen, "a compound another truck can take").to.not.equal(undefined);
    const { a, b, compound } = chosen!;
    const r = await t.call<StoredPlan>("POST", `/api/incidents/${incident}/plans`, { token: commander, body: { seed: 1, pins: [{ truck: b, compound }], forbid: [{ truck: a, compound }] } });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const stopsOf = (id: string) => r.body.plan.trucks.find((x) => x.id === id)!.stops.map((s) => s.compound);
    expect(stopsOf(b)).to.include(compound);
    expect(stopsOf(a)).to.not.include(compound);
    expect(r.body.plan.pins).to.deep.equal([{ truck: b, compound }]);
    expect(r.body.plan.forbid).to.deep.equal([{ truck: a, compound }]);
    const refused = await t.call("POST", `/api/incidents/${incident}/plans`, { token: commander, body: { pins: [{ truck: b, compound: "nowhere" }] } });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(422);
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(["pins[0].compound"]);
    const malformed = await t.call("POST", `/api/incidents/${incident}/plans`, { token: commander, body: { forbid: [{ truck: a }] } });
    expect(malformed.status).to.equal(400);
    expect(malformed.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(["forbid[0].compound"]);
    latest = (await t.call<StoredPlan>("GET", `/api/incidents/${incident}/plans/latest`, { token: viewer })).body;
  });

  it("gives a plan's routes as one LineString per leg along road vertices, with the plan's depart and arrive", async () => {
    const r = await t.call<PlanRoutes>("GET", `/api/incidents/${incident}/plans/${latest.id}/routes`, { token: viewer });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.type).to.equal("FeatureCollection");
    const key = (p: number[]) => `${p[0].toFixed(7)},${p[1].toFixed(7)}`;
    const vertices = new Set(scenario.roads.features.flatMap((f) => (f.geometry.type === "LineString" ? f.geometry.coordinates : f.geometry.coordinates.flat()).map(key)));
    const driven = latest.plan.trucks.flatMap((x) => x.stops.filter((s) => s.depart < s.arrive).map((s) => ({ truck: x.id, compound: s.compound, depart: s.depart, arrive: s.arrive })));
    expect(driven.length).to.be.greaterThan(0);
    expect(r.body.features.map((f) => f.properties)).to.deep.equal(driven);
    const nearestVertex = (p: number[]) => [...vertices].map((v) => v.split(",").map(Number)).sort((u, v) => Math.hypot(u[0] - p[0], u[1] - p[1]) - Math.hypot(v[0] - p[0], v[1] - p[1]))[0];
    for (const f of r.body.features) {
      expect(f.geometry.type).to.equal("LineString");
      expect(f.geometry.coordinates.length).to.be.at.least(2);
      for (const p of f.geometry.coordinates) expect(vertices.has(key(p)), `${key(p)} is a road vertex`).to.equal(true);
      // a leg ends at the road vertex nearest its compound (where the truck leaves the road)
      const c = scenario.compounds.find((x) => x.id === f.properties.compound)!;
      expect(key(f.geometry.coordinates.at(-1)!)).to.equal(key(nearestVertex(c.location)));
    }
    const unknown = await t.call("GET", `/api/incidents/${incident}/plans/nope/routes`, { token: viewer });
    expect(unknown.status).to.equal(404);
  });
});
