/**
 * Raises board alerts (#16, shared/board-alerts.ts) as socket `alert`: each alert once, when it begins to hold,
 * not again on every event. An incident is evaluated again when something of it is stored (a report, a plan, a
 * replay clock change, its thresholds) and on a clock tick while it is watched, since time alone makes a site dark
 * too long or a truck silent; a live incident reads the server's clock, a replay its scenario clock.
 *
 * What was raised is kept in memory per process: a restarted server raises what holds once more, and with several
 * servers each raises what it evaluates (the board merges alerts by id). Bursts are coalesced: one evaluation runs
 * at a time per incident, at most one per `minIntervalMs`, the last request always honoured.
 *
 * An evaluation reads only what was stored since the last one (the log's tail after the seq it last sent) and
 * hands it to `derive` (alert-derivation.ts), which keeps a copy of each log and extends it; the server's deriver
 * runs in a worker thread of its own, so deriving a storm's state never blocks the reports. A replay's jump back
 * (a new rewind hides stored events) or a deriver that lost its copy starts the copy again from the whole log.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds, type BoardAlert } from "../../shared/board-alerts.ts";
import type { Notifier } from "../notifiers/notifier.ts";
import type { Store } from "../store/store.ts";
import type { IncidentService } from "./incident-service.ts";
import { loadIncident } from "./load-incident.ts";
import { createAlertDeriver, type AlertTask, type DeriveAlerts } from "./alert-derivation.ts";

export interface AlertServiceDeps {
  store: Store;
  incidents: Pick<IncidentService, "nowOf">;
  raise(incident: string, alert: BoardAlert): void;
  /** wall ms between ticks; default 2000 */
  tickMs?: number;
  /** least wall ms between two evaluations of one incident (each reads the log and derives the state); default 1000 */
  minIntervalMs?: number;
  logError?: (error: unknown) => void;
  /** derives the alerts from the log's new events (alert-derivation.ts); default on the calling thread */
  derive?: DeriveAlerts;
}

export type AlertService = ReturnType<typeof createAlertService>;

/** an incident's next evaluation waits at least this many times its last one's wall time */
const COST_FACTOR = 5;

/**
 * @example
 * const alerts = createAlertService({ store, incidents, raise: (id, a) => notifier.alertRaised?.(id, a) });
 * alerts.touch(event.incident); // after the store acknowledged the event
 */
export function createAlertService(deps: AlertServiceDeps) {
  const minInterval = deps.minIntervalMs ?? 1000;
  let watchers: ((incident: string) => number) | null = null;
  /** incident → ids of the alerts that held at its last evaluation */
  const holding = new Map<string, Set<string>>();
  const runs = new Map<string, { running: boolean; again: boolean; lastMs: number; costMs: number; timer: ReturnType<typeof setTimeout> | null }>();
  const derive = deps.derive ?? createAlertDeriver();
  /** incident → what the deriver's copy of its log holds: up to which seq, under how many rewinds, with which plan */
  const sent = new Map<string, { seq: number; rewinds: number; planId: string | null }>();

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
    const [detail, plan, thresholds, clock] = await Promise.all([
      loadIncident(deps.store, incident), deps.store.latestPlan(incident), thresholdsOf(incident), deps.store.getReplayClock(incident)]);
    const rewinds = clock?.rewinds?.length ?? 0;
    const planId = plan?.id ?? null;
    const derivation = async (fresh: boolean) => {
      const known = fresh ? undefined : sent.get(incident);
      // a jump back hides stored events: the copy starts again from the log as it now stands
      const extending = known !== undefined && known.rewinds === rewinds;
      const afterSeq = extending ? known.seq : 0;
      const events = await deps.store.listEvents(incident, afterSeq);
      const task: AlertTask = {
        incident, afterSeq: extending ? afterSeq : null, events, thresholds, nowMs, zone: detail.timezone,
        ...(extending ? {} : { scenario: detail.scenario }),
        ...(extending && known.planId === planId ? {} : { plan: { plan: plan?.plan ?? null } }),
      };
      sent.delete(incident);
      const outcome = await derive(task);
      sent.set(incident, { seq: Math.max(afterSeq, events.at(-1)?.seq ?? 0), rewinds, planId });
      return outcome;
    };
    let outcome = await derivation(false);
    // the deriver lost its copy (its worker was restarted): once more with the whole log
    if (outcome.resend) outcome = await derivation(true);
    if (outcome.resend) throw new Error(`the alert deriver refused the whole log of incident ${incident}`);
    const alerts = outcome.alerts;
    const before = holding.get(incident) ?? new Set<string>();
    holding.set(incident, new Set(alerts.map((a) => a.id)));
    const fresh = alerts.filter((a) => !before.has(a.id));
    for (const alert of fresh) deps.raise(incident, alert);
    return fresh;
  }

  function touch(incident: string): void {
    let run = runs.get(incident);
    if (!run) runs.set(incident, (run = { running: false, again: false, lastMs: -Infinity, costMs: 0, timer: null }));
    if (run.running || run.timer) return void (run.again = run.running || run.again);
    // an evaluation derives the state of the whole log: at 13,000 events it costs ~0.1-0.3 s (in the server, of its
    // worker thread's time), so the next waits at least five times as long as the last took (alerts then use under a
    // fifth of a core, whatever the storm)
    const wait = Math.max(0, run.lastMs + Math.max(minInterval, COST_FACTOR * run.costMs) - Date.now());
    const r = run;
    r.timer = setTimeout(() => {
      r.timer = null;
      // no board here watches it: nothing to raise to, and an evaluation costs a storm CPU for as long as it derives
      // the state; the tick looks again, and a board that joins gets what holds then
      if (watchers !== null && watchers(incident) === 0) return;
      r.running = true;
      r.lastMs = Date.now();
      void evaluate(incident).catch((error: unknown) => {
        // an incident that is gone is watched no more
        if (!(error instanceof LianxinError && error.code === ErrorCode.notFound)) return deps.logError?.(error);
        r.again = false;
        runs.delete(incident);
        holding.delete(incident);
        sent.delete(incident);
      }).finally(() => {
        r.running = false;
        r.costMs = Date.now() - r.lastMs;
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
    /**
     * Counts the boards watching an incident on this server (the realtime layer's rooms, set once they exist): an
     * incident no board watches is not evaluated. Unset, every incident touched is.
     */
    countWatchersWith(count: (incident: string) => number): void {
      watchers = count;
    },
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
