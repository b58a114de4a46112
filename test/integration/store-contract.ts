/**
 * The one contract every Store implementation passes: the same cases run on PGlite (store-pglite.test.ts) and
 * on PostgreSQL (store-postgres.test.ts).
 */
import { createHash } from "node:crypto";
import { expect } from "chai";
import { LianxinError, ErrorCode } from "../../shared/errors.ts";
import type { EventInput, StoredEvent } from "../../shared/events.ts";
import type { Store } from "../../server/store/store.ts";
import { FIXTURE_START_MS, type StoreFixture } from "./helpers/store-fixtures.ts";
import { commander, crew, report, tinyPlan, tinyScenario } from "./helpers/store-scenario.ts";

const accept = () => {};

async function rejection(promise: Promise<unknown>): Promise<LianxinError> {
  try {
    await promise;
  } catch (e) {
    expect(e).to.be.instanceOf(LianxinError);
    return e as LianxinError;
  }
  throw new Error("expected a rejection");
}

/**
 * `kind` is the fixture's, known before its fixture exists: the cases with several servers on one database are
 * registered only for "PostgreSQL" (PGlite is one process per directory, so an embedded store never has a second
 * writer), rather than registered everywhere and skipped, which mocha counts as pending.
 *
 * @example
 * describe("store on PGlite", () => registerStoreContract("PGlite", () => createPgliteFixture()));
 */
