/**
 * Acknowledging reports and the board alerts' thresholds (#16 item 4) over HTTP, on the embedded store; and the
 * server raising each alert once, when it begins to hold.
 */
import { expect } from "chai";
import { fakeClock } from "../../server/clock/clock.ts";
import type { BoardAlert } from "../../shared/board-alerts.ts";
import type { EventAck } from "../../shared/wire.ts";
import { recordingNotifier, startTestServer, type TestServer } from "./helpers/server-harness.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";
import { report, tinyScenario } from "./helpers/store-scenario.ts";

/** 26 Jul 2021 00:00 in Zhengzhou: the hospital C2 (priority 50) has been dark since 20 Jul 18:00, 126 h */
const NOW_MS = Date.parse("2021-07-26T00:00:00+08:00");

describe("acknowledgements and alert thresholds (#16)", function () {
  this.timeout(120_000);
  let t: TestServer;
  let commander: string;
  let crew: string;
  let viewer: string;
  let incident: string;
  const alerts: BoardAlert[] = [];
  const acks: EventAck[] = [];
  const clock = fakeClock(NOW_MS);

  before(async () => {
    t = await startTestServer(await createPgliteFixture(clock));
    t.server.setNotifier({ ...recordingNotifier(), alertRaised: (_id, a) => alerts.push(a), eventAcked: (a) => acks.push(a) });
    commander = (await t.store.createToken({ name: "Commander Li", role: "commander" })).secret;
    viewer = (await t.store.createToken({ name: "Viewer Zhao", role: "viewer" })).secret;
    incident = (await t.call("POST", "/api/incidents", { token: commander, body: tinyScenario() })).body.id;
    crew = (await t.store.createToken({ name: "Crew Wang", role: "crew", incident, trucks: ["T1"] })).secret;
    // T1 (available 25 Jul 20:00) reports its dispatch to C1 at 21:00
    const sent = await t.call("POST", `/api/incidents/${incident}/events`, { token: crew, body: report(1, { at: "2021-07-25T21:00:00+08:00" }) });
    expect(sent.status, JSON.stringify(sent.body)).to.equal(201);
  });
  after(async () => t?.close());

  const ack = (eventId: string, token = commander) => t.call("POST", `/api/incidents/${incident}/events/${eventId}/ack`, { token });

  it("acknowledges a report: 201 the first time, 200 with the same acknowledgement after, listed once", async () => {
    const first = await ack(report(1).id);
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect(first.body).to.deep.include({ incident, event: report(1).id, seq: 1, by: "Commander Li" });
    const again = await ack(report(1).id);
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.equal(first.body);
    expect((await t.call("GET", `/api/incidents/${incident}/acks`, { token: viewer })).body).to.deep.equal([first.body]);
    // the boards heard of it once
    expect(acks).to.deep.equal([first.body]);
  });

  it("refuses crews and viewers (403) and names an unknown event (404)", async () => {
    for (const token of [crew, viewer]) {
      const r = await ack(report(1).id, token);
      expect(r.status).to.equal(403);
      expect(r.body.error.details).to.deep.equal([{ path: "role", message: "must be commander" }]);
    }
    const unknown = await ack("no-such-event");
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.details).to.deep.equal([{ path: "eventId", message: "unknown event" }]);
  });

  it("answers the default thresholds until a commander sets them, and 400 naming each bad field", async () => {
    const url = `/api/incidents/${incident}/alert-thresholds`;
    expect((await t.call("GET", url, { token: viewer })).body).to.deep.equal({ prioritySiteDarkHours: 4, truckSilentHours: 2, stepLateMinutes: 30, set: false });
    expect((await t.call("PUT", url, { token: crew, body: { prioritySiteDarkHours: 1, truckSilentHours: 1, stepLateMinutes: 1 } })).status).to.equal(403);
    const bad = await t.call("PUT", url, { token: commander, body: { prioritySiteDarkHours: -1, truckSilentHours: "2", colour: "red" } });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details).to.deep.include.members([
      { path: "prioritySiteDarkHours", message: "must be more than 0 hours" },
      { path: "truckSilentHours", message: "must be a number of hours or null (off)" },
      { path: "stepLateMinutes", message: "must be a number of minutes or null (off)" },
      { path: "colour", message: "unknown field" },
    ]);
    const set = await t.call("PUT", url, { token: commander, body: { prioritySiteDarkHours: 130, truckSilentHours: null, stepLateMinutes: 45 } });
    expect(set.status, JSON.stringify(set.body)).to.equal(200);
    expect(set.body).to.deep.include({ prioritySiteDarkHours: 130, truckSilentHours: null, stepLateMinutes: 45, set: true, updatedBy: "Commander Li" });
    expect((await t.call("GET", url, { token: viewer })).body).to.deep.equal(set.body);
  });

  it("raises a priority site's alert once, when its time dark passes the threshold", async () => {
    // the report in before() was evaluated on the defaults (4 h, 2 h, 30 min): C2 dark 126 h > 4 h and T1 silent
    // since 21:00, 3 h > 2 h, each raised once
    await t.server.alerts.evaluate(incident);
    expect(alerts.map((a) => a.id)).to.deep.equal([`priority-dark:C2:${Date.parse("2021-07-20T18:00:00+08:00")}`, `truck-silent:T1:${Date.parse("2021-07-25T21:00:00+08:00")}`]);
    alerts.length = 0;
    // thresholds now 130 h, truck alerts off (set above); 26 Jul 00:00: C2 dark 126 h, nothing holds
    await t.server.alerts.evaluate(incident);
    expect(alerts).to.deep.equal([]);
    // 4 h 1 min later C2 has been dark 130 h 1 min: raised at 20 Jul 18:00 + 130 h = 26 Jul 04:00
    clock.advance(4 * 3_600_000 + 60_000);
    await t.server.alerts.evaluate(incident);
    await t.server.alerts.evaluate(incident);
    expect(alerts).to.have.length(1);
    expect(alerts[0]).to.deep.include({ kind: "priority-dark", compound: "C2", since: "2021-07-20T18:00:00+08:00", raisedAt: "2021-07-26T04:00:00+08:00" });
    expect(alerts[0].message).to.deep.equal({ key: "alertPriorityDark", params: { compound: "C2", hours: 130 } });
    // a new report is evaluated too, and raises nothing again
    await t.call("POST", `/api/incidents/${incident}/events`, { token: crew, body: report(2, { type: "truck.arrived", at: "2021-07-25T22:00:00+08:00" }) });
    await t.server.alerts.evaluate(incident);
    expect(alerts).to.have.length(1);
  });
});
