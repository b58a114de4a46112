/**
 * Exercises over HTTP (#18 item 1), on the embedded store with a fake wall clock (the scenario clock moves only when
 * HQ seeks it): the exercise replays only the world's timeline, the trainee's token is a commander's limited to the
 * exercise, the fleet moves by the plan the trainee approves (its steps stored at their planned times as the clock
 * passes them), and HQ keeps the clock and injects events.
 */
import { expect } from "chai";
import type { StoredEvent } from "../../shared/events.ts";
import { t as at, tinyScenario } from "../../shared/restoration/tiny-scenario.fixture.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { JobStatus, StoredPlan } from "../../shared/wire.ts";
import type { StartedExercise } from "../../server/exercises/exercise-service.ts";
import type { ExerciseScore } from "../../server/exercises/exercise-score.ts";
import { makeFixtureClock, startTestServer, type TestServer } from "./helpers/server-harness.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";

/** the tiny scenario with a history: T1 powered B on 20 Jul, A's grid came back 22 Jul 00:00 (+08:00) */
function scenarioWithHistory(): Scenario {
  return {
    ...tinyScenario(),
    events: [
      { type: "truck.dispatched", at: at("20T00:30"), truck: "T1", compound: "B", source: "test" },
      { type: "truck.arrived", at: at("20T01:30"), truck: "T1", compound: "B", source: "test" },
      { type: "switched.on", at: at("20T02:00"), truck: "T1", compound: "B", source: "test" },
      { type: "grid.restored", at: at("22T00:00"), compound: "A", source: "test" },
    ],
  };
}

