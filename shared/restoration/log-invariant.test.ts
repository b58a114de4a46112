import { expect } from "chai";
import { LianxinError } from "../errors.ts";
import type { EventInput, StoredEvent } from "../events.ts";
import { deriveState } from "./derive-state.ts";
import { compoundsOf, gridTimes, replayTrucks } from "./timeline.ts";
import { syncIndex, type LogIndex } from "./log-index.ts";
import { checkEvent, validateEvent } from "./validate-event.ts";
import { tinyScenario } from "./tiny-scenario.fixture.ts";

/** mulberry32: a seeded generator, so every run checks the same histories */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function verdict(check: () => void): string {
  try {
    check();
    return "ok";
  } catch (e) {
    expect(e).to.be.instanceOf(LianxinError);
    return (e as LianxinError).message;
  }
}

const TYPES = ["truck.dispatched", "truck.arrived", "cable.laid", "switched.on", "truck.released", "truck.broken"] as const;
const START = Date.parse("2021-07-20T00:00:00+08:00");

describe("the event log, whatever order reports arrive in", () => {
  it("stays a valid history for every truck in field-time order, and outage hours never decrease", () => {
    const scenario = tinyScenario();
    let accepted = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = seeded(seed);
      const log: StoredEvent[] = [];
      let index: LogIndex | undefined;
      for (let i = 0; i < 60; i++) {
        const type = TYPES[Math.floor(rnd() * (rnd() < 0.1 ? 6 : 5))];
        const input: EventInput = {
          id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
          type,
          // reports arrive in any order within two days
          // (in 5-minute steps, so the minimum on-site time and the 120 km/h bound are met by some and not others)
          at: new Date(START + Math.floor(rnd() * 48 * 12) * 300_000).toISOString(),
          truck: rnd() < 0.5 ? "T1" : "T2",
          compound: rnd() < 0.5 ? "A" : "B",
        };
        // the incremental index (what the server keeps) gives the same verdict and reason as a fresh one
        index = syncIndex(index, scenario, log);
        const incremental = verdict(() => checkEvent(index!, input));
        const fresh = verdict(() => validateEvent(scenario, log, input));
        expect(incremental, `seed ${seed}, report ${i}`).to.equal(fresh);
        if (fresh !== "ok") continue;
        log.push({ ...input, incident: "tiny", seq: log.length + 1, receivedAt: "", by: "" });
      }
      accepted += log.length;
      const rejected: string[] = [];
      replayTrucks(scenario, log, gridTimes(scenario, compoundsOf(scenario, log), log), Infinity, (r) => rejected.push(r.reason));
      expect(rejected, `seed ${seed}`).to.deep.equal([]);
      let previous = [0, 0];
      for (let h = 0; h <= 48; h += 6) {
        const hours = deriveState(scenario, log, START + h * 3_600_000).compounds.map((c) => c.outageHours);
        hours.forEach((x, k) => expect(x, `seed ${seed}, +${h} h`).to.be.at.least(previous[k] - 1e-9));
        previous = hours;
      }
    }
    // not a vacuous check: a few hundred reports were accepted (about one random report in eight makes sense)
    expect(accepted).to.be.greaterThan(200);
  });

  it("gives the verdict a fresh index gives when reports come mostly in field-time order, grid reports among them", () => {
    // in order, the incremental check applies each report to where its truck's kept replay ended (validate-event.ts
    // tailOf); a report late in field time, a grid or substation report, or a refusal must not let that go stale
    const scenario = tinyScenario();
    let acceptedSteps = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = seeded(1000 + seed);
      const log: StoredEvent[] = [];
      let index: LogIndex | undefined;
      let clock = START;
      for (let i = 0; i < 80; i++) {
        // mostly forward by 0–40 minutes, one report in eight up to three hours back
        clock += rnd() < 0.125 ? -Math.floor(rnd() * 36) * 300_000 : Math.floor(rnd() * 9) * 300_000;
        const at = new Date(Math.max(START, clock)).toISOString();
        const pick = rnd();
        const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
        const input: EventInput = pick < 0.05 ? { id, type: "grid.restored", at, compound: rnd() < 0.5 ? "A" : "B" }
          : pick < 0.08 ? { id, type: "substation.restored", at, substation: "S2" }
          : { id, type: TYPES[Math.floor(rnd() * (rnd() < 0.05 ? 6 : 5))], at, truck: rnd() < 0.5 ? "T1" : "T2", compound: rnd() < 0.5 ? "A" : "B" };
        index = syncIndex(index, scenario, log);
        const incremental = verdict(() => checkEvent(index!, input));
        const fresh = verdict(() => validateEvent(scenario, log, input));
        expect(incremental, `seed ${seed}, report ${i}`).to.equal(fresh);
        if (fresh !== "ok") continue;
        if (input.truck !== undefined) acceptedSteps++;
        log.push({ ...input, incident: "tiny", seq: log.length + 1, receivedAt: "", by: "" });
      }
    }
    expect(acceptedSteps).to.be.greaterThan(200);
  });
});
