/**
 * An incident's stored detail, read once per process and store (job handlers, replays, the incident service): a scenario never changes once stored, and
 * Zhengzhou's is megabytes.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { IncidentDetail } from "../../shared/wire.ts";
import type { Store } from "../store/store.ts";

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
  if (cached) return cached;
  const detail = await store.getIncident(id);
  if (!detail) throw new LianxinError(ErrorCode.notFound, `no incident ${id}`, [{ path: field, message: "unknown incident" }]);
  byId.set(id, detail);
  return detail;
}
