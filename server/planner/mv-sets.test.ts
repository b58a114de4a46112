import { expect } from "chai";
import { darkHours } from "./mv-sets.ts";

describe("MV sets chosen against what other trucks supply (#17)", () => {
  it("counts the hours a compound's covers leave it dark, by the unsupplied share", () => {
    // supplied whole from 3 to 5, half from 4 on: of [0, 10], 0–3 dark (3), 5–10 half dark (2.5)
    expect(darkHours([[3, 5, 1], [4, Infinity, 0.5]], 0, 10)).to.be.closeTo(5.5, 1e-12);
    // no cover: the whole window; an empty window: nothing
    expect(darkHours([], 2, 7)).to.equal(5);
    expect(darkHours([[0, 1, 1]], 7, 2)).to.equal(0);
  });
});
