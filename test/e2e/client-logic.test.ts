/**
 * The browser client's pure parts, run in Node (no browser): the crew outbox, the board's event log and the plan
 * diff. They live with the browser tests because client/ is outside the spec globs; nothing here starts Chromium.
 */
import type { Scenario } from "../../shared/scenario.ts";
import { refusalOf } from "../../client/common/refusal-text.ts";
import { expect } from "chai";
import { DateTime } from "luxon";
import { formatClockTime, formatFullTime, formatTime } from "../../client/common/format.ts";
import { createEventLog } from "../../client/board/event-log.ts";
import { diffPlans } from "../../client/board/plan-diff.ts";
import { createOutbox, newEventId, type KeyValue, type Send, type SendOutcome } from "../../client/crew/outbox.ts";
import type { EventInput, StoredEvent } from "../../shared/events.ts";
import type { Plan } from "../../shared/plan.ts";

function memoryStorage(): KeyValue & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

function report(id: string, type: EventInput["type"] = "truck.arrived"): EventInput {
  return { id, type, at: "2021-07-22T14:00:00+08:00", truck: "T1", compound: "C1" };
}

/** A server stand-in answering from a script, recording what it was sent. */
function scriptedServer(answers: Record<string, SendOutcome[]>): Send & { sent: string[] } {
  const sent: string[] = [];
  const send = async (_incident: string, input: EventInput): Promise<SendOutcome> => {
    sent.push(input.id);
    return answers[input.id]?.shift() ?? { kind: "delivered", seq: sent.length };
  };
  return Object.assign(send, { sent });
}

