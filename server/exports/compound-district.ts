/**
 * The district a compound lies in, for the situation report's counts by district. The scenario document has no
 * district field yet: a compound may carry one (an optional `district`, as a reported compound could), else the
 * district its substation's name gives in brackets ("110 kV 文化路变 (金水, assumed)" → "金水"), else the
 * substation's name itself. Said so on the report.
 */
import type { Compound, Substation } from "../../shared/scenario.ts";

/**
 * @example
 * districtOf({ substation: "s1" }, new Map([["s1", { name: "110 kV 二七变 (二七, assumed)" }]])); // "二七"
 */
export function districtOf(compound: Pick<Compound, "substation">, substations: ReadonlyMap<string, Pick<Substation, "name">>): string {
  const own = (compound as { district?: unknown }).district;
  if (typeof own === "string" && own.trim() !== "") return own.trim();
  const name = substations.get(compound.substation)?.name;
  if (name === undefined) return compound.substation;
  const bracket = /[(（]([^,，)）]+)/.exec(name);
  return bracket ? bracket[1].trim() : name;
}
