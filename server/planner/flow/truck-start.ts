/**
 * Where and when a truck is first free to take a new compound: after its last fixed connection's release, at that
 * compound; otherwise at its own start site when it becomes available. Shared by the flow, the bound and the
 * exhaustive search so the three agree on the model.
 */
import type { Instance } from "../instance.ts";

export interface TruckStart {
  /** site index (a compound for a truck kept at its last fixed connection, else C + k) */
  site: number;
  /** hours since epoch */
  time: number;
}

/**
 * A truck connected at a compound stays until the compound's grid returns (never before its own switch-on).
 *
 * @example
 * truckStart(instance, 0); // { site: instance.compounds.length, time: instance.trucks[0].availableAt }
 */
export function truckStart(instance: Instance, k: number): TruckStart {
  const truck = instance.trucks[k];
  const C = instance.compounds.length;
  const last = truck.fixed[truck.fixed.length - 1];
  if (!last) return { site: C + k, time: Math.max(truck.availableAt, instance.at) };
  const release = Math.max(instance.compounds[last.compound].gridReturn, last.switchOn);
  return { site: last.compound, time: Math.max(release, truck.availableAt, instance.at) };
}

/** Share of compound j's households truck k can carry: capacity / load, capped at all of them. */
export function supplyShare(instance: Instance, k: number, j: number): number {
  return Math.min(1, instance.trucks[k].capacityKw / instance.compounds[j].loadKw);
}

/** Customer-hours lost with no trucks at all: Σ weight × (gridReturn − outageStart)⁺. */
export function noTrucksOutage(instance: Instance): number {
  let total = 0;
  for (const c of instance.compounds) total += c.weight * Math.max(0, c.gridReturn - c.outageStart);
  return total;
}
