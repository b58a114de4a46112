/**
 * A small seeded PRNG (mulberry32): the planner is deterministic for a seed and never touches Math.random.
 *
 * @example
 * const rnd = seededRandom(42); rnd(); // 0 ≤ x < 1, same sequence for the same seed
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [0, n). */
export function randomInt(rnd: () => number, n: number): number {
  return Math.floor(rnd() * n);
}
