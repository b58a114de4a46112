/**
 * The seeded small family used by the exactness tests: 10 compounds and 3 trucks in six flavours (core case, with a
 * fixed connection, mixed truck sizes, a timed flood, both, and all three), eight seeds each.
 */
import { buildSmallInstance, type SmallInstance, type SmallInstanceOptions } from "./small-instance.ts";

export const FAMILY_FLAVOURS: { name: string; options: SmallInstanceOptions }[] = [
  { name: "core", options: {} },
  { name: "fixed", options: { fixed: true } },
  { name: "mixed", options: { mixedSizes: true } },
  { name: "flood", options: { floods: true } },
  { name: "mixed+flood", options: { mixedSizes: true, floods: true } },
  { name: "mixed+flood+fixed", options: { mixedSizes: true, floods: true, fixed: true } },
];

export const FAMILY_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/**
 * Every member of the family with its label, e.g. "mixed seed 5".
 *
 * @example
 * for (const { label, instance } of smallFamily()) console.log(label, instance.compounds.length);
 */
export function smallFamily(): { label: string; flavour: string; seed: number; instance: SmallInstance }[] {
  return FAMILY_FLAVOURS.flatMap(({ name, options }) =>
    FAMILY_SEEDS.map((seed) => ({ label: `${name} seed ${seed}`, flavour: name, seed, instance: buildSmallInstance(seed, options) })));
}
