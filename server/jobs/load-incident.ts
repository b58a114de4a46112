/**
 * An incident's stored detail, read once per process and store (job handlers, replays, the incident service): a scenario never changes once stored, and
 * Zhengzhou's is megabytes. The most recently used MAX_CACHED incidents stay: a server keeps a few incidents busy
 * at a time, and one that stores hundreds (an HQ library of replays, a fuzz) must not keep every scenario in memory.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { IncidentDetail } from "../../shared/wire.ts";
import type { Store } from "../store/store.ts";

/** Zhengzhou at true scale is ~1.6 MB of JSON, some 15 MB as objects: 16 of them stay well inside the 600 MB target */
export const MAX_CACHED = 16;

const cache = new WeakMap<Store, Map<string, IncidentDetail>>();

/**
 * @example
 * const { scenario, timezone } = await loadIncident(ctx.store, payload.incident);
 * @param field names the id in a not_found error: "incident" in a job payload, "id" in an /api/incidents/:id route
 */
export async function loadIncident(store: Store, id: string, field = "incident"): Promise<IncidentDetail> {
  let byId = cache.get(store);
  if (!byId) cache.set(store, (byId = new Map()));
  const cached = byId.get(id);
  if (cached) {
    // a Map iterates in insertion order: re-inserting makes it the most recently used
    byId.delete(id);
    byId.set(id, cached);
    return cached;
  }
  const detail = await store.getIncident(id);
  if (!detail) throw new LianxinError(ErrorCode.notFound, `no incident ${id}`, [{ path: field, message: "unknown incident" }]);
  byId.set(id, detail);
  if (byId.size > MAX_CACHED) byId.delete(byId.keys().next().value!);
  return detail;
}
