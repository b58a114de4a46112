import { readFileSync } from "node:fs";
import { expect } from "chai";
import type { Scenario } from "../scenario.ts";
import { knownAtScenario } from "./known-at.ts";
import { planValidScenario } from "../../server/planner/plan-dispatch.ts";
import { countingTicker } from "../../server/replay/counterfactual.ts";

const load = (dir: string) => JSON.parse(readFileSync(new URL(`../../scenarios/${dir}/scenario.json`, import.meta.url), "utf8")) as Scenario;
const H = 3_600_000;

/** The scenario with every grid return after `atMs` (compound or substation) moved by `byMs`; earlier ones kept. */
function moveFutureReturns(s: Scenario, atMs: number, byMs: number): Scenario {
  const move = (iso: string | null | undefined) => (iso && Date.parse(iso) > atMs ? new Date(Date.parse(iso) + byMs).toISOString() : iso);
  return {
    ...s,
    substations: s.substations.map((x) => ({ ...x, restoredAt: move(x.restoredAt) ?? null })),
    compounds: s.compounds.map((c) => (c.gridRestoredAt ? { ...c, gridRestoredAt: move(c.gridRestoredAt) } : c)),
  };
}

describe("knownAtScenario: what was known at an instant (#14)", function () {
  this.timeout(60000);
  const t = Date.parse("2021-07-22T12:00:00+08:00");

  it("is the same planner input when the true grid returns after the instant move (true scale, with forecasts)", () => {
    const s = load("zhengzhou-2021");
    const known = knownAtScenario(s, t);
    expect(knownAtScenario(moveFutureReturns(s, t, 7 * H), t)).to.deep.equal(known);
    // earlier too, as long as they stay after t (a return moved before t is known by then, as it should be)
    const earlier = moveFutureReturns(s, t, -3 * H);
    for (const c of earlier.compounds) if (Date.parse(c.gridRestoredAt!) <= t && Date.parse(s.compounds.find((x) => x.id === c.id)!.gridRestoredAt!) > t) c.gridRestoredAt = new Date(t + 60_000).toISOString();
    for (const x of earlier.substations) if (Date.parse(x.restoredAt!) <= t && Date.parse(s.substations.find((y) => y.id === x.id)!.restoredAt!) > t) x.restoredAt = new Date(t + 60_000).toISOString();
    expect(knownAtScenario(earlier, t)).to.deep.equal(known);
    // and it reads none of them: no compound keeps its true return after t unless a forecast says the same
    expect(known).not.to.have.property("events");
    expect(known).not.to.have.property("forecasts");
    expect(known.trucks.every((k) => Date.parse(k.availableAt) <= t)).to.equal(true);
  });

  it("uses the latest forecast announced by then, else the horizon (the default rule); past returns stay", () => {
    const s = load("zhengzhou-2021");
    const known = knownAtScenario(s, t);
    const byId = new Map(known.compounds.map((c) => [c.id, c]));
    const past = s.compounds.filter((c) => Date.parse(c.gridRestoredAt!) <= t);
    expect(past.length).to.be.above(0);
    for (const c of past) expect(Date.parse(byId.get(c.id)!.gridRestoredAt!)).to.equal(Date.parse(c.gridRestoredAt!));
    // the latest announcement per compound (forecasts are written in announcement order)
    const latest = new Map(s.forecasts!.filter((f) => f.compound && Date.parse(f.at) <= t).map((f) => [f.compound!, f]));
    const announced = [...latest.values()].filter((f) => Date.parse(f.expected) > t && Date.parse(s.compounds.find((c) => c.id === f.compound)!.gridRestoredAt!) > t);
    expect(announced.length).to.be.above(0);
    for (const f of announced) expect(Date.parse(byId.get(f.compound!)!.gridRestoredAt!)).to.equal(Date.parse(f.expected));
    // Jincheng Zhongyuan (grid 27 Jul, nothing announced for it by 22 Jul): dark to the horizon
    expect(byId.get("jincheng-zhongyuan")!.gridRestoredAt).to.equal(s.horizonEnd);
  });

  it("gives the same plan document when the future grid returns move (1:10 model, counting ticker)", () => {
    const s = load("zhengzhou-2021-model");
    const plan = (x: Scenario) => {
      const p = planValidScenario(knownAtScenario(x, t), { at: t, seed: 1, timeLimitMs: 20_000, ticker: countingTicker() });
      const { runtimeMs: _r, ...rest } = p;
      return rest;
    };
    const a = plan(s);
    expect(plan(moveFutureReturns(s, t, 11 * H))).to.deep.equal(a);
    // while planning with the true returns (foresight) does differ: the test can fail
    const { runtimeMs: _r, ...foresight } = planValidScenario(s, { at: t, seed: 1, timeLimitMs: 20_000, ticker: countingTicker() });
    expect(foresight).not.to.deep.equal(a);
  });

  it("does not mutate its input", () => {
    const s = load("zhengzhou-2021-model");
    const copy = structuredClone(s);
    knownAtScenario(s, t);
    expect(s).to.deep.equal(copy);
  });
});
