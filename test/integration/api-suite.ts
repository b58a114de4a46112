/**
 * The HTTP API contract (issue #4), registered once per store: the same cases run on the embedded PGlite and on
 * PostgreSQL (api-pglite.test.ts, api-postgres.test.ts).
 */
import { expect } from "chai";
import type { StoreFixture } from "./helpers/store-fixtures.ts";
import { startTestServer, type TestServer } from "./helpers/server-harness.ts";
import { tinyScenario } from "./helpers/store-scenario.ts";

const at = (dayHour: string) => `2021-07-${dayHour}:00+08:00`;
let n = 0;
/** deterministic UUID-shaped ids: a test never depends on randomness */
const uuid = () => `10000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;

export function registerApiSuite(makeFixture: () => Promise<StoreFixture> | StoreFixture): void {
  let t: TestServer;
  let incident: string;
  let other: string;
  const tokens = { commander: "", viewer: "", crewT1: "", scoped: "" };

  before(async function () {
    this.timeout(120_000);
    t = await startTestServer(await makeFixture());
    tokens.commander = (await t.store.createToken({ name: "Commander Li", role: "commander" })).secret;
    tokens.viewer = (await t.store.createToken({ name: "Viewer Zhao", role: "viewer" })).secret;
    const created = await t.call("POST", "/api/incidents", { token: tokens.commander, body: tinyScenario() });
    expect(created.status).to.equal(201);
    incident = created.body.id;
    other = (await t.call("POST", "/api/incidents", { token: tokens.commander, body: tinyScenario("other") })).body.id;
    tokens.crewT1 = (await t.store.createToken({ name: "Crew Wang", role: "crew", incident, trucks: ["T1"] })).secret;
    tokens.scoped = (await t.store.createToken({ name: "Other viewer", role: "viewer", incident: other })).secret;
  });
  after(async () => t?.close());

  /** each test gets its own incident so their logs cannot interfere */
  async function freshIncident(): Promise<string> {
    const r = await t.call("POST", "/api/incidents", { token: tokens.commander, body: tinyScenario() });
    return r.body.id;
  }
  const report = (type: string, dayHour: string, extra: Record<string, unknown> = {}) => ({ id: uuid(), type, at: at(dayHour), ...extra });
  const post = (id: string, body: unknown, token = tokens.commander) => t.call("POST", `/api/incidents/${id}/events`, { token, body });

  describe("incidents", () => {
    it("creates an incident from a scenario (201 { id }) that any role can list and read", async () => {
      const list = await t.call("GET", "/api/incidents", { token: tokens.viewer });
      expect(list.status).to.equal(200);
      expect(list.body.map((i: { id: string }) => i.id)).to.include.members([incident, other]);
      const one = await t.call("GET", `/api/incidents/${incident}`, { token: tokens.crewT1 });
      expect(one.status).to.equal(200);
      expect(one.body.scenario.compounds).to.have.length(2);
    });

    it("refuses a bad scenario with 400 naming every bad field", async () => {
      const doc = tinyScenario();
      Object.assign(doc.compounds[0], { households: -3 });
      Object.assign(doc.compounds[1], { substation: "S9" });
      Object.assign(doc.trucks[0], { availableAt: "tomorrow" });
      const r = await t.call("POST", "/api/incidents", { token: tokens.commander, body: doc });
      expect(r.status).to.equal(400);
      expect(r.body.error.code).to.equal("invalid_input");
      expect(r.body.error.details.map((d: { path: string }) => d.path)).to.include.members(["compounds[0].households", "compounds[1].substation", "trucks[0].availableAt"]);
    });

    it("limits a token scoped to one incident to that incident (list filtered, others 403)", async () => {
      const list = await t.call("GET", "/api/incidents", { token: tokens.scoped });
      expect(list.body.map((i: { id: string }) => i.id)).to.deep.equal([other]);
      const r = await t.call("GET", `/api/incidents/${incident}/state`, { token: tokens.scoped });
      expect(r.status).to.equal(403);
      expect(r.body.error.code).to.equal("forbidden");
    });

    it("answers 404 for an unknown incident, plan or route", async () => {
      expect((await t.call("GET", "/api/incidents/nope", { token: tokens.viewer })).status).to.equal(404);
      expect((await t.call("GET", `/api/incidents/${incident}/plans/latest`, { token: tokens.viewer })).status).to.equal(404);
      const r = await t.call("POST", `/api/incidents/${incident}/plans/nope/approve`, { token: tokens.commander });
      expect(r.status).to.equal(404);
      expect(r.body.error).to.include({ code: "not_found" });
      expect((await t.call("GET", "/api/nothing-here", { token: tokens.viewer })).status).to.equal(404);
    });
  });

  describe("authentication and roles", () => {
    it("answers 401 without a token, with an unknown token or a non-Bearer header", async () => {
      for (const r of [
        await t.call("GET", "/api/incidents"),
        await t.call("GET", "/api/incidents", { token: "lx_not-a-token" }),
        await fetch(`${t.base}/api/incidents`, { headers: { authorization: `Basic ${tokens.viewer}` } }).then(async (x) => ({ status: x.status, body: await x.json() })),
      ]) {
        expect(r.status).to.equal(401);
        expect(r.body.error.code).to.equal("unauthorized");
      }
    });

    it("answers 403 to a viewer reporting, planning or creating, and to a crew planning or creating", async () => {
      const attempts = [
        await post(incident, report("truck.dispatched", "25T20:30", { truck: "T1", compound: "C1" }), tokens.viewer),
        await t.call("POST", `/api/incidents/${incident}/plans`, { token: tokens.viewer }),
        await t.call("POST", `/api/incidents/${incident}/plans`, { token: tokens.crewT1 }),
        await t.call("POST", "/api/incidents", { token: tokens.crewT1, body: tinyScenario() }),
        await t.call("POST", "/api/incidents", { token: tokens.viewer, body: tinyScenario() }),
      ];
      expect(attempts.map((r) => r.status)).to.deep.equal([403, 403, 403, 403, 403]);
    });

    it("lets a crew report only steps of the trucks in its scope, in its incident", async () => {
      const own = await post(incident, report("truck.dispatched", "25T20:30", { truck: "T1", compound: "C1" }), tokens.crewT1);
      expect(own.status).to.equal(201);
      expect(own.body.by).to.equal("Crew Wang");
      const otherTruck = await post(incident, report("truck.dispatched", "25T21:30", { truck: "T2", compound: "C2" }), tokens.crewT1);
      expect(otherTruck.status).to.equal(403);
      expect(otherTruck.body.error.details).to.deep.equal([{ path: "truck", message: "not one of T1" }]);
      const notATruck = await post(incident, report("grid.restored", "25T22:00", { compound: "C1" }), tokens.crewT1);
      expect(notATruck.status).to.equal(403);
      const otherIncident = await post(other, report("truck.dispatched", "25T20:30", { truck: "T1", compound: "C1" }), tokens.crewT1);
      expect(otherIncident.status).to.equal(403);
    });

    it("tells a token who it is (GET /api/me)", async () => {
      const r = await t.call("GET", "/api/me", { token: tokens.crewT1 });
      expect(r.body).to.deep.equal({ name: "Crew Wang", role: "crew", incident, trucks: ["T1"] });
    });
  });

  describe("events", () => {
    it("stores a report and answers 201 with it and its seq, then lists in seq order (after=seq too)", async () => {
      const id = await freshIncident();
      const bodies = [
        report("truck.dispatched", "25T20:10", { truck: "T1", compound: "C2" }),
        report("truck.arrived", "25T20:40", { truck: "T1", compound: "C2" }),
        report("cable.laid", "25T21:00", { truck: "T1", compound: "C2" }),
        report("switched.on", "25T21:20", { truck: "T1", compound: "C2", note: "合闸送电" }),
      ];
      for (const [i, b] of bodies.entries()) {
        const r = await post(id, b);
        expect(r.status).to.equal(201);
        expect(r.body).to.include({ ...b, incident: id, seq: i + 1, by: "Commander Li" });
      }
      const all = await t.call("GET", `/api/incidents/${id}/events`, { token: tokens.viewer });
      expect(all.body.map((e: { seq: number }) => e.seq)).to.deep.equal([1, 2, 3, 4]);
      const later = await t.call("GET", `/api/incidents/${id}/events?after=2`, { token: tokens.viewer });
      expect(later.body.map((e: { id: string }) => e.id)).to.deep.equal([bodies[2].id, bodies[3].id]);
      // past any seq the store can hold (a 32-bit integer): nothing after it, not a 500
      const beyond = await t.call("GET", `/api/incidents/${id}/events?after=99999999999999999999`, { token: tokens.viewer });
      expect(beyond.status).to.equal(200);
      expect(beyond.body).to.deep.equal([]);
    });

    it("stores the same report sent 10 times concurrently once: one 201, nine 200 with the same stored event", async () => {
      const id = await freshIncident();
      const before = t.notified.events.length;
      const body = report("truck.dispatched", "25T20:30", { truck: "T2", compound: "C1" });
      const replies = await Promise.all(Array.from({ length: 10 }, () => post(id, body)));
      expect(replies.map((r) => r.status).sort()).to.deep.equal([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      for (const r of replies) expect(r.body).to.deep.equal(replies[0].body);
      const events = (await t.call("GET", `/api/incidents/${id}/events`, { token: tokens.viewer })).body;
      expect(events).to.have.length(1);
      // the board is told once, after the commit
      expect(t.notified.events.length - before).to.equal(1);
    });

    it("gives distinct concurrent reports distinct, gap-free seqs", async () => {
      const id = await freshIncident();
      const replies = await Promise.all(
        Array.from({ length: 8 }, (_, i) => post(id, report("road.closed", "25T20:00", { zone: square(i) }))),
      );
      expect(replies.map((r) => r.status)).to.deep.equal(Array(8).fill(201));
      expect(replies.map((r) => r.body.seq).sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it("answers 409 when a report id arrives again with different content", async () => {
      const id = await freshIncident();
      const body = report("truck.dispatched", "25T20:30", { truck: "T1", compound: "C1" });
      expect((await post(id, body)).status).to.equal(201);
      const r = await post(id, { ...body, compound: "C2" });
      expect(r.status).to.equal(409);
      expect(r.body.error.code).to.equal("conflict");
    });

    it("answers 422 with the reason for impossible steps", async () => {
      const id = await freshIncident();
      const onBeforeArrive = await post(id, report("switched.on", "25T21:00", { truck: "T1", compound: "C1" }));
      expect(onBeforeArrive.status).to.equal(422);
      expect(onBeforeArrive.body.error).to.include({ code: "impossible" });
      expect(onBeforeArrive.body.error.message).to.match(/not dispatched to C1/);
      const unknown = await post(id, report("truck.dispatched", "25T21:00", { truck: "T1", compound: "C9" }));
      expect(unknown.status).to.equal(422);
      // #16: with the rule's stable code and what it names, for a client to word in its language
      expect(unknown.body.error.details).to.deep.equal([{ path: "compound", message: 'unknown compound "C9"', rule: "unknown_compound", params: { compound: "C9" } }]);
      for (const b of [
        report("truck.dispatched", "25T20:10", { truck: "T1", compound: "C2" }),
        report("truck.arrived", "25T20:40", { truck: "T1", compound: "C2" }),
        report("switched.on", "25T21:20", { truck: "T1", compound: "C2" }),
      ]) expect((await post(id, b)).status).to.equal(201);
      const twoPlaces = await post(id, report("truck.dispatched", "25T22:00", { truck: "T1", compound: "C1" }));
      expect(twoPlaces.status).to.equal(422);
      expect(twoPlaces.body.error.message).to.match(/two places/);
    });

    it("accepts a step delivered late when it fits where it happened in the field", async () => {
      const id = await freshIncident();
      for (const b of [
        report("truck.dispatched", "25T20:10", { truck: "T1", compound: "C2" }),
        report("truck.arrived", "25T20:40", { truck: "T1", compound: "C2" }),
        report("switched.on", "25T21:20", { truck: "T1", compound: "C2" }),
      ]) expect((await post(id, b)).status).to.equal(201);
      const late = await post(id, report("cable.laid", "25T21:00", { truck: "T1", compound: "C2" }), tokens.commander);
      expect(late.status).to.equal(201);
      expect(late.body.seq).to.equal(4);
    });

    it("answers 400 naming the bad fields, and to malformed JSON or a bad query", async () => {
      const bad = await post(incident, { id: "nope", type: "switched.on", at: "yesterday" });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.have.members(["id", "at", "truck", "compound"]);
      const malformed = await t.call("POST", `/api/incidents/${incident}/events`, { token: tokens.commander, raw: '{"id": ' });
      expect(malformed.status).to.equal(400);
      expect(malformed.body.error.code).to.equal("invalid_input");
      expect((await t.call("GET", `/api/incidents/${incident}/events?after=x`, { token: tokens.viewer })).status).to.equal(400);
      expect((await t.call("GET", `/api/incidents/${incident}/state?at=noon`, { token: tokens.viewer })).status).to.equal(400);
    });
  });

  describe("state and plans", () => {
    it("derives the state at any instant from the log", async () => {
      const id = await freshIncident();
      for (const b of [
        report("truck.dispatched", "25T20:10", { truck: "T2", compound: "C1" }),
        report("truck.arrived", "25T20:40", { truck: "T2", compound: "C1" }),
        report("switched.on", "25T21:00", { truck: "T2", compound: "C1" }),
      ]) expect((await post(id, b)).status).to.equal(201);
      // an unencoded "+" arrives as a space: the server reads it as the offset it was
      const later = await t.call("GET", `/api/incidents/${id}/state?at=2021-07-25T22:00:00+08:00`, { token: tokens.viewer });
      expect(later.status).to.equal(200);
      const c1 = later.body.compounds.find((c: { id: string }) => c.id === "C1");
      // T2 800 kW ≥ C1 400 kW: fully fed; outage 20 Jul 18:00 → 25 Jul 21:00 = 123 h
      expect(c1).to.include({ status: "generator", outageHours: 123, households: 1200 });
      expect(c1.servedBy).to.deep.equal(["T2"]);
      expect(later.body.trucks).to.deep.include({ id: "T2", status: "connected", compound: "C1", since: "2021-07-25T21:00:00+08:00" });
      const earlier = await t.call("GET", `/api/incidents/${id}/state?at=${encodeURIComponent(at("25T20:50"))}`, { token: tokens.viewer });
      expect(earlier.body.compounds.find((c: { id: string }) => c.id === "C1").status).to.equal("dark");
      expect(earlier.body.trucks.find((x: { id: string }) => x.id === "T2").status).to.equal("setting-up");
    });

    it("plans from the current state, keeps connections, and approves only the latest plan", async function () {
      this.timeout(60_000);
      const id = await freshIncident();
      for (const b of [
        report("truck.dispatched", "25T20:10", { truck: "T2", compound: "C1" }),
        report("truck.arrived", "25T20:40", { truck: "T2", compound: "C1" }),
        report("switched.on", "25T21:00", { truck: "T2", compound: "C1" }),
      ]) await post(id, b);
      const first = await t.call("POST", `/api/incidents/${id}/plans`, { token: tokens.commander, body: { at: at("25T22:00"), seed: 7 } });
      expect(first.status, JSON.stringify(first.body)).to.equal(201);
      expect(first.body).to.include({ incident: id, status: "proposed", basedOnSeq: 3 });
      // the connected truck keeps C1
      const t2 = first.body.plan.trucks.find((x: { id: string }) => x.id === "T2");
      expect(t2.stops[0]).to.include({ compound: "C1" });
      expect(t.notified.plans.at(-1)?.id).to.equal(first.body.id);
      const second = await t.call("POST", `/api/incidents/${id}/plans`, { token: tokens.commander, body: { at: at("25T22:00") } });
      // a re-plan starts from the latest plan: with no news in the log, no truck changes its compounds
      const assignments = (p: { trucks: { id: string; stops: { compound: string }[] }[] }) => p.trucks.map((x) => `${x.id}:${x.stops.map((s) => s.compound).join(",")}`);
      expect(assignments(second.body.plan)).to.deep.equal(assignments(first.body.plan));
      expect((await t.call("GET", `/api/incidents/${id}/plans/latest`, { token: tokens.viewer })).body.id).to.equal(second.body.id);
      const history = await t.call("GET", `/api/incidents/${id}/plans`, { token: tokens.viewer });
      expect(history.body.map((p: { id: string }) => p.id)).to.deep.equal([second.body.id, first.body.id]);
      const stale = await t.call("POST", `/api/incidents/${id}/plans/${first.body.id}/approve`, { token: tokens.commander });
      expect(stale.status).to.equal(409);
      const ok = await t.call("POST", `/api/incidents/${id}/plans/${second.body.id}/approve`, { token: tokens.commander });
      expect(ok.status).to.equal(200);
      expect(ok.body).to.include({ status: "approved", approvedBy: "Commander Li" });
      const bad = await t.call("POST", `/api/incidents/${id}/plans`, { token: tokens.commander, body: { seed: 1.5, extra: true } });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.have.members(["seed", "extra"]);
      // who did what: the commander's audit trail; not for viewers
      const audit = await t.call("GET", `/api/incidents/${id}/audit`, { token: tokens.commander });
      expect(audit.body.map((e: { action: string }) => e.action)).to.include.members(["incident.created", "plan.approved"]);
      expect((await t.call("GET", `/api/incidents/${id}/audit`, { token: tokens.viewer })).status).to.equal(403);
    });

    it("samples the restoration curve from the log", async () => {
      const id = await freshIncident();
      for (const b of [
        report("truck.dispatched", "25T20:10", { truck: "T2", compound: "C1" }),
        report("truck.arrived", "25T20:40", { truck: "T2", compound: "C1" }),
        report("switched.on", "25T21:00", { truck: "T2", compound: "C1" }),
      ]) await post(id, b);
      const from = encodeURIComponent(at("25T20:00"));
      const to = encodeURIComponent(at("25T22:00"));
      const r = await t.call("GET", `/api/incidents/${id}/curve?from=${from}&to=${to}&stepMinutes=60`, { token: tokens.viewer });
      expect(r.status).to.equal(200);
      // C1 (1200 households) fed from 21:00; C2 (1) dark throughout: 1201, 1, 1
      expect(r.body.map((p: { customersOut: number }) => p.customersOut)).to.deep.equal([1201, 1, 1]);
    });
  });
}

function square(i: number) {
  const x = 113.6 + i * 0.01;
  return { type: "Polygon", coordinates: [[[x, 34.7], [x + 0.005, 34.7], [x + 0.005, 34.705], [x, 34.7]]] };
}
