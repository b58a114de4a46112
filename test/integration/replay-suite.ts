/**
 * Live replays over HTTP (#6), registered once per store (replay-pglite.test.ts, replay-postgres.test.ts): start,
 * delivery as the (fake) clock advances, pause, resume, speed, seek, determinism, the clock routes' input checks,
 * the incident's present read from its scenario clock, the counterfactual route.
 *
 * The wall clock is the fixture's fake clock: a test moves it, then runs the replay job at once
 * (`server.replays.advance`), which delivers exactly what the scenario clock has reached.
 */
import { expect } from "chai";
import { advanceReplay } from "../../server/replay/advance-replay.ts";
import type { Scenario } from "../../shared/scenario.ts";
import type { ReplayClock } from "../../shared/wire.ts";
import type { StoreFixture } from "./helpers/store-fixtures.ts";
import { startTestServer, type TestServer } from "./helpers/server-harness.ts";
import { tinyScenario } from "./helpers/store-scenario.ts";

const at = (dayHour: string) => `2021-07-${dayHour}:00+08:00`;
const MIN = 60_000;

/** The tiny scenario with what "happened": two trucks dispatched, arriving and switching on, then the grid back. */
export function replayScenario(): Scenario {
  return {
    ...tinyScenario("tiny-replay"),
    name: "Tiny flood (history)",
    events: [
      { type: "truck.dispatched", at: at("25T20:00"), truck: "T1", compound: "C2", source: "test" },
      { type: "truck.arrived", at: at("25T20:20"), truck: "T1", compound: "C2", source: "test" },
      { type: "truck.dispatched", at: at("25T21:00"), truck: "T2", compound: "C1", source: "test" },
      { type: "switched.on", at: at("25T21:20"), truck: "T1", compound: "C2", source: "test" },
      { type: "truck.arrived", at: at("25T21:30"), truck: "T2", compound: "C1", source: "test", assumed: true },
      { type: "switched.on", at: at("25T22:30"), truck: "T2", compound: "C1", source: "test" },
      { type: "substation.restored", at: at("26T18:00"), substation: "S1", source: "test" },
    ],
  };
}

type Row = { seq: number; type: string; at: string; truck?: string; compound?: string; substation?: string };