describe("exercises API (#18)", function () {
  this.timeout(120_000);
  let t: TestServer;
  let hq: string;
  let started: StartedExercise;
  let id: string;
  let plan: StoredPlan;

  const seek = async (iso: string) => {
    const r = await t.call("POST", `/api/incidents/${id}/replay`, { token: hq, body: { at: iso } });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    await t.server.replays.advance(id);
  };
  const log = async () => (await t.call<StoredEvent[]>("GET", `/api/incidents/${id}/events`, { token: hq })).body;
  /** the scorecard of the exercise as it stands: while the score job computes it, wait on that job and ask again */
  const scoreOf = async (ex: string, token: string): Promise<ExerciseScore> => {
    for (;;) {
      const r = await t.call<ExerciseScore & { stale?: true; job?: JobStatus }>("GET", `/api/exercises/${ex}/score`, { token });
      if (r.status === 202) await t.jobs.wait((r.body as unknown as JobStatus).id);
      else if (r.body.stale) await t.jobs.wait(r.body.job!.id);
      else {
        expect(r.status, JSON.stringify(r.body)).to.equal(200);
        return r.body;
      }
    }
  };

  before(async () => {
    t = await startTestServer(await createPgliteFixture(makeFixtureClock()));
    hq = (await t.store.createToken({ name: "HQ Chen", role: "commander" })).secret;
    const r = await t.call<StartedExercise>("POST", "/api/exercises", { token: hq, body: { scenario: scenarioWithHistory(), paused: true, trainee: { name: "Trainee Wang" } } });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    started = r.body;
    id = started.exercise.id;
  });
  after(async () => t?.close());

  it("makes a paused replay of the world's timeline only, starting at the history's first entry, and a trainee token limited to it", async () => {
    expect(started.clock.paused).to.equal(true);
    expect(started.clock.scenarioAt).to.equal("2021-07-20T00:30:00+08:00");
    // the exercise runs to the horizon, past the world's last entry, so an approved plan can play out
    expect(started.clock.endsAt).to.equal("2021-07-26T00:00:00+08:00");
    expect(started.trainee.token).to.deep.include({ role: "commander", name: "Trainee Wang", incident: id });
    const detail = await t.call("GET", `/api/incidents/${id}`, { token: started.trainee.secret });
    expect(detail.body.scenario.events.map((e: { type: string }) => e.type)).to.deep.equal(["grid.restored"]);
    expect(detail.body.scenario.exercise.trainee.name).to.equal("Trainee Wang");
    const list = await t.call("GET", "/api/incidents", { token: started.trainee.secret });
    expect(list.body.map((i: { id: string }) => i.id)).to.deep.equal([id]);
  });

  it("moves no truck while the trainee does nothing: history's dispatch of T1 is not replayed", async () => {
    await seek(at("20T03:00"));
    expect(await log()).to.deep.equal([]);
    const state = (await t.call<IncidentState>("GET", `/api/incidents/${id}/state`, { token: hq })).body;
    expect(state.compounds.map((c) => c.status)).to.deep.equal(["dark", "dark"]);
  });

  it("plays the trainee's approved plan out in scenario time: each step stored at its planned time once the clock passes it", async () => {
    const planned = await t.call<StoredPlan>("POST", `/api/incidents/${id}/plans`, { token: started.trainee.secret, body: { seed: 1 } });
    expect(planned.status, JSON.stringify(planned.body)).to.equal(201);
    plan = planned.body;
    expect(plan.plan.at).to.equal("2021-07-20T03:00:00+08:00");
    const stops = plan.plan.trucks.flatMap((tr) => tr.stops.map((s) => ({ truck: tr.id, ...s })));
    expect(stops.length).to.be.greaterThan(0);
    const approved = await t.call("POST", `/api/incidents/${id}/plans/${plan.id}/approve`, { token: started.trainee.secret });
    expect(approved.status, JSON.stringify(approved.body)).to.equal(200);
    // only what the plan does at its own instant (a departure at 03:00) is due at once
    expect((await log()).every((e) => Date.parse(e.at) <= Date.parse(at("20T03:00")))).to.equal(true);
    await seek(at("21T06:00"));
    const steps = (await log()).filter((e) => e.truck !== undefined).map((e) => [e.type, e.truck, e.compound, Date.parse(e.at)]);
    const expected = stops.filter((s) => Date.parse(s.switchOn) <= Date.parse(at("21T06:00"))).flatMap((s) => [
      ["truck.dispatched", s.truck, s.compound, Date.parse(s.depart)],
      ["truck.arrived", s.truck, s.compound, Date.parse(s.arrive)],
      ["switched.on", s.truck, s.compound, Date.parse(s.switchOn)],
    ]);
    expect(expected.length).to.be.greaterThan(0);
    expect(steps).to.deep.include.members(expected);
    const state = (await t.call<IncidentState>("GET", `/api/incidents/${id}/state`, { token: hq })).body;
    for (const s of stops.filter((x) => Date.parse(x.switchOn) <= Date.parse(at("21T06:00")))) {
      expect(state.compounds.find((c) => c.id === s.compound)?.status).to.be.oneOf(["generator", "partial", "grid"]);
    }
  });

  it("computes the scorecard in the score job, not on the request: 202 with the job first, then the scorecard up to the exercise's present", async () => {
    const first = await t.call<JobStatus>("GET", `/api/exercises/${id}/score`, { token: started.trainee.secret });
    expect(first.status, JSON.stringify(first.body)).to.equal(202);
    expect(first.body).to.deep.include({ kind: "score", incident: id });
    expect(first.body.state).to.be.oneOf(["queued", "active"]);
    // the report has nothing to print yet either: the same job (unless that job has already finished: then the page)
    const early = await fetch(`${t.base}/api/exercises/${id}/report`, { headers: { authorization: `Bearer ${hq}` } });
    if (early.status === 202) expect(((await early.json()) as JobStatus).id).to.equal(first.body.id);
    else {
      expect(early.status).to.equal(200);
      expect(early.headers.get("content-type")).to.match(/^text\/html/);
      expect((await t.call<JobStatus>("GET", `/api/jobs/${first.body.id}`, { token: hq })).body.state).to.equal("completed");
    }
    await t.jobs.wait(first.body.id);
    const r = await t.call<ExerciseScore & { stale?: true }>("GET", `/api/exercises/${id}/score`, { token: started.trainee.secret });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.stale).to.equal(undefined);
    const f = r.body.figures;
    expect(r.body.at).to.equal("2021-07-21T06:00:00+08:00");
    for (const x of [f.trainee, f.history, f.plannerWithoutForesight, f.plannerWithForesight, f.noTrucks]) {
      expect(x.customerOutageHours).to.be.at.least(f.lowerBound.customerOutageHours - 1e-9);
      expect(x.householdHours).to.be.at.least(f.lowerBound.householdHours - 1e-9);
    }
    // the decision: the trainee approved the planner's plan of that state, so it is the planner's answer
    expect(r.body.decisions).to.have.length(1);
    expect(r.body.decisions[0].at).to.equal("2021-07-20T03:00:00+08:00");
    // (within 1%: the plan job's plan is searched on the wall clock, the answer on a budget in ticks)
    const d = r.body.decisions[0];
    expect(Math.abs(d.deltaCustomerOutageHours), JSON.stringify(d)).to.be.at.most(0.01 * d.plannerCustomerOutageHours);
    const report = await fetch(`${t.base}/api/exercises/${id}/report`, { headers: { authorization: `Bearer ${hq}` } });
    expect(report.headers.get("content-type")).to.include("text/html");
    expect(await report.text()).to.include("Trainee Wang").and.include("customer-h").and.include("下界");
  });

  it("keeps the clock and the world HQ's: the trainee cannot pause or seek it, start exercises or report a grid return", async () => {
    const r = await t.call("POST", `/api/incidents/${id}/replay`, { token: started.trainee.secret, body: { paused: false } });
    expect(r.status).to.equal(403);
    const s = await t.call("POST", "/api/exercises", { token: started.trainee.secret, body: { scenario: scenarioWithHistory(), trainee: { name: "x" } } });
    expect(s.status).to.equal(403);
    // nor report the world's events: a grid return is HQ's to inject
    const g = await t.call("POST", `/api/incidents/${id}/events`, { token: started.trainee.secret, body: { id: crypto.randomUUID(), type: "grid.restored", compound: "A", at: at("21T06:00") } });
    expect(g.status).to.equal(403);
    expect(g.body.error.details[0].path).to.equal("type");
  });

  it("lets HQ inject a breakdown through the event log", async () => {
    const truck = plan.plan.trucks.find((tr) => tr.stops.length > 0)!.id;
    const r = await t.call("POST", `/api/incidents/${id}/events`, { token: hq, body: { id: crypto.randomUUID(), type: "truck.broken", truck, at: at("21T06:00"), note: "HQ inject" } });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const state = (await t.call<IncidentState>("GET", `/api/incidents/${id}/state`, { token: started.trainee.secret })).body;
    expect(state.trucks.find((x) => x.id === truck)?.status).to.equal("broken");
    // the scorecard before the breakdown is answered at once, marked stale, while the score job computes the next
    const before = await t.call<ExerciseScore & { stale?: true; job?: JobStatus }>("GET", `/api/exercises/${id}/score`, { token: hq });
    expect(before.status).to.equal(200);
    expect(before.body.stale).to.equal(true);
    expect(before.body.job).to.deep.include({ kind: "score", incident: id });
    const next = await scoreOf(id, hq);
    expect(next.basedOnSeq).to.be.greaterThan(before.body.basedOnSeq);
  });

  it("scores a trainee who does nothing at the no-truck outage, and one who approves the planner's plans within 1% of the planner without foresight", async () => {
    const start = async (name: string) => {
      const r = await t.call<StartedExercise>("POST", "/api/exercises", { token: hq, body: { scenario: scenarioWithHistory(), from: at("20T00:00"), paused: true, trainee: { name } } });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      return r.body;
    };
    const seekTo = async (ex: string, iso: string) => {
      expect((await t.call("POST", `/api/incidents/${ex}/replay`, { token: hq, body: { at: iso } })).status).to.equal(200);
      await t.server.replays.advance(ex);
    };
    const idle = await start("Trainee Idle");
    await seekTo(idle.exercise.id, at("21T06:00"));
    const idleScore = await scoreOf(idle.exercise.id, idle.trainee.secret);
    // no truck moves: A 100 households × 30 h (20 Jul 00:00 to 21 Jul 06:00) + B 50 × 30 h = 4,500 customer-h
    expect(idleScore.figures.trainee.customerOutageHours).to.be.closeTo(4500, 1e-6);
    expect(idleScore.figures.noTrucks.customerOutageHours).to.be.closeTo(4500, 1e-6);
    // the planner's bound up to 21 Jul 06:00 (30 h), far tighter than "outage until the first truck + 10 min" (25):
    // a truck stays where it switches on until the grid returns (here: past 06:00), so T1 (100 kW) saves at most one
    // compound's worth, B in full or half of A (200 kW), 50 households × (30 h − 10 min on site) = 1,491.7
    // customer-h, and T2 (arrives 21 Jul 00:00) at most 100 households × (6 h − 10 min) = 583.3 customer-h; so no
    // plan saves more than 2,075 and the outage is at least 4,500 − 2,075 = 2,425 customer-h, which the bound
    // (driving times on top) reaches
    const bound = idleScore.figures.lowerBound;
    expect(bound.customerOutageHours).to.be.at.least(2425 - 1e-6).and.at.most(idleScore.figures.trainee.customerOutageHours);
    // every priority is 1: the unweighted bound is the same
    expect(bound.householdHours).to.be.closeTo(bound.customerOutageHours, 1e-6);
    expect(idleScore.decisions).to.deep.equal([]);

    // the counterfactual decides at the first outage (20 Jul 00:00) and when T2 arrives (21 Jul 00:00): so does the trainee
    const keen = await start("Trainee Keen");
    const ex = keen.exercise.id;
    for (const when of [at("20T00:00"), at("21T00:00")]) {
      await seekTo(ex, when);
      const plan = await t.call<StoredPlan>("POST", `/api/incidents/${ex}/plans`, { token: keen.trainee.secret, body: { seed: 1 } });
      expect(plan.status, JSON.stringify(plan.body)).to.equal(201);
      expect((await t.call("POST", `/api/incidents/${ex}/plans/${plan.body.id}/approve`, { token: keen.trainee.secret })).status).to.equal(200);
      await t.server.replays.advance(ex);
    }
    for (const until of [at("21T06:00"), at("23T00:00")]) {
      await seekTo(ex, until);
      const s = await scoreOf(ex, keen.trainee.secret);
      const planner = s.figures.plannerWithoutForesight.customerOutageHours;
      expect(Math.abs(s.figures.trainee.customerOutageHours - planner) / planner, JSON.stringify(s.figures)).to.be.at.most(0.01);
      for (const x of Object.values(s.figures)) expect(x.customerOutageHours).to.be.at.least(s.figures.lowerBound.customerOutageHours - 1e-9);
      // the trainee approved the planner's plans: each is the planner's answer at its moment, up to the search: the
      // plan job plans on the wall clock (and the second as a re-plan of the first, with a churn penalty), the
      // scorecard's answer is a full plan on a budget in ticks, so within the 1%, not to the digit
      expect(s.decisions.map((d) => d.at)).to.deep.equal([at("20T00:00"), at("21T00:00")]);
      for (const d of s.decisions) expect(Math.abs(d.deltaCustomerOutageHours), JSON.stringify(d)).to.be.at.most(0.01 * d.plannerCustomerOutageHours);
    }
  });

  it("measures a decision against the planner's answer from the same state: a plan that keeps T1 idle loses what T1 saves", async () => {
    const r = await t.call<StartedExercise>("POST", "/api/exercises", { token: hq, body: { scenario: scenarioWithHistory(), from: at("20T00:00"), paused: true, trainee: { name: "Trainee Stubborn" } } });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const ex = r.body.exercise.id;
    const token = r.body.trainee.secret;
    // T1 may go nowhere (T2 is not there yet at 20 Jul 00:00): the plan is T1 idle until the next decision
    const forbid = [{ truck: "T1", compound: "A" }, { truck: "T1", compound: "B" }];
    const planned = await t.call<StoredPlan>("POST", `/api/incidents/${ex}/plans`, { token, body: { seed: 1, forbid } });
    expect(planned.status, JSON.stringify(planned.body)).to.equal(201);
    expect((await t.call("POST", `/api/incidents/${ex}/plans/${planned.body.id}/approve`, { token })).status).to.equal(200);
    expect((await t.call("POST", `/api/incidents/${ex}/replay`, { token: hq, body: { at: at("21T06:00") } })).status).to.equal(200);
    await t.server.replays.advance(ex);
    const [d] = (await scoreOf(ex, token)).decisions;
    expect(d.at).to.equal(at("20T00:00"));
    expect(d.customerOutageHours).to.equal(planned.body.plan.customerOutageHours);
    // the planner, free to send T1 from 20 Jul 00:00 (A at 0.9 km or B: 50 households' worth for some 129 h up to
    // the horizon), does far better than keeping it idle
    expect(d.plannerCustomerOutageHours).to.be.lessThan(d.customerOutageHours - 1000);
    expect(d.deltaCustomerOutageHours).to.be.closeTo(d.customerOutageHours - d.plannerCustomerOutageHours, 1e-9);
  });

  it("names the field of a bad request", async () => {
    const r = await t.call("POST", "/api/exercises", { token: hq, body: { scenario: scenarioWithHistory() } });
    expect(r.status).to.equal(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).to.include("trainee");
  });
});
