import { expect } from "chai";
import type { StoredEvent } from "../events.ts";
import type { Scenario, TimelineEvent } from "../scenario.ts";
import { parseEventInput } from "../restoration/parse-event-input.ts";
import { buildCurrentScenario } from "../restoration/build-current-scenario.ts";
import { stored, tinyScenario } from "../restoration/tiny-scenario.fixture.ts";
import { hash128, timelineEventId } from "./timeline-event-id.ts";
import { deliveryOrder, timelineInputs, withoutTimeline } from "./timeline-inputs.ts";

const at = (dayHour: string) => `2021-07-${dayHour}:00+08:00`;

function withTimeline(): Scenario {
  const events: TimelineEvent[] = [
    { type: "switched.on", at: at("20T03:00"), truck: "T1", compound: "A", source: "[S] x" },
    { type: "truck.dispatched", at: at("20T01:00"), truck: "T1", compound: "A", note: "first", assumed: true, source: "[A] y" },
    // same instant as the next: delivered in the order written
    { type: "truck.arrived", at: at("20T02:00"), truck: "T1", compound: "A" },
    { type: "grid.restored", at: "2021-07-19T18:00:00Z", compound: "B" }, // = 20T02:00 in +08:00
  ];
  return { ...tinyScenario(), events };
}

describe("timeline ids and delivery order", () => {
  it("derives the same UUID for the same incident and entry, another for another entry or incident", () => {
    const id = timelineEventId("inc-1", 3);
    expect(id).to.equal(timelineEventId("inc-1", 3));
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const others = new Set([id, timelineEventId("inc-1", 4), timelineEventId("inc-2", 3), timelineEventId("inc-13", 0), timelineEventId("inc-1", 30)]);
    expect(others.size).to.equal(5);
  });

  it("is accepted by the event parser as a client UUID", () => {
    expect(() => parseEventInput({ id: timelineEventId("x", 0), type: "grid.restored", at: at("20T01:00"), compound: "A" })).not.to.throw();
  });

  it("hashes to 128 fixed bits (pinned so ids never change between releases: a changed id would re-deliver events)", () => {
    expect(timelineEventId("zhengzhou", 0)).to.equal("ab055d84-7345-85a1-a797-3c63e995bfb2");
    expect(hash128("zhengzhou").every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)).to.equal(true);
  });

  it("orders by time, ties in the order written, whatever the offsets", () => {
    expect(deliveryOrder(withTimeline().events!)).to.deep.equal([1, 2, 3, 0]);
  });

  it("turns entries into event inputs in delivery order, with ids of their own index and no source / assumed", () => {
    const inputs = timelineInputs(withTimeline(), "inc-1");
    expect(inputs.map((e) => e.type)).to.deep.equal(["truck.dispatched", "truck.arrived", "grid.restored", "switched.on"]);
    expect(inputs[0]).to.deep.equal({ id: timelineEventId("inc-1", 1), type: "truck.dispatched", at: at("20T01:00"), truck: "T1", compound: "A", note: "first" });
    expect(inputs[3].id).to.equal(timelineEventId("inc-1", 0));
    for (const input of inputs) expect(parseEventInput(input)).to.deep.equal(input);
  });

  it("gives the same inputs on every call (a replay is deterministic)", () => {
    expect(timelineInputs(withTimeline(), "inc-1")).to.deep.equal(timelineInputs(withTimeline(), "inc-1"));
  });

  it("leaves the timeline out of the planner's input, without touching the scenario", () => {
    const s = withTimeline();
    const plain = withoutTimeline(s);
    expect(plain).not.to.have.property("events");
    expect(s.events).to.have.length(4);
    const none = tinyScenario();
    expect(withoutTimeline(none)).to.equal(none);
  });

  it("buildCurrentScenario is the same with or without a timeline, and drops it", () => {
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T01:00", truck: "T1", compound: "A" });
    stored(log, { type: "truck.arrived", at: "20T02:00", truck: "T1", compound: "A" });
    const t = Date.parse(at("20T05:00"));
    const a = buildCurrentScenario(withTimeline(), log, t);
    expect(a).not.to.have.property("events");
    expect(a).to.deep.equal(buildCurrentScenario(tinyScenario(), log, t));
  });
});
