/**
 * The job routes on the embedded store with the in-process queue: exports (JSON, CSV in the incident's time zone),
 * job status and lists, a plan requested without waiting. Roles and scope as on the incident routes.
 */
import { expect } from "chai";
import type { JobStatus } from "../../shared/wire.ts";
import { makeFixtureClock, startTestServer, type TestServer } from "./helpers/server-harness.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";
import { tinyScenario } from "./helpers/store-scenario.ts";

describe("job routes (exports, job status, plans without waiting)", function () {
  let t: TestServer;
  let incident: string;
  const tokens = { commander: "", viewer: "", scoped: "" };

  before(async function () {
    this.timeout(120_000);
    t = await startTestServer(await createPgliteFixture(makeFixtureClock()));
    tokens.commander = (await t.store.createToken({ name: "Commander Li", role: "commander" })).secret;
    tokens.viewer = (await t.store.createToken({ name: "Viewer Zhao", role: "viewer" })).secret;
    incident = (await t.call("POST", "/api/incidents", { token: tokens.commander, body: tinyScenario() })).body.id;
    const other = (await t.call("POST", "/api/incidents", { token: tokens.commander, body: tinyScenario("other") })).body.id;
    tokens.scoped = (await t.store.createToken({ name: "Other viewer", role: "viewer", incident: other })).secret;
    // 20:30 at +08:00 is 12:30 UTC
    const event = { id: "20000000-0000-4000-8000-000000000001", type: "truck.dispatched", at: "2021-07-25T12:30:00Z", truck: "T1", compound: "C1", note: 'via "Ring Road", north' };
    expect((await t.call("POST", `/api/incidents/${incident}/events`, { token: tokens.commander, body: event })).status).to.equal(201);
  });
  after(async () => t?.close());

  async function finished(id: string, token = tokens.viewer): Promise<JobStatus> {
    for (;;) {
      const r = await t.call<JobStatus>("GET", `/api/jobs/${id}`, { token });
      expect(r.status).to.equal(200);
      if (r.body.state === "completed" || r.body.state === "failed") return r.body;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function download(id: string, token = tokens.viewer) {
    const res = await fetch(`${t.base}/api/jobs/${id}/result`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), text: await res.text() };
  }

  it("exports the event log as CSV with times in the incident's time zone (202, then the file)", async () => {
    const started = await t.call<JobStatus>("POST", `/api/incidents/${incident}/exports`, { token: tokens.commander, body: { format: "csv" } });
    expect(started.status).to.equal(202);
    expect(started.body).to.include({ kind: "export", incident });
    expect((await finished(started.body.id)).state).to.equal("completed");
    const file = await download(started.body.id);
    expect(file.status).to.equal(200);
    expect(file.type).to.equal("text/csv; charset=utf-8");
    // the fixture clock reads 2021-07-27T00:00Z = 08:00 in Shanghai
    expect(file.disposition).to.equal('attachment; filename="tiny-20210727-0800.csv"');
    const [header, row] = file.text.trim().split("\r\n");
    expect(header).to.equal("seq,id,type,at,truck,compound,substation,note,receivedAt,by");
    expect(row).to.equal('1,20000000-0000-4000-8000-000000000001,truck.dispatched,2021-07-25T20:30:00+08:00,T1,C1,,"via ""Ring Road"", north",2021-07-27T08:00:00+08:00,Commander Li');
  });

  it("exports the scenario, the events and the plans as one JSON document", async () => {
    const plan = await t.call("POST", `/api/incidents/${incident}/plans`, { token: tokens.commander, body: { at: "2021-07-25T21:00:00+08:00" } });
    expect(plan.status).to.equal(201);
    const started = await t.call<JobStatus>("POST", `/api/incidents/${incident}/exports`, { token: tokens.commander, body: { format: "json" } });
    await finished(started.body.id);
    const file = await download(started.body.id);
    expect(file.type).to.equal("application/json; charset=utf-8");
    const doc = JSON.parse(file.text);
    expect(doc.scenario.id).to.equal("tiny");
    expect(doc.events.map((e: { seq: number }) => e.seq)).to.deep.equal([1]);
    expect(doc.plans.map((p: { id: string }) => p.id)).to.deep.equal([plan.body.id]);
  });

  it("starts a plan without waiting (?wait=false → 202 job) and lists it among the incident's jobs", async () => {
    const r = await t.call<JobStatus>("POST", `/api/incidents/${incident}/plans?wait=false`, { token: tokens.commander, body: { at: "2021-07-25T21:00:00+08:00" } });
    expect(r.status).to.equal(202);
    expect(r.body).to.include({ kind: "plan", incident, state: "queued", attempt: 1 });
    expect((await finished(r.body.id)).state).to.equal("completed");
    const list = await t.call<JobStatus[]>("GET", `/api/incidents/${incident}/jobs`, { token: tokens.viewer });
    expect(list.status).to.equal(200);
    expect(list.body[0]).to.include({ id: r.body.id, kind: "plan", state: "completed" });
    // a plan job has no file
    expect((await download(r.body.id)).status).to.equal(404);
  });

  it("lets only a commander start an export, refuses a bad format naming the field, keeps jobs in scope", async () => {
    expect((await t.call("POST", `/api/incidents/${incident}/exports`, { token: tokens.viewer, body: { format: "csv" } })).status).to.equal(403);
    const bad = await t.call("POST", `/api/incidents/${incident}/exports`, { token: tokens.commander, body: { format: "xlsx" } });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details).to.deep.equal([{ path: "format", message: 'must be one of "json", "csv", "geojson", "kml", "ics204", "ics204-csv", "ics214", "ics214-csv", "sitrep"' }]);
    const started = await t.call<JobStatus>("POST", `/api/incidents/${incident}/exports`, { token: tokens.commander, body: { format: "csv" } });
    expect((await t.call("GET", `/api/jobs/${started.body.id}`, { token: tokens.scoped })).status).to.equal(403);
    expect((await t.call("GET", `/api/incidents/${incident}/jobs`, { token: tokens.scoped })).status).to.equal(403);
    expect((await t.call("GET", "/api/jobs/no-such-job", { token: tokens.viewer })).status).to.equal(404);
    expect((await t.call("POST", "/api/incidents/nope/exports", { token: tokens.commander, body: { format: "csv" } })).status).to.equal(404);
  });
});
