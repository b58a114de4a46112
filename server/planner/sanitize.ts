/**
 * Cleaning a warm start: the routes of a stale plan may name compounds that are gone, fixed or repeated. Shared by
 * the search (solve-instance.ts) and the re-plan repair (replan.ts).
 */
import type { Instance, Routes } from "./instance.ts";

/** Keeps only stops that exist and are not repeated, so a warm start from a stale plan is safe. */
export function sanitize(inst: Instance, routes: Routes): Routes {
  const C = inst.compounds.length;
  return inst.trucks.map((t, k) => {
    const fixed = new Set(t.fixed.map((f) => f.compound));
    const seen = new Set<number>();
    return (routes[k] ?? []).filter((j) => j >= 0 && j < C && !fixed.has(j) && !seen.has(j) && (seen.add(j), true));
  });
}