describe("crew outbox", () => {
  it("keeps a report until the server acknowledges it, then lists it as delivered with its seq", async () => {
    const outbox = createOutbox(memoryStorage());
    outbox.enqueue("zz", report("a"));
    expect(outbox.items().map((i) => i.state)).to.deep.equal(["pending"]);
    const result = await outbox.flush(scriptedServer({ a: [{ kind: "delivered", seq: 7 }] }));
    expect(result).to.deep.equal({ delivered: 1, refused: 0, waiting: 0 });
    expect(outbox.items()).to.deep.equal([]);
    expect(outbox.delivered().map((d) => [d.input.id, d.seq])).to.deep.equal([["a", 7]]);
  });

  it("stops at the first report that gets no answer and sends the rest later, in order, with the same ids", async () => {
    const outbox = createOutbox(memoryStorage());
    outbox.enqueue("zz", report("a", "truck.dispatched"));
    outbox.enqueue("zz", report("b", "truck.arrived"));
    const server = scriptedServer({ a: [{ kind: "retry", message: "no connection to the server" }] });
    expect(await outbox.flush(server)).to.deep.equal({ delivered: 0, refused: 0, waiting: 2 });
    expect(outbox.items().map((i) => [i.input.id, i.attempts])).to.deep.equal([["a", 1], ["b", 0]]);
    expect(await outbox.flush(server)).to.deep.equal({ delivered: 2, refused: 0, waiting: 0 });
    expect(server.sent).to.deep.equal(["a", "a", "b"]);
  });

  it("marks a refused report with the server's status and message, never retries it, and goes on with the next", async () => {
    const outbox = createOutbox(memoryStorage());
    outbox.enqueue("zz", report("a", "switched.on"));
    outbox.enqueue("zz", report("b"));
    const server = scriptedServer({ a: [{ kind: "refused", status: 422, message: "truck T1 has not arrived at C1" }] });
    await outbox.flush(server);
    await outbox.flush(server);
    expect(server.sent).to.deep.equal(["a", "b"]);
    expect(outbox.items()).to.deep.include({ incident: "zz", input: report("a", "switched.on"), state: "refused", status: 422, message: "truck T1 has not arrived at C1", attempts: 1 });
    outbox.dismiss("a");
    expect(outbox.items()).to.deep.equal([]);
  });

  it("never sends one report twice when flushes overlap (a timer and the browser's online event)", async () => {
    const outbox = createOutbox(memoryStorage());
    outbox.enqueue("zz", report("a"));
    outbox.enqueue("zz", report("b"));
    const server = scriptedServer({});
    await Promise.all([outbox.flush(server), outbox.flush(server), outbox.flush(server)]);
    expect(server.sent).to.deep.equal(["a", "b"]);
  });

  it("survives a reload: the outbox lives in storage, not in memory", async () => {
    const storage = memoryStorage();
    createOutbox(storage).enqueue("zz", report("a"));
    const reopened = createOutbox(storage);
    expect(reopened.items().map((i) => i.input.id)).to.deep.equal(["a"]);
  });

  it("treats unreadable storage as an empty outbox instead of failing", () => {
    const storage = memoryStorage();
    storage.setItem("lianxin.outbox", "{not json");
    expect(createOutbox(storage).items()).to.deep.equal([]);
  });

  it("makes RFC 4122 version 4 ids", () => {
    expect(newEventId()).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

function stored(seq: number): StoredEvent {
  return { id: `e${seq}`, incident: "zz", seq, type: "truck.arrived", at: "2021-07-22T14:00:00+08:00", receivedAt: "2021-07-22T06:00:00Z", by: "crew" };
}

describe("board event log", () => {
  it("ignores an event it already has (one counted in the join state, a reconnect)", () => {
    const log = createEventLog([stored(1), stored(2)]);
    expect(log.add(stored(2))).to.deep.equal({ added: false, gap: false });
    expect(log.events().map((e) => e.seq)).to.deep.equal([1, 2]);
  });

  it("reports a gap when an event arrives past a missing one, and closes it when the missing ones arrive", () => {
    const log = createEventLog([stored(1)]);
    expect(log.add(stored(4))).to.deep.equal({ added: true, gap: true });
    expect(log.contiguousSeq()).to.equal(1);
    expect(log.addAll([stored(2), stored(3), stored(4)])).to.equal(2);
    expect(log.contiguousSeq()).to.equal(4);
    expect(log.events().map((e) => e.seq)).to.deep.equal([1, 2, 3, 4]);
  });
});

function plan(customerOutageHours: number, trucks: Record<string, string[]>, hours: Record<string, number>): Plan {
  const stop = (compound: string) => ({ compound, depart: "", arrive: "", switchOn: "", release: "" });
  return {
    scenario: "zz",
    customerOutageHours,
    baselineCustomerOutageHours: 0,
    trucks: Object.entries(trucks).map(([id, stops]) => ({ id, stops: stops.map(stop) })),
    compounds: Object.entries(hours).map(([id, outageHours]) => ({ id, poweredAt: null, outageHours, servedBy: [] })),
    unserved: [],
  };
}

describe("plan diff", () => {
  it("names the trucks that now go elsewhere and what each compound gains or loses in customer-hours", () => {
    const before = plan(1_300, { T1: ["A", "B"], T2: ["C"] }, { A: 2, B: 5, C: 3 });
    const after = plan(1_150, { T1: ["B", "A"], T2: ["C"] }, { A: 4, B: 2, C: 3 });
    // weights (priority × households): A 100, B 150, C 50
    // A: 100 × 2 = 200 → 100 × 4 = 400 (+200); B: 150 × 5 = 750 → 150 × 2 = 300 (−450); C unchanged
    const weight: Record<string, number> = { A: 100, B: 150, C: 50 };
    const d = diffPlans(before, after, (id) => weight[id] ?? 0);
    expect(d.moves).to.deep.equal([{ truck: "T1", before: ["A", "B"], after: ["B", "A"] }]);
    expect(d.compounds).to.deep.equal([
      { compound: "B", before: 750, after: 300 },
      { compound: "A", before: 200, after: 400 },
    ]);
    // 1,150 − 1,300
    expect(d.deltaCustomerHours).to.equal(-150);
  });

  it("reports a truck that appears in only one of the plans", () => {
    const d = diffPlans(plan(0, { T1: ["A"] }, {}), plan(0, { T1: ["A"], T9: ["B"] }, {}), () => 1);
    expect(d.moves).to.deep.equal([{ truck: "T9", before: [], after: ["B"] }]);
  });
});

describe("board time formatting", () => {
  it("writes the zone's clock time as luxon does, from ISO text with an offset or epoch ms", () => {
    // 2021-07-25T15:30:09Z is 23:30:09 in Zhengzhou (UTC+8) and 11:30:09 in New York (EDT, UTC−4)
    const ms = Date.UTC(2021, 6, 25, 15, 30, 9);
    // #16: each language's own date order, never the US month-first "07-25"
    expect(formatTime("2021-07-25T23:30:09+08:00", "Asia/Shanghai", "en")).to.equal("25 Jul 23:30");
    expect(formatTime("2021-07-25T23:30:09+08:00", "Asia/Shanghai", "zh")).to.equal("7月25日 23:30");
    expect(formatClockTime(ms, "America/New_York")).to.equal("11:30");
    expect(formatFullTime(ms, "Asia/Shanghai")).to.equal("2021-07-25 23:30:09");
    for (const zone of ["Asia/Shanghai", "Europe/London", "Asia/Kathmandu", "UTC"]) {
      for (let t = Date.UTC(2021, 0, 1); t < Date.UTC(2022, 0, 1); t += 7_919_999) {
        const d = DateTime.fromMillis(t, { zone });
        expect(formatFullTime(t, zone)).to.equal(d.toFormat("yyyy-MM-dd HH:mm:ss"));
        expect(formatTime(new Date(t).toISOString(), zone, "en")).to.equal(d.setLocale("en-US").toFormat("d LLL HH:mm"));
        expect(formatTime(new Date(t).toISOString(), zone, "zh")).to.equal(d.toFormat("M'月'd'日' HH:mm"));
      }
    }
  });

  it("reads ISO text without an offset in the zone, as before", () => {
    expect(formatTime("2021-07-25T23:30:00", "Asia/Shanghai", "en")).to.equal("25 Jul 23:30");
  });
});

describe("refusals in words (#16)", () => {
  const scenario = {
    timezone: "Asia/Shanghai",
    trucks: [{ id: "T1", name: "Henan 1" }],
    compounds: [{ id: "C2", name: "C estate" }, { id: "C1", name: "B estate" }],
    substations: [],
  } as unknown as Scenario;

  it("words a rule with names for ids and the zone's time, never the server's English or a seq", () => {
    const detail = { path: "at", message: "conflicts with … (seq 4) …", rule: "conflicts_later", params: {
      truck: "T1", compound: "C2", step: "truck.arrived", because: "already_arrived", laterStep: "truck.arrived", laterAt: "2021-07-20T20:30:00+08:00",
    } };
    expect(refusalOf(422, "impossible", [detail], scenario)).to.equal(
      "It would contradict Henan 1's “arrived” already reported for 20 Jul 20:30 (UTC+8): Henan 1 has already arrived at C estate");
  });

  it("words a pin the planner cannot keep by its rule, with the truck and compound by name", () => {
    const pin = { path: "pins[0]", message: "T1 cannot switch on all its pinned compounds before their grids return", rule: "plan_pins_overlap", params: { truck: "T1", compound: "C2" } };
    expect(refusalOf(422, "impossible", [pin], scenario)).to.equal("Henan 1 cannot switch on all its pinned compounds before their grids return");
    const both = { path: "forbid[0]", message: "T1 → C1 is also pinned", rule: "plan_pinned_and_forbidden", params: { truck: "T1", compound: "C1" } };
    expect(refusalOf(422, "impossible", [both], scenario)).to.equal("Henan 1 → B estate is both pinned and forbidden");
  });

  it("words an answer without a rule from its code, naming a bad field", () => {
    expect(refusalOf(400, "invalid_input", [{ path: "at", message: "must be an ISO 8601 time" }], scenario)).to.equal("Invalid request: at");
    expect(refusalOf(503, "unavailable", [], scenario)).to.equal("The server cannot answer right now; try again shortly");
    expect(refusalOf(0, "network", [], scenario)).to.equal("No connection to the server");
    expect(refusalOf(418, "teapot", [], scenario)).to.equal("The server refused it (418)");
  });
});
