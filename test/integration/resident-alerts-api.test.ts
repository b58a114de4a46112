/**
 * Resident alerts over HTTP (#18 item 3), on the embedded store: CAP 1.2 per compound (validated against the OASIS
 * schema), the Atom feed of all of them (parsed), and the SMS webhook to a local test gateway (an http server in
 * this test) that fails its first POST, so the retry is exercised. The tiny scenario: A and B out from 20 Jul 00:00
 * (+08:00), B's substation back 21 Jul 12:00; the server's clock is 27 Jul, after all of it.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { tinyScenario } from "../../shared/restoration/tiny-scenario.fixture.ts";
import type { AlertWebhookBody } from "../../server/resident-alerts/alert-webhook.ts";
import { capErrors, xmlErrors } from "../fixtures/cap-1.2/validate-cap.ts";
import { makeFixtureClock, startTestServer, type TestServer } from "./helpers/server-harness.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";

interface Received {
  secret: string | undefined;
  body: AlertWebhookBody;
}

describe("resident alerts API (#18)", function () {
  this.timeout(120_000);
  let t: TestServer;
  let commander: string;
  let viewer: string;
  let incident: string;
  const received: Received[] = [];
  let attempts = 0;
  const gateway = createServer((req: IncomingMessage, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString("utf8")));
    req.on("end", () => {
      attempts++;
      // the first POST fails: the pusher must retry it
      if (attempts === 1) return void res.writeHead(503).end();
      received.push({ secret: req.headers["x-test-secret"] as string | undefined, body: JSON.parse(text) as AlertWebhookBody });
      res.writeHead(204).end();
    });
  });

  const xml = async (path: string, token = commander) => {
    const res = await fetch(`${t.base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
  };
  const report = async (body: Record<string, unknown>) => {
    const r = await t.call("POST", `/api/incidents/${incident}/events`, { token: commander, body: { id: crypto.randomUUID(), ...body } });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
  };

  before(async () => {
    await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
    t = await startTestServer(await createPgliteFixture(makeFixtureClock()), {
      residentAlerts: { sender: "lianxin@test", webhook: { url, secretHeader: { name: "X-Test-Secret", value: "s3cret" }, backoffMs: 10 } },
    });
    commander = (await t.store.createToken({ name: "Commander Li", role: "commander" })).secret;
    viewer = (await t.store.createToken({ name: "Viewer Zhao", role: "viewer" })).secret;
    const created = await t.call("POST", "/api/incidents", { token: commander, body: tinyScenario() });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    incident = created.body.id;
  });
  after(async () => {
    await t?.close();
    gateway.close();
  });

  it("pushes each new alert to the gateway once, with its secret header, retrying a failed POST", async () => {
    await report({ type: "truck.dispatched", truck: "T1", compound: "A", at: "2021-07-20T01:00:00+08:00" });
    await t.server.alertPusher!.idle();
    // first contact: the outages already confirmed before this report count as sent; only the dispatch is new
    expect(received.map((r) => [r.body.compound, r.body.kind])).to.deep.equal([["A", "generator.en-route"]]);
    expect(attempts).to.equal(2);
    expect(received[0].secret).to.equal("s3cret");
    expect(received[0].body.text["zh-CN"]).to.include("发电车");
    expect(await capErrors(received[0].body.cap)).to.deep.equal([]);
    await report({ type: "truck.arrived", truck: "T1", compound: "A", at: "2021-07-20T02:00:00+08:00" });
    await report({ type: "switched.on", truck: "T1", compound: "A", at: "2021-07-20T03:00:00+08:00" });
    await t.server.alertPusher!.idle();
    expect(received.map((r) => r.body.kind)).to.deep.equal(["generator.en-route", "generator.powered"]);
  });

  it("answers a compound's latest alert as CAP 1.2 that the OASIS schema accepts, to any role", async () => {
    const a = await xml(`/api/incidents/${incident}/alerts.cap?compound=A`, viewer);
    expect(a.status, a.text).to.equal(200);
    expect(a.type).to.include("application/cap+xml");
    expect(await capErrors(a.text)).to.deep.equal([]);
    expect(a.text).to.include("<status>Actual</status>").and.include("<msgType>Update</msgType>").and.include("<value>generator.powered</value>");
    // B's substation came back 21 Jul 12:00 (+08:00): its latest alert is the grid's return
    const b = await xml(`/api/incidents/${incident}/alerts.cap?compound=B`);
    expect(b.text).to.include("<value>grid.back</value>").and.include("<sent>2021-07-21T12:00:00+08:00</sent>");
    expect(await capErrors(b.text)).to.deep.equal([]);
  });

  it("names the field: 400 without compound, 404 for an unknown compound or alert", async () => {
    const none = await t.call("GET", `/api/incidents/${incident}/alerts.cap`, { token: commander });
    expect(none.status).to.equal(400);
    expect(none.body.error.details[0].path).to.equal("compound");
    const unknown = await t.call("GET", `/api/incidents/${incident}/alerts.cap?compound=Z`, { token: commander });
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.details[0].path).to.equal("compound");
    const noAlert = await t.call("GET", `/api/incidents/${incident}/alerts.cap?compound=A&identifier=nope`, { token: commander });
    expect(noAlert.status).to.equal(404);
    expect(noAlert.body.error.details[0].path).to.equal("identifier");
  });

  it("lists every alert in an Atom feed that parses, each linking to a CAP document that is served", async () => {
    const feed = await xml(`/api/incidents/${incident}/alerts.atom`);
    expect(feed.status).to.equal(200);
    expect(feed.type).to.include("application/atom+xml");
    expect(await xmlErrors(feed.text)).to.deep.equal([]);
    // A: outage, en route, powered; B: outage, grid back
    const links = [...feed.text.matchAll(/href="([^"]+alerts\.cap[^"]+)"/g)].map((m) => m[1].replaceAll("&amp;", "&"));
    expect(links).to.have.length(5);
    const first = await xml(links[links.length - 1]);
    expect(first.status, first.text).to.equal(200);
    expect(first.text).to.include("<msgType>Alert</msgType>").and.include("<value>outage.confirmed</value>");
  });
});
