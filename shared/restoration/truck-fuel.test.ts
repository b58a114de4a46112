import { expect } from "chai";
import type { StoredEvent } from "../events.ts";
import type { Plan, PlanTanker } from "../plan.ts";
import { burnLitresPerHour, lowFuelTrucks, truckFuelLevels } from "./truck-fuel.ts";
import { fuelledTinyScenario, ms, stored, t, t2SwitchedOnAtA, tinyScenario } from "./tiny-scenario.fixture.ts";

/** T2 (300 kW): 600 L, 60 L/h at full load; at A (200 kW) 60 × 2/3 = 40 L/h (fuelledTinyScenario). */
const fuelled = fuelledTinyScenario;
/** T2 switched on at A at 21 Jul 02:00. */
const t2OnA = t2SwitchedOnAtA;

function planWith(tankers: PlanTanker[], trucks: Plan["trucks"] = []): Plan {
  return { scenario: "tiny", customerOutageHours: 0, baselineCustomerOutageHours: 0, trucks, compounds: [], unserved: [], tankers };
}

describe("truckFuelLevels (#17: each truck's fuel now)", () => {
  it("burns the share of capacity in use from switch-on: 600 L − 5 h × 40 L/h = 400 L", () => {
    const [f] = truckFuelLevels(fuelled(), t2OnA(), null, ms("21T07:00"));
    // 02:00 → 07:00 = 5 h at 40 L/h = 200 L; 400 / 600 = 2/3; 400 L / 40 L/h = 10 h to dry
    expect(f).to.deep.include({ truck: "T2", litres: 400, tankLitres: 600, burnLitresPerHour: 40, hoursToDry: 10, dryAtMs: null, low: false });
    expect(f.share).to.be.closeTo(2 / 3, 1e-12);
  });

  it("leaves out trucks without a tank and a burn, and burns nothing before switch-on", () => {
    const levels = truckFuelLevels(fuelled(), t2OnA(), null, ms("21T01:30"));
    expect(levels.map((f) => f.truck)).to.deep.equal(["T2"]);
    expect(levels[0]).to.deep.include({ litres: 600, burnLitresPerHour: 0, hoursToDry: null });
    expect(truckFuelLevels(tinyScenario(), t2OnA(), null, ms("21T07:00"))).to.deep.equal([]);
  });

  it("stops burning at truck.released", () => {
    const log = t2OnA();
    stored(log, { type: "truck.released", at: "21T04:30", truck: "T2", compound: "A" });
    const [f] = truckFuelLevels(fuelled(), log, null, ms("21T09:00"));
    // 02:00 → 04:30 = 2.5 h × 40 = 100 L
    expect(f).to.deep.include({ litres: 500, burnLitresPerHour: 0, hoursToDry: null, low: false });
  });

  it("floors the burn at idle, stops it at the grid's return, and says when the tank ran dry", () => {
    const s = tinyScenario();
    // T1 (100 kW) at B, whose load is made 20 kW: share 0.2 < idle floor 0.3 → 30 × 0.3 = 9 L/h
    s.compounds[1].loadKw = 20;
    Object.assign(s.trucks[0], { fuelLitres: 300, fuelLitresPerHourAtFull: 30 });
    const log: StoredEvent[] = [];
    stored(log, { type: "truck.dispatched", at: "20T00:00", truck: "T1", compound: "B" });
    stored(log, { type: "truck.arrived", at: "20T01:00", truck: "T1", compound: "B" });
    stored(log, { type: "switched.on", at: "20T02:00", truck: "T1", compound: "B" });
    expect(burnLitresPerHour(s.trucks[0], 20)).to.be.closeTo(9, 1e-12);
    // 300 L / 9 L/h = 33 h 20 min after 20 Jul 02:00 → 21 Jul 11:20, before B's grid returns (21 Jul 12:00)
    const [f] = truckFuelLevels(s, log, null, ms("21T14:00"));
    expect(f).to.deep.include({ litres: 0, share: 0, burnLitresPerHour: 0, hoursToDry: null, dryAtMs: ms("21T11:20"), low: true });
    // at 21 Jul 10:00 (32 h: 288 L burnt) 12 L are left: 12 / 9 = 1.33 h to dry
    const [g] = truckFuelLevels(s, log, null, ms("21T10:00"));
    expect(g.litres).to.be.closeTo(12, 1e-9);
    expect(g.hoursToDry).to.be.closeTo(4 / 3, 1e-9);
  });

  it("counts a passed tanker stop where the truck is (capped at the tank), not a future one nor one elsewhere", () => {
    const plan = planWith([{ id: "K1", refills: [], stops: [
      { truck: "T2", compound: "A", arrive: t("21T05:00"), litres: 100 },
      // not there: T2 is at A
      { truck: "T2", compound: "B", arrive: t("21T06:00"), litres: 100 },
      // still to come
      { truck: "T2", compound: "A", arrive: t("21T09:00"), litres: 100 },
    ] }]);
    const [f] = truckFuelLevels(fuelled(), t2OnA(), plan, ms("21T07:00"));
    // 02:00 → 05:00: 600 − 3 × 40 = 480; +100 = 580; 05:00 → 07:00: − 2 × 40 = 500 L
    expect(f).to.deep.include({ litres: 500, refuelledLitres: 100, hoursToDry: 12.5 });
    const big = planWith([{ id: "K1", refills: [], stops: [{ truck: "T2", compound: "A", arrive: t("21T05:00"), litres: 400 }] }]);
    const [g] = truckFuelLevels(fuelled(), t2OnA(), big, ms("21T07:00"));
    // 480 + 400 fills the 600 L tank: 120 L went in; then − 80 → 520 L
    expect(g).to.deep.include({ litres: 520, refuelledLitres: 120 });
  });

  it("starts from the level a re-plan started from (plan.fuelLevels), counting its own tanker stops after it", () => {
    // a re-plan at 05:00 found T2 at 300 L (an earlier plan's tanker had come, or not: the figure says all)
    const plan = { ...planWith([{ id: "K1", refills: [], stops: [{ truck: "T2", compound: "A", arrive: t("21T06:00"), litres: 100 }] }]), fuelLevels: [{ truck: "T2", at: t("21T05:00"), litres: 300 }] };
    const [f] = truckFuelLevels(fuelled(), t2OnA(), plan, ms("21T07:00"));
    // 300 − 1 h × 40 = 260 at 06:00; + 100 = 360; − 40 by 07:00 = 320 L (not 600 − 5 × 40 + 100 = 500 from the tank)
    expect(f).to.deep.include({ litres: 320, refuelledLitres: 100 });
    // the scenario's own fuelLevel counts the same way when the plan has none
    const s = fuelled();
    s.trucks[1].fuelLevel = { at: t("21T05:00"), litres: 300 };
    expect(truckFuelLevels(s, t2OnA(), null, ms("21T07:00"))[0]).to.deep.include({ litres: 220 });
  });

  it("burns an MV truck for the compounds its plan stop supplies", () => {
    const s = fuelled();
    s.trucks[1].voltage = "mv";
    const plan = planWith([], [{ id: "T2", stops: [{ compound: "A", depart: t("21T00:00"), arrive: t("21T01:00"), switchOn: t("21T02:00"), release: t("22T00:00"), supplies: ["A", "B"] }] }]);
    const [f] = truckFuelLevels(s, t2OnA(), plan, ms("21T07:00"));
    // A + B = 300 kW on a 300 kW truck: 60 L/h; 5 h → 300 L left, 50 %, 5 h to dry
    expect(f).to.deep.include({ litres: 300, share: 0.5, burnLitresPerHour: 60, hoursToDry: 5, low: false });
  });

  it("marks low under 25 % of the tank or under 2 h to dry; lowFuelTrucks names them soonest dry first", () => {
    const s = fuelled();
    // T1 at full load on B (100 kW of 100 kW): 1,000 L tank, 600 L/h; T2 as before
    Object.assign(s.trucks[0], { fuelLitres: 1000, fuelLitresPerHourAtFull: 600 });
    const log = t2OnA();
    stored(log, { type: "truck.dispatched", at: "21T03:00", truck: "T1", compound: "B" });
    stored(log, { type: "truck.arrived", at: "21T04:00", truck: "T1", compound: "B" });
    stored(log, { type: "switched.on", at: "21T05:00", truck: "T1", compound: "B" });
    // B's grid returns 21 Jul 12:00. At 06:00: T1 1,000 − 600 = 400 L (40 %) but 400 / 600 = 0.67 h to dry → low;
    // T2 600 − 4 × 40 = 440 L (73 %), 11 h → not low
    expect(lowFuelTrucks(s, log, null, ms("21T06:00")).map((f) => f.truck)).to.deep.equal(["T1"]);
    // At 11:00 T1 is dry (since 06:40); T2 600 − 9 × 40 = 240 L = 40 %, 6 h: not low. At 14:00 T2 is at
    // 600 − 12 × 40 = 120 L = 20 % → low too; dry first
    expect(lowFuelTrucks(s, log, null, ms("21T11:00")).map((f) => f.truck)).to.deep.equal(["T1"]);
    expect(lowFuelTrucks(s, log, null, ms("21T14:00")).map((f) => f.truck)).to.deep.equal(["T1", "T2"]);
  });

  it("says since when a truck is low: the level crossing 25 % or 2 h of burn, or a switch-on already under it; a refill ends it", () => {
    const s = fuelled();
    Object.assign(s.trucks[0], { fuelLitres: 1000, fuelLitresPerHourAtFull: 600 });
    const log = t2OnA();
    stored(log, { type: "truck.dispatched", at: "21T03:00", truck: "T1", compound: "B" });
    stored(log, { type: "truck.arrived", at: "21T04:00", truck: "T1", compound: "B" });
    stored(log, { type: "switched.on", at: "21T05:00", truck: "T1", compound: "B" });
    const at14 = truckFuelLevels(s, log, null, ms("21T14:00"));
    // T1: 2 h of its 600 L/h burn is 1,200 L > its 1,000 L tank: low from its switch-on at 05:00
    expect(at14[0]).to.deep.include({ truck: "T1", lowSinceMs: ms("21T05:00") });
    // T2: under max(25 % × 600 = 150 L, 2 h × 40 L/h = 80 L) = 150 L after (600 − 150) / 40 = 11.25 h: 02:00 + 11 h 15 min
    expect(at14[1]).to.deep.include({ truck: "T2", lowSinceMs: ms("21T13:15") });
    // before it switched on T1 burnt nothing: a full tank, not low
    expect(truckFuelLevels(s, log, null, ms("21T04:30"))[0]).to.deep.include({ low: false, lowSinceMs: null });
    // a tanker at 13:30 (T2 at 600 − 11.5 × 40 = 140 L) pumps 400 L: 540 L, not low any more; 14:00: 520 L
    const plan = planWith([{ id: "K1", refills: [], stops: [{ truck: "T2", compound: "A", arrive: t("21T13:30"), litres: 400 }] }]);
    expect(truckFuelLevels(s, log, plan, ms("21T14:00"))[1]).to.deep.include({ litres: 520, low: false, lowSinceMs: null });
  });
});
