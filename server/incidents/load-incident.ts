/**
 * An incident's stored detail, read once per process and store (job handlers, replays, the incident service): a scenario never changes once stored, and
 * Zhengzhou's is megabytes. The most recently used MAX_CACHED incidents stay: a server keeps a few incidents busy
 * at a time, and one that stores hundreds (an HQ library of replays, a fuzz) must not keep every scenario in memory.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { IncidentDetail } from "../../shared/wire.ts";
import type { Store } from "../store/store.ts";

/**
 * At most 16 incidents and 32 MB of scenario JSON (Zhengzhou at true scale is 1.6 MB of JSON, some 15 MB as
 * objects): a fuzz that stored a hundred scenarios with megabyte fields kept 180 MB of them with a count alone.
 */
export const MAX_CACHED = 16;
export const MAX_CACHED_JSON_BYTES = 32 * 1024 * 1024;

interface Cached {
  detail: IncidentDetail;
  bytes: number;
}

const cache = new WeakMap<Store, Map<string, Cached>>();

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
    return cached.detail;
  }
  const detail = await store.getIncident(id);
  if (!detail) throw new LianxinError(ErrorCode.notFound, `no incident ${id}`, [{ path: field, message: "unknown incident" }]);
  // (its size as text: a miss has just read and parsed as much, so measuring it costs the same order again)
  byId.set(id, { detail, bytes: JSON.stringify(detail.scenario).length });
  let bytes = 0;
  for (const c of byId.values()) bytes += c.bytes;
  for (const [oldest, c] of byId) {
    if (byId.size <= 1 || (byId.size <= MAX_CACHED && bytes <= MAX_CACHED_JSON_BYTES)) break;
    byId.delete(oldest);
    bytes -= c.bytes;
  }
  return detail;
}
