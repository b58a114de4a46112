/**
 * No 5xx for bad input, ever (#13 item 4), registered once per store (fuzz-pglite.test.ts, fuzz-postgres.test.ts):
 * a few thousand seeded malformed requests across every route (helpers/fuzz-requests.ts) against the real app
 * in-process, one at a time, asserting that
 * - none is answered 5xx (or has its connection cut);
 * - every refusal under /api is the error table's JSON, its status the table's for its code;
 * - a refused request wrote nothing (the store is wrapped to record every write that took effect), and the
 *   incidents no accepted request wrote to are exactly as before (scenario, events, plans, replay clock).
 */
import { expect } from "chai";
import { HTTP_STATUS } from "../../server/http/error-table.ts";
import type { Store } from "../../server/store/store.ts";
import type { ErrorBody } from "../../shared/errors.ts";
import { closeFuzzAgent, fuzzRequests, sendRaw, type FuzzTargets, type RawReply } from "./helpers/fuzz-requests.ts";
import { startTestServer, type TestServer } from "./helpers/server-harness.ts";
import type { StoreFixture } from "./helpers/store-fixtures.ts";
import { tinyScenario } from "./helpers/store-scenario.ts";

/** a write that took effect: its method and the incident it names (or made) */
interface Write {
  method: string;
  incident: string | null;
}

/** Store methods that only read; every other one is a write (so one added later is counted too). */
const READS = /^(get|list|find|latest|count|applied|close)/;

/** The store, recording each write that resolved (an append that found a duplicate wrote nothing). */
export function recordWrites(store: Store, writes: Write[]): Store {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== "function" || typeof name !== "string" || READS.test(name)) return value;
      return async (...args: unknown[]) => {
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        const kind = (result as { kind?: string } | null)?.kind;
        // null / false: nothing was there to change (revoking an unknown token)
        if (result !== null && result !== false && !(name === "appendEvent" && kind !== "created")) {
          const made = (result as { id?: unknown } | null)?.id;
          writes.push({ method: name, incident: typeof args[0] === "string" ? args[0] : typeof made === "string" ? made : null });
        }
        return result;
      };
    },
  });
}

async function snapshot(store: Store): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const { id } of await store.listIncidents()) {
    const parts = await Promise.all([store.getIncident(id), store.listEvents(id), store.listPlans(id), store.getReplayClock(id), store.latestCounterfactual(id)]);
    out.set(id, JSON.stringify(parts));
  }
  return out;
}

export function registerFuzzSuite(makeFixture: () => Promise<StoreFixture> | StoreFixture, options: { seed: number; requests: number }): void {
  let t: TestServer;
  const writes: Write[] = [];
  let targets: FuzzTargets;

  before(async function () {
    this.timeout(120_000);
    const fixture = await makeFixture();
    t = await startTestServer({ ...fixture, open: async () => recordWrites(await fixture.open(), writes) });
    const commander = (await t.store.createToken({ name: "Commander Li", role: "commander" })).secret;
    const incident = (await t.call("POST", "/api/incidents", { token: commander, body: tinyScenario() })).body.id as string;
    const plan = await t.call("POST", `/api/incidents/${incident}/plans`, { token: commander, body: { at: "2021-07-25T22:00:00+08:00", timeLimitSeconds: 0.2 } });
    expect(plan.status).to.equal(201);
    const replay = await t.call("POST", "/api/replays", { token: commander, body: { scenario: tinyScenario("fuzz-replay"), paused: true } });
    expect(replay.status).to.equal(201);
    const job = await t.call("POST", `/api/incidents/${incident}/exports`, { token: commander, body: { format: "json" } });
    expect(job.status).to.equal(202);
    targets = {
      incident, replay: replay.body.incident.id as string, planId: plan.body.id, jobId: job.body.id,
      tokens: {
        commander,
        viewer: (await t.store.createToken({ name: "Viewer Zhao", role: "viewer" })).secret,
        crew: (await t.store.createToken({ name: "Crew Wang", role: "crew", incident, trucks: ["T1"] })).secret,
        scoped: (await t.store.createToken({ name: "Other viewer", role: "viewer", incident: replay.body.incident.id })).secret,
      },
    };
    await settled(job.body.id);
  });
  after(async () => {
    closeFuzzAgent();
    await t?.close();
  });

  /** a job started by an accepted request has finished, so its writes are counted against that request */
  async function settled(jobId: string): Promise<void> {
    for (;;) {
      const r = await t.call("GET", `/api/jobs/${encodeURIComponent(jobId)}`, { token: targets.tokens.commander });
      if (r.status !== 200 || r.body.state === "completed" || r.body.state === "failed") return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it(`answers ${options.requests} seeded malformed requests (seed ${options.seed}) with 4xx from the error table, writing nothing when refusing`, async function () {
    this.timeout(180_000);
    const before = await snapshot(t.store);
    writes.length = 0;
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const r of fuzzRequests(options.seed, options.requests, targets)) {
      const wrote = writes.length;
      const reply = await sendRaw(t.base, r);
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      const describe = `${r.method} ${r.path.slice(0, 120)} [${r.label}] → ${reply.status} ${reply.body.slice(0, 200)}`;
      if (reply.status >= 500 || reply.status <= 0) failures.push(describe);
      if (reply.status === 202) {
        const job = JSON.parse(reply.body) as { id: string };
        await settled(job.id);
      }
      if (reply.status >= 400) {
        if (writes.length !== wrote) failures.push(`${describe}: refused but wrote ${writes.slice(wrote).map((w) => w.method).join(", ")}`);
        const problem = errorBodyProblem(r.method, r.path, reply);
        if (problem) failures.push(`${describe}: ${problem}`);
      }
    }
    expect(failures.slice(0, 20), `${failures.length} failures; statuses ${JSON.stringify([...statuses])}`).to.deep.equal([]);
    // a fuzz that never got past the edges would prove little: some of each kind of answer
    expect(statuses.get(400) ?? 0).to.be.greaterThan(0);
    expect([...statuses.keys()].filter((s) => s < 300).length).to.be.greaterThan(0);

    const after = await snapshot(t.store);
    const touched = new Set(writes.map((w) => w.incident));
    for (const [id, was] of before) {
      expect(after.has(id), `incident ${id} is gone`).to.equal(true);
      if (!touched.has(id)) expect(after.get(id), `incident ${id} changed with no accepted write to it`).to.equal(was);
    }
    const made = writes.filter((w) => w.method === "createIncident").length;
    expect(after.size - before.size).to.equal(made);
  });
}

/** null when a 4xx answer is the error table's JSON with the status of its code (HEAD answers have no body) */
function errorBodyProblem(method: string, path: string, reply: RawReply): string | null {
  if (!path.startsWith("/api/") || method === "HEAD") return null;
  if (!reply.contentType.startsWith("application/json")) return `not JSON (${reply.contentType})`;
  let body: ErrorBody;
  try {
    body = JSON.parse(reply.body) as ErrorBody;
  } catch {
    return "not JSON";
  }
  const code = body?.error?.code;
  if (!(code in HTTP_STATUS)) return `unknown code ${String(code)}`;
  if (HTTP_STATUS[code] !== reply.status) return `code ${code} with status ${reply.status}`;
  if (!Array.isArray(body.error.details) || typeof body.error.message !== "string") return "no message or details";
  return null;
}
