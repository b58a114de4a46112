import { expect } from "chai";
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { StoredEvent } from "../../shared/events.ts";
import type { IncidentState } from "../../shared/state.ts";
import type { Reply, StoredPlan } from "../../shared/wire.ts";
import type { TokenRecord } from "../store/store.ts";
import { createBoardRooms, type Member } from "./board-room.ts";

/** A member whose `send` and `ack` queue what they receive, in order. */
function fakeMember(scope: string | null = null): Member & { inbox: unknown[] } {
  const token: TokenRecord = { id: "t1", name: "board", role: "viewer", incident: scope, trucks: [], createdAt: "2021-07-20T00:00:00Z" };
  const inbox: unknown[] = [];
  return { token, inbox, send: (event, payload) => inbox.push([event, (payload as { seq?: number; id: string }).seq ?? (payload as { id: string }).id]) };
}

function ackInto(member: { inbox: unknown[] }): (reply: Reply<IncidentState>) => void {
  return (reply) => member.inbox.push(["ack", reply.ok ? reply.data.at : reply.code]);
}

function state(at: string): IncidentState {
  return { at, compounds: [], trucks: [], kpis: { customersOut: 0, restoredShare: 0, avgOutageHoursPerHousehold: 0 } };
}

function event(incident: string, seq: number): StoredEvent {
  return { id: `e${seq}`, incident, seq, type: "truck.dispatched", at: "2021-07-22T08:00:00+08:00", truck: "T1", compound: "C1", receivedAt: "2021-07-22T00:00:01Z", by: "crew" };
}

function plan(incident: string, id: string): StoredPlan {
  return {
    id, incident, createdAt: "2021-07-22T00:00:00Z", createdBy: "cmd", status: "proposed", basedOnSeq: 0,
    plan: { scenario: incident, customerOutageHours: 1, baselineCustomerOutageHours: 2, trucks: [], compounds: [], unserved: [] },
  };
}

/** A promise with its resolver exposed, to hold a state computation open. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

describe("board rooms", () => {
  it("acknowledges a join with the incident's current state, then forwards events and plans in order", async () => {
    const rooms = createBoardRooms({ stateOf: async () => state("S") });
    const m = fakeMember();
    await rooms.join(m, { incident: "zz" }, ackInto(m));
    rooms.publishEvent(event("zz", 1));
    rooms.publishPlan(plan("zz", "p1"));
    rooms.publishEvent(event("zz", 2));
    expect(m.inbox).to.deep.equal([["ack", "S"], ["event", 1], ["plan", "p1"], ["event", 2]]);
  });

  it("holds back messages published while the join state is computed and sends them after the acknowledgement", async () => {
    const pending = deferred<IncidentState>();
    const rooms = createBoardRooms({ stateOf: () => pending.promise });
    const m = fakeMember();
    const joined = rooms.join(m, { incident: "zz" }, ackInto(m));
    rooms.publishEvent(event("zz", 7));
    expect(m.inbox).to.deep.equal([]);
    pending.resolve(state("S"));
    await joined;
    expect(m.inbox).to.deep.equal([["ack", "S"], ["event", 7]]);
  });

  it("sends nothing about other incidents", async () => {
    const rooms = createBoardRooms({ stateOf: async () => state("S") });
    const m = fakeMember();
    await rooms.join(m, { incident: "zz" }, ackInto(m));
    rooms.publishEvent(event("other", 1));
    rooms.publishPlan(plan("other", "p9"));
    expect(m.inbox).to.deep.equal([["ack", "S"]]);
  });

  it("refuses a token limited to one incident joining another, and keeps it out of that room", async () => {
    const rooms = createBoardRooms({ stateOf: async () => state("S") });
    const m = fakeMember("zz");
    await rooms.join(m, { incident: "other" }, ackInto(m));
    rooms.publishEvent(event("other", 1));
    expect(m.inbox).to.deep.equal([["ack", ErrorCode.forbidden]]);
    expect(rooms.size("other")).to.equal(0);
  });

  it("lets a scoped token join its own incident", async () => {
    const rooms = createBoardRooms({ stateOf: async () => state("S") });
    const m = fakeMember("zz");
    await rooms.join(m, { incident: "zz" }, ackInto(m));
    expect(m.inbox).to.deep.equal([["ack", "S"]]);
  });

  it("answers a malformed join with invalid_input", async () => {
    const rooms = createBoardRooms({ stateOf: async () => state("S") });
    const m = fakeMember();
    for (const bad of [undefined, null, "zz", {}, { incident: 3 }, { incident: "" }]) await rooms.join(m, bad, ackInto(m));
    expect(m.inbox).to.deep.equal(Array(6).fill(["ack", ErrorCode.invalidInput]));
  });

  it("maps an unknown incident to not_found and leaves no one in the room", async () => {
    const rooms = createBoardRooms({
      stateOf: async (id) => { throw new LianxinError(ErrorCode.notFound, `no incident ${id}`); },
    });
    const m = fakeMember();
    await rooms.join(m, { incident: "nope" }, ackInto(m));
    expect(m.inbox).to.deep.equal([["ack", ErrorCode.notFound]]);
    expect(rooms.size("nope")).to.equal(0);
  });

  it("reports an unexpected failure as internal without leaking its message", async () => {
    const rooms = createBoardRooms({ stateOf: async () => { throw new Error("db password is hunter2"); } });
    const m = fakeMember();
    let reply: Reply<IncidentState> | undefined;
    await rooms.join(m, { incident: "zz" }, (r) => { reply = r; });
    expect(reply).to.deep.equal({ ok: false, code: ErrorCode.internal, message: "could not compute the incident's state" });
  });

  it("stops sending to a member that left, including one that left while joining", async () => {
    const pending = deferred<IncidentState>();
    const rooms = createBoardRooms({ stateOf: () => pending.promise });
    const early = fakeMember();
    const joining = rooms.join(early, { incident: "zz" }, ackInto(early));
    rooms.leave(early);
    pending.resolve(state("S"));
    await joining;
    rooms.publishEvent(event("zz", 1));
    expect(early.inbox).to.deep.equal([]);
    expect(rooms.size("zz")).to.equal(0);
  });

  it("delivers each published message once to every member of the room", async () => {
    const rooms = createBoardRooms({ stateOf: async () => state("S") });
    const a = fakeMember();
    const b = fakeMember();
    await rooms.join(a, { incident: "zz" }, ackInto(a));
    await rooms.join(b, { incident: "zz" }, ackInto(b));
    rooms.publishEvent(event("zz", 1));
    expect(a.inbox).to.deep.equal([["ack", "S"], ["event", 1]]);
    expect(b.inbox).to.deep.equal([["ack", "S"], ["event", 1]]);
    expect(rooms.size("zz")).to.equal(2);
  });
});
