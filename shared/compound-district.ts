/**
 * The district a compound lies in, for the board's district filter (#16 item 4) and the exports' counts by
 * district. The scenario document has only an optional `district` per compound (a reported compound may bring
 * one); without it, the district its substation's name gives in brackets ("110 kV 文化路变 (金水, assumed)" →
 * "金水"), which is how the Zhengzhou scenarios name them. The situation report says so.
 */
import type { Compound, Substation } from "./scenario.ts";

/**
 * The compound's own district, else its substation's bracketed one; null when neither names one.
 *
 * @example
 * namedDistrictOf({ substation: "s1" }, new Map([["s1", { name: "110 kV 二七变 (二七, assumed)" }]])); // "二七"
 */
export function namedDistrictOf(compound: Pick<Compound, "substation"> & { district?: unknown }, substations: ReadonlyMap<string, Pick<Substation, "name">>): string | null {
  const own = compound.district;
  if (typeof own === "string" && own.trim() !== "") return own.trim();
  const name = substations.get(compound.substation)?.name;
  const bracket = name === undefined ? null : /[(（]([^,，)）]+)/.exec(name);
  return bracket ? bracket[1].trim() : null;
}

/**
 * A district for every compound, for counting: namedDistrictOf, else the substation's name itself (else its id).
 *
 * @example
 * districtOf({ substation: "s1" }, new Map([["s1", { name: "110 kV 二七变 (二七, assumed)" }]])); // "二七"
 */
export function districtOf(compound: Pick<Compound, "substation"> & { district?: unknown }, substations: ReadonlyMap<string, Pick<Substation, "name">>): string {
  return namedDistrictOf(compound, substations) ?? substations.get(compound.substation)?.name ?? compound.substation;
}
