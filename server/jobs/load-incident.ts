/**
 * An incident's stored detail for job handlers, read once per process: a scenario never changes once stored, and
 * Zhengzhou's is megabytes.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { IncidentDetail } from "../../shared/wire.ts";
import type { Store } from "../store/store.ts";

const cache = new WeakMap<Store, Map<string, IncidentDetail>>();

/**
 * @example
 * const { scenario, timezone } = await loadIncident(ctx.store, payload.incident);
 */
export async function loadIncident(store: Store, id: string): Promise<IncidentDetail> {
  let byId = cache.get(store);
  if (!byId) cache.set(store, (byId = new Map()));
  const cached = byId.get(id);
  if (cached) return cached;
  const detail = await store.getIncident(id);
  if (!detail) throw new LianxinError(ErrorCode.notFound, `no incident ${id}`, [{ path: "incident", message: "unknown incident" }]);
  byId.set(id, detail);
  return detail;
}
