/**
 * Raises board alerts (#16, shared/board-alerts.ts) as socket `alert`: each alert once, when it begins to hold,
 * not again on every event. An incident is evaluated again when something of it is stored (a report, a plan, a
 * replay clock change, its thresholds) and on a clock tick while it is watched, since time alone makes a site dark
 * too long or a truck silent; a live incident reads the server's clock, a replay its scenario clock.
 *
 * What was raised is kept in memory per process: a restarted server raises what holds once more, and with several
 * servers each raises what it evaluates (the board merges alerts by id). Bursts are coalesced: one evaluation runs
 * at a time per incident, at most one per `minIntervalMs`, the last request always honoured.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { DEFAULT_ALERT_THRESHOLDS, evaluateAlerts, type AlertThresholds, type BoardAlert } from "../../shared/board-alerts.ts";
import type { Notifier } from "../notifiers/notifier.ts";
import type { Store } from "../store/store.ts";
import type { IncidentService } from "./incident-service.ts";
import { loadIncident } from "./load-incident.ts";

export interface AlertServiceDeps {
  store: Store;
  incidents: Pick<IncidentService, "stateOf" | "nowOf">;
  raise(incident: string, alert: BoardAlert): void;
  /** wall ms between ticks; default 2000 */
  tickMs?: number;
  /** least wall ms between two evaluations of one incident (each reads the log and derives the state); default 1000 */
  minIntervalMs?: number;
  logError?: (error: unknown) => void;
}

export type AlertService = ReturnType<typeof createAlertService>;

/**
 * @example
 * const alerts = createAlertService({ store, incidents, raise: (id, a) => notifier.alertRaised?.(id, a) });
 * alerts.touch(event.incident); // after the store acknowledged the event
 */
export function createAlertService(deps: AlertServiceDeps) {
  const minInterval = deps.minIntervalMs ?? 1000;
  /** incident → ids of the alerts that held at its last evaluation */
  const holding = new Map<string, Set<string>>();
  const runs = new Map<string, { running: boolean; again: boolean; lastMs: number; timer: ReturnType<typeof setTimeout> | null }>();

  async function thresholdsOf(incident: string): Promise<AlertThresholds> {
    const stored = await deps.store.getAlertThresholds(incident);
    return stored ? { prioritySiteDarkHours: stored.prioritySiteDarkHours, truckSilentHours: stored.truckSilentHours, stepLateMinutes: stored.stepLateMinutes } : DEFAULT_ALERT_THRESHOLDS;
  }

  /** evaluations of one incident run one after another, so two never both raise what neither had seen */
  const chains = new Map<string, Promise<unknown>>();
  /** evaluates now (after one already running); returns the alerts it raised */
  function evaluate(incident: string): Promise<BoardAlert[]> {
    const next = (chains.get(incident) ?? Promise.resolve()).catch(() => {}).then(() => evaluateNow(incident));
    chains.set(incident, next);
    void next.finally(() => { if (chains.get(incident) === next) chains.delete(incident); }).catch(() => {});
    return next;
  }

  async function evaluateNow(incident: string): Promise<BoardAlert[]> {
    const nowMs = await deps.incidents.nowOf(incident);
    const [state, events, plan, thresholds] = await Promise.all([
      deps.incidents.stateOf(incident, nowMs), deps.store.listEvents(incident), deps.store.latestPlan(incident), thresholdsOf(incident)]);
    const detail = await loadIncident(deps.store, incident);
    const zone = detail.timezone;
    const alerts = evaluateAlerts({ state, plan: plan?.plan ?? null, events, thresholds, nowMs, zone, scenario: detail.scenario });
    const before = holding.get(incident) ?? new Set<string>();
    holding.set(incident, new Set(alerts.map((a) => a.id)));
    const fresh = alerts.filter((a) => !before.has(a.id));
    for (const alert of fresh) deps.raise(incident, alert);
    return fresh;
  }

  function touch(incident: string): void {
    let run = runs.get(incident);
    if (!run) runs.set(incident, (run = { running: false, again: false, lastMs: -Infinity, timer: null }));
    if (run.running || run.timer) return void (run.again = run.running || run.again);
    const wait = Math.max(0, run.lastMs + minInterval - Date.now());
    const r = run;
    r.timer = setTimeout(() => {
      r.timer = null;
      r.running = true;
      r.lastMs = Date.now();
      void evaluate(incident).catch((error: unknown) => {
        // an incident that is gone is watched no more
        if (!(error instanceof LianxinError && error.code === ErrorCode.notFound)) return deps.logError?.(error);
        r.again = false;
        runs.delete(incident);
        holding.delete(incident);
      }).finally(() => {
        r.running = false;
        if (r.again) {
          r.again = false;
          touch(incident);
        }
      });
    }, wait);
    r.timer.unref();
  }

  const ticker = setInterval(() => {
    for (const incident of runs.keys()) touch(incident);
  }, deps.tickMs ?? 2000);
  ticker.unref();

  return {
    touch,
    evaluate,
    /** a notifier that passes everything to `target` and has the incidents it hears of evaluated */
    watching(target: Notifier): Notifier {
      return {
        ...target,
        eventStored(event) { target.eventStored(event); touch(event.incident); },
        planStored(plan) { target.planStored(plan); touch(plan.incident); },
        clockChanged(clock) { target.clockChanged(clock); touch(clock.incident); },
        jobUpdated: (job) => target.jobUpdated(job),
        tokenRevoked: (id) => target.tokenRevoked?.(id),
        alertRaised: (incident, alert) => target.alertRaised?.(incident, alert),
        eventAcked: (ack) => target.eventAcked?.(ack),
      };
    },
    stop(): void {
      clearInterval(ticker);
      for (const run of runs.values()) if (run.timer) clearTimeout(run.timer);
      runs.clear();
    },
  };
}
