import { expect } from "chai";
import { itemsToMove } from "./stay-in-place.ts";
import { seededRandom } from "./seeded-random.ts";

/** Applies the moves as the board does: from the end, each moved item put before the one after it. */
function reorder<T>(current: T[], wanted: T[], move: Set<T>): T[] {
  const list = current.filter((x) => wanted.includes(x));
  for (let i = wanted.length - 1; i >= 0; i--) {
    const item = wanted[i];
    if (!move.has(item) && list.includes(item)) continue;
    const at = list.indexOf(item);
    if (at >= 0) list.splice(at, 1);
    const anchor = i + 1 < wanted.length ? list.indexOf(wanted[i + 1]) : list.length;
    list.splice(anchor, 0, item);
  }
  return list;
}

describe("itemsToMove", () => {
  it("moves nothing when the order is already the wanted one", () => {
    expect([...itemsToMove([1, 2, 3], [1, 2, 3])]).to.deep.equal([]);
  });

  it("moves only the one item that changed place, not every item after it", () => {
    // a → the end: b, c, d keep their relative order (a run of 3), so only a moves
    expect([...itemsToMove(["a", "b", "c", "d"], ["b", "c", "d", "a"])]).to.deep.equal(["a"]);
    // d → the front: likewise only d
    expect([...itemsToMove(["a", "b", "c", "d"], ["d", "a", "b", "c"])]).to.deep.equal(["d"]);
  });

  it("moves items new to the list and keeps a reversed list's one longest run", () => {
    expect([...itemsToMove(["a", "b"], ["a", "x", "b"])]).to.deep.equal(["x"]);
    // reversed 3: any one item stays, two move
    expect(itemsToMove([1, 2, 3], [3, 2, 1]).size).to.equal(2);
  });

  it("gives moves that put random lists in the wanted order, as few as n minus the longest kept run", () => {
    const rnd = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rnd() * 30);
      const current = Array.from({ length: n }, (_, i) => i);
      const wanted = [...current].sort(() => rnd() - 0.5);
      const move = itemsToMove(current, wanted);
      expect(reorder(current, wanted, move)).to.deep.equal(wanted);
    }
  });
});