export function registerStoreContract(kind: StoreFixture["kind"], makeFixture: () => Promise<StoreFixture> | StoreFixture): void {
  let fixture: StoreFixture;
  let store: Store;
  const serverDatabase = kind === "PostgreSQL";
  /** a case that needs two or more stores (servers) writing to one database */
  const itOnServerDatabase = (title: string, fn: Mocha.AsyncFunc): void => {
    if (serverDatabase) it(title, fn);
  };

  before(async function () {
    this.timeout(60_000);
    fixture = await makeFixture();
    // the cases registered above went by `kind`: a fixture of another kind would run the wrong set
    expect(fixture.kind).to.equal(kind);
    store = await fixture.open();
  });

  // every case starts at 2021-07-25T12:00:00Z whatever the cases before it did to the clock
  beforeEach(() => fixture.clock.set(FIXTURE_START_MS));

  after(async function () {
    this.timeout(60_000);
    await store?.close();
    await fixture?.dispose();
  });

  async function newIncident(): Promise<string> {
    return (await store.createIncident(tinyScenario(), commander)).id;
  }

  describe("incidents", () => {
    it("returns a summary on creation and the whole scenario on lookup", async () => {
      const created = await store.createIncident(tinyScenario(), commander);
      // the fixture clock stands at 2021-07-25T12:00:00Z
      expect(created).to.include({ name: "Tiny flood", timezone: "Asia/Shanghai", createdAt: "2021-07-25T12:00:00.000Z", compounds: 2, trucks: 2 });
      expect(created).to.not.have.property("scenario");
      const detail = await store.getIncident(created.id);
      expect(detail?.scenario).to.deep.equal(tinyScenario());
      expect(detail).to.include({ id: created.id, compounds: 2, trucks: 2 });
      expect((await store.listIncidents()).map((i) => i.id)).to.include(created.id);
    });

    it("answers null for an unknown incident", async () => {
      expect(await store.getIncident("no-such-incident")).to.equal(null);
    });
  });

  describe("event log", () => {
    it("assigns seq 1, 2, 3 per incident and lists in seq order, optionally after a seq", async () => {
      const a = await newIncident();
      const b = await newIncident();
      for (let n = 1; n <= 3; n++) await store.appendEvent(a, report(n), crew, accept);
      const other = await store.appendEvent(b, report(1), crew, accept);
      expect(other.event.seq).to.equal(1);
      const log = await store.listEvents(a);
      expect(log.map((e) => e.seq)).to.deep.equal([1, 2, 3]);
      expect(log.map((e) => e.id)).to.deep.equal([report(1).id, report(2).id, report(3).id]);
      expect((await store.listEvents(a, 1)).map((e) => e.seq)).to.deep.equal([2, 3]);
      expect(await store.listEvents(a, 3)).to.deep.equal([]);
    });

    it("stores the report as sent plus incident, seq, receivedAt and the reporter's name", async () => {
      const incident = await newIncident();
      const input = report(1, { type: "road.closed", note: "water 1 m deep", zone: { type: "Polygon", coordinates: [[[113.6, 34.7], [113.61, 34.7], [113.61, 34.71], [113.6, 34.7]]] } });
      const outcome = await store.appendEvent(incident, input, crew, accept);
      const expected: StoredEvent = { ...input, incident, seq: 1, receivedAt: "2021-07-25T12:00:00.000Z", by: "Crew Wang" };
      expect(outcome).to.deep.equal({ kind: "created", event: expected });
      expect(await store.listEvents(incident)).to.deep.equal([expected]);
    });

    it("answers a retry with the same content with the originally stored event and stores nothing", async () => {
      const incident = await newIncident();
      const first = await store.appendEvent(incident, report(1), crew, accept);
      fixture.clock.advance(60_000);
      // same fields in another key order: still the same content
      const { compound, truck, at, type, id } = report(1);
      const again = await store.appendEvent(incident, { compound, truck, at, type, id }, crew, accept);
      expect(again).to.deep.equal({ kind: "duplicate", event: first.event });
      expect(await store.listEvents(incident)).to.have.length(1);
    });

    it("refuses the same id with different content as a conflict and keeps the first", async () => {
      const incident = await newIncident();
      await store.appendEvent(incident, report(1), crew, accept);
      const error = await rejection(store.appendEvent(incident, report(1, { note: "changed" }), crew, accept));
      expect(error.code).to.equal(ErrorCode.conflict);
      const log = await store.listEvents(incident);
      expect(log).to.have.length(1);
      expect(log[0].note).to.equal(undefined);
    });

    it("stores a report sent 10 times concurrently once", async () => {
      const incident = await newIncident();
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => store.appendEvent(incident, report(7), crew, accept)));
      expect(outcomes.filter((o) => o.kind === "created")).to.have.length(1);
      expect(outcomes.filter((o) => o.kind === "duplicate")).to.have.length(9);
      expect(new Set(outcomes.map((o) => o.event.seq))).to.deep.equal(new Set([1]));
      expect(await store.listEvents(incident)).to.have.length(1);
    });

    it("gives 10 different concurrent reports seq 1..10 without gaps", async () => {
      const incident = await newIncident();
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.appendEvent(incident, report(i + 1), crew, accept)));
      const log = await store.listEvents(incident);
      expect(log.map((e) => e.seq)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(new Set(log.map((e) => e.id)).size).to.equal(10);
    });

    it("hands validate the log so far in seq order and stores nothing when it refuses", async () => {
      const incident = await newIncident();
      await store.appendEvent(incident, report(1), crew, accept);
      await store.appendEvent(incident, report(2), crew, accept);
      let seen: number[] = [];
      const refuse = (log: StoredEvent[]) => {
        seen = log.map((e) => e.seq);
        throw new LianxinError(ErrorCode.impossible, "switched on before arriving");
      };
      const error = await rejection(store.appendEvent(incident, report(3, { type: "switched.on" }), crew, refuse));
      expect(error.code).to.equal(ErrorCode.impossible);
      expect(seen).to.deep.equal([1, 2]);
      expect(await store.listEvents(incident)).to.have.length(2);
      // a refused id is not burned: once the step makes sense it is stored, with the next seq
      const later = await store.appendEvent(incident, report(3, { type: "switched.on" }), crew, accept);
      expect(later).to.deep.include({ kind: "created" });
      expect(later.event.seq).to.equal(3);
    });

    describe("concurrent reports (group commit, #13)", () => {
      it("stores 200 concurrent reports once each, seq 1..200 in the order each one's validate saw the log", async () => {
        const incident = await newIncident();
        const seenBefore = new Map<string, number[]>();
        const outcomes = await Promise.all(
          Array.from({ length: 200 }, (_, i) => {
            const input = report(i + 1);
            return store.appendEvent(incident, input, crew, (log) => void seenBefore.set(input.id, log.map((e) => e.seq)));
          }),
        );
        expect(outcomes.every((o) => o.kind === "created")).to.equal(true);
        const log = await store.listEvents(incident);
        expect(log.map((e) => e.seq)).to.deep.equal(Array.from({ length: 200 }, (_, i) => i + 1));
        expect(new Set(log.map((e) => e.id)).size).to.equal(200);
        // each report was checked against exactly the log before its own seq: the batch extended by those before it
        for (const o of outcomes) {
          expect(seenBefore.get(o.event.id), o.event.id).to.deep.equal(Array.from({ length: o.event.seq - 1 }, (_, i) => i + 1));
          expect(log[o.event.seq - 1]).to.deep.equal(o.event);
        }
      });

      it("stores the others when some reports of a burst are refused, and a refusal burns no seq", async () => {
        const incident = await newIncident();
        const refuseEveryThird = (n: number) => () => {
          if (n % 3 === 0) throw new LianxinError(ErrorCode.impossible, `report ${n} is implausible`);
        };
        const settled = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => store.appendEvent(incident, report(i + 1), crew, refuseEveryThird(i + 1))));
        const refused = settled.filter((s) => s.status === "rejected");
        expect(refused).to.have.length(10);
        for (const r of refused) expect((r as PromiseRejectedResult).reason).to.be.instanceOf(LianxinError).and.to.have.property("code", ErrorCode.impossible);
        const log = await store.listEvents(incident);
        expect(log.map((e) => e.seq)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(log.map((e) => Number(e.id.slice(-12))).every((n) => n % 3 !== 0)).to.equal(true);
      });

      it("answers one id sent concurrently with two contents with one stored report and one conflict", async () => {
        const incident = await newIncident();
        const settled = await Promise.allSettled([
          store.appendEvent(incident, report(1), crew, accept),
          store.appendEvent(incident, report(1, { note: "other" }), crew, accept),
          store.appendEvent(incident, report(2), crew, accept),
          store.appendEvent(incident, report(1), crew, accept),
        ]);
        expect(settled.map((s) => (s.status === "fulfilled" ? s.value.kind : (s.reason as LianxinError).code))).to.deep.equal(["created", ErrorCode.conflict, "created", "duplicate"]);
        const log = await store.listEvents(incident);
        expect(log.map((e) => [e.seq, e.id, e.note])).to.deep.equal([[1, report(1).id, undefined], [2, report(2).id, undefined]]);
      });

      itOnServerDatabase("keeps seq gap-free and each report once when two stores (two servers) append to one incident at once", async function () {
        const incident = await newIncident();
        const second = await fixture.open();
        try {
          const seen = new Map<string, number>();
          const burst = (s: Store, from: number) =>
            Array.from({ length: 100 }, (_, i) => {
              const input = report(from + i);
              return s.appendEvent(incident, input, crew, (log) => void seen.set(input.id, log.length));
            });
          const outcomes = await Promise.all([...burst(store, 1), ...burst(second, 101), ...burst(store, 1)]);
          expect(outcomes.filter((o) => o.kind === "created")).to.have.length(200);
          const log = await store.listEvents(incident);
          expect(log.map((e) => e.seq)).to.deep.equal(Array.from({ length: 200 }, (_, i) => i + 1));
          expect(new Set(log.map((e) => e.id)).size).to.equal(200);
          // each was checked against everything committed before it, whichever server stored that
          for (const e of log) expect(seen.get(e.id), e.id).to.equal(e.seq - 1);
        } finally {
          await second.close();
        }
      });

      itOnServerDatabase("judges a refusal against what another server stored since this one last wrote", async function () {
        const incident = await newIncident();
        const second = await fixture.open();
        try {
          // the second store knows the log as [1]; the first then stores 2, which the second has not seen
          await second.appendEvent(incident, report(1), crew, accept);
          await store.appendEvent(incident, report(2), crew, accept);
          const needsTwo = (log: StoredEvent[]) => {
            if (log.length < 2) throw new LianxinError(ErrorCode.impossible, "report 3 needs report 2 first");
          };
          const outcome = await second.appendEvent(incident, report(3), crew, needsTwo);
          expect(outcome.kind).to.equal("created");
          expect(outcome.event.seq).to.equal(3);
          // a retry of what the other server stored is a duplicate there too, and a new content a conflict
          expect((await second.appendEvent(incident, report(2), crew, accept)).kind).to.equal("duplicate");
          expect((await rejection(second.appendEvent(incident, report(2, { note: "other" }), crew, accept))).code).to.equal(ErrorCode.conflict);
        } finally {
          await second.close();
        }
      });

      itOnServerDatabase("keeps seq gap-free and each report once when three servers keep colliding, each checked against all before it", async function () {
        this.timeout(60_000);
        const incident = await newIncident();
        const others = [await fixture.open(), await fixture.open()];
        try {
          const stores = [store, ...others];
          // what each store's last check of a report saw, and which store stored it
          const seen = stores.map(() => new Map<string, number>());
          const storedBy = new Map<string, number>();
          const send = async (k: number, input: EventInput) => {
            const outcome = await stores[k].appendEvent(incident, input, crew, (log) => void seen[k].set(input.id, log.length));
            if (outcome.kind === "created") storedBy.set(input.id, k);
          };
          // 10 rounds of 60 reports spread over the three stores, every third one sent to two stores at once
          for (let round = 0; round < 10; round++) {
            await Promise.all(Array.from({ length: 60 }, (_, i) => {
              const input = report(round * 60 + i + 1);
              return Promise.all([send(i % 3, input), ...(i % 3 === 0 ? [send((i + 1) % 3, input)] : [])]);
            }));
          }
          const log = await store.listEvents(incident);
          expect(log.map((e) => e.seq)).to.deep.equal(Array.from({ length: 600 }, (_, i) => i + 1));
          expect(new Set(log.map((e) => e.id)).size).to.equal(600);
          expect(storedBy.size).to.equal(600);
          for (const e of log) expect(seen[storedBy.get(e.id)!].get(e.id), e.id).to.equal(e.seq - 1);
        } finally {
          await Promise.all(others.map((s) => s.close()));
        }
      });

      it("hands validate frozen events, the same objects to every later report", async () => {
        const incident = await newIncident();
        await store.appendEvent(incident, report(1), crew, accept);
        // (the array itself is the store's and only read during the call: copied here)
        const seen: StoredEvent[][] = [];
        const keep = (log: StoredEvent[]) => void seen.push(log.slice());
        await store.appendEvent(incident, report(2), crew, keep);
        await store.appendEvent(incident, report(3), crew, keep);
        expect(Object.isFrozen(seen[0][0])).to.equal(true);
        // the identity lets a validator index the log incrementally (shared/restoration/log-index.ts)
        expect(seen[1][0]).to.equal(seen[0][0]);
        expect(seen[1]).to.have.length(2);
      });
    });

    it("refuses a report for an unknown incident as not found", async () => {
      const error = await rejection(store.appendEvent("no-such-incident", report(1), crew, accept));
      expect(error.code).to.equal(ErrorCode.notFound);
    });
  });

  describe("plans", () => {
    it("saves a proposed plan with its figures and returns it as the latest", async () => {
      const incident = await newIncident();
      expect(await store.latestPlan(incident)).to.equal(null);
      const saved = await store.savePlan(incident, tinyPlan(500), 4, commander);
      expect(saved).to.include({ incident, status: "proposed", basedOnSeq: 4, createdBy: "Commander Li", createdAt: "2021-07-25T12:00:00.000Z" });
      expect(saved.plan).to.deep.equal(tinyPlan(500));
      expect(await store.getPlan(incident, saved.id)).to.deep.equal(saved);
      // same clock instant: "latest" must still be the one saved last
      const second = await store.savePlan(incident, tinyPlan(400), 5, commander);
      expect((await store.latestPlan(incident))?.id).to.equal(second.id);
      expect(await store.getPlan(incident, "no-such-plan")).to.equal(null);
      // the history: newest first, figures without the documents
      const history = await store.listPlans(incident);
      expect(history.map((p) => p.id)).to.deep.equal([second.id, saved.id]);
      expect(history[1]).to.include({ customerOutageHours: 500, status: "proposed", basedOnSeq: 4 });
      expect(history[1]).to.not.have.property("plan");
    });

    it("approves a plan and supersedes the previously approved one", async () => {
      const incident = await newIncident();
      const first = await store.savePlan(incident, tinyPlan(500), 1, commander);
      const second = await store.savePlan(incident, tinyPlan(400), 2, commander);
      fixture.clock.advance(1000);
      const approvedFirst = await store.approvePlan(incident, first.id, commander);
      expect(approvedFirst).to.include({ status: "approved", approvedBy: "Commander Li", approvedAt: new Date(fixture.clock.now()).toISOString() });
      await store.approvePlan(incident, second.id, commander);
      expect((await store.getPlan(incident, first.id))?.status).to.equal("superseded");
      expect((await store.getPlan(incident, second.id))?.status).to.equal("approved");
      const error = await rejection(store.approvePlan(incident, first.id, commander));
      expect(error.code).to.equal(ErrorCode.conflict);
      expect((await rejection(store.approvePlan(incident, "no-such-plan", commander))).code).to.equal(ErrorCode.notFound);
    });
  });

  describe("replay clocks and counterfactual reports", () => {
    const clock = { anchorScenarioMs: Date.UTC(2021, 6, 22, 6), anchorWallMs: FIXTURE_START_MS, speed: 60, paused: false, startsAtMs: Date.UTC(2021, 6, 20), endsAtMs: Date.UTC(2021, 6, 27) };

    it("creates a replay incident with its clock in one step and changes the clock in place", async () => {
      const plain = await newIncident();
      expect(await store.getReplayClock(plain)).to.equal(null);
      expect((await rejection(store.updateReplayClock(plain, (c) => c))).code).to.equal(ErrorCode.notFound);
      const { id } = await store.createIncident(tinyScenario(), commander, { replay: clock });
      expect(await store.getReplayClock(id)).to.deep.equal(clock);
      expect((await store.listAudit(id)).map((e) => e.action)).to.deep.equal(["incident.created", "replay.started"]);
      const paused = await store.updateReplayClock(id, (c) => ({ ...c, paused: true, speed: 10_000 }));
      expect(paused).to.deep.equal({ ...clock, paused: true, speed: 10_000 });
      expect(await store.getReplayClock(id)).to.deep.equal(paused);
      const listed = await store.listReplayClocks();
      expect(listed.find((r) => r.incident === id)?.clock).to.deep.equal(paused);
      expect(listed.map((r) => r.incident)).to.not.include(plain);
    });

    it("gives a clock change the log's last seq, read in its transaction under the incident's lock", async () => {
      const { id } = await store.createIncident(tinyScenario(), commander, { replay: clock });
      expect(await store.updateReplayClock(id, (c, lastSeq) => ({ ...c, speed: lastSeq + 1 }))).to.include({ speed: 1 });
      for (let n = 1; n <= 3; n++) await store.appendEvent(id, report(n), crew, accept);
      // 3 reports stored: the change sees seq 3
      expect(await store.updateReplayClock(id, (c, lastSeq) => ({ ...c, speed: lastSeq + 1 }))).to.include({ speed: 4 });
    });

    it("keeps every counterfactual report and answers the latest", async () => {
      const incident = await newIncident();
      expect(await store.latestCounterfactual(incident)).to.equal(null);
      const report = (saved: number) => ({
        scenario: "tiny", decisionTimes: [], historical: { customerOutageHours: 100 }, planned: { customerOutageHours: 100 - saved },
        savedCustomerOutageHours: saved, compounds: [],
      });
      await store.saveCounterfactual(incident, report(10));
      const second = await store.saveCounterfactual(incident, report(20));
      expect(second).to.deep.equal({ createdAt: "2021-07-25T12:00:00.000Z", report: report(20) });
      expect(await store.latestCounterfactual(incident)).to.deep.equal(second);
    });
  });

  describe("tokens", () => {
    it("returns the secret once and finds the token by it, with role and scope", async () => {
      const incident = await newIncident();
      const before = await store.countTokens();
      const { secret, record } = await store.createToken({ name: "Crew Wang", role: "crew", incident, trucks: ["T1", "T2"] });
      expect(record).to.include({ name: "Crew Wang", role: "crew", incident });
      expect(record.trucks).to.deep.equal(["T1", "T2"]);
      expect(await store.findToken(secret)).to.deep.equal(record);
      expect(await store.findToken(`${secret}x`)).to.equal(null);
      expect(await store.countTokens()).to.equal(before + 1);
      const viewer = await store.createToken({ name: "Board", role: "viewer" });
      expect(viewer.record).to.include({ incident: null });
      expect(viewer.record.trucks).to.deep.equal([]);
      expect(viewer.secret).to.not.equal(secret);
    });

    it("refuses a token scoped to an unknown incident", async () => {
      const error = await rejection(store.createToken({ name: "x", role: "crew", incident: "no-such-incident" }));
      expect(error.code).to.equal(ErrorCode.notFound);
    });

    it("lists tokens without secrets or hashes, all or one incident's, oldest first", async () => {
      const incident = await newIncident();
      const other = await newIncident();
      const first = await store.createToken({ name: "Crew A", role: "crew", incident, trucks: ["T1"] }, commander);
      fixture.clock.advance(1000);
      const second = await store.createToken({ name: "Crew B", role: "crew", incident, trucks: ["T2"] }, commander);
      const elsewhere = await store.createToken({ name: "Crew C", role: "crew", incident: other, trucks: ["T1"] }, commander);
      expect(await store.listTokens({ incident })).to.deep.equal([first.record, second.record]);
      const all = await store.listTokens();
      expect(all.map((t) => t.id)).to.include.members([first.record.id, second.record.id, elsewhere.record.id]);
      for (const t of all) expect(Object.keys(t).sort()).to.not.include.members(["secret", "secretHash"]);
      const created = (await store.listAudit(incident)).filter((e) => e.action === "token.created");
      expect(created.map((e) => e.actor)).to.deep.equal([commander.name, commander.name]);
      expect(created[0].detail).to.deep.include({ token: first.record.id, role: "crew", trucks: ["T1"] });
    });

    it("revokes a token once: findToken no longer returns it, the list marks it, the audit says who", async () => {
      const incident = await newIncident();
      const { secret, record } = await store.createToken({ name: "Crew D", role: "crew", incident, trucks: ["T1"] }, commander);
      const kept = await store.createToken({ name: "Crew E", role: "crew", incident, trucks: ["T2"] }, commander);
      fixture.clock.advance(60_000);
      const revoked = await store.revokeToken(record.id, commander);
      // the fixture clock: 12:00:00Z + 60 s
      expect(revoked).to.deep.equal({ ...record, revokedAt: "2021-07-25T12:01:00.000Z" });
      expect(await store.findToken(secret)).to.equal(null);
      expect(await store.findToken(kept.secret)).to.deep.equal(kept.record);
      fixture.clock.advance(60_000);
      expect(await store.revokeToken(record.id, commander)).to.deep.equal(revoked);
      expect(await store.listTokens({ incident })).to.deep.equal([revoked, kept.record]);
      const audit = (await store.listAudit(incident)).filter((e) => e.action === "token.revoked");
      expect(audit).to.have.length(1);
      expect(audit[0]).to.deep.include({ actor: commander.name, at: "2021-07-25T12:01:00.000Z" });
      expect(audit[0].detail).to.deep.include({ token: record.id });
      expect(await store.revokeToken("no-such-token", commander)).to.equal(null);
    });
  });

  describe("acknowledgements and alert thresholds (#16)", () => {
    it("keeps the first acknowledgement of an event, answers it again unchanged, and audits it once", async () => {
      const incident = await newIncident();
      await store.appendEvent(incident, report(1), crew, accept);
      await store.appendEvent(incident, report(2, { type: "truck.arrived", at: "2021-07-25T21:00:00+08:00" }), crew, accept);
      const first = await store.ackEvent(incident, report(2).id, commander);
      // the fixture clock stands at 2021-07-25T12:00:00Z
      expect(first).to.deep.equal({ created: true, ack: { incident, event: report(2).id, seq: 2, by: "Commander Li", at: "2021-07-25T12:00:00.000Z" } });
      fixture.clock.advance(60_000);
      const again = await store.ackEvent(incident, report(2).id, { ...commander, name: "Commander Zhao" });
      expect(again).to.deep.equal({ created: false, ack: first!.ack });
      expect(await store.ackEvent(incident, "no-such-event", commander)).to.equal(null);
      await store.ackEvent(incident, report(1).id, commander);
      expect((await store.listAcks(incident)).map((a) => a.seq)).to.deep.equal([1, 2]);
      expect((await store.listAudit(incident)).filter((e) => e.action === "event.acknowledged").map((e) => e.detail)).to.deep.equal([
        { event: report(2).id, seq: 2 }, { event: report(1).id, seq: 1 }]);
    });

    it("stores an incident's alert thresholds (null = off), replaces them, and has none until set", async () => {
      const incident = await newIncident();
      expect(await store.getAlertThresholds(incident)).to.equal(null);
      await store.setAlertThresholds(incident, { prioritySiteDarkHours: 3, truckSilentHours: null, stepLateMinutes: 45 }, commander);
      fixture.clock.advance(1000);
      const set = await store.setAlertThresholds(incident, { prioritySiteDarkHours: 1.5, truckSilentHours: 2, stepLateMinutes: null }, commander);
      expect(set).to.deep.equal({ prioritySiteDarkHours: 1.5, truckSilentHours: 2, stepLateMinutes: null, set: true, updatedAt: "2021-07-25T12:00:01.000Z", updatedBy: "Commander Li" });
      expect(await store.getAlertThresholds(incident)).to.deep.equal(set);
      expect((await store.listAudit(incident)).filter((e) => e.action === "alert-thresholds.set")).to.have.length(2);
    });
  });

  describe("audit", () => {
    it("records who did what, in order, per incident and overall", async () => {
      const incident = await newIncident();
      fixture.clock.advance(5000);
      await store.audit({ actor: "Commander Li", action: "incident.viewed", incident, detail: { from: "board" } });
      const entries = await store.listAudit(incident);
      expect(entries.map((e) => e.action)).to.deep.equal(["incident.created", "incident.viewed"]);
      expect(entries[1]).to.deep.equal({ at: new Date(fixture.clock.now()).toISOString(), actor: "Commander Li", action: "incident.viewed", incident, detail: { from: "board" } });
      await store.audit({ actor: "system", action: "server.started", incident: null, detail: null });
      const all = await store.listAudit(null);
      expect(all.map((e) => e.action)).to.include.members(["incident.created", "incident.viewed", "server.started"]);
      expect(all.at(-1)).to.include({ action: "server.started", incident: null });
    });
  });

  describe("persistence", () => {
    it("keeps incidents, events, plans and tokens across close and reopen, and stores only the token's hash", async function () {
      this.timeout(60_000);
      const incident = await newIncident();
      await store.appendEvent(incident, report(1), crew, accept);
      await store.appendEvent(incident, report(2), crew, accept);
      const plan = await store.savePlan(incident, tinyPlan(300), 2, commander);
      const { secret, record } = await store.createToken({ name: "Crew Zhao", role: "crew", incident, trucks: ["T2"] });
      await store.close();

      const rows = await fixture.query("SELECT * FROM api_tokens");
      const dump = JSON.stringify(rows);
      expect(dump).to.not.include(secret);
      expect(dump).to.include(createHash("sha256").update(secret).digest("hex"));

      store = await fixture.open();
      expect((await store.getIncident(incident))?.scenario).to.deep.equal(tinyScenario());
      expect((await store.listEvents(incident)).map((e) => e.seq)).to.deep.equal([1, 2]);
      expect((await store.latestPlan(incident))?.id).to.equal(plan.id);
      expect(await store.findToken(secret)).to.deep.equal(record);
      // the reopened store continues the log where it stood
      expect((await store.appendEvent(incident, report(3), crew, accept)).event.seq).to.equal(3);
      expect((await store.appendEvent(incident, report(1), crew, accept)).kind).to.equal("duplicate");
    });
  });
}
