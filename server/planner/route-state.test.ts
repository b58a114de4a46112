import { expect } from "chai";
import { buildInstance } from "./build-instance.ts";
import { RouteState } from "./route-state.ts";
import { simulateRoutes } from "./simulate-routes.ts";
import { seededRandom, randomInt } from "../../shared/seeded-random.ts";
import { randomScenario } from "../../test/fixtures/random-scenario.ts";
import type { Routes } from "./instance.ts";

/** Random routes: each compound goes to a random truck (or none), and now and then to a second one. */
function randomRoutes(C: number, K: number, rnd: () => number): Routes {
  const routes: Routes = Array.from({ length: K }, () => []);
  for (let j = 0; j < C; j++) {
    const k = randomInt(rnd, K + 1);
    if (k < K) routes[k].push(j);
    const k2 = randomInt(rnd, K * 3);
    if (k2 < K && k2 !== k) routes[k2].push(j);
  }
  return routes;
}

describe("RouteState move evaluation", () => {
  it("agrees with a full simulation for insertions, removals and multi-route changes (floods, partial supply)", () => {
    for (let seed = 1; seed <= 5; seed++) {
      const inst = buildInstance(randomScenario(seed, { compounds: 12, trucks: 4, flood: true }));
      const rnd = seededRandom(seed);
      const routes = randomRoutes(12, 4, rnd);
      const st = new RouteState(inst, routes);
      const base = simulateRoutes(inst, routes).cost;
      expect(st.total).to.be.closeTo(base, 1e-6);
      for (let n = 0; n < 30; n++) {
        const a = randomInt(rnd, 4);
        const b = (a + 1 + randomInt(rnd, 3)) % 4;
        const j = randomInt(rnd, 12);
        if (!st.serves(a, j)) {
          const p = randomInt(rnd, routes[a].length + 1);
          const next = routes.map((r) => r.slice());
          next[a].splice(p, 0, j);
          const d = st.evalInsert(j, a, p);
          const exact = simulateRoutes(inst, next).cost - base;
          // evalInsert reports Infinity for an insertion that could not switch j on in time
          if (d !== Infinity) expect(d, `insert ${j} into ${a} at ${p}`).to.be.closeTo(exact, 1e-6);
        }
        if (routes[a].length > 0) {
          const p = randomInt(rnd, routes[a].length);
          const next = routes.map((r) => r.slice());
          next[a].splice(p, 1);
          expect(st.evalRemove(a, p)).to.be.closeTo(simulateRoutes(inst, next).cost - base, 1e-6);
        }
        const pa = randomInt(rnd, routes[a].length + 1);
        const pb = randomInt(rnd, routes[b].length + 1);
        const na = [...routes[a].slice(0, pa), ...routes[b].slice(pb)];
        const nb = [...routes[b].slice(0, pb), ...routes[a].slice(pa)];
        if (new Set(na).size === na.length && new Set(nb).size === nb.length) {
          const next = routes.map((r) => r.slice());
          next[a] = na;
          next[b] = nb;
          expect(st.evalRoutes([[a, na], [b, nb]])).to.be.closeTo(simulateRoutes(inst, next).cost - base, 1e-6);
        }
      }
    }
  });
});
