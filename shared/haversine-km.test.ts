import { expect } from "chai";
import { distance } from "@turf/turf";
import { haversineKm } from "./haversine-km.ts";
import { seededRandom } from "./seeded-random.ts";

describe("haversineKm", () => {
  it("gives turf's distance in kilometres to the last bit", () => {
    const rnd = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      // Zhengzhou-sized spans and a few across the globe
      const span = i % 10 === 0 ? 170 : 0.2;
      const a = [113.65 + span * (rnd() - 0.5), 34.75 + (span / 2) * (rnd() - 0.5)];
      const b = [113.65 + span * (rnd() - 0.5), 34.75 + (span / 2) * (rnd() - 0.5)];
      expect(haversineKm(a, b)).to.equal(distance(a, b, { units: "kilometers" }));
    }
  });

  it("is 0.9141 km for 0.01° of longitude at 34.7° N", () => {
    // 6371.0088 km × 0.01° × π/180 × cos(34.7°) = 1.11195 × 0.82214 ≈ 0.91418 km
    expect(haversineKm([113.6, 34.7], [113.61, 34.7])).to.be.closeTo(0.91418, 1e-4);
  });
});
