/**
 * The command post's export formats (#16 item 5) end to end: POST /api/incidents/:id/exports, the job, then
 * GET /api/jobs/:jobId/result, on the embedded store with the in-process queue. Each file parses: GeoJSON per
 * RFC 7946 (with the plan's routes), KML as KML 2.2 text, the CSVs with their headers, the HTML pages; the second
 * sitrep compares with the first. (The sitrep's one printed page and the KML's XML parse are checked in Chromium:
 * test/e2e/export-files.test.ts.)
 */
import { expect } from "chai";
import type { JobStatus } from "../../shared/wire.ts";
import { geojsonProblems } from "../../server/exports/check-geojson.fixture.ts";
import { parseCsv } from "../../server/exports/parse-csv.fixture.ts";
import { makeFixtureClock, startTestServer, type TestServer } from "./helpers/server-harness.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";
import { tinyScenario } from "./helpers/store-scenario.ts";

describe("command post exports through the export job (#16)", function () {
  this.timeout(120_000);
  let t: TestServer;
  let incident: string;
  let commander = "";

  before(async function () {
    t = await startTestServer(await createPgliteFixture(makeFixtureClock()));
    commander = (await t.store.createToken({ name: "Commander Li", role: "commander" })).secret;
    incident = (await t.call("POST", "/api/incidents", { token: commander, body: tinyScenario() })).body.id;
    const event = { id: "30000000-0000-4000-8000-000000000001", type: "truck.dispatched", at: "2021-07-25T20:30:00+08:00", truck: "T1", compound: "C1" };
    expect((await t.call("POST", `/api/incidents/${incident}/events`, { token: commander, body: event })).status).to.equal(201);
    expect((await t.call("POST", `/api/incidents/${incident}/plans`, { token: commander, body: { at: "2021-07-25T21:00:00+08:00" } })).status).to.equal(201);
  });
  after(async () => t?.close());

  async function exported(body: object): Promise<{ type: string | null; disposition: string | null; text: string }> {
    const started = await t.call<JobStatus>("POST", `/api/incidents/${incident}/exports`, { token: commander, body });
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
    for (;;) {
      const r = await t.call<JobStatus>("GET", `/api/jobs/${started.body.id}`, { token: commander });
      if (r.body.state === "failed") throw new Error(r.body.error);
      if (r.body.state === "completed") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const res = await fetch(`${t.base}/api/jobs/${started.body.id}/result`, { headers: { authorization: `Bearer ${commander}` } });
    expect(res.status).to.equal(200);
    return { type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), text: await res.text() };
  }

  it("geojson: a valid FeatureCollection of compounds, trucks and the plan's route legs", async () => {
    const file = await exported({ format: "geojson", at: "2021-07-25T22:00:00+08:00" });
    expect(file.type).to.equal("application/geo+json; charset=utf-8");
    expect(file.disposition).to.equal('attachment; filename="tiny-20210725-2200-geojson.geojson"');
    const doc = JSON.parse(file.text);
    expect(geojsonProblems(doc)).to.deep.equal([]);
    const layers = doc.features.map((f: { properties: { layer: string } }) => f.properties.layer);
    expect(layers.filter((l: string) => l === "compound")).to.have.length(2);
    expect(layers.filter((l: string) => l === "truck")).to.have.length(2);
    expect(layers.filter((l: string) => l === "route").length).to.be.greaterThan(0);
    const c2 = doc.features.find((f: { properties: { id?: string } }) => f.properties.id === "C2").properties;
    expect(c2.eta).to.match(/^2021-07-2\dT\d\d:\d\d:\d\d\+08:00$/);
  });

  it("kml: KML 2.2 with one placemark per compound and truck and one per leg", async () => {
    const file = await exported({ format: "kml", lang: "en" });
    expect(file.type).to.equal("application/vnd.google-earth.kml+xml; charset=utf-8");
    expect(file.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">')).to.equal(true);
    expect(file.text.match(/<Placemark>/g)!.length).to.equal(4 + file.text.match(/<LineString>/g)!.length);
    expect(file.text).to.include("<name>Lotus Garden</name>");
  });

  it("ics204 and ics204-csv: the assignment list as a printable page and as CSV with its header", async () => {
    const html = await exported({ format: "ics204" });
    expect(html.type).to.equal("text/html; charset=utf-8");
    expect(html.text).to.include("任务分配表（ICS 204）");
    const rows = parseCsv((await exported({ format: "ics204-csv" })).text);
    expect(rows.map((r) => r.truck)).to.include.members(["T1", "T2"]);
    expect(Object.keys(rows[0])[0]).to.equal("plan");
  });

  it("ics214 and ics214-csv: the activity log per unit", async () => {
    expect((await exported({ format: "ics214", lang: "en" })).text).to.include("dispatched to Lotus Garden");
    const rows = parseCsv((await exported({ format: "ics214-csv" })).text);
    // the one event, dispatched 20:30 (+08:00); the fixture clock reads 27 Jul 08:00, after it
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ unit: "T1", type: "truck.dispatched", at: "2021-07-25T20:30:00+08:00" });
  });

  it("sitrep: a page at the instant asked for, the second comparing with the first", async () => {
    const first = await exported({ format: "sitrep", at: "2021-07-25T22:00:00+08:00", lang: "en" });
    expect(first.type).to.equal("text/html; charset=utf-8");
    expect(first.text).to.include("As of <strong>2021-07-25 22:00 CST (UTC+08:00)</strong>");
    // no earlier sitrep: since 12:00, the last 12-hour mark before 22:00
    expect(first.text).to.include("since the previous 12-hour mark (2021-07-25 12:00 CST (UTC+08:00))");
    const second = await exported({ format: "sitrep", at: "2021-07-25T23:30:00+08:00", lang: "en" });
    expect(second.text).to.include("Since the previous situation report (2021-07-25 22:00 CST (UTC+08:00))");
  });

  it("refuses an unknown format, language or instant, naming the field", async () => {
    const call = (body: object) => t.call("POST", `/api/incidents/${incident}/exports`, { token: commander, body });
    expect((await call({ format: "pdf" })).body.error.details[0].path).to.equal("format");
    expect((await call({ format: "sitrep", lang: "fr" })).body.error.details).to.deep.equal([{ path: "lang", message: 'must be "zh-CN" or "en"' }]);
    const at = await call({ format: "sitrep", at: "2021-07-25 22:00" });
    expect(at.status).to.equal(400);
    expect(at.body.error.details[0].path).to.equal("at");
    expect((await call({ format: "sitrep", page: 2 })).body.error.details).to.deep.equal([{ path: "page", message: "unknown field" }]);
  });
});