export function registerReplaySuite(makeFixture: () => Promise<StoreFixture> | StoreFixture): void {
  let t: TestServer;
  let wall: StoreFixture["clock"];
  const tokens = { commander: "", viewer: "" };

  before(async function () {
    this.timeout(120_000);
    const fixture = await makeFixture();
    wall = fixture.clock;
    t = await startTestServer(fixture);
    tokens.commander = (await t.store.createToken({ name: "HQ Chen", role: "commander" })).secret;
    tokens.viewer = (await t.store.createToken({ name: "Wall screen", role: "viewer" })).secret;
  });
  after(async () => t?.close());

  const startReplay = async (body: Record<string, unknown>) => {
    const r = await t.call("POST", "/api/replays", { token: tokens.commander, body: { scenario: replayScenario(), ...body } });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    await t.server.replays.advance(r.body.incident.id);
    return r.body as { incident: { id: string }; clock: ReplayClock };
  };
  const change = async (id: string, body: Record<string, unknown>) => {
    const r = await t.call("POST", `/api/incidents/${id}/replay`, { token: tokens.commander, body });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    await t.server.replays.advance(id);
    return r.body as ReplayClock;
  };
  const tick = async (id: string, wallMs: number) => {
    wall.advance(wallMs);
    await t.server.replays.advance(id);
  };
  const log = async (id: string): Promise<Row[]> => {
    const events = (await t.call("GET", `/api/incidents/${id}/events`, { token: tokens.viewer })).body as Row[];
    return events.map(({ seq, type, at, truck, compound, substation }) => ({ seq, type, at, truck, compound, substation }));
  };
  const types = async (id: string) => (await log(id)).map((e) => `${e.seq} ${e.type} ${e.truck ?? e.substation}`);

  it("starts a replay as a new incident at its first timeline entry and delivers what the clock reached", async () => {
    const { incident, clock } = await startReplay({});
    expect(clock).to.deep.include({
      incident: incident.id, paused: false, speed: 1, scenarioAt: at("25T20:00"),
      startsAt: at("20T18:00"), endsAt: at("26T18:00"), total: 7,
    });
    expect(await types(incident.id)).to.deep.equal(["1 truck.dispatched T1"]);
    // 20 wall minutes at 1× reach 20:20: the arrival
    await tick(incident.id, 20 * MIN);
    expect(await types(incident.id)).to.deep.equal(["1 truck.dispatched T1", "2 truck.arrived T1"]);
    // delivered entries are logged by "replay" and told to the boards
    const stored = (await t.call("GET", `/api/incidents/${incident.id}/events`, { token: tokens.viewer })).body;
    expect(stored.map((e: { by: string }) => e.by)).to.deep.equal(["replay", "replay"]);
    expect(t.notified.events.filter((e) => e.incident === incident.id).map((e) => e.seq)).to.deep.equal([1, 2]);
    const read = await t.call("GET", `/api/incidents/${incident.id}/replay`, { token: tokens.viewer });
    expect(read.body).to.deep.include({ scenarioAt: at("25T20:20"), delivered: 2, total: 7 });
  });

  it("stops delivering while paused and continues from the paused instant on resume", async () => {
    const { incident } = await startReplay({ from: at("25T20:10") });
    const paused = await change(incident.id, { paused: true });
    expect(paused).to.include({ paused: true, scenarioAt: at("25T20:10") });
    await tick(incident.id, 60 * MIN);
    expect(await types(incident.id)).to.deep.equal(["1 truck.dispatched T1"]);
    const resumed = await change(incident.id, { paused: false });
    expect(resumed).to.include({ paused: false, scenarioAt: at("25T20:10") });
    // 10 more wall minutes: 20:20, the arrival
    await tick(incident.id, 10 * MIN);
    expect(await types(incident.id)).to.deep.equal(["1 truck.dispatched T1", "2 truck.arrived T1"]);
    // every change went to the incident's board room
    const clocks = t.notified.clocks.filter((c) => c.incident === incident.id).map((c) => c.paused);
    expect(clocks).to.deep.equal([false, true, false]);
  });

  it("runs at ×10,000: 2.16 wall seconds are 6 scenario hours", async () => {
    const { incident } = await startReplay({ speed: 10_000 });
    // 2 160 ms × 10 000 = 21 600 000 ms = 6 h: 20:00 → 02:00 on the 26th, every entry but the grid's return
    await tick(incident.id, 2_160);
    expect((await log(incident.id)).map((e) => e.type)).to.deep.equal([
      "truck.dispatched", "truck.arrived", "truck.dispatched", "switched.on", "truck.arrived", "switched.on",
    ]);
    const read = (await t.call("GET", `/api/incidents/${incident.id}/replay`, { token: tokens.viewer })).body;
    expect(read).to.include({ scenarioAt: at("26T02:00"), speed: 10_000, delivered: 6 });
    // 16 h more (5.76 s) reach the end: the clock stops there
    await tick(incident.id, 10_000);
    expect((await t.call("GET", `/api/incidents/${incident.id}/replay`, { token: tokens.viewer })).body).to.include({ scenarioAt: at("26T18:00"), delivered: 7 });
  });

  it("seeks forward delivering everything up to the target at once, and back rewinding the log (#16)", async () => {
    const { incident } = await startReplay({ paused: true });
    await change(incident.id, { at: at("25T22:00") });
    expect(await types(incident.id)).to.deep.equal([
      "1 truck.dispatched T1", "2 truck.arrived T1", "3 truck.dispatched T2", "4 switched.on T1", "5 truck.arrived T2",
    ]);
    const forward = await t.call("GET", `/api/incidents/${incident.id}/state`, { token: tokens.viewer });
    expect(forward.body.at).to.equal(at("25T22:00"));
    // T2 arrived at C1 at 21:30 and switches on at 22:30
    expect(forward.body.trucks.find((x: { id: string }) => x.id === "T2").status).to.equal("setting-up");

    const back = await change(incident.id, { at: at("25T20:30") });
    expect(back.scenarioAt).to.equal(at("25T20:30"));
    expect(back).to.include({ rewinds: 1, delivered: 2 });
    // what happened after 20:30 is undone: the log holds the first two entries only
    expect(await types(incident.id)).to.deep.equal(["1 truck.dispatched T1", "2 truck.arrived T1"]);
    const state = await t.call("GET", `/api/incidents/${incident.id}/state`, { token: tokens.viewer });
    expect(state.body.at).to.equal(at("25T20:30"));
    expect(state.body.trucks.find((x: { id: string }) => x.id === "T2").status).to.not.equal("setting-up");
    // and the rules see only that: T2, dispatched to C1 at 21:00 in history, may now be sent to C2 at 20:30
    const redirect = await t.call("POST", `/api/incidents/${incident.id}/events`, {
      token: tokens.commander,
      body: { id: "40000000-0000-4000-8000-000000000001", type: "truck.dispatched", at: at("25T20:30"), truck: "T2", compound: "C2" },
    });
    expect(redirect.status, JSON.stringify(redirect.body)).to.equal(201);
    // forward again: the entries after 20:30 are delivered again, with new seqs (history's dispatch of T2 to C1 at
    // 21:00 goes in as a redirect on the road, so nothing contradicts it; the next test makes an entry contradict)
    const again = await change(incident.id, { at: at("25T21:25") });
    expect(await types(incident.id)).to.deep.equal([
      "1 truck.dispatched T1", "2 truck.arrived T1", "6 truck.dispatched T2", "7 truck.dispatched T2", "8 switched.on T1",
    ]);
    expect(again.skipped ?? []).to.deep.equal([]);
    await change(incident.id, { at: at("25T21:35") });
    expect((await types(incident.id)).slice(5)).to.deep.equal(["9 truck.arrived T2"]);
    // a jump outside the replay's span is refused, naming the span, not clamped
    const out = await t.call("POST", `/api/incidents/${incident.id}/replay`, { token: tokens.commander, body: { at: at("01T00:00") } });
    expect(out.status).to.equal(400);
    expect(out.body.error.details[0]).to.deep.include({ path: "at", rule: "replay_out_of_range", params: { from: at("20T18:00"), to: at("26T18:00") } });
  });

  it("skips an entry that a report made after a jump back contradicts, saying why (#16)", async () => {
    const { incident } = await startReplay({ paused: true });
    await change(incident.id, { at: at("25T21:10") });
    await change(incident.id, { at: at("25T20:10") });
    // the trainee reports T1 broken down at 20:10: history's arrival at 20:20 can no longer be
    const broken = await t.call("POST", `/api/incidents/${incident.id}/events`, {
      token: tokens.commander,
      body: { id: "40000000-0000-4000-8000-000000000002", type: "truck.broken", at: at("25T20:10"), truck: "T1" },
    });
    expect(broken.status, JSON.stringify(broken.body)).to.equal(201);
    const forward = await change(incident.id, { at: at("25T21:10") });
    expect(await types(incident.id)).to.deep.equal(["1 truck.dispatched T1", "4 truck.broken T1", "5 truck.dispatched T2"]);
    expect(forward.skipped?.map((s) => [s.type, s.truck, s.reason.rule])).to.deep.equal([["truck.arrived", "T1", "truck_broken"]]);
    // the reason speaks of trucks and compounds by id in params, never of seqs
    expect(forward.skipped?.[0].reason.params).to.deep.include({ truck: "T1", compound: "C2" });
  });

  it("stamps a report sent while the replay is paused at the paused time, so it counts at once (#16)", async () => {
    const { incident } = await startReplay({ paused: true, from: at("25T20:30") });
    // the phone's clock ran on for 40 minutes while the replay stood still
    const late = await t.call("POST", `/api/incidents/${incident.id}/events`, {
      token: tokens.commander,
      body: { id: "40000000-0000-4000-8000-000000000003", type: "cable.laid", at: at("25T21:10"), truck: "T1", compound: "C2" },
    });
    expect(late.status, JSON.stringify(late.body)).to.equal(201);
    expect(late.body.at).to.equal(at("25T20:30"));
  });

  it("is deterministic: the same speed choices give the same events, however finely the clock is driven", async () => {
    async function drive(stepMs: number): Promise<Omit<Row, "substation">[]> {
      const { incident } = await startReplay({ speed: 60 });
      // 60 wall seconds at ×60 = 1 scenario hour: 20:00 → 21:00; then ×600 for 180 s = 30 h, past the end (18:00)
      for (let done = 0; done < 60_000; done += stepMs) await tick(incident.id, stepMs);
      await change(incident.id, { speed: 600 });
      for (let done = 0; done < 180_000; done += stepMs * 3) await tick(incident.id, stepMs * 3);
      return (await log(incident.id)).map(({ seq, type, at, truck, compound }) => ({ seq, type, at, truck, compound }));
    }
    const coarse = await drive(60_000);
    const fine = await drive(5_000);
    expect(coarse).to.have.length(7);
    expect(fine).to.deep.equal(coarse);
  });

  it("stores each entry once and in order when two servers deliver at the same time", async () => {
    const { incident } = await startReplay({ paused: true });
    await t.call("POST", `/api/incidents/${incident.id}/replay`, { token: tokens.commander, body: { at: at("26T00:00") } });
    const deps = { store: t.store, notifier: t.notified, clock: wall };
    const [a, b] = await Promise.all([advanceReplay(deps, incident.id), advanceReplay(deps, incident.id)]);
    // entries 2-6 were due (entry 1 was delivered at the start): between them the two runs stored each once
    expect((a?.created.length ?? 0) + (b?.created.length ?? 0)).to.be.at.most(5);
    expect(await types(incident.id)).to.deep.equal([
      "1 truck.dispatched T1", "2 truck.arrived T1", "3 truck.dispatched T2", "4 switched.on T1", "5 truck.arrived T2", "6 switched.on T2",
    ]);
  });

  it("skips an entry the event rules refuse (a trainee's report contradicts it) and delivers the rest", async () => {
    const { incident } = await startReplay({ paused: true, from: at("25T20:10") });
    // HQ's trainee reports T1 broken down at 20:05: history's "T1 arrived at 20:20" can no longer be true
    const broken = await t.call("POST", `/api/incidents/${incident.id}/events`, {
      token: tokens.commander,
      body: { id: "30000000-0000-4000-8000-000000000001", type: "truck.broken", at: at("25T20:05"), truck: "T1", compound: "C2" },
    });
    expect(broken.status, JSON.stringify(broken.body)).to.equal(201);
    await change(incident.id, { at: at("25T22:00") });
    // T1's arrival and switch-on are refused; T2's dispatch and arrival go in
    expect(await types(incident.id)).to.deep.equal(["1 truck.dispatched T1", "2 truck.broken T1", "3 truck.dispatched T2", "4 truck.arrived T2"]);
    expect((await t.call("GET", `/api/incidents/${incident.id}/replay`, { token: tokens.viewer })).body).to.include({ delivered: 3, total: 7 });
  });

  it("makes the scenario clock the incident's present: state, and reports from its future are refused", async () => {
    // running (the fake wall clock stands still, so it reads 21:00 throughout); a paused replay stamps instead
    const { incident } = await startReplay({ paused: false, from: at("25T21:00") });
    expect((await t.call("GET", `/api/incidents/${incident.id}/state`, { token: tokens.viewer })).body.at).to.equal(at("25T21:00"));
    // 21:00 + the 10-minute allowance < 21:20: a switch-on at 21:20 is in this incident's future
    const early = await t.call("POST", `/api/incidents/${incident.id}/events`, {
      token: tokens.commander,
      body: { id: "20000000-0000-4000-8000-000000000001", type: "switched.on", at: at("25T21:20"), truck: "T1", compound: "C2" },
    });
    expect(early.status).to.equal(422);
    expect(early.body.error.details[0].path).to.equal("at");
    // and a plan is made at the scenario clock, not at the server's
    const plan = await t.call("POST", `/api/incidents/${incident.id}/plans`, { token: tokens.commander, body: { timeLimitSeconds: 0.2 } });
    expect(plan.status, JSON.stringify(plan.body)).to.equal(201);
    expect(plan.body.plan.at).to.equal(at("25T21:00"));
  });

  it("refuses bad replay requests naming the field, and clock changes from a viewer", async () => {
    const post = (body: unknown) => t.call("POST", "/api/replays", { token: tokens.commander, body });
    const paths = async (body: unknown) => {
      const r = await post(body);
      expect(r.status).to.equal(400);
      return r.body.error.details.map((d: { path: string }) => d.path);
    };
    expect(await paths({ scenario: replayScenario(), speed: 0 })).to.deep.equal(["speed"]);
    expect(await paths({ scenario: replayScenario(), speed: 10_001 })).to.deep.equal(["speed"]);
    expect(await paths({ scenario: replayScenario(), from: "22 July" })).to.deep.equal(["from"]);
    expect(await paths({ speed: 2 })).to.deep.equal(["scenario", "incident"]);
    expect(await paths({ scenario: replayScenario(), incident: "x" })).to.deep.equal(["scenario", "incident"]);
    const { incident } = await startReplay({ paused: true });
    const bad = await t.call("POST", `/api/incidents/${incident.id}/replay`, { token: tokens.commander, body: { at: "noon" } });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details[0].path).to.equal("at");
    const viewer = await t.call("POST", `/api/incidents/${incident.id}/replay`, { token: tokens.viewer, body: { paused: false } });
    expect(viewer.status).to.equal(403);
  });

  it("replays an existing incident's scenario as a new incident; a live incident has no replay clock", async () => {
    const live = await t.call("POST", "/api/incidents", { token: tokens.commander, body: replayScenario() });
    expect((await t.call("GET", `/api/incidents/${live.body.id}/replay`, { token: tokens.viewer })).status).to.equal(404);
    const r = await t.call("POST", "/api/replays", { token: tokens.commander, body: { incident: live.body.id, speed: 100 } });
    expect(r.status).to.equal(201);
    expect(r.body.incident.id).to.not.equal(live.body.id);
    expect(r.body.clock).to.include({ speed: 100, scenarioAt: at("25T20:00"), total: 7 });
  });

  it("resumes running replays when a server starts: one replay job for each replay not paused", async () => {
    const running = (await startReplay({})).incident.id;
    const paused = (await startReplay({ paused: true })).incident.id;
    const resumed = await t.server.replays.resumeRunning();
    expect(resumed).to.include(running);
    expect(resumed).to.not.include(paused);
  });

  it("answers 404 before any counterfactual report, then 202 with a counterfactual job whose report it serves", async function () {
    this.timeout(120_000);
    const { incident } = await startReplay({ paused: true });
    expect((await t.call("GET", `/api/incidents/${incident.id}/counterfactual`, { token: tokens.viewer })).status).to.equal(404);
    const r = await t.call("POST", `/api/incidents/${incident.id}/counterfactual`, { token: tokens.commander, body: { timeLimitMs: 200, seed: 1 } });
    expect(r.status, JSON.stringify(r.body)).to.equal(202);
    expect(r.body).to.include({ kind: "counterfactual", incident: incident.id });
    const report = await eventually(async () => {
      const read = await t.call("GET", `/api/incidents/${incident.id}/counterfactual`, { token: tokens.viewer });
      return read.status === 200 ? read : null;
    });
    expect(report.body.scenario).to.equal("tiny-replay");
    expect(report.body.compounds.map((c: { id: string }) => c.id)).to.have.members(["C1", "C2"]);
    // the board heard the job start, say what it was doing, and complete
    const updates = t.notified.jobs.filter((j) => j.id === r.body.id);
    expect(updates.map((j) => j.state)).to.include.members(["queued", "active", "completed"]);
    expect(updates.some((j) => j.state === "active" && typeof j.message === "string" && j.message.length > 0)).to.equal(true);
    // savedCustomerOutageHours is historical − planned
    expect(report.body.savedCustomerOutageHours).to.be.closeTo(report.body.historical.customerOutageHours - report.body.planned.customerOutageHours, 1e-6);
  });
}

/** Polls until `read` gives a value (a background job's result); fails after `tries`. */
async function eventually<T>(read: () => Promise<T | null>, tries = 600): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await read();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("gave up waiting");
}
