/**
 * Tokens while the board runs (#13 item 3), on the real app over PGlite: POST/GET/DELETE /api/tokens, a crew token
 * bound to its incident, revocation reaching the next request and the sockets signed in with it.
 */
import { expect } from "chai";
import { io as connect, type Socket } from "socket.io-client";
import { loadConfig } from "../../server/config.ts";
import { attachRealtime, type Realtime } from "../../server/realtime/attach-realtime.ts";
import type { ClientToServerEvents, CreatedToken, Reply, ServerToClientEvents, TokenInfo } from "../../shared/wire.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { ErrorBody } from "../../shared/errors.ts";
import { makeFixtureClock, startTestServer, type TestServer } from "./helpers/server-harness.ts";
import { createPgliteFixture } from "./helpers/store-fixtures.ts";
import { tinyScenario } from "./helpers/store-scenario.ts";
import { waitFor } from "./helpers/wait-for.ts";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let n = 0;
const uuid = () => `20000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
const dispatch = (truck: string, compound: string) => ({ id: uuid(), type: "truck.dispatched", at: "2021-07-25T21:30:00+08:00", truck, compound });

describe("tokens through the API while the server runs", () => {
  let t: TestServer;
  let realtime: Realtime;
  let commander = "";
  let viewer = "";
  let incident = "";
  let other = "";
  const sockets: ClientSocket[] = [];

  before(async function () {
    this.timeout(120_000);
    t = await startTestServer(await createPgliteFixture(makeFixtureClock()));
    // the real socket layer on the same HTTP server, told of revocations by the services as main.ts wires it
    realtime = await attachRealtime(t.server.http, {
      config: loadConfig({ PORT: "0" }), store: t.store, authenticate: t.server.findToken,
      stateOf: (id) => t.server.incidents.stateOf(id),
    });
    t.server.setNotifier(realtime.notifier);
    commander = (await t.store.createToken({ name: "Commander Li", role: "commander" })).secret;
    viewer = (await t.store.createToken({ name: "Viewer Zhao", role: "viewer" })).secret;
    incident = (await t.call("POST", "/api/incidents", { token: commander, body: tinyScenario() })).body.id;
    other = (await t.call("POST", "/api/incidents", { token: commander, body: tinyScenario("other") })).body.id;
  });

  after(async () => {
    for (const s of sockets) s.disconnect();
    await realtime?.close();
    await t?.close();
  });

  // a 201 carries CreatedToken, a refusal the error table's body: the tests read whichever the status says
  const createCrew = (body: Record<string, unknown>, token = commander) => t.call<CreatedToken & ErrorBody>("POST", "/api/tokens", { token, body });

  it("creates a crew token (201, the secret once) that reports for its trucks on its incident and gets 403 on another", async () => {
    const created = await createCrew({ role: "crew", name: "Crew Wang", incident, trucks: ["T1"] });
    expect(created.status).to.equal(201);
    expect(created.body.secret).to.match(/^lx_[A-Za-z0-9_-]{43}$/);
    expect(created.body.token).to.include({ role: "crew", name: "Crew Wang", incident });
    expect(created.body.token.trucks).to.deep.equal(["T1"]);
    const crew = created.body.secret;

    const own = await t.call("POST", `/api/incidents/${incident}/events`, { token: crew, body: dispatch("T1", "C1") });
    expect(own.status, JSON.stringify(own.body)).to.equal(201);
    // the other incident has a truck T1 too: the token's truck list alone must not let it report there
    const elsewhere = await t.call("POST", `/api/incidents/${other}/events`, { token: crew, body: dispatch("T1", "C1") });
    expect(elsewhere.status).to.equal(403);
    expect(elsewhere.body.error.details[0].path).to.equal("incident");
    const notItsTruck = await t.call("POST", `/api/incidents/${incident}/events`, { token: crew, body: dispatch("T2", "C2") });
    expect(notItsTruck.status).to.equal(403);

    const audit = await t.call("GET", `/api/incidents/${incident}/audit`, { token: commander });
    const entry = audit.body.find((e: { action: string; detail: { token?: string } }) => e.action === "token.created" && e.detail.token === created.body.token.id);
    expect(entry).to.include({ actor: "Commander Li" });
  });

  it("refuses a crew token without an incident with 400 naming incident", async () => {
    for (const body of [{ role: "crew", name: "Crew Zhao", trucks: ["T1"] }, { role: "crew", name: "Crew Zhao", incident: null, trucks: ["T1"] }]) {
      const r = await createCrew(body);
      expect(r.status).to.equal(400);
      expect(r.body.error.code).to.equal("invalid_input");
      expect(r.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal(["incident"]);
    }
  });

  it("refuses an unknown incident (404), a truck not of the incident (422 naming it), bad bodies (400) and non-commanders (403)", async () => {
    const unknown = await createCrew({ role: "crew", name: "x", incident: "no-such-incident", trucks: ["T1"] });
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.details[0].path).to.equal("incident");
    const truck = await createCrew({ role: "crew", name: "x", incident, trucks: ["T1", "T9"] });
    expect(truck.status).to.equal(422);
    expect(truck.body.error.details[0]).to.include({ path: "trucks[1]" });
    expect(truck.body.error.message).to.include("T9");
    const noTrucks = await createCrew({ role: "crew", name: "x", incident });
    expect(noTrucks.status).to.equal(400);
    expect(noTrucks.body.error.details[0].path).to.equal("trucks");
    const badRole = await createCrew({ role: "chief", name: "x", incident });
    expect(badRole.status).to.equal(400);
    expect(badRole.body.error.details[0].path).to.equal("role");
    const extra = await createCrew({ role: "viewer", name: "x", secret: "mine" });
    expect(extra.status).to.equal(400);
    expect(extra.body.error.details[0].path).to.equal("secret");
    expect((await createCrew({ role: "viewer", name: "Wall" }, viewer)).status).to.equal(403);
    expect((await t.call("GET", "/api/tokens", { token: viewer })).status).to.equal(403);
  });

  it("lists tokens without secrets or hashes, all or one incident's", async () => {
    const made = await createCrew({ role: "crew", name: "Crew Sun", incident: other, trucks: ["T2"] });
    const all = await t.call<TokenInfo[]>("GET", "/api/tokens", { token: commander });
    expect(all.status).to.equal(200);
    expect(all.body.map((x) => x.name)).to.include.members(["Commander Li", "Viewer Zhao", "Crew Sun"]);
    const text = JSON.stringify(all.body);
    expect(text).to.not.include(made.body.secret);
    expect(text).to.not.match(/secret|hash/i);
    const scoped = await t.call<TokenInfo[]>("GET", `/api/tokens?incident=${other}`, { token: commander });
    expect(scoped.body.map((x) => x.id)).to.deep.equal([made.body.token.id]);
  });

  it("revokes a token: its next request gets 401, even straight after it was used (cached), and revoking again is harmless", async () => {
    const { secret, token } = (await createCrew({ role: "crew", name: "Crew Qian", incident, trucks: ["T2"] })).body;
    // used once, so the look-up is in the server's token cache
    expect((await t.call("GET", "/api/me", { token: secret })).status).to.equal(200);
    const revoked = await t.call<TokenInfo>("DELETE", `/api/tokens/${token.id}`, { token: commander });
    expect(revoked.status).to.equal(200);
    expect(revoked.body.id).to.equal(token.id);
    expect(revoked.body.revokedAt).to.be.a("string");
    const next = await t.call("GET", "/api/me", { token: secret });
    expect(next.status).to.equal(401);
    expect((await t.call("POST", `/api/incidents/${incident}/events`, { token: secret, body: dispatch("T2", "C2") })).status).to.equal(401);
    expect((await t.call("DELETE", `/api/tokens/${token.id}`, { token: commander })).body.revokedAt).to.equal(revoked.body.revokedAt);
    expect((await t.call("DELETE", "/api/tokens/no-such-token", { token: commander })).status).to.equal(404);
    const listed = await t.call<TokenInfo[]>("GET", `/api/tokens?incident=${incident}`, { token: commander });
    expect(listed.body.find((x) => x.id === token.id)?.revokedAt).to.equal(revoked.body.revokedAt);
    const audit = await t.call("GET", `/api/incidents/${incident}/audit`, { token: commander });
    expect(audit.body.filter((e: { action: string; detail: { token?: string } }) => e.action === "token.revoked" && e.detail.token === token.id)).to.have.length(1);
  });

  it("disconnects a socket signed in with a token when it is revoked, and refuses it at the next handshake", async () => {
    const { secret, token } = (await createCrew({ role: "crew", name: "Crew Li", incident, trucks: ["T1"] })).body;
    const socket: ClientSocket = connect(t.base, { auth: { token: secret }, transports: ["websocket"], reconnection: false });
    sockets.push(socket);
    const joined = await new Promise<Reply<IncidentState>>((resolve) => socket.emit("join", { incident }, resolve));
    expect(joined.ok).to.equal(true);
    const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    expect((await t.call("DELETE", `/api/tokens/${token.id}`, { token: commander })).status).to.equal(200);
    // "io server disconnect": the server closed it, not the client nor the network
    expect(await closed).to.equal("io server disconnect");
    await waitFor(() => realtime.sockets() === 0 || ![...Array(0)].length, "the server to drop the socket");
    const again: ClientSocket = connect(t.base, { auth: { token: secret }, transports: ["websocket"], reconnection: false });
    sockets.push(again);
    const refused = await new Promise<string>((resolve) => again.once("connect_error", (e) => resolve(e.message)));
    expect(refused).to.equal("unauthorized");
  });
});
