/**
 * The Zhengzhou 2021 timeline replayed through the event log (#6): every entry passes the event rules in delivery
 * order, and two replays driven differently (jumps against an hour-by-hour clock at ×3,600) produce the same events
 * with the same seqs.
 */
import { readFile } from "node:fs/promises";
import { expect } from "chai";
import { DEMO_SCENARIO } from "../../server/incidents/first-run.ts";
import { makeFixtureClock, startTestServer, type TestServer } from "./helpers/server-harness.ts";
import { createPgliteFixture, type StoreFixture } from "./helpers/store-fixtures.ts";

describe("replaying the Zhengzhou 2021 timeline", function () {
  this.timeout(300_000);
  let t: TestServer;
  let wall: StoreFixture["clock"];
  let token: string;
  let scenario: { events: unknown[] };

  before(async () => {
    const fixture = await createPgliteFixture(makeFixtureClock());
    wall = fixture.clock;
    t = await startTestServer(fixture);
    token = (await t.store.createToken({ name: "HQ Chen", role: "commander" })).secret;
    scenario = JSON.parse(await readFile(DEMO_SCENARIO, "utf8"));
  });
  after(async () => t?.close());

  async function start(body: Record<string, unknown>): Promise<string> {
    const r = await t.call("POST", "/api/replays", { token, body: { scenario, ...body } });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    await t.server.replays.advance(r.body.incident.id);
    return r.body.incident.id;
  }
  const change = async (id: string, body: Record<string, unknown>) => {
    expect((await t.call("POST", `/api/incidents/${id}/replay`, { token, body })).status).to.equal(200);
    await t.server.replays.advance(id);
  };
  // read from the store: after the long loop below, an idle keep-alive connection may be gone
  const sequence = async (id: string) =>
    (await t.store.listEvents(id)).map((e) => `${e.seq} ${e.type} ${e.at} ${e.truck ?? ""} ${e.compound ?? ""}`);

  it("delivers every entry, and the same sequence whether driven by jumps or hour by hour", async () => {
    const jumps = await start({ paused: true });
    await change(jumps, { at: "2021-07-22T14:00:00+08:00" });
    // to the timeline's end (a jump past it is refused, #16)
    const { endsAt } = (await t.call("GET", `/api/incidents/${jumps}/replay`, { token })).body as { endsAt: string };
    await change(jumps, { at: endsAt });

    const hourly = await start({ speed: 3_600 });
    // one wall second at ×3,600 is one scenario hour; the timeline spans under 8 days
    for (let hour = 0; hour < 8 * 24; hour++) {
      wall.advance(1_000);
      await t.server.replays.advance(hourly);
    }
    const a = await sequence(jumps);
    expect(a).to.have.length(scenario.events.length);
    expect(await sequence(hourly)).to.deep.equal(a);
    const hq = { id: "tok-hq", name: "HQ Chen", role: "commander" as const, incident: null, trucks: [], createdAt: "2021-07-20T00:00:00Z" };
    const clock = await t.server.replays.getClock(hq, hourly);
    expect(clock).to.include({ delivered: scenario.events.length, total: scenario.events.length });
    // the restoration the sources report: Jincheng Zhongyuan switched on at 23:30 on 25 Jul
    expect(a.some((e) => / switched\.on 2021-07-25T23:30:00\+08:00 .* jincheng-zhongyuan$/.test(e))).to.equal(true);
  });
});
