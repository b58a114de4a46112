/**
 * Hand-built numeric instances for tests: compounds and trucks with a fixed travel matrix (no roads), so that
 * every figure in a test can be worked out by hand.
 */
import type { Instance, InstanceCompound, InstanceTruck } from "./instance.ts";

export interface HandCompound { weight: number; loadKw?: number; outageStart?: number; gridReturn: number; setupHours?: number }
export interface HandTruck { capacityKw?: number; availableAt?: number; fixed?: InstanceTruck["fixed"] }

/**
 * @example
 * handInstance([{ weight: 100, gridReturn: 10 }], [{}], [[0, 1], [1, 0]]); // travel 1 h between the two sites
 */
export function handInstance(compounds: HandCompound[], trucks: HandTruck[], travel: number[][], at = 0): Instance {
  const cs: InstanceCompound[] = compounds.map((c, index) => ({
    id: `C${index}`, index, weight: c.weight, households: c.weight, priority: 1, loadKw: c.loadKw ?? 100,
    outageStart: c.outageStart ?? 0, gridReturn: c.gridReturn, setupHours: c.setupHours ?? 1,
  }));
  const ts: InstanceTruck[] = trucks.map((t, index) => ({
    id: `T${index}`, index, capacityKw: t.capacityKw ?? 100, availableAt: Math.max(t.availableAt ?? 0, at), fixed: t.fixed ?? [],
  }));
  return {
    scenarioId: "hand", epochMs: 0, horizon: 100, at, compounds: cs, trucks: ts,
    travel: (a, b) => travel[a][b], timeInvariant: true,
  };
}
