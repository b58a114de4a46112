/**
 * Resident alerts over HTTP (#18 item 3), between the routes and the store: reads the scenario, the log and the
 * latest plan, asks the pure derivation (shared/resident-alerts) for the alerts up to the incident's present (a
 * replay's scenario clock, else the server's clock), and writes them as CAP 1.2 or Atom.
 *
 * `GET …/alerts.cap` without `compound` is a 400 naming the field: a CAP document is one alert, so "every compound's
 * latest alert" would be many documents; the Atom feed (`…/alerts.atom`) is the list of them all.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { atomFeed } from "../../shared/resident-alerts/atom-feed.ts";
import { capTime } from "../../shared/resident-alerts/cap-time.ts";
import { capXml } from "../../shared/resident-alerts/cap-xml.ts";
import type { EtrRange } from "../../shared/resident-alerts/etr-range.ts";
import { residentAlerts, type ResidentAlert } from "../../shared/resident-alerts/resident-alerts.ts";
import { compoundsOf } from "../../shared/restoration/timeline.ts";
import type { Compound } from "../../shared/scenario.ts";
import type { CompoundState } from "../../shared/state.ts";
import type { Caller } from "../incidents/authorize.ts";
import { requireIncident } from "../incidents/authorize.ts";
import type { IncidentService } from "../incidents/incident-service.ts";
import { loadIncident } from "../incidents/load-incident.ts";
import type { Store } from "../store/store.ts";

export interface ResidentAlertServiceDeps {
  store: Store;
  incidents: Pick<IncidentService, "getIncident" | "nowOf" | "stateOf">;
  /** CAP sender; default "lianxin@localhost" */
  sender?: string;
}

/** One incident's alerts and what they are written from. */
export interface IncidentAlerts {
  incident: string;
  name: string;
  alerts: ResidentAlert[];
  compounds: Map<string, Compound>;
  status: "Actual" | "Exercise";
  atMs: number;
  zone: string;
}

export type ResidentAlertService = ReturnType<typeof createResidentAlertService>;

export const capPath = (a: ResidentAlert) => `/api/incidents/${encodeURIComponent(a.incident)}/alerts.cap?compound=${encodeURIComponent(a.compound)}&identifier=${encodeURIComponent(a.identifier)}`;

/**
 * @example
 * const alerts = createResidentAlertService({ store, incidents });
 * res.type("application/cap+xml").send(await alerts.cap(caller, id, { compound: "jincheng" }));
 */
export function createResidentAlertService(deps: ResidentAlertServiceDeps) {
  const sender = deps.sender ?? "lianxin@localhost";

  /**
   * every alert of the incident up to its present; no caller (the webhook pusher reads this too). `withoutSeq`: as if
   * that report were not in the log (the pusher's baseline)
   */
  async function alertsOf(id: string, options: { withoutSeq?: number } = {}): Promise<IncidentAlerts> {
    const detail = await loadIncident(deps.store, id);
    const [all, stored, replay, atMs] = await Promise.all([deps.store.listEvents(id), deps.store.latestPlan(id), deps.store.getReplayClock(id), deps.incidents.nowOf(id)]);
    const log = options.withoutSeq === undefined ? all : all.filter((e) => e.seq !== options.withoutSeq);
    // #18 ETR ranges: when the state carries one per compound (CompoundState.etr, another module's), alerts quote it
    const state = await deps.incidents.stateOf(id, atMs);
    const etrs = new Map(state.compounds.flatMap((c) => {
      const etr = (c as CompoundState & { etr?: EtrRange }).etr;
      return etr ? [[c.id, etr] as const] : [];
    }));
    const alerts = residentAlerts(detail.scenario, log, { incident: id, sender, atMs, plan: stored?.plan ?? null, etrOf: (c) => etrs.get(c) });
    return {
      incident: id, name: detail.name, alerts, atMs, zone: detail.scenario.timezone,
      compounds: new Map(compoundsOf(detail.scenario, log).map((c) => [c.id, c])),
      // a replay is a training run: its alerts say so (CAP status Exercise), never Actual
      status: replay ? "Exercise" : "Actual",
    };
  }

  function capOf(all: IncidentAlerts, alert: ResidentAlert): string {
    return capXml(alert, all.compounds.get(alert.compound)!, { sender, status: all.status });
  }

  return {
    sender,
    alertsOf,
    capOf,

    /** GET /api/incidents/:id/alerts.cap?compound=…[&identifier=…]: the compound's latest alert, or the one named */
    async cap(caller: Caller, id: string, query: { compound?: unknown; identifier?: unknown }): Promise<string> {
      requireIncident(caller, id);
      await deps.incidents.getIncident(caller, id);
      if (typeof query.compound !== "string" || query.compound === "") {
        const message = "required: the compound whose alert to give (one CAP document is one alert; every alert: alerts.atom)";
        throw new LianxinError(ErrorCode.invalidInput, "compound is required", [{ path: "compound", message }]);
      }
      if (query.identifier !== undefined && typeof query.identifier !== "string") {
        throw new LianxinError(ErrorCode.invalidInput, "invalid identifier", [{ path: "identifier", message: "must be one alert identifier" }]);
      }
      const all = await alertsOf(id);
      if (!all.compounds.has(query.compound)) {
        throw new LianxinError(ErrorCode.notFound, `no compound ${query.compound} in incident ${id}`, [{ path: "compound", message: "unknown compound" }]);
      }
      const mine = all.alerts.filter((a) => a.compound === query.compound);
      const alert = query.identifier === undefined ? mine.at(-1) : mine.find((a) => a.identifier === query.identifier);
      if (!alert) {
        const [path, message] = query.identifier === undefined ? ["compound", "no alert yet: its outage has not started"] : ["identifier", "no such alert of this compound"];
        throw new LianxinError(ErrorCode.notFound, `no alert for compound ${query.compound} yet`, [{ path, message }]);
      }
      return capOf(all, alert);
    },

    /** GET /api/incidents/:id/alerts.atom */
    async atom(caller: Caller, id: string): Promise<string> {
      requireIncident(caller, id);
      await deps.incidents.getIncident(caller, id);
      const all = await alertsOf(id);
      return atomFeed(all.alerts, {
        incident: id, incidentName: all.name, selfPath: `/api/incidents/${encodeURIComponent(id)}/alerts.atom`, capPath, updated: capTime(all.atMs, all.zone),
      });
    },
  };
}
