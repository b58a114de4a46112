import { expect } from "chai";
import { CITY_SIZES, generateCity } from "./generate-city.ts";
import { validateScenario } from "../../shared/validate-scenario.ts";

describe("generateCity", () => {
  it("gives the same scenario for the same options, and another for another seed", () => {
    const a = generateCity({ seed: 5, ...CITY_SIZES.small });
    expect(JSON.stringify(generateCity({ seed: 5, ...CITY_SIZES.small }))).to.equal(JSON.stringify(a));
    expect(JSON.stringify(generateCity({ seed: 6, ...CITY_SIZES.small }))).to.not.equal(JSON.stringify(a));
  });

  it("produces valid scenarios of the requested size, grid-like and irregular", () => {
    for (const irregular of [false, true]) {
      const s = generateCity({ seed: 9, compounds: 40, trucks: 6, gridSide: 12, floods: true, mixedSizes: true, irregular });
      const checked = validateScenario(s);
      expect(checked.ok, JSON.stringify(checked)).to.equal(true);
      expect(s.compounds).to.have.length(40);
      expect(s.trucks).to.have.length(6);
      expect(s.floodZones?.features.every((f) => f.properties?.from && f.properties?.until)).to.equal(true);
    }
  });

  it("keeps households within 200-3,000 and, without mixed sizes, every load within one 1,800 kW truck", () => {
    const s = generateCity({ seed: 3, compounds: 200, trucks: 20, floods: false, mixedSizes: false });
    for (const c of s.compounds) {
      expect(c.households).to.be.within(200, 3000);
      expect(c.loadKw).to.be.at.most(1800);
    }
    expect(new Set(s.trucks.map((t) => t.capacityKw))).to.deep.equal(new Set([1800]));
  });
});
